import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ListeFiltree } from '../../src/shared/api/schemas.js';
import { PORTAIL } from '../../src/shared/workflow/index.js';
import { pdfDemo } from '../../src/server/demo/index.js';
import type { VueUsager } from '../../src/server/usager/vue.js';
import {
  appeler,
  arreterBanc,
  attendre,
  comptes,
  connecter,
  demarrerBanc,
  fichiersEml,
  type Banc,
} from './aides.js';
import { changer, detail } from './aides-portail.js';

const RACINE = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(RACINE, 'node_modules/tsx/dist/cli.mjs');
const CLI = path.join(RACINE, 'src/server/cli.ts');

let b: Banc;
let token: string;
beforeAll(async () => {
  b = await demarrerBanc(20);
  const c = comptes(b);
  token = await connecter(b.api, c.agent.identifiant, c.agent.motDePasse);
});
afterAll(() => arreterBanc(b));

/** The CLI in a child process, asynchronously: the server of this process keeps answering. */
function guichet(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [TSX, CLI, ...args], { cwd: RACINE, timeout: 120_000 }, (e, stdout, stderr) =>
      resolve({ code: e ? (typeof e.code === 'number' ? e.code : 1) : 0, stdout, stderr }),
    );
  });
}
const usager = (action: string, numero: string, ...args: string[]) =>
  guichet('usager', action, '--db', b.db, '--courriels', b.courriels, numero, ...args);

describe('CLI : submit --portail et usager …, pendant que le guichet tourne sur la même base', () => {
  it('dépose, montre, répond avec pièce, fournit, lit, prend et annule un rendez-vous ; erreurs en français', async () => {
    const { service } = comptes(b);
    const depot = await guichet(
      'submit',
      '--db',
      b.db,
      '--courriels',
      b.courriels,
      '--service',
      service.codeInsee,
      '--demarche',
      'fiche-enfant',
    );
    expect(depot.code, depot.stderr).toBe(0);
    const numero = /Déposé : (A-5-[A-Z0-9]+) \(fiche-enfant\)/.exec(depot.stdout)![1]!;
    const initial = await detail(b, token, numero);
    expect(initial.etat).toBe(PORTAIL.enAttente);
    expect(initial.portail!.justificatifs.length).toBeGreaterThanOrEqual(2);

    const texte = await usager('voir', numero);
    expect(texte.code).toBe(0);
    expect(texte.stdout).toContain(`Demande ${numero} — Fiche enfant`);
    expect(texte.stdout).toContain('État : En attente (201)');
    expect(texte.stdout).toMatch(/Attestation CAF de /);
    const vue = JSON.parse((await usager('voir', numero, '--json')).stdout) as VueUsager;
    expect(vue).toMatchObject({ numero, etat: { code: 201, libelle: 'En attente' } });

    const piece = path.join(b.dir, 'releve.pdf');
    fs.writeFileSync(piece, pdfDemo('Relevé', ['Pièce de l’usager.']));
    const rep = await usager(
      'repondre',
      numero,
      '--sujet',
      'Ma question',
      '--texte',
      'Bonjour, voici un relevé.',
      '--piece',
      piece,
    );
    expect(rep.code, rep.stderr).toBe(0);
    const d1 = await detail(b, token, numero);
    expect(d1.revision).toBe(initial.revision + 1);
    expect(d1.portail!.messages.at(-1)).toMatchObject({ sens: 'usager', sujet: 'Ma question' });
    expect(d1.portail!.messages.at(-1)!.pieces[0]).toMatchObject({
      nom: 'releve.pdf',
      type: 'application/pdf',
    });
    // Every active agent of the service gets a mail.
    await attendre(
      () =>
        fichiersEml(b.courriels).filter((f) => f.nom.includes(`echange-${numero}`)).length ===
        service.utilisateurs.length,
    );

    // The agent asks for a correction: notified to the citizen (message + mail).
    const j = initial.portail!.justificatifs[0]!;
    expect(
      (await changer(b, token, numero, PORTAIL.incomplet, `Merci de fournir : « ${j.libelle} ».`)).status,
    ).toBe(200);
    await attendre(() => fichiersEml(b.courriels).some((f) => f.nom.includes(`usager-${numero}`)));
    const fourni = await usager('fournir', numero, '--justificatif', j.id, '--fichier', piece);
    expect(fourni.code, fourni.stderr).toBe(0);
    expect(fourni.stdout).toContain('Justificatif fourni');
    const d2 = await detail(b, token, numero);
    expect(d2.etat).toBe(PORTAIL.rectifie);
    expect(d2.portail!.justificatifs[0]).toMatchObject({ statut: 'fourni', fichier: { nom: 'releve.pdf' } });

    const lu = await usager('lire', numero);
    expect(lu.stdout).toMatch(/^1 message\(s\)/);
    expect(
      (await detail(b, token, numero)).portail!.messages.find((m) => m.sens === 'mairie')!.luParUsagerLe,
    ).not.toBeNull();

    const rdv = await usager(
      'rdv',
      numero,
      '--debut',
      '2027-02-03T10:00:00+01:00',
      '--fin',
      '2027-02-03T10:30:00+01:00',
      '--lieu',
      'Accueil',
    );
    expect(rdv.code, rdv.stderr).toBe(0);
    const id = /Rendez-vous pris : (\S+)/.exec(rdv.stdout)![1]!;
    expect((await usager('rdv-annuler', numero, '--id', id, '--motif', 'Empêchement')).code).toBe(0);
    const encore = await usager('rdv-annuler', numero, '--id', id, '--motif', 'Empêchement');
    expect(encore.code).toBe(1);
    expect(encore.stderr).toContain('Ce rendez-vous est déjà annulé.');

    const refus = await usager('rectifier', numero);
    expect(refus.code).toBe(1);
    expect(refus.stderr).toContain("l'usager ne peut pas la passer à « Rectifié »");
    const sansMotif = await usager('annuler', numero);
    expect(sansMotif.code).toBe(2);
    expect(sansMotif.stderr).toContain("L'option --motif est obligatoire.");
    expect((await usager('annuler', numero, '--motif', 'Nous déménageons.')).code).toBe(0);
    expect((await detail(b, token, numero)).etat).toBe(PORTAIL.annule);
  });

  it('refuse clairement une action inconnue, un numéro inconnu, une demande du Guichet de Suivi', async () => {
    const inconnue = await guichet('usager', 'danser', '--db', b.db, 'A-5-AAAAAAAA');
    expect(inconnue.code).toBe(2);
    expect(inconnue.stderr).toContain('usager attend une action');
    const absent = await usager('voir', 'A-5-ZZZZZZZZ');
    expect(absent.code).toBe(1);
    expect(absent.stderr).toContain('La demande A-5-ZZZZZZZZ est introuvable');
    const suivi = (
      await appeler<ListeFiltree>(`${b.api}/teledossiers?parPage=50`, { token })
    ).json.elements.find((d) => d.portail === undefined)!;
    const gds = await usager('repondre', suivi.numero, '--sujet', 'S', '--texte', 'T');
    expect(gds.code).toBe(1);
    expect(gds.stderr).toContain('Guichet de Suivi');
    const demarche = await guichet('submit', '--db', b.db, '--demarche', 'inscription-listes-electorales');
    expect(demarche.code).toBe(2);
    expect(demarche.stderr).toContain("n'est pas une démarche de portail citoyen");
  });
});

describe('OpenAPI', () => {
  it('décrit les six routes du portail', async () => {
    const r = await appeler<{
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> } }>>;
    }>(`${b.api}/openapi.json`);
    const chemins = r.json.paths;
    expect(chemins['/api/v1/teledossiers/{numero}/messages']?.post?.requestBody?.content).toHaveProperty(
      'multipart/form-data',
    );
    expect(chemins['/api/v1/teledossiers/{numero}/messages/{id}/fichiers/{fichier}']).toHaveProperty('get');
    expect(chemins['/api/v1/teledossiers/{numero}/justificatifs/{id}/fichier']).toHaveProperty('get');
    expect(chemins['/api/v1/teledossiers/{numero}/justificatifs/{id}/decision']).toHaveProperty('post');
    expect(chemins['/api/v1/teledossiers/{numero}/rendez-vous']).toHaveProperty('post');
    expect(chemins['/api/v1/teledossiers/{numero}/rendez-vous/{id}/annulation']).toHaveProperty('post');
    const detailSchema = JSON.stringify(chemins['/api/v1/teledossiers/{numero}']);
    expect(detailSchema.length).toBeGreaterThan(0);
  });
});

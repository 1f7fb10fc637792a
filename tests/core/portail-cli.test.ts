import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repondre } from '../../src/server/usager/index.js';
import type { ClientGuichet } from '../../src/main/guichet-client/index.js';
import { PORTAIL } from '../../src/shared/workflow/index.js';
import { PDF } from './aide/attendre.js';
import { cli } from './aide/cli.js';
import { dossierTemporaire, GuichetDeTest, type Compte } from './aide/guichet.js';
import { soumettrePortail, usager } from './aide/portail.js';

const RACINE = path.resolve(import.meta.dirname, '../..');

let guichet: GuichetDeTest;
let agent: Compte;
let collegue: ClientGuichet;
let numeros: string[];
let donnees: string;
let fichiers: string;

beforeAll(async () => {
  guichet = await GuichetDeTest.creer(30, 'portail-cli');
  agent = guichet.comptes().agent;
  collegue = await guichet.client(guichet.comptes().collegue);
  numeros = await soumettrePortail(guichet, agent, 3, 'portail-cli');
  donnees = dossierTemporaire();
  fichiers = dossierTemporaire('fichiers-');
  fs.writeFileSync(path.join(fichiers, 'attestation.pdf'), PDF);
  fs.writeFileSync(path.join(fichiers, 'faux.pdf'), '<html><script>alert(1)</script></html>');
}, 60_000);

afterAll(async () => {
  await guichet?.nettoyer();
});

const instructeur = (args: string[]) =>
  cli([...args, '--guichet', guichet.url, '--identifiant', agent.identifiant, '--donnees', donnees], {
    GUICHET_MOT_DE_PASSE: agent.motDePasse,
  });

/** `npm run guichet -- usager …`: the citizen's side, as the README tells the demo to play it. */
function usagerCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const enfant = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(RACINE, 'src/server/cli.ts'), 'usager', ...args],
    {
      cwd: RACINE,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  enfant.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  enfant.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => enfant.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('instructeur : échanges, justificatifs, correction', () => {
  it('la boucle en ligne de commande, avec le côté usager en ligne de commande aussi', async () => {
    const sync = await instructeur(['sync', '--json']);
    expect(sync.code, sync.stderr).not.toBe(1);
    const numero = numeros[0]!;
    repondre(usager(guichet), numero, { sujet: 'Bonjour', texte: 'Une question sur ma demande.' });
    await instructeur(['sync']);

    const vue = await instructeur(['echanges', numero, '--json']);
    expect(vue.code, vue.stderr).toBe(0);
    const portail = vue.json?.portail as { justificatifs: { id: string; fichier: unknown }[] };
    expect(vue.json?.messagesNonLus).toHaveLength(1);
    const j = portail.justificatifs[0]!;
    const texte = await instructeur(['echanges', numero]);
    expect(texte.stdout).toContain('Une question sur ma demande.');
    expect(texte.stdout).toContain('[non lu]');
    expect(texte.stdout).toContain(j.id);

    const ecrit = await instructeur([
      'ecrire',
      numero,
      '--sujet',
      'Réponse',
      '--texte',
      'Voici le document demandé.',
      '--piece',
      path.join(fichiers, 'attestation.pdf'),
      '--json',
    ]);
    expect(ecrit.code, ecrit.stderr).toBe(0);
    expect(ecrit.json).toMatchObject({ ok: true, statut: 'envoyee' });

    const hostile = await instructeur([
      'ecrire',
      numero,
      '--sujet',
      'Piège',
      '--texte',
      'x',
      '--piece',
      path.join(fichiers, 'faux.pdf'),
    ]);
    expect(hostile.code).toBe(1);
    expect(hostile.stderr).toContain('faux.pdf');

    const sansMotif = await instructeur(['justificatif', numero, j.id, '--invalide']);
    expect(sansMotif.code).toBe(2);
    expect(sansMotif.stderr).toContain('--motif');

    const correction = await instructeur([
      'correction',
      numero,
      '--manque',
      'Il manque une attestation lisible.',
      '--invalide',
      `${j.id}:Illisible`,
      '--json',
    ]);
    expect(correction.code, correction.stderr).toBe(0);
    const apres = await collegue.appel('teledossier', { params: { numero } });
    expect(apres.etat).toBe(PORTAIL.incomplet);
    expect(apres.portail?.justificatifs.find((x) => x.id === j.id)?.statut).toBe('invalide');

    const fourni = await usagerCli([
      'fournir',
      '--db',
      guichet.fichierDb,
      numero,
      '--justificatif',
      j.id,
      '--fichier',
      path.join(fichiers, 'attestation.pdf'),
    ]);
    expect(fourni.code, fourni.stderr).toBe(0);
    await instructeur(['sync']);

    const valide = await instructeur(['justificatif', numero, j.id, '--valide', '--json']);
    expect(valide.code, valide.stderr).toBe(0);
    const fin = await collegue.appel('teledossier', { params: { numero } });
    expect(fin.etat).toBe(PORTAIL.rectifie);
    expect(fin.portail?.justificatifs.find((x) => x.id === j.id)?.statut).toBe('valide');

    const inconnu = await instructeur(['justificatif', numero, 'nexiste-pas', '--valide']);
    expect(inconnu.code).toBe(1);
    expect(inconnu.stderr).toContain('nexiste-pas');

    const aide = await cli(['--aide']);
    for (const c of ['echanges <numéro>', 'ecrire <numéro>', 'justificatif <numéro>', 'correction <numéro>'])
      expect(aide.stdout).toContain(c);
  }, 120_000);
});

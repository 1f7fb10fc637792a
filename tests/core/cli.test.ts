import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientGuichet } from '../../src/main/guichet-client/index.js';
import { ouvrirBase } from '../../src/main/store/index.js';
import { PDF } from './aide/attendre.js';
import { cli } from './aide/cli.js';
import { dossierTemporaire, GuichetDeTest, type Compte } from './aide/guichet.js';

let guichet: GuichetDeTest;
let agent: Compte;
let collegue: ClientGuichet;
let donnees: string;

const base = () => [
  '--guichet',
  guichet.url,
  '--identifiant',
  agent.identifiant,
  '--donnees',
  donnees,
  '--json',
];
const env = () => ({ GUICHET_MOT_DE_PASSE: agent.motDePasse });
const run = (...args: string[]) => cli([...args, ...base()], env());

/** Numéros of the local store in a state (read directly: the CLI has exited). */
function locaux(etat: number, recensement: boolean): string[] {
  const db = ouvrirBase(
    path.join(donnees, 'profils', fs.readdirSync(path.join(donnees, 'profils'))[0]!, 'store.sqlite'),
  );
  try {
    return db
      .prepare(
        `SELECT numero FROM dossiers WHERE etat = ? AND supprime_motif IS NULL AND (demarche_code = 'recensement-citoyen') = ? ORDER BY numero`,
      )
      .pluck()
      .all(etat, recensement ? 1 : 0) as string[];
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  guichet = await GuichetDeTest.creer(300, 'cli');
  const comptes = guichet.comptes();
  agent = comptes.agent;
  collegue = await guichet.client(comptes.collegue);
  donnees = dossierTemporaire();
});

afterAll(async () => {
  await guichet?.nettoyer();
});

describe('CLI instructeur', () => {
  it('sync puis statut, en JSON', async () => {
    const s = await run('sync');
    expect(s.code, s.stderr).toBe(0);
    expect(s.json).toMatchObject({ ok: true, commande: 'sync', mode: 'en-ligne' });
    expect(s.json?.nouveaux as number).toBeGreaterThan(10);
    const st = await run('statut');
    expect(st.code).toBe(0);
    expect(st.json).toMatchObject({ ok: true, dossiers: s.json?.nouveaux, utilisateur: agent.identifiant });
  });

  it('etat en ligne est envoyé ; hors ligne il est mis en file puis rejoué', async () => {
    const [a, b] = locaux(5, false);
    const r = await run('etat', a!, '15', '--commentaire', 'Reçu en CLI');
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ ok: true, statut: 'envoyee' });
    expect((await collegue.appel('teledossier', { params: { numero: a! } })).etat).toBe(15);

    await guichet.arreter();
    const hl = await cli(
      ['etat', b!, '15', '--guichet', guichet.url, '--identifiant', agent.identifiant, '--donnees', donnees],
      env(),
    );
    expect(hl.code, hl.stderr).toBe(0);
    expect(hl.stdout).toMatch(/mise en file d'attente/);
    const file = await run('file-attente');
    expect(file.json?.actions).toHaveLength(1);
    const echec = await run('rejouer');
    expect(echec.code).toBe(1);
    expect(echec.stderr).toMatch(/injoignable/);
    expect(echec.json).toMatchObject({ ok: false, erreur: { code: 'hors_ligne' } });

    await guichet.demarrer();
    const rj = await run('rejouer');
    expect(rj.code, rj.stderr).toBe(0);
    expect(rj.json).toMatchObject({ ok: true, enAttente: 0, conflit: 0, refusee: 0 });
    expect((await collegue.appel('teledossier', { params: { numero: b! } })).etat).toBe(15);
  });

  it('joindre un PDF puis clôturer ; refus clair pour un fichier qui n’est pas un PDF', async () => {
    const [r] = locaux(16, true);
    const pdf = path.join(donnees, 'attestation.pdf');
    fs.writeFileSync(pdf, PDF);
    const faux = path.join(donnees, 'faux.pdf');
    fs.writeFileSync(faux, 'texte');
    const refus = await run('joindre', r!, 'attestation', faux);
    expect(refus.code).toBe(1);
    expect(refus.stderr).toMatch(/n'est pas un PDF valide/);
    const j = await run('joindre', r!, 'attestation', pdf);
    expect(j.code, j.stderr).toBe(0);
    const c = await run('cloturer', r!, '--commentaire', 'Clos');
    expect(c.code, c.stderr).toBe(0);
    expect(c.json).toMatchObject({ ok: true, statut: 'envoyee', dossiers: 1 });
    const d = await collegue.appel('teledossier', { params: { numero: r! } });
    expect(d.etat).toBe(100);
    expect(d.piecesDeposees[0]?.slot).toBe('attestation');
  });

  it('archive des dossiers et vérifie les fichiers', async () => {
    const numeros = locaux(15, false).slice(0, 3);
    const dossier = path.join(donnees, 'zips');
    const r = await run('archive', ...numeros, '--dossier-archives', dossier);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ ok: true, archives: 3, echecs: [] });
    const zips: string[] = [];
    const parcourir = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) parcourir(path.join(d, e.name));
        else if (e.name.endsWith('.zip')) zips.push(e.name);
      }
    };
    parcourir(dossier);
    expect(zips).toHaveLength(3);
    const again = await run('archive', ...numeros, '--dossier-archives', dossier);
    expect(again.json).toMatchObject({ archives: 0, ignores: 3 });
  });

  it('erreurs d’usage : code 2 et message en français', async () => {
    const r = await run('etat', 'pas-un-numero', '15');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Numéro de télédossier invalide/);
    const mdp = await cli(['statut', ...base()], { GUICHET_MOT_DE_PASSE: 'mauvais-mot-de-passe' });
    expect(mdp.code).toBe(1);
    expect(mdp.json).toMatchObject({ ok: false, erreur: { code: 'identifiants_invalides' } });
  });
});

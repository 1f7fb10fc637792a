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
let abimeeLaissee = '';

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

/** Every zip under a folder, by path. */
function zips(dossier: string): string[] {
  const trouves: string[] = [];
  const parcourir = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) parcourir(path.join(d, e.name));
      else if (e.name.endsWith('.zip')) trouves.push(path.join(d, e.name));
    }
  };
  if (fs.existsSync(dossier)) parcourir(dossier);
  return trouves;
}

/** `statut --json`: the three lists, and exit code 3 exactly when one of them calls for action. */
function attendreBilan(st: Awaited<ReturnType<typeof cli>>) {
  const j = st.json as {
    aRisque: string[];
    perdus: string[];
    perdusNonAcquittes: string[];
    nonVerifies: string[];
    joursRisque: number;
    alerte: boolean;
  };
  expect(j, st.stderr).toMatchObject({ ok: true, commande: 'statut' });
  for (const champ of ['aRisque', 'perdus', 'perdusNonAcquittes', 'nonVerifies'] as const)
    expect(Array.isArray(j[champ]), champ).toBe(true);
  expect(j.joursRisque).toBeGreaterThan(0);
  const alerte = j.aRisque.length + j.perdusNonAcquittes.length + j.nonVerifies.length > 0;
  expect(j.alerte).toBe(alerte);
  expect(st.code).toBe(alerte ? 3 : 0);
  return j;
}

/** Numéros of the local store in a state (read directly: the CLI has exited). */
function locaux(etat: number | number[], recensement: boolean): string[] {
  const etats = Array.isArray(etat) ? etat : [etat];
  const db = ouvrirBase(
    path.join(donnees, 'profils', fs.readdirSync(path.join(donnees, 'profils'))[0]!, 'store.sqlite'),
  );
  try {
    return db
      .prepare(
        `SELECT numero FROM dossiers WHERE etat IN (${etats.map(() => '?').join(',')}) AND supprime_motif IS NULL AND (demarche_code = 'recensement-citoyen') = ? ORDER BY numero`,
      )
      .pluck()
      .all(...etats, recensement ? 1 : 0) as string[];
  } finally {
    db.close();
  }
}

/**
 * Dossiers in progress outside the recensement, enough of them whatever the hour of the seed:
 * the seed spreads states by the time of day, so one state alone may hold fewer than five.
 */
const archivables = () => locaux([15, 16, 17], false);

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
    expect(s.json, s.stderr).toMatchObject({ ok: true, commande: 'sync', mode: 'en-ligne', perdus: [] });
    expect(s.json?.nouveaux as number).toBeGreaterThan(10);
    expect(s.code).toBe(s.json?.alerte ? 3 : 0);
    const st = await run('statut');
    expect(st.json).toMatchObject({ ok: true, utilisateur: agent.identifiant });
    // Dossiers known only by a tombstone count too.
    expect(st.json?.dossiers as number).toBeGreaterThanOrEqual(s.json?.nouveaux as number);
    const j = attendreBilan(st);
    // The seed always has dossiers expiring soon: each one is named, and the code says « alerte ».
    expect(j.aRisque.length).toBeGreaterThan(0);
    const texte = await cli(['statut', ...base().filter((x) => x !== '--json')], env());
    expect(texte.code).toBe(3);
    for (const n of j.aRisque) expect(texte.stdout).toContain(n);
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
    const numeros = archivables().slice(0, 3);
    const dossier = path.join(donnees, 'zips');
    const r = await run('archive', ...numeros, '--dossier-archives', dossier);
    expect(r.json, r.stderr).toMatchObject({ ok: true, archives: 3, echecs: [], perdus: [] });
    // The other dossiers are still there to be archived: an alert only if one of them is at risk.
    expect(r.code).toBe((r.json?.alerte as boolean) ? 3 : 0);
    expect(zips(dossier)).toHaveLength(3);
    const again = await run('archive', ...numeros, '--dossier-archives', dossier);
    expect(again.json).toMatchObject({ archives: 0, ignores: 3 });
  });

  it('archive --dossier-archives vers un autre dossier : les anciennes archives restent suivies', async () => {
    const anciens = archivables().slice(0, 3);
    const nouveaux = archivables().slice(3, 5);
    const autre = path.join(donnees, 'zips-2');
    const r = await run('archive', ...anciens, ...nouveaux, '--dossier-archives', autre);
    expect(r.json, r.stderr).toMatchObject({ ok: true, archives: 2, ignores: 3, dossierArchives: autre });
    expect(zips(autre)).toHaveLength(2);
    expect(zips(path.join(donnees, 'zips'))).toHaveLength(3);
    const st = attendreBilan(await run('statut'));
    expect(st.nonVerifies).toEqual([]);
  });

  it('verifier : une archive effacée et une abîmée sont nommées et téléchargées de nouveau', async () => {
    const [effacee, abimee] = zips(path.join(donnees, 'zips'));
    fs.rmSync(effacee!);
    fs.writeFileSync(abimee!, 'pas un zip');
    abimeeLaissee = abimee!;
    const v = await run('verifier');
    expect(v.json, v.stderr).toMatchObject({ ok: true, commande: 'verifier', controlees: 5, annule: false });
    const j = v.json as { manquantes: string[]; endommagees: string[]; retelechargees: string[] };
    expect(j.manquantes).toHaveLength(1);
    expect(j.endommagees).toHaveLength(1);
    expect(j.retelechargees.sort()).toEqual([...j.manquantes, ...j.endommagees].sort());
    expect(v.code).toBe(0);
    const texte = await cli(['verifier', ...base().filter((x) => x !== '--json')], env());
    expect(texte.code, texte.stderr).toBe(0);
    expect(texte.stdout).toMatch(/5\/5 contrôlée\(s\), 5 intacte\(s\)/);
  });

  it('deplacer-archives --vers : toutes les archives au même endroit', async () => {
    const vers = path.join(donnees, 'zips-3');
    const d = await run('deplacer-archives', '--vers', vers);
    expect(d.json, d.stderr).toMatchObject({ ok: true, deplacees: 5, echecs: [], annule: false });
    expect(d.code).toBe(0);
    expect(zips(vers)).toHaveLength(5);
    // Only the damaged file is left behind: its archive was downloaded again into zips-2, then moved.
    expect(zips(path.join(donnees, 'zips'))).toEqual([abimeeLaissee]);
    expect(zips(path.join(donnees, 'zips-2'))).toHaveLength(0);
    const sans = await run('deplacer-archives');
    expect(sans.code).toBe(2);
    expect(sans.stderr).toContain("L'option --vers est obligatoire.");
  });

  it('registre --format csv : fichier UTF-8 avec BOM, en-tête en français, écrit d’un coup', async () => {
    const sortie = path.join(donnees, 'registre', 'registre.csv');
    fs.mkdirSync(path.dirname(sortie), { recursive: true });
    const r = await run('registre', '--format', 'csv', '--sortie', sortie);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ ok: true, fichier: sortie, format: 'csv' });
    const contenu = fs.readFileSync(sortie);
    expect([...contenu.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lignes = contenu.toString('utf8').slice(1).split('\r\n');
    expect(lignes[0]).toBe(
      "numéro;démarche;date de dépôt;date d'archivage;sha256;taille;chemin relatif;état à l'archivage;perte",
    );
    expect(lignes.length - 2).toBe(r.json?.lignes);
    expect(fs.readdirSync(path.dirname(sortie))).toEqual(['registre.csv']);
    const pdf = path.join(donnees, 'registre', 'registre.pdf');
    const p = await run('registre', '--format', 'pdf', '--sortie', pdf);
    expect(p.code, p.stderr).toBe(0);
    expect(fs.readFileSync(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const mauvais = await run('registre', '--format', 'xls', '--sortie', sortie);
    expect(mauvais.code).toBe(2);
    expect(mauvais.stderr).toContain('--format attend « csv » ou « pdf »');
  });

  it('statut --acquitter : dit combien de pertes sont prises en connaissance', async () => {
    const st = await run('statut', '--acquitter');
    const j = attendreBilan(st);
    expect(st.json?.acquittees).toEqual(expect.any(Number));
    expect(j.perdusNonAcquittes).toEqual([]);
  });

  it('option inconnue : refusée en français, code 2, sans rien lancer', async () => {
    const r = await run('statut', '--frobnique');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Erreur : Option inconnue : --frobnique.');
    expect(r.stdout).toBe('');
    const autreCommande = await run('sync', '--vers', '/tmp');
    expect(autreCommande.code).toBe(2);
    expect(autreCommande.stderr).toContain('Option inconnue : --vers.');
    const valeur = await run('statut', '--acquitter=oui');
    expect(valeur.code).toBe(2);
    expect(valeur.stderr).toContain("L'option --acquitter n'attend pas de valeur.");
  });

  it('erreurs d’usage : code 2 et message en français', async () => {
    const r = await run('etat', 'pas-un-numero', '15');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Numéro de télédossier invalide/);
    const mdp = await cli(['statut', ...base()], { GUICHET_MOT_DE_PASSE: 'mauvais-mot-de-passe' });
    expect(mdp.code).toBe(1);
    expect(mdp.json).toMatchObject({ ok: false, erreur: { code: 'identifiants_invalides' } });
  });

  it('cloturer : chaque dossier laissé de côté est nommé avec sa raison, code 1, seuls les envoyés comptent', async () => {
    const [r1, r2] = locaux([15, 16], true);
    const [b1, b2] = locaux([15, 16], false).slice(-2);
    const sansPiece = (n: string) =>
      `Le dossier ${n} ne peut pas être clôturé sans la pièce jointe « Attestation, certificat ou récépissé » : déposez-la d'abord, puis clôturez-le.`;
    const texte = await cli(['cloturer', r1!, b1!, ...base().filter((x) => x !== '--json')], env());
    expect(texte.code, texte.stderr).toBe(1);
    expect(texte.stdout).toBe(
      `Clôture envoyée au guichet pour 1 dossier(s).\n1 dossier(s) laissé(s) de côté :\n  ${r1} : ${sansPiece(r1!)}\n`,
    );
    expect(texte.stderr).toContain(`Erreur : 1 dossier(s) non clôturé(s) : ${r1}.`);
    expect((await collegue.appel('teledossier', { params: { numero: b1! } })).etat).toBe(100);
    expect((await collegue.appel('teledossier', { params: { numero: r1! } })).etat).not.toBe(100);

    const json = await run('cloturer', r2!, b2!);
    expect(json.code, json.stderr).toBe(1);
    expect(json.json).toMatchObject({
      ok: false,
      statut: 'envoyee',
      dossiers: 1,
      envoyes: [b2],
      enAttente: [],
      ecartes: [{ numero: r2, motif: 'piece', message: sansPiece(r2!) }],
      refuses: [],
      erreur: { code: 'cloture_incomplete', message: `1 dossier(s) non clôturé(s) : ${r2}.` },
    });

    const rien = await run('cloturer', b1!);
    expect(rien.code).toBe(1);
    expect(rien.json).toMatchObject({
      ok: false,
      statut: 'aucune',
      dossiers: 0,
      actions: [],
      ecartes: [{ numero: b1, motif: 'etat', message: `Le dossier ${b1} est déjà clos.` }],
    });
  });
});

/**
 * Issue #11, item 2: the données of every local archive reach the search index in the background,
 * without the dossier ever being opened; a store whose archives were never indexed (an earlier
 * version, a crash) catches up at the next login, and an unreadable zip does not stop the others.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lireDonneesArchive } from '../../src/main/archive/index.js';
import { ouvrirApp, TOUT, type AppDeTest } from './aide/app.js';
import { attendre } from './aide/attendre.js';
import { dossierTemporaire, GuichetDeTest } from './aide/guichet.js';

let guichet: GuichetDeTest;
let app: AppDeTest;
const donnees = dossierTemporaire();

function zips(dossier: string): Map<string, string> {
  const r = new Map<string, string>();
  for (const e of fs.readdirSync(dossier, { withFileTypes: true, recursive: true }))
    if (e.isFile() && e.name.endsWith('.zip')) r.set(e.name, path.join(e.parentPath, e.name));
  return r;
}

/** A value typed by the citizen in this zip's donnees.xml, with letters in it. */
async function valeurDe(zip: string): Promise<string> {
  const { donnees: d } = await lireDonneesArchive(zip);
  const v = d?.sections
    .flatMap((s) => s.champs.map((c) => c.valeur))
    .filter((x) => /\p{L}{3}/u.test(x) && !x.includes('@'))
    .sort((a, b) => b.length - a.length)[0];
  if (!v) throw new Error(`Pas de valeur dans ${zip}`);
  return v;
}

/** Found by the search « valeur numéro »: the numéro is in the row, the valeur only in the données. */
async function trouve(numero: string, valeur: string): Promise<boolean> {
  const l = await app.coeur.appeler('dossiers.lister', {
    ...TOUT,
    filtre: { recherche: `${valeur} ${numero}` },
  });
  return l.elements.length === 1 && l.elements[0]?.numero === numero;
}

beforeAll(async () => {
  guichet = await GuichetDeTest.creer(60, 'indexation-donnees');
  app = await ouvrirApp(donnees, guichet.url, guichet.comptes().agent);
  await app.coeur.appeler('parametres.enregistrer', { autoArchive: true });
});

afterAll(async () => {
  await app?.coeur.fermer();
  await guichet?.nettoyer();
});

describe('indexation des données des archives locales', () => {
  it('chaque archive téléchargée est cherchable par ses données, sans ouvrir le dossier', async () => {
    await app.coeur.appeler('synchro.lancer', {});
    await attendre(() => app.evenements.find((e) => e.nom === 'archives.terminee'), 60_000);
    const { dossierArchives } = await app.coeur.appeler('parametres.lire', {});
    const locales = (await app.coeur.appeler('dossiers.lister', { ...TOUT, filtre: { archive: true } }))
      .elements;
    expect(locales.length).toBeGreaterThan(10);
    const fichiers = zips(dossierArchives);
    for (const d of locales) {
      const zip = [...fichiers].find(([nom]) => nom.includes(d.numero))?.[1];
      if (!zip) throw new Error(`Archive de ${d.numero} introuvable sur le disque.`);
      const valeur = await valeurDe(zip);
      await attendre(() => trouve(d.numero, valeur), 20_000);
    }
  });

  it('un poste dont les archives n’ont jamais été indexées rattrape à la connexion ; un zip illisible n’arrête pas les autres', async () => {
    const { dossierArchives } = await app.coeur.appeler('parametres.lire', {});
    const locales = (await app.coeur.appeler('dossiers.lister', { ...TOUT, filtre: { archive: true } }))
      .elements;
    const fichiers = zips(dossierArchives);
    const zipDe = (numero: string) => [...fichiers].find(([nom]) => nom.includes(numero))?.[1] ?? '';
    const [abime, ...autres] = locales.map((d) => d.numero);
    if (!abime || autres.length < 5) throw new Error('Pas assez d’archives locales.');
    const valeurs = new Map(
      await Promise.all(autres.map(async (n) => [n, await valeurDe(zipDe(n))] as const)),
    );

    await app.coeur.appeler('session.deconnecter', {});
    // As an earlier version left it: the index holds no données, nothing says they are missing.
    const fichierStore = path.join(donnees, 'profils', app.profilId, 'store.sqlite');
    const db = new Database(fichierStore);
    db.exec(`DELETE FROM dossiers_fts;
      INSERT INTO dossiers_fts (rowid, numero, demarche, courriel)
        SELECT id, numero, demarche_intitule || ' ' || demarche_code, courriel FROM dossiers;
      UPDATE dossiers SET donnees_indexees = 0;`);
    db.close();
    fs.writeFileSync(zipDe(abime), 'pas un zip');
    for (const [n, v] of valeurs) expect(trouvePendantDeconnexion(n, v)).toBe(false);

    await app.coeur.appeler('session.connecter', {
      profilId: app.profilId,
      motDePasse: guichet.comptes().agent.motDePasse,
      memoriser: false,
    });
    for (const [n, v] of valeurs) await attendre(() => trouve(n, v), 20_000);
    // The damaged zip was tried once and set aside: never retried in a loop.
    const verif = new Database(fichierStore, { readonly: true });
    const etat = verif.prepare('SELECT donnees_indexees AS i FROM dossiers WHERE numero = ?').get(abime) as {
      i: number;
    };
    verif.close();
    expect(etat.i).toBe(-1);
  });
});

/** Reads the store file directly while no session is open. */
function trouvePendantDeconnexion(numero: string, valeur: string): boolean {
  const db = new Database(path.join(donnees, 'profils', app.profilId, 'store.sqlite'), { readonly: true });
  try {
    const q = `${valeur} ${numero}`
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean)
      .map((m) => `"${m}"*`)
      .join(' ');
    return db.prepare('SELECT 1 FROM dossiers_fts WHERE dossiers_fts MATCH ?').get(q) !== undefined;
  } finally {
    db.close();
  }
}

import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgerFichier } from '../../src/server/index.js';
import type { ClientGuichet } from '../../src/main/guichet-client/index.js';
import { listerDossiers, lireMeta, META, ouvrirBase } from '../../src/main/store/index.js';
import { synchroniser, synchroniserReferentiel, SynchroAnnulee } from '../../src/main/sync/index.js';
import { ouvrirApp, TOUT, type AppDeTest } from './aide/app.js';
import { clientEnveloppe, dossierTemporaire, GuichetDeTest } from './aide/guichet.js';

/** What the guichet holds for the service, by walking its incremental listing with a plain client. */
/** Every numéro the guichet told of: listed, or deleted (a tombstone is kept locally too). */
async function numerosDuGuichet(c: ClientGuichet, ouvertsSeulement = false): Promise<Set<string>> {
  const vus = new Set<string>();
  let depuis = '';
  for (;;) {
    const p = await c.appel('listerTeledossiers', { query: { depuis, limite: 1000 } });
    if (!('curseur' in p)) throw new Error('liste incrémentale attendue');
    for (const e of p.elements) vus.add(e.numero);
    for (const s of p.supprimes) {
      if (ouvertsSeulement) vus.delete(s.numero);
      else vus.add(s.numero);
    }
    if (!p.encore) return vus;
    depuis = p.curseur;
  }
}

let guichet: GuichetDeTest;
let app: AppDeTest;
let collegue: ClientGuichet;

async function changerEtatSurLeGuichet(numero: string, etat: number, commentaire?: string) {
  const d = await collegue.appel('teledossier', { params: { numero } });
  return collegue.appel('changerEtat', {
    params: { numero },
    body: { etat, revision: d.revision, commentaire, cle: `test${Math.random().toString(36).slice(2)}x` },
  });
}

beforeAll(async () => {
  guichet = await GuichetDeTest.creer(400, 'synchro');
  const { agent, collegue: c } = guichet.comptes();
  collegue = await guichet.client(c);
  app = await ouvrirApp(dossierTemporaire(), guichet.url, agent);
});

afterAll(async () => {
  await app?.coeur.fermer();
  await guichet?.nettoyer();
});

describe('synchronisation', () => {
  it('synchronise tout le service au premier passage, puis rien de plus', async () => {
    const attendus = await numerosDuGuichet(collegue);
    const ouverts = await numerosDuGuichet(collegue, true);
    expect(ouverts.size).toBeGreaterThan(20);
    const r = await app.coeur.appeler('synchro.lancer', {});
    expect(r.nouveaux).toBe(ouverts.size);
    const liste = await app.coeur.appeler('dossiers.lister', { ...TOUT, limite: 500 });
    expect(liste.total).toBe(attendus.size);
    expect(new Set(liste.elements.map((e) => e.numero))).toEqual(attendus);
    expect(app.evenements.some((e) => e.nom === 'synchro.progression')).toBe(true);
    expect(app.evenements.some((e) => e.nom === 'notification')).toBe(true);
    const encore = await app.coeur.appeler('synchro.lancer', {});
    expect(encore).toMatchObject({ nouveaux: 0, modifies: 0, supprimes: 0 });
  });

  it('ramène en incrémental un changement fait par un collègue', async () => {
    const cinq = await app.coeur.appeler('dossiers.lister', { ...TOUT, filtre: { etat: 5 } });
    const numero = cinq.elements[0]!.numero;
    await changerEtatSurLeGuichet(numero, 15);
    const r = await app.coeur.appeler('synchro.lancer', {});
    expect(r).toMatchObject({ nouveaux: 0, modifies: 1, supprimes: 0 });
    const d = await app.coeur.appeler('dossiers.detail', { numero });
    expect(d.etat).toBe(15);
    expect(d.historique.at(-1)?.etat).toBe(15);
  });

  it('reprend une synchronisation interrompue sans perte ni doublon', async () => {
    const { agent } = guichet.comptes();
    const client = await guichet.client(agent);
    const db = ouvrirBase(path.join(dossierTemporaire(), 'store.sqlite'));
    try {
      await synchroniserReferentiel(db, client);
      const abandon = new AbortController();
      let recusAvantArret = 0;
      await expect(
        synchroniser({
          db,
          client,
          limite: 10,
          signal: abandon.signal,
          surProgression: (p) => {
            if (p.pages >= 3 && !abandon.signal.aborted) {
              recusAvantArret = p.recus;
              abandon.abort();
            }
          },
        }),
      ).rejects.toBeInstanceOf(SynchroAnnulee);
      // Listed dossiers only: tombstones of numéros never seen are kept too, as placeholders.
      const partiel = (
        db.prepare('SELECT count(*) AS n FROM dossiers WHERE inconnu = 0').get() as { n: number }
      ).n;
      expect(partiel).toBeGreaterThan(0);
      expect(partiel).toBe(recusAvantArret);
      expect(lireMeta(db, META.curseur)).not.toBeNull();
      const suite = await synchroniser({ db, client, limite: 10 });
      const attendus = await numerosDuGuichet(client);
      const lignes = db.prepare('SELECT numero FROM dossiers').pluck().all() as string[];
      const listes = (
        db.prepare('SELECT count(*) AS n FROM dossiers WHERE inconnu = 0').get() as { n: number }
      ).n;
      expect(suite.nouveaux).toBe(listes - partiel);
      expect(lignes.length).toBe(attendus.size);
      expect(new Set(lignes)).toEqual(attendus);
    } finally {
      db.close();
      client.fermer();
    }
  });

  it('synchro initiale : les dossiers d’abord, les index ensuite en arrière-plan, sans rien perdre', async () => {
    const { agent } = guichet.comptes();
    const client = await guichet.client(agent);
    const dossier = dossierTemporaire();
    const index = (db: ReturnType<typeof ouvrirBase>) =>
      db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
        .pluck()
        .all();
    const temoin = ouvrirBase(path.join(dossier, 'temoin.sqlite'));
    const attenduIndex = index(temoin);
    temoin.close();
    const attendus = await numerosDuGuichet(client);
    const chercher = (db: ReturnType<typeof ouvrirBase>) =>
      listerDossiers(
        db,
        { recherche: 'recensement', supprimes: 'inclure' },
        { colonne: 'numero', sens: 'asc' },
        0,
        500,
      ).total;
    try {
      // Stopped right after the sync resolved, before the background work: nothing is lost, and
      // reopening the store finishes the indexes.
      const db1 = ouvrirBase(path.join(dossier, 'a.sqlite'));
      await synchroniserReferentiel(db1, client);
      const b1 = await synchroniser({ db: db1, client, limite: 50 });
      expect(b1.indexation).toBeDefined();
      expect(index(db1).length).toBeLessThan(attenduIndex.length);
      const liste = listerDossiers(
        db1,
        { supprimes: 'inclure' },
        { colonne: 'deposeLe', sens: 'desc' },
        0,
        10,
      );
      expect(liste.total).toBe(attendus.size);
      db1.close();
      await b1.indexation;
      const rouvert = ouvrirBase(path.join(dossier, 'a.sqlite'));
      expect(index(rouvert)).toEqual(attenduIndex);
      const trouves = chercher(rouvert);
      expect(trouves).toBeGreaterThan(0);
      rouvert.close();

      // Left to finish: the same indexes, the same search results, no load marker left behind.
      const db2 = ouvrirBase(path.join(dossier, 'b.sqlite'));
      await synchroniserReferentiel(db2, client);
      const b2 = await synchroniser({ db: db2, client, limite: 50 });
      await b2.indexation;
      expect(index(db2)).toEqual(attenduIndex);
      expect(chercher(db2)).toBe(trouves);
      expect(db2.prepare("SELECT count(*) FROM meta WHERE cle LIKE 'chargement.%'").pluck().get()).toBe(0);
      const encore = await synchroniser({ db: db2, client });
      expect(encore.indexation).toBeUndefined();
      db2.close();
    } finally {
      client.fermer();
    }
  });

  it('refuse une page dont l’enveloppe est non conforme, même demandée d’avance, sans rien en écrire', async () => {
    const { agent } = guichet.comptes();
    const reel = await guichet.client(agent);
    // The third page comes back with no list of elements at all (a malformed dossier among good ones
    // is set aside instead: synchro-hostile.test.ts); the fourth is already asked for (its cursor is
    // peeked before validation) but must never be applied.
    let pages = 0;
    const client = clientEnveloppe(reel, {
      async appelDiffere(route, options) {
        const r = await reel.appelDiffere(route, options);
        if (route === 'listerTeledossiers' && ++pages === 3) {
          (r.brut as { elements: unknown }).elements = 'pas-une-liste';
        }
        return r;
      },
    });
    const db = ouvrirBase(path.join(dossierTemporaire(), 'store.sqlite'));
    try {
      await synchroniserReferentiel(db, reel);
      await expect(synchroniser({ db, client, limite: 10 })).rejects.toThrow(/non conforme/);
      expect(pages).toBeGreaterThanOrEqual(3);
      const numeros = db.prepare('SELECT numero FROM dossiers').pluck().all() as string[];
      // Exactly the first two pages, with their cursor: the next run starts at the bad page again.
      const deux: string[] = [];
      let depuis = '';
      for (let i = 0; i < 2; i++) {
        const p = await reel.appel('listerTeledossiers', { query: { depuis, limite: 10 } });
        if (!('curseur' in p)) throw new Error('liste incrémentale attendue');
        deux.push(...p.elements.map((e) => e.numero), ...p.supprimes.map((x) => x.numero));
        depuis = p.curseur;
      }
      expect(new Set(numeros)).toEqual(new Set(deux));
      expect(lireMeta(db, META.curseur)).toBe(depuis);
    } finally {
      db.close();
      reel.fermer();
    }
  });

  it('garde localement un dossier clos ou purgé par le guichet et le signale', async () => {
    const seize = await app.coeur.appeler('dossiers.lister', { ...TOUT, filtre: { etat: 16 } });
    const candidat = seize.elements.find((e) => e.demarche?.code !== 'recensement-citoyen')!;
    await changerEtatSurLeGuichet(candidat.numero, 100);
    const r = await app.coeur.appeler('synchro.lancer', {});
    expect(r.supprimes).toBe(1);
    const d = await app.coeur.appeler('dossiers.detail', { numero: candidat.numero });
    expect(d.supprimeDuGuichet).toBe('cloture');
    expect(d.etat).toBe(100);
    const seulement = await app.coeur.appeler('dossiers.lister', {
      ...TOUT,
      filtre: { supprimes: 'seulement' },
    });
    // With the dossiers closed before this workstation's first sync (known by their tombstone, read again).
    expect(seulement.elements.map((e) => e.numero)).toContain(candidat.numero);
    expect(seulement.elements.every((e) => e.supprimeDuGuichet !== null)).toBe(true);

    const avant = (await app.coeur.appeler('dossiers.lister', TOUT)).total;
    const purge = await purgerFichier(guichet.fichierDb, new Date(Date.now() + 90 * 86_400_000));
    expect(purge.purges.length).toBeGreaterThan(0);
    const r2 = await app.coeur.appeler('synchro.lancer', {});
    expect(r2.supprimes).toBeGreaterThan(0);
    const apres = await app.coeur.appeler('dossiers.lister', TOUT);
    expect(apres.total).toBe(avant);
    // Every purged dossier this workstation had not archived (no automatic archiving here) is a loss.
    expect(r2.perdus.length).toBe(r2.supprimes);
    expect(
      apres.elements.filter((e) => r2.perdus.includes(e.numero)).every((e) => e.perte?.motif === 'retention'),
    ).toBe(true);
    const exclus = await app.coeur.appeler('dossiers.lister', { ...TOUT, filtre: { supprimes: 'exclure' } });
    expect(exclus.total).toBe(apres.elements.filter((e) => e.supprimeDuGuichet === null).length);
    expect(exclus.total).toBeLessThan(avant);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ouvrirBase, lireMeta, META } from '../../src/main/store/index.js';
import { ouvrirApp } from './aide/app.js';
import { cli } from './aide/cli.js';
import { dossierTemporaire, GuichetDeTest, type Compte } from './aide/guichet.js';
import { demarrerProxy, type ProxyPannes } from './aide/proxy-pannes.js';

let guichet: GuichetDeTest;
let proxy: ProxyPannes;
let agent: Compte;
let donnees: string;

const LISTE = /^\/api\/v1\/teledossiers\?depuis=/;
const DETAIL = /^\/api\/v1\/teledossiers\/A-5-[A-Z0-9]+$/;

const run = (...args: string[]) =>
  cli([...args, '--guichet', proxy.url, '--identifiant', agent.identifiant, '--donnees', donnees, '--json'], {
    GUICHET_MOT_DE_PASSE: agent.motDePasse,
  });

/** The CLI has exited: its store is read directly. */
function lireStore<T>(f: (db: ReturnType<typeof ouvrirBase>) => T): T {
  const profils = path.join(donnees, 'profils');
  const db = ouvrirBase(path.join(profils, fs.readdirSync(profils)[0]!, 'store.sqlite'));
  try {
    return f(db);
  } finally {
    db.close();
  }
}

interface Page {
  elements: Record<string, unknown>[];
  supprimes: unknown[];
  curseur: string;
  encore: boolean;
}

beforeAll(async () => {
  // One login per CLI run: more of them than the guichet's default limit per identifiant.
  guichet = await GuichetDeTest.creer(30, 'synchro-hostile', { limites: { parIdentifiant: 100 } });
  agent = guichet.comptes().agent;
  proxy = await demarrerProxy(guichet.url);
  donnees = dossierTemporaire('synchro-hostile-');
});

afterAll(async () => {
  await proxy?.fermer();
  await guichet?.nettoyer();
});

describe('Synchronisation face à un guichet qui envoie des dossiers non conformes', () => {
  // Chosen on the first listing page: one dossier with a bad courriel (numéro readable), one whose
  // numéro itself is broken, and every other one of the page left intact.
  let casse = '';
  let sansNumero = '';
  let bons: string[] = [];

  it('les bons dossiers de la page sont enregistrés et archivés, le mauvais est mis de côté avec sa raison', async () => {
    proxy.ajouter({
      methode: 'GET',
      chemin: LISTE,
      panne: {
        type: 'reecrire',
        reecrire: (json) => {
          const page = json as Page;
          if (casse === '' && page.elements.length >= 3) {
            casse = page.elements[1]!.numero as string;
            sansNumero = page.elements[2]!.numero as string;
            bons = page.elements
              .map((e) => e.numero as string)
              .filter((n) => n !== casse && n !== sansNumero);
          }
          for (const e of page.elements) {
            if (e.numero === casse) e.courriel = 'pas-un-courriel';
            if (e.numero === sansNumero) e.numero = 'XX-illisible';
          }
          return page;
        },
      },
    });
    // The same dossier is as broken in its detail as in the listing.
    proxy.ajouter({
      methode: 'GET',
      chemin: DETAIL,
      panne: {
        type: 'reecrire',
        reecrire: (json) => {
          const d = json as Record<string, unknown>;
          if (d.numero === casse) d.courriel = 'pas-un-courriel';
          return d;
        },
      },
    });

    const s = await run('sync');
    expect(casse, 'la première page compte au moins trois dossiers').not.toBe('');
    expect(s.json, s.stderr).toMatchObject({ ok: true, commande: 'sync', misDeCote: 2 });
    expect(s.json?.illisibles).toEqual([
      {
        numero: casse,
        raison: 'Reçu non conforme : courriel : Adresse courriel invalide.',
        le: expect.any(String),
        acquitte: false,
      },
      {
        numero: null,
        raison:
          'Dossier n° 3 de la première page, numéro illisible, reçu non conforme : numero : Numéro de télédossier invalide (format attendu : A-5-XXXXXXXX).',
        le: expect.any(String),
        acquitte: false,
      },
    ]);
    // The others are stored; these two are not, and the exit code says so.
    expect(s.code).toBe(3);
    expect(s.json?.nouveaux as number).toBeGreaterThanOrEqual(bons.length);

    const dossierArchives = dossierTemporaire('synchro-hostile-zips-');
    const a = await run('archive', '--tout', '--dossier-archives', dossierArchives);
    expect(a.json, a.stderr).toMatchObject({ ok: true, commande: 'archive' });

    const { archives, absents, curseur } = lireStore((db) => ({
      archives: db
        .prepare('SELECT numero, archive_chemin AS chemin FROM dossiers WHERE archivee_ms IS NOT NULL')
        .all() as { numero: string; chemin: string }[],
      absents: db
        .prepare('SELECT count(*) FROM dossiers WHERE numero IN (?, ?)')
        .pluck()
        .get(casse, sansNumero) as number,
      curseur: lireMeta(db, META.curseur),
    }));
    const archivees = new Set(archives.map((x) => x.numero));
    for (const n of bons) expect(archivees.has(n), `${n} archivé`).toBe(true);
    for (const x of archives)
      expect(fs.existsSync(path.join(dossierArchives, x.chemin)), x.chemin).toBe(true);
    expect(absents).toBe(0);
    // The cursor moved on past the page, as for any page.
    expect(curseur).not.toBeNull();
    expect(curseur).not.toBe('');

    const st = await run('statut');
    expect(st.json, st.stderr).toMatchObject({
      ok: true,
      commande: 'statut',
      aRisque: [],
      perdusNonAcquittes: [],
      nonVerifies: [],
      alerte: true,
    });
    // Read again by its detail at the archive's sync, as broken there: its reason is the detail's.
    expect(st.json?.quarantaine).toEqual([
      {
        numero: casse,
        raison: 'Détail reçu non conforme : courriel : Adresse courriel invalide.',
        le: expect.any(String),
        acquitte: false,
      },
      {
        numero: null,
        raison:
          'Dossier n° 3 de la première page, numéro illisible, reçu non conforme : numero : Numéro de télédossier invalide (format attendu : A-5-XXXXXXXX).',
        le: expect.any(String),
        acquitte: false,
      },
    ]);
    // Set aside dossiers alone are a call for action.
    expect(st.code).toBe(3);

    const texte = await cli(
      ['statut', '--guichet', proxy.url, '--identifiant', agent.identifiant, '--donnees', donnees],
      { GUICHET_MOT_DE_PASSE: agent.motDePasse },
    );
    expect(texte.code).toBe(3);
    expect(texte.stdout).toContain(
      "Dossiers illisibles mis de côté par la synchronisation : 2 (prévenez l'administrateur du guichet ; ils seront enregistrés dès qu'il les enverra conformes)\n" +
        `  ${casse} : Détail reçu non conforme : courriel : Adresse courriel invalide.\n` +
        '  (numéro illisible) : Dossier n° 3 de la première page, numéro illisible, reçu non conforme : numero : Numéro de télédossier invalide (format attendu : A-5-XXXXXXXX).\n',
    );
  });

  it("le tableau de bord les montre ; quand le guichet l'envoie conforme, il est enregistré et sort de la quarantaine", async () => {
    const app = await ouvrirApp(donnees, proxy.url, agent);
    try {
      const avant = await app.coeur.appeler('tableauDeBord.lire', {});
      expect(avant.quarantaine.map((q) => q.numero)).toEqual([casse, null]);

      // Its detail gone from the guichet for a while: still named, with what became of it.
      proxy.vider();
      proxy.ajouter({
        methode: 'GET',
        chemin: new RegExp(`^/api/v1/teledossiers/${casse}$`),
        fois: 1,
        panne: {
          type: 'repondre',
          statut: 404,
          entetes: { 'content-type': 'application/json' },
          corps: JSON.stringify({ erreur: 'introuvable', message: 'Télédossier introuvable.' }),
        },
      });
      await app.coeur.appeler('synchro.lancer', {});
      const supprime = await app.coeur.appeler('tableauDeBord.lire', {});
      expect(supprime.quarantaine.find((q) => q.numero === casse)?.raison).toBe(
        "Supprimé du guichet avant d'avoir été reçu conforme : ni enregistré ni archivé sur ce poste.",
      );

      const r = await app.coeur.appeler('synchro.lancer', {});
      expect(r.illisibles).toEqual([]);
      const apres = await app.coeur.appeler('tableauDeBord.lire', {});
      // The one without a readable numéro cannot be recognised when it comes valid: it stays named.
      expect(apres.quarantaine.map((q) => q.numero)).toEqual([null]);
      const d = await app.coeur.appeler('dossiers.detail', { numero: casse });
      expect(d.courriel).not.toBe('pas-un-courriel');
      expect(d.revision).toBeGreaterThan(0);
    } finally {
      await app.coeur.fermer();
    }
  });

  it('« Pris connaissance » : le dossier au numéro illisible reste nommé mais n’alerte plus', async () => {
    const st = await run('statut', '--acquitter');
    expect(st.json, st.stderr).toMatchObject({ ok: true, illisiblesAcquittes: 1, alerte: false });
    expect(st.json?.quarantaine).toEqual([expect.objectContaining({ numero: null, acquitte: true })]);
    expect(st.code).toBe(0);
    const texte = await cli(
      ['statut', '--guichet', proxy.url, '--identifiant', agent.identifiant, '--donnees', donnees],
      { GUICHET_MOT_DE_PASSE: agent.motDePasse },
    );
    expect(texte.code).toBe(0);
    expect(texte.stdout).toMatch(/ {2}\(numéro illisible\) : Dossier n° 3 .* \(pris connaissance\)\n/);
  });

  it('un curseur sans fin (pages vides annonçant toujours une suite) : arrêt nommé, curseur enregistré inchangé', async () => {
    const avant = lireStore((db) => lireMeta(db, META.curseur));
    let n = 0;
    proxy.ajouter({
      methode: 'GET',
      chemin: LISTE,
      panne: {
        type: 'reecrire',
        reecrire: () => ({ elements: [], supprimes: [], curseur: `sans-fin-${n++}`, encore: true }),
      },
    });
    const s = await run('sync');
    expect(s.code).toBe(1);
    expect(s.json).toMatchObject({
      ok: false,
      erreur: {
        code: 'synchro_sans_fin',
        message:
          "Le guichet annonce sans fin de nouvelles pages vides (curseur « sans-fin-49 ») : synchronisation arrêtée. Prévenez l'administrateur du guichet.",
      },
    });
    // Stopped at the bound, not after thousands of pages (the one asked ahead at most).
    expect(n).toBeLessThanOrEqual(51);
    expect(lireStore((db) => lireMeta(db, META.curseur))).toBe(avant);

    proxy.vider();
    let b = 0;
    proxy.ajouter({
      methode: 'GET',
      chemin: LISTE,
      panne: {
        type: 'reecrire',
        reecrire: () => ({ elements: [], supprimes: [], curseur: `boucle-${b++ % 2}`, encore: true }),
      },
    });
    const boucle = await run('sync');
    expect(boucle.code).toBe(1);
    expect(boucle.json).toMatchObject({
      ok: false,
      erreur: {
        code: 'synchro_sans_fin',
        message:
          "Le guichet renvoie un curseur déjà parcouru (« boucle-0 ») : synchronisation arrêtée. Prévenez l'administrateur du guichet.",
      },
    });
    expect(lireStore((db) => lireMeta(db, META.curseur))).toBe(avant);
    proxy.vider();
  });
});

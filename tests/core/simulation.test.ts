import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creerClientGuichet, type ClientGuichet } from '../../src/main/guichet-client/index.js';
import {
  demarrerServeur,
  purgerFichier,
  seed,
  soumettreFichier,
  type Serveur,
} from '../../src/server/index.js';
import { ouvrirApp, type AppDeTest } from './aide/app.js';
import { attendre } from './aide/attendre.js';
import { cli } from './aide/cli.js';
import { dossierTemporaire } from './aide/guichet.js';

const JOUR = 86_400_000;
const sha = (f: string) => createHash('sha256').update(fs.readFileSync(f)).digest('hex');

/** A guichet whose clock the test moves, day after day, on its own database. */
async function guichetSimule(debut: number) {
  const dossier = fs.mkdtempSync(path.join(os.tmpdir(), 'guichet-simulation-'));
  const db = path.join(dossier, 'guichet.sqlite');
  const resultat = await seed({ db, dossiers: 12, graine: 'simulation', maintenant: new Date(debut) });
  const horloge = { t: debut };
  const serveur: Serveur = await demarrerServeur({
    db,
    port: 0,
    host: '127.0.0.1',
    maintenant: () => new Date(horloge.t),
    journal: { info() {}, avertir() {}, erreur() {} },
    limites: { parIdentifiant: 10_000, parIp: 100_000 },
    purgeIntervalleMs: 3_600_000,
  });
  const service = resultat.services.find(
    (s) => s.utilisateurs.filter((u) => u.habilitation === 'INSTRUCTION').length >= 2,
  )!;
  const [agent, collegue] = service.utilisateurs.filter((u) => u.habilitation === 'INSTRUCTION');
  return { dossier, db, serveur, horloge, service, agent: agent!, collegue: collegue! };
}

type Guichet = Awaited<ReturnType<typeof guichetSimule>>;

async function connecter(
  g: Guichet,
  compte: { identifiant: string; motDePasse: string },
): Promise<ClientGuichet> {
  const c = creerClientGuichet({ urlGuichet: g.serveur.url, tentatives: 1 });
  c.token = (await c.appel('login', { body: compte })).token;
  return c;
}

/**
 * A colleague closes the dossier from another workstation: along the workflow's transitions (states
 * without pièces first), then the closing itself.
 */
async function clore(c: ClientGuichet, numero: string): Promise<boolean> {
  const [{ workflows }, { demarches }] = [await c.appel('workflows'), await c.appel('demarches')];
  let d = await c.appel('teledossier', { params: { numero } });
  const demarche = demarches.find((x) => x.code === d.demarche.code)!;
  const wf = workflows.find((w) => w.code === demarche.workflow)!;
  const etat = (code: number) => wf.etats.find((e) => e.code === code)!;
  // Shortest path to a state from which the closing state is reachable.
  const precedent = new Map<number, number>([[d.etat, d.etat]]);
  const file = [d.etat];
  while (file.length && !etat(file[0]!).transitions.includes(wf.etatClos)) {
    const e = file.shift()!;
    const suivants = [...etat(e).transitions].sort((a, b) => etat(a).pieces.length - etat(b).pieces.length);
    for (const t of suivants) {
      if (precedent.has(t) || t === wf.etatClos) continue;
      precedent.set(t, e);
      file.push(t);
    }
  }
  if (!file.length) return false;
  const chemin: number[] = [];
  for (let e = file[0]!; e !== d.etat; e = precedent.get(e)!) chemin.unshift(e);
  for (const e of chemin) {
    await c.appel('changerEtat', {
      params: { numero },
      body: { etat: e, revision: d.revision, commentaire: 'Instruit par un collègue', cle: randomUUID() },
    });
    d = await c.appel('teledossier', { params: { numero } });
  }
  const r = await c.appel('cloturer', {
    body: { numeros: [numero], commentaire: 'Clos le jour du dépôt', cle: randomUUID() },
  });
  return r.resultats[0]?.ok === true;
}

/** One sync as the app does it, then the automatic archiving it starts, awaited. */
async function synchroniser(app: AppDeTest): Promise<void> {
  const avant = app.evenements.filter((e) => e.nom === 'archives.terminee').length;
  await app.coeur.appeler('synchro.lancer', {});
  await attendre(
    () => app.evenements.filter((e) => e.nom === 'archives.terminee').length > avant || null,
    60_000,
  ).catch(() => undefined);
}

/** The local archives as the store records them (read-only, beside the running core). */
function archivesDuStore(dossierDonnees: string): Map<string, { chemin: string; sha256: string }> {
  const [profil] = fs.readdirSync(path.join(dossierDonnees, 'profils'));
  const db = new Database(path.join(dossierDonnees, 'profils', profil!, 'store.sqlite'), { readonly: true });
  try {
    const lignes = db
      .prepare(
        `SELECT d.numero, r.chemin AS racine, d.archive_chemin AS chemin, d.archive_local_sha256 AS sha256
         FROM dossiers d JOIN dossiers_archives r ON r.id = d.archive_racine WHERE d.archive_local_sha256 IS NOT NULL`,
      )
      .all() as { numero: string; racine: string; chemin: string; sha256: string }[];
    return new Map(
      lignes.map((l) => [l.numero, { chemin: path.join(l.racine, l.chemin), sha256: l.sha256 }]),
    );
  } finally {
    db.close();
  }
}

describe('60 jours de guichet : aucun dossier perdu', () => {
  const debut = Date.parse('2026-03-02T08:00:00Z');
  let g: Guichet;
  let app: AppDeTest;
  const donnees = dossierTemporaire('simulation-');

  beforeAll(async () => {
    g = await guichetSimule(debut);
  });
  afterAll(async () => {
    await app?.coeur.fermer();
    await g?.serveur.close();
    fs.rmSync(g.dossier, { recursive: true, force: true });
  });

  it('soumissions quotidiennes, poste éteint 5 jours, collègue qui clôt le jour même, dossier changé, zip abîmé', async () => {
    app = await ouvrirApp(donnees, g.serveur.url, g.agent, {
      maintenant: () => g.horloge.t,
      autoArchive: true,
    });
    const collegue = await connecter(g, g.collegue);
    const tousLesNumeros = new Set<string>();
    const clos = new Set<string>();
    // Submitted less than 30 days before the damage: the guichet still serves them.
    const recents = new Set<string>();
    const eteint = (j: number) => (j >= 10 && j < 15) || (j >= 30 && j < 35) || (j >= 47 && j < 52);
    const autreDossier = path.join(dossierTemporaire('simulation-archives-'), 'archives');
    const dossierDeplace = path.join(dossierTemporaire('simulation-deplace-'), 'archives');
    await synchroniser(app);
    for (const l of (
      await app.coeur.appeler('dossiers.lister', {
        filtre: {},
        tri: { colonne: 'numero', sens: 'asc' },
        offset: 0,
        limite: 500,
      })
    ).elements)
      tousLesNumeros.add(l.numero);

    for (let jour = 1; jour <= 60; jour++) {
      g.horloge.t = debut + jour * JOUR;
      await purgerFichier(g.db, new Date(g.horloge.t));
      const soumis = await soumettreFichier({
        db: g.db,
        nombre: 3,
        maintenant: new Date(g.horloge.t),
        codeInsee: g.service.codeInsee,
        graine: `jour-${jour}`,
        courriels: path.join(g.dossier, 'courriels'),
      });
      for (const s of soumis) tousLesNumeros.add(s.numero);
      if (jour >= 30) for (const s of soumis) recents.add(s.numero);
      // The colleague closes one of today's dossiers at once: this workstation never sees it open.
      collegue.token = (await collegue.appel('login', { body: g.collegue })).token;
      let closAujourdhui = false;
      for (const s of soumis) {
        if (await clore(collegue, s.numero).catch(() => false)) {
          clos.add(s.numero);
          closAujourdhui = true;
          break;
        }
      }
      expect(closAujourdhui).toBe(true);
      if (eteint(jour)) continue;

      await synchroniser(app);
      if (jour === 20) await app.coeur.appeler('parametres.enregistrer', { dossierArchives: autreDossier });
      if (jour === 40) {
        const { tacheId } = await app.coeur.appeler('archives.deplacer', { vers: dossierDeplace });
        const fin = await attendre(
          () =>
            app.evenements.find(
              (e) =>
                e.nom === 'deplacement.terminee' && (e.donnees as { tacheId: string }).tacheId === tacheId,
            ) ?? null,
          60_000,
        );
        expect((fin.donnees as { echecs: unknown[] }).echecs).toEqual([]);
      }
      if (jour === 44) {
        // Damaged on disk: the check finds it and downloads it again while the guichet serves it.
        const [numero, a] = [...archivesDuStore(donnees).entries()].find(([n]) => recents.has(n))!;
        fs.writeFileSync(a.chemin, Buffer.from('abîmé'));
        const { tacheId } = await app.coeur.appeler('archives.verifier', {});
        const fin = await attendre(
          () =>
            app.evenements.find(
              (e) =>
                e.nom === 'verification.terminee' && (e.donnees as { tacheId: string }).tacheId === tacheId,
            ) ?? null,
          60_000,
        );
        expect(fin.donnees).toMatchObject({
          endommagees: [numero],
          retelechargees: [numero],
          irrecuperables: [],
        });
      }
    }

    const bilan = await app.coeur.appeler('archives.bilan', {});
    expect(bilan.perdus).toEqual([]);
    expect(bilan.nonVerifies).toEqual([]);
    const archives = archivesDuStore(donnees);
    const manquants = [...tousLesNumeros].filter((n) => !archives.has(n));
    expect(manquants).toEqual([]);
    // Every zip byte-identical to the guichet's (purged ones: to the SHA-256 the guichet announced).
    const client = await connecter(g, g.agent);
    let comparees = 0;
    for (const [numero, a] of archives) {
      expect(sha(a.chemin)).toBe(a.sha256);
      const detail = await client.appel('teledossier', { params: { numero } }).catch(() => null);
      if (detail) {
        expect(a.sha256).toBe(detail.archive.sha256);
        comparees++;
      }
      // Nothing left in the folders the archives were moved out of.
      expect(a.chemin.startsWith(dossierDeplace) || !a.chemin.startsWith(autreDossier)).toBe(true);
    }
    expect(comparees).toBeGreaterThan(50);
    expect(clos.size).toBe(60);
    for (const numero of clos) expect(archives.has(numero)).toBe(true);
    // The tree is <code démarche>/<AAAA-MM>/<numéro>.zip.
    for (const a of archives.values())
      expect(a.chemin).toMatch(/[\\/][a-z0-9-]+[\\/]\d{4}-\d{2}[\\/][A-Z]-\d-[0-9A-Z]+\.zip$/);
  }, 600_000);
});

describe('35 jours de panne du poste : chaque perte est nommée', () => {
  const debut = Date.parse('2026-06-01T08:00:00Z');
  let g: Guichet;
  let app: AppDeTest;

  beforeAll(async () => {
    g = await guichetSimule(debut);
  });
  afterAll(async () => {
    await app?.coeur.fermer();
    await g?.serveur.close();
    fs.rmSync(g.dossier, { recursive: true, force: true });
  });

  it('les dossiers déposés puis purgés pendant la panne sont des pertes, au tableau de bord et au bilan', async () => {
    const donnees = dossierTemporaire('panne-');
    app = await ouvrirApp(donnees, g.serveur.url, g.agent, {
      maintenant: () => g.horloge.t,
      autoArchive: true,
    });
    await synchroniser(app);
    const premiers: string[] = [];
    for (let jour = 1; jour <= 35; jour++) {
      g.horloge.t = debut + jour * JOUR;
      const soumis = await soumettreFichier({
        db: g.db,
        nombre: 2,
        maintenant: new Date(g.horloge.t),
        codeInsee: g.service.codeInsee,
        graine: `panne-${jour}`,
        courriels: path.join(g.dossier, 'courriels'),
      });
      if (jour <= 4) premiers.push(...soumis.map((s) => s.numero));
      await purgerFichier(g.db, new Date(g.horloge.t));
    }
    await synchroniser(app);
    const bilan = await app.coeur.appeler('archives.bilan', {});
    // Submitted on days 1–4, purged after 30 days, before this workstation came back.
    expect(bilan.perdus).toEqual(expect.arrayContaining(premiers));
    expect(bilan.perdusNonAcquittes.length).toBe(bilan.perdus.length);
    const tableau = await app.coeur.appeler('tableauDeBord.lire', {});
    expect(tableau.perdus).toBe(bilan.perdus.length);
    expect(tableau.perdusNonAcquittes).toBe(bilan.perdus.length);
    const { pertes } = await app.coeur.appeler('pertes.lister', {});
    expect(pertes.map((p) => p.numero).sort()).toEqual([...bilan.perdus].sort());
    expect(
      app.evenements.some(
        (e) =>
          e.nom === 'notification' && /supprimés? du guichet/.test((e.donnees as { corps: string }).corps),
      ),
    ).toBe(true);
    const liste = await app.coeur.appeler('dossiers.lister', {
      filtre: { perdus: true },
      tri: { colonne: 'numero', sens: 'asc' },
      offset: 0,
      limite: 500,
    });
    expect(liste.total).toBe(bilan.perdus.length);
    expect(liste.elements.every((l) => l.perte !== null)).toBe(true);
    // The nightly job sees the same: every lost numéro in `statut --json`, exit code 3.
    const statut = await cli(
      [
        'statut',
        '--json',
        '--guichet',
        g.serveur.url,
        '--identifiant',
        g.agent.identifiant,
        '--donnees',
        donnees,
      ],
      { GUICHET_MOT_DE_PASSE: g.agent.motDePasse },
    );
    expect(statut.code, statut.stderr).toBe(3);
    expect((statut.json as { perdus: string[] }).perdus.sort()).toEqual([...bilan.perdus].sort());
    expect((statut.json as { perdusNonAcquittes: string[] }).perdusNonAcquittes.length).toBe(
      bilan.perdus.length,
    );
    await app.coeur.appeler('pertes.acquitter', {});
    const apres = await app.coeur.appeler('archives.bilan', {});
    expect(apres.perdusNonAcquittes).toEqual([]);
    expect(apres.perdus.length).toBe(bilan.perdus.length);
  }, 300_000);
});

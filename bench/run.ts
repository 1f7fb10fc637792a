/**
 * `npm run bench`: the core's benchmarks, each measured side by side with a baseline in one run,
 * against the real guichet server (child process) seeded with BENCH_DOSSIERS dossiers (default
 * 157,000 seeded in one mairie, of which just over 100,000 still open, i.e. synced). Results: bench/results/core.json and bench/results/core.md.
 *
 *   BENCH_DOSSIERS=5000 npm run bench     # quick run
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seederParLaCli } from '../src/server/seed-cli.js';
import { IndexationDonnees, texteDonnees } from '../src/main/app/indexation-donnees.js';
import type { SessionOuverte } from '../src/main/app/session.js';
import {
  CONCURRENCE_PAR_DEFAUT,
  lireDonneesArchive,
  telechargerArchives,
} from '../src/main/archive/index.js';
import { creerClientGuichet, type ClientGuichet } from '../src/main/guichet-client/index.js';
import { creerActionEtat, rejouer } from '../src/main/outbox/index.js';
import {
  archivesAIndexer,
  elementsArchivables,
  enregistrerArchive,
  listerDossiers,
  ouvrirBase,
  type Db,
} from '../src/main/store/index.js';
import { synchroniser, synchroniserReferentiel } from '../src/main/sync/index.js';
import type { FiltreDossiers, TriDossiers } from '../src/shared/app-api/index.js';
import { avecPicRss, lancerServeur, Mo, percentile, RACINE } from './outils.js';

/** Dossiers seeded, all in one mairie (BENCH_SERVICE); closed ones only reach the app as tombstones. */
const N = Number(process.env.BENCH_DOSSIERS ?? 157_000);
const SERVICE = process.env.BENCH_SERVICE ?? '69266';
const ARCHIVES = Number(process.env.BENCH_ARCHIVES ?? 2000);
/** Archives whose données are indexed by « Indexation des données » (0: that part is skipped). */
const ARCHIVES_INDEX = Number(process.env.BENCH_ARCHIVES_INDEX ?? 2000);
/**
 * `npm run bench -- --seulement synchro`: only the initial-sync comparison; `--seulement indexation`:
 * only the données indexer and the initial sync measured while it runs; `synchro,indexation`: both.
 * The lines measured are updated in place in the previous results, the others are kept.
 */
const PARTIES_SEULES = ['synchro', 'indexation'] as const;
type PartieSeule = (typeof PARTIES_SEULES)[number];
const iSeulement = process.argv.indexOf('--seulement');
const SEULEMENT = iSeulement >= 0 ? (process.argv[iSeulement + 1] ?? '') : undefined;
const SEULES: PartieSeule[] = [];
for (const p of SEULEMENT?.split(',') ?? []) {
  if (!(PARTIES_SEULES as readonly string[]).includes(p)) {
    throw new Error(
      `--seulement : « ${p} » inconnu (valeurs : « synchro », « indexation », ou « synchro,indexation »).`,
    );
  }
  if (!SEULES.includes(p as PartieSeule)) SEULES.push(p as PartieSeule);
}
const TRAVAIL = fs.mkdtempSync(path.join(os.tmpdir(), 'guichet-bench-'));
/** Whether this run measures that part (every part without --seulement). */
const mesure = (p: PartieSeule) => SEULEMENT === undefined || SEULES.includes(p);
/** Rounds of the initial-sync comparison (the ratio kept is the median of the per-round ratios). */
const TOURS = Number(process.env.BENCH_TOURS ?? 3);
process.env.GUICHET_LOG_LENT = '0';

interface Ligne {
  mesure: string;
  nous: string;
  reference: string;
  ratio: number | null;
  cible: string;
  ok: boolean;
}
const lignes: Ligne[] = [];
const brut: Record<string, unknown> = {
  dossiers: N,
  date: new Date().toISOString(),
  machine: `${os.cpus().length} CPU, ${Mo(os.totalmem())} Mo`,
};

function log(m: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${m}\n`);
}

async function connecter(
  url: string,
  compte: { identifiant: string; motDePasse: string },
): Promise<ClientGuichet> {
  const c = creerClientGuichet({ urlGuichet: url, tentatives: 5 });
  const r = await c.appel('login', { body: compte });
  c.token = r.token;
  return c;
}

/** The baseline: the same pages with plain fetch + JSON.parse, no validation, no store. */
async function boucleBrute(
  url: string,
  token: string,
): Promise<{ ms: number; cpuMs: number; dossiers: number }> {
  const debut = performance.now();
  const cpu = process.cpuUsage();
  let depuis = '';
  let dossiers = 0;
  for (;;) {
    const r = await fetch(`${url}/api/v1/teledossiers?depuis=${encodeURIComponent(depuis)}&limite=1000`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const p = (await r.json()) as { elements: unknown[]; curseur: string; encore: boolean };
    dossiers += p.elements.length;
    if (!p.encore) break;
    depuis = p.curseur;
  }
  const c = process.cpuUsage(cpu);
  return { ms: performance.now() - debut, cpuMs: (c.user + c.system) / 1000, dossiers };
}

/** `auDepart`: called when the timer starts (what runs alongside the sync starts with it). */
async function syncComplete(
  client: ClientGuichet,
  fichier: string,
  auDepart?: () => void,
): Promise<{ ms: number; msTexte: number; cpuMs: number; dossiers: number; db: Db }> {
  for (const suffixe of ['', '-wal', '-shm']) fs.rmSync(fichier + suffixe, { force: true });
  // Opening (and migrating) the empty store is a one-off cost, not part of the walk being compared.
  const db = ouvrirBase(fichier);
  const debut = performance.now();
  // This process' CPU time (the guichet runs in another): less sensitive to a shared machine.
  const cpu = process.cpuUsage();
  auDepart?.();
  await synchroniserReferentiel(db, client);
  const b = await synchroniser({ db, client, limite: 1000 });
  const ms = performance.now() - debut;
  const c = process.cpuUsage(cpu);
  await b.indexation;
  return {
    ms,
    msTexte: performance.now() - debut,
    cpuMs: (c.user + c.system) / 1000,
    dossiers: b.nouveaux,
    db,
  };
}

/**
 * 1. Initial sync vs raw fetch loop, alternated over TOURS rounds (the machine may be shared: the
 * ratio kept is the median of the per-round ratios). Returns the last round's store, left open.
 */
async function mesurerSynchro(url: string, client: ClientGuichet): Promise<{ db: Db; dossiers: number }> {
  const fichierStore = path.join(TRAVAIL, 'store.sqlite');
  const bruts: number[] = [];
  const cpuBruts: number[] = [];
  const cpuNous: number[] = [];
  const nous: number[] = [];
  const avecTexte: number[] = [];
  let db: Db | null = null;
  let picRss = 0;
  let rssAvant = 0;
  let dossiersSync = 0;
  for (let tour = 0; tour < TOURS; tour++) {
    const b = await boucleBrute(url, client.token ?? '');
    bruts.push(b.ms);
    cpuBruts.push(Math.round(b.cpuMs));
    log(`boucle brute : ${b.dossiers} dossiers en ${Math.round(b.ms)} ms (CPU ${Math.round(b.cpuMs)} ms)`);
    db?.close();
    const m = await avecPicRss(() => syncComplete(client, fichierStore));
    nous.push(m.resultat.ms);
    cpuNous.push(Math.round(m.resultat.cpuMs));
    avecTexte.push(m.resultat.msTexte);
    db = m.resultat.db;
    dossiersSync = m.resultat.dossiers;
    picRss = Math.max(picRss, m.picRss);
    rssAvant = m.rssAvant;
    log(
      `synchro : ${m.resultat.dossiers} dossiers en ${Math.round(m.resultat.ms)} ms, CPU ${Math.round(m.resultat.cpuMs)} ms (+ plein texte : ${Math.round(m.resultat.msTexte)} ms), pic RSS ${Mo(m.picRss)} Mo`,
    );
  }
  if (!db) throw new Error('pas de store');
  const ratios = nous.map((x, i) => x / (bruts[i] ?? x));
  const ratioSync = percentile(ratios, 0.5);
  const ratiosTexte = avecTexte.map((x, i) => x / (bruts[i] ?? x));
  lignes.push({
    mesure: `Synchro initiale (${dossiersSync} dossiers ; médiane de ${TOURS} paires)`,
    nous: nous.map((x) => `${Math.round(x)}`).join(' / ') + ' ms',
    reference: bruts.map((x) => `${Math.round(x)}`).join(' / ') + ' ms (fetch + JSON.parse)',
    ratio: ratioSync,
    cible: '≤ 1,3×',
    ok: ratioSync <= 1.3,
  });
  lignes.push({
    mesure: '… jusqu’à l’index plein texte complet (arrière-plan)',
    nous: avecTexte.map((x) => `${Math.round(x)}`).join(' / ') + ' ms',
    reference: 'idem',
    ratio: percentile(ratiosTexte, 0.5),
    cible: 'mesuré',
    ok: true,
  });
  lignes.push({
    mesure: 'Pic RSS pendant la synchro initiale',
    nous: `${Mo(picRss)} Mo (avant : ${Mo(rssAvant)} Mo)`,
    reference: '—',
    ratio: null,
    cible: 'mesuré',
    ok: true,
  });
  brut.synchroInitiale = {
    nousMs: nous,
    avecTexteMs: avecTexte,
    brutMs: bruts,
    ratios,
    // CPU of the app process only (the guichet runs in a child process).
    nousCpuMs: cpuNous,
    brutCpuMs: cpuBruts,
    dossiers: dossiersSync,
    picRssMo: Mo(picRss),
    rssAvantMo: Mo(rssAvant),
  };
  return { db, dossiers: dossiersSync };
}

/** What IndexationDonnees uses of a session: the store and the abort signal. */
function sessionBench(db: Db): SessionOuverte {
  return { db, abandon: new AbortController() } as unknown as SessionOuverte;
}

/**
 * 1 b. The données indexer (issue #11). Store B: a complete initial sync (untimed), then the
 * ARCHIVES_INDEX most recent open dossiers downloaded once by the app's downloader from the bench's
 * guichet and recorded with enregistrerArchive, as the archiving task does; that store is the model
 * copied before each round, so that every pass starts with the same N archives to index.
 *   - « Indexation des données »: IndexationDonnees.relancer() on a fresh copy, against the same N
 *     zips read in a plain loop with lireDonneesArchive (no store, no yield to the event loop).
 *   - « Synchro initiale pendant l'indexation »: our initial sync into store A while an
 *     IndexationDonnees pass runs on store B, same process, same event loop (archiving overlapping a
 *     sync in the app), against the raw fetch loop run alone just before, as the sync line does.
 */
async function mesurerIndexation(url: string, client: ClientGuichet): Promise<void> {
  const racine = path.join(TRAVAIL, 'indexation');
  const dossierZips = path.join(racine, 'archives');
  const modele = path.join(racine, 'modele.sqlite');
  const fichierB = path.join(racine, 'store-b.sqlite');
  const fichierA = path.join(racine, 'store-a.sqlite');
  fs.mkdirSync(dossierZips, { recursive: true });

  log('indexation : store B (synchro initiale non chronométrée)…');
  const dbModele = ouvrirBase(modele);
  await synchroniserReferentiel(dbModele, client);
  const bilanModele = await synchroniser({ db: dbModele, client, limite: 1000 });
  await bilanModele.indexation;
  const numeros = dbModele
    .prepare(
      'SELECT numero FROM dossiers WHERE supprime_motif IS NULL AND etat <> 100 ORDER BY depose_ms DESC LIMIT ?',
    )
    .pluck()
    .all(ARCHIVES_INDEX) as string[];
  const elements = elementsArchivables(dbModele, numeros);
  log(`indexation : téléchargement de ${elements.length} archives (une fois, non chronométré)…`);
  const telechargement = await telechargerArchives({
    source: {
      urlArchive: (n) => `${client.baseUrl}/teledossiers/${encodeURIComponent(n)}/archive`,
      entetes: async (): Promise<Record<string, string>> => ({
        authorization: `Bearer ${client.token ?? ''}`,
      }),
    },
    elements,
    dossierArchives: dossierZips,
    concurrence: CONCURRENCE_PAR_DEFAUT,
  });
  if (telechargement.echecs.length > 0 || telechargement.archives.length !== elements.length) {
    throw new Error(
      `indexation : ${telechargement.echecs.length} archives non téléchargées (${telechargement.echecs[0]?.message ?? '?'})`,
    );
  }
  dbModele.transaction(() => {
    for (const a of telechargement.archives) {
      enregistrerArchive(dbModele, a.numero, dossierZips, a.cheminRelatif, a.sha256, a.taille);
    }
  })();
  const chemins = telechargement.archives.map((a) => path.join(dossierZips, ...a.cheminRelatif.split('/')));
  const nArchives = chemins.length;
  const octets = telechargement.archives.reduce((s, a) => s + a.taille, 0);
  if (archivesAIndexer(dbModele, nArchives + 1).length !== nArchives) {
    throw new Error('indexation : le store B n’a pas les archives attendues à indexer.');
  }
  const dossiersB = dbModele.prepare('SELECT count(*) FROM dossiers').pluck().get() as number;
  dbModele.close();
  // A fresh copy of the model: the N archives recorded, none indexed yet.
  const storeB = (): Db => {
    for (const suffixe of ['', '-wal', '-shm']) fs.rmSync(fichierB + suffixe, { force: true });
    fs.copyFileSync(modele, fichierB);
    return ouvrirBase(fichierB);
  };
  /** After a pass: every archive indexed (none found unreadable), and a sample found by its données. */
  const verifier = (db: Db, indexees: number): boolean => {
    const faites = db
      .prepare(
        'SELECT count(*) FROM dossiers WHERE archive_local_sha256 IS NOT NULL AND donnees_indexees = 1',
      )
      .pluck()
      .get() as number;
    return indexees === nArchives && faites === nArchives && trouves(db) === echantillon.length;
  };
  const st = (db: Db) =>
    db.prepare('SELECT count(*) FROM dossiers_fts WHERE dossiers_fts MATCH ? AND rowid = ?').pluck();
  const trouves = (db: Db): number => {
    const q = st(db);
    return echantillon.filter((e) => (q.get(`donnees : "${e.mot}"`, e.id) as number) > 0).length;
  };
  // A word of the données of 20 archives spread over the N (the longest one), and their rows.
  const echantillon: { id: number; mot: string }[] = [];
  {
    const db = ouvrirBase(modele);
    const idDe = db.prepare('SELECT id FROM dossiers WHERE numero = ?').pluck();
    const pas = Math.max(1, Math.floor(nArchives / 20));
    for (let i = 0; i < nArchives; i += pas) {
      const { donnees } = await lireDonneesArchive(chemins[i]!);
      const mot = (donnees ? texteDonnees(donnees) : '')
        .split(/[^\p{L}]+/u)
        .reduce((a, b) => (b.length > a.length ? b : a), '');
      if (mot.length >= 4)
        echantillon.push({ id: idDe.get(telechargement.archives[i]!.numero) as number, mot });
    }
    // Not searchable by their données before the pass (the sync does not index them).
    if (echantillon.length === 0 || trouves(db) !== 0) {
      throw new Error('indexation : échantillon de recherche inutilisable.');
    }
    db.close();
  }

  // « Indexation des données »: plain read loop, then our pass, alternated over TOURS rounds.
  const lecture: number[] = [];
  const indexation: number[] = [];
  const cpuIndexation: number[] = [];
  let toutIndexe = true;
  for (let tour = 0; tour < TOURS; tour++) {
    const tl = performance.now();
    let lues = 0;
    for (const c of chemins) if ((await lireDonneesArchive(c)).donnees) lues++;
    lecture.push(performance.now() - tl);
    if (lues !== nArchives)
      throw new Error(`indexation : ${nArchives - lues} archives sans donnees.xml lisible.`);
    const db = storeB();
    const cpu = process.cpuUsage();
    const ti = performance.now();
    const n = await new IndexationDonnees(sessionBench(db)).relancer();
    indexation.push(performance.now() - ti);
    const c = process.cpuUsage(cpu);
    cpuIndexation.push(Math.round((c.user + c.system) / 1000));
    toutIndexe &&= verifier(db, n);
    db.close();
    log(
      `indexation : ${n} archives en ${Math.round(indexation[tour]!)} ms (lecture seule : ${Math.round(lecture[tour]!)} ms)`,
    );
  }
  const ratiosIndexation = indexation.map((x, i) => x / (lecture[i] ?? x));
  const parSeconde = (ms: number) => Math.round((nArchives * 1000) / ms);
  const medIndexation = percentile(indexation, 0.5);
  const medLecture = percentile(lecture, 0.5);
  lignes.push({
    mesure: `Indexation des données de ${nArchives} archives (store de ${dossiersB} dossiers ; médiane de ${TOURS} paires)`,
    nous: `${indexation.map((x) => `${Math.round(x)}`).join(' / ')} ms (${parSeconde(medIndexation)} archives/s, IndexationDonnees)`,
    reference: `${lecture.map((x) => `${Math.round(x)}`).join(' / ')} ms (${parSeconde(medLecture)} archives/s, lireDonneesArchive seul)`,
    ratio: percentile(ratiosIndexation, 0.5),
    cible: 'mesuré (toutes indexées)',
    ok: toutIndexe,
  });

  // « Synchro initiale pendant l'indexation »: raw loop alone, then our sync with the indexer alongside.
  const bruts: number[] = [];
  const nous: number[] = [];
  const cpuNous: number[] = [];
  const avecTexte: number[] = [];
  const pendant: { indexees: number; ms: number }[] = [];
  let dossiersSync = 0;
  let toutIndexePendant = true;
  for (let tour = 0; tour < TOURS; tour++) {
    const b = await boucleBrute(url, client.token ?? '');
    bruts.push(b.ms);
    const dbB = storeB();
    const indexeur = new IndexationDonnees(sessionBench(dbB));
    // Started by the sync when its timer starts (just after store A is opened).
    let demarrer = () => {};
    const depart = new Promise<void>((r) => (demarrer = r));
    const fin = depart.then(async () => {
      const t = performance.now();
      const indexees = await indexeur.relancer();
      return { indexees, ms: performance.now() - t };
    });
    const m = await syncComplete(client, fichierA, () => demarrer());
    const p = await fin;
    nous.push(m.ms);
    cpuNous.push(Math.round(m.cpuMs));
    avecTexte.push(m.msTexte);
    pendant.push(p);
    dossiersSync = m.dossiers;
    toutIndexePendant &&= verifier(dbB, p.indexees);
    m.db.close();
    dbB.close();
    log(
      `synchro pendant l'indexation : ${m.dossiers} dossiers en ${Math.round(m.ms)} ms (boucle brute : ${Math.round(b.ms)} ms) ; ${p.indexees} archives indexées en ${Math.round(p.ms)} ms en même temps`,
    );
  }
  const ratios = nous.map((x, i) => x / (bruts[i] ?? x));
  const ratio = percentile(ratios, 0.5);
  // Share of the sync during which the indexer was running (1: it ran from start to end).
  const recouvrements = pendant.map((p, i) => Math.min(1, p.ms / (nous[i] ?? p.ms)));
  const recouvrement = Math.round(percentile(recouvrements, 0.5) * 100);
  lignes.push({
    mesure: `Synchro initiale pendant l’indexation de ${nArchives} archives (${dossiersSync} dossiers ; indexeur actif ${recouvrement} % de la synchro ; médiane de ${TOURS} paires)`,
    nous: `${nous.map((x) => `${Math.round(x)}`).join(' / ')} ms (indexation en parallèle : ${pendant.map((p) => `${Math.round(p.ms)}`).join(' / ')} ms)`,
    reference: bruts.map((x) => `${Math.round(x)}`).join(' / ') + ' ms (fetch + JSON.parse, seul)',
    ratio,
    cible: '≤ 1,3×',
    ok: ratio <= 1.3 && toutIndexePendant,
  });
  brut.indexationDonnees = {
    archives: nArchives,
    octets,
    dossiersStoreB: dossiersB,
    indexationMs: indexation,
    lectureSeuleMs: lecture,
    ratios: ratiosIndexation,
    archivesParSeconde: parSeconde(medIndexation),
    lectureArchivesParSeconde: parSeconde(medLecture),
    indexationCpuMs: cpuIndexation,
    toutIndexe,
    synchroPendant: {
      dossiers: dossiersSync,
      nousMs: nous,
      avecTexteMs: avecTexte,
      brutMs: bruts,
      ratios,
      nousCpuMs: cpuNous,
      indexationMs: pendant.map((p) => p.ms),
      indexees: pendant.map((p) => p.indexees),
      recouvrements,
      toutIndexe: toutIndexePendant,
    },
  };
}

async function mesurer(): Promise<void> {
  const fichierGuichet = path.join(TRAVAIL, 'guichet.sqlite');
  log(`seed de ${N} dossiers dans ${TRAVAIL}…`);
  const t0 = performance.now();
  // BENCH_GUICHET_DB: reuse an already seeded guichet (copied; one more dossier gives back the accounts).
  const reutilise = process.env.BENCH_GUICHET_DB;
  if (reutilise) fs.copyFileSync(reutilise, fichierGuichet);
  const resultatSeed = await seederParLaCli({
    db: fichierGuichet,
    dossiers: reutilise ? 1 : N,
    graine: 'bench',
    service: SERVICE || undefined,
    afficherProgression: true,
  });
  brut.seedMs = Math.round(performance.now() - t0);
  const serveur = await lancerServeur(fichierGuichet);
  log(`guichet sur ${serveur.url}`);
  try {
    // The service with the most dossiers (the seed spreads them over several mairies).
    let meilleur: {
      client: ClientGuichet;
      total: number;
      agents: { identifiant: string; motDePasse: string }[];
    } | null = null;
    for (const s of resultatSeed.services) {
      const agents = s.utilisateurs.filter((u) => u.habilitation === 'INSTRUCTION');
      if (agents.length < 2) continue;
      const c = await connecter(serveur.url, agents[0]!);
      const r = await c.appel('listerTeledossiers', { query: { page: 1, parPage: 1 } });
      const total = 'total' in r ? r.total : 0;
      if (!meilleur || total > meilleur.total) meilleur = { client: c, total, agents };
      else c.fermer();
    }
    if (!meilleur) throw new Error('Aucun service exploitable.');
    const { client } = meilleur;
    const collegue = await connecter(serveur.url, meilleur.agents[1]!);

    // 1. Initial sync vs raw fetch loop. 1 b. The données indexer, and the initial sync while it runs.
    const synchro = mesure('synchro') ? await mesurerSynchro(serveur.url, client) : null;
    if (mesure('indexation') && ARCHIVES_INDEX > 0) await mesurerIndexation(serveur.url, client);
    if (SEULEMENT !== undefined || !synchro) {
      synchro?.db.close();
      client.fermer();
      collegue.fermer();
      return;
    }
    const { db, dossiers: dossiersSync } = synchro;

    // 2. Incremental sync of 100 changes made by a colleague.
    const candidats = db
      .prepare(
        'SELECT numero, etat, revision FROM dossiers WHERE etat IN (5, 15) AND supprime_motif IS NULL ORDER BY numero LIMIT 100',
      )
      .all() as { numero: string; etat: number; revision: number }[];
    for (const c of candidats) {
      await collegue.appel('changerEtat', {
        params: { numero: c.numero },
        body: {
          etat: c.etat === 5 ? 15 : 16,
          revision: c.revision,
          cle: `bench-inc-${Date.now()}-${c.numero}`,
        },
      });
    }
    const ti = performance.now();
    const inc = await synchroniser({ db, client });
    const msInc = performance.now() - ti;
    lignes.push({
      mesure: `Synchro incrémentale (${inc.modifies + inc.nouveaux} changements, store de ${dossiersSync})`,
      nous: `${Math.round(msInc)} ms`,
      reference: '—',
      ratio: null,
      cible: '< 1 s',
      ok: msInc < 1000,
    });
    brut.synchroIncrementale = { ms: msInc, modifies: inc.modifies, pages: inc.pages };

    // 3. List and search queries.
    const requetes: { nom: string; filtre: Partial<FiltreDossiers>; tri: TriDossiers }[] = [];
    const parDate: TriDossiers = { colonne: 'deposeLe', sens: 'desc' };
    const exemple = db
      .prepare(
        'SELECT numero, courriel, demarche_code FROM dossiers LIMIT 1 OFFSET (SELECT count(*) / 2 FROM dossiers)',
      )
      .get() as {
      numero: string;
      courriel: string;
      demarche_code: string;
    };
    requetes.push({ nom: 'tout, par date', filtre: {}, tri: parDate });
    for (const colonne of ['numero', 'demarche', 'etat', 'expireLe', 'archive'] as const) {
      requetes.push({ nom: `tout, tri ${colonne}`, filtre: {}, tri: { colonne, sens: 'asc' } });
    }
    requetes.push({ nom: 'état 16', filtre: { etat: 16 }, tri: parDate });
    requetes.push({ nom: 'démarche', filtre: { demarche: exemple.demarche_code }, tri: parDate });
    requetes.push({ nom: 'non archivés', filtre: { archive: false }, tri: parDate });
    requetes.push({ nom: 'supprimés exclus', filtre: { supprimes: 'exclure' }, tri: parDate });
    requetes.push({
      nom: 'expirent sous 7 j, par expiration',
      filtre: { expireDansJours: 7 },
      tri: { colonne: 'expireLe', sens: 'asc' },
    });
    requetes.push({ nom: 'période (7 jours)', filtre: { du: jour(-7), au: jour(0) }, tri: parDate });
    requetes.push({ nom: 'recherche numéro', filtre: { recherche: exemple.numero }, tri: parDate });
    requetes.push({ nom: 'recherche courriel', filtre: { recherche: exemple.courriel }, tri: parDate });
    requetes.push({ nom: 'recherche mot', filtre: { recherche: 'scolaire' }, tri: parDate });
    const durees: number[] = [];
    const parRequete: Record<string, number> = {};
    for (const r of requetes) {
      const d: number[] = [];
      for (let k = 0; k < 20; k++) {
        const t = performance.now();
        listerDossiers(db, { supprimes: 'inclure', ...r.filtre }, r.tri, (k % 5) * 50, 50);
        d.push(performance.now() - t);
      }
      durees.push(...d);
      parRequete[r.nom] = Number(percentile(d, 0.95).toFixed(2));
    }
    const p95 = percentile(durees, 0.95);
    lignes.push({
      mesure: `Listes et recherches (${requetes.length} requêtes × 20, page de 50 + total)`,
      nous: `p95 ${p95.toFixed(1)} ms`,
      reference: '—',
      ratio: null,
      cible: 'p95 < 25 ms',
      ok: p95 < 25,
    });
    brut.requetes = { p95, parRequete };

    // 4. Replay of 1,000 queued actions vs the same 1,000 POSTs sent by a plain fetch loop. Only
    // steps every démarche allows without a pièce (5 → 15 → 16), so that none is refused locally.
    const libres = db
      .prepare(
        'SELECT numero, etat, revision FROM dossiers WHERE etat IN (5, 15) AND supprime_motif IS NULL ORDER BY numero DESC LIMIT 2000',
      )
      .all() as { numero: string; etat: number; revision: number }[];
    const nActions = Math.floor(libres.length / 2);
    const suivant = (e: number) => (e === 5 ? 15 : 16);
    const pourBrut = libres.slice(0, nActions);
    const pourNous = libres.slice(nActions, nActions * 2);
    const tb = performance.now();
    for (const d of pourBrut) {
      const r = await fetch(`${serveur.url}/api/v1/teledossiers/${d.numero}/etat`, {
        method: 'POST',
        headers: { authorization: `Bearer ${client.token ?? ''}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          etat: suivant(d.etat),
          revision: d.revision,
          cle: `bench-brut-${Date.now()}-${d.numero}`,
        }),
      });
      await r.arrayBuffer();
    }
    const msBrut = performance.now() - tb;
    let refusees = 0;
    for (const d of pourNous) {
      try {
        creerActionEtat({ db, dossierProfil: TRAVAIL, par: 'bench' }, d.numero, suivant(d.etat), null);
      } catch {
        refusees++;
      }
    }
    const tr = performance.now();
    const bilan = await rejouer({ db, client, dossierProfil: TRAVAIL });
    const msRejeu = performance.now() - tr;
    const ratioRejeu = msRejeu / msBrut;
    lignes.push({
      mesure: `Rejeu de ${bilan.envoyees + bilan.conflits + bilan.refusees} actions en file`,
      nous: `${Math.round(msRejeu)} ms (${bilan.envoyees} envoyées, ${bilan.conflits} conflits, ${bilan.refusees} refusées)`,
      reference: `${Math.round(msBrut)} ms (${pourBrut.length} POST fetch séquentiels)`,
      ratio: ratioRejeu,
      cible: 'mesuré (transaction + statut par action)',
      ok: bilan.envoyees === pourNous.length - refusees,
    });
    brut.rejeu = { ms: msRejeu, brutMs: msBrut, bilan, refuseesLocalement: refusees };
    // Archives: open dossiers still listed by the guichet (the download bench reads their sha256 there).
    const pourArchives = db
      .prepare(
        'SELECT numero FROM dossiers WHERE supprime_motif IS NULL AND etat <> 100 ORDER BY depose_ms DESC LIMIT ?',
      )
      .pluck()
      .all(ARCHIVES) as string[];
    db.close();

    // 5. Mass download (the archive engineer's bench), when present.
    const cheminBenchArchives = path.join(RACINE, 'bench', 'telechargement.ts');
    if (ARCHIVES > 0 && fs.existsSync(cheminBenchArchives)) {
      log(`téléchargement de ${ARCHIVES} archives…`);
      const mod = (await import('./telechargement.js')) as {
        benchTelechargement?: (ctx: {
          url: string;
          token: string;
          numeros: string[];
          dossierTemp: string;
          pidServeur?: number;
        }) => Promise<{
          nom: string;
          resultats: Record<string, number>;
          ratio: number;
          commentaire: string;
        }>;
      };
      if (mod.benchTelechargement) {
        const numeros = pourArchives;
        const dossierTemp = path.join(TRAVAIL, 'archives');
        fs.mkdirSync(dossierTemp, { recursive: true });
        const r = await mod.benchTelechargement({
          url: serveur.url,
          token: client.token ?? '',
          numeros,
          dossierTemp,
          ...(serveur.enfant.pid !== undefined ? { pidServeur: serveur.enfant.pid } : {}),
        });
        const sec = (k: string) => (r.resultats[k] !== undefined ? `${r.resultats[k]} s` : '—');
        lignes.push({
          mesure: `${r.nom} (${r.resultats.archives ?? numeros.length} archives)`,
          nous: `${sec('nous_secondes_mediane')} (médiane ; premier passage à froid ${sec('nous_froid_secondes_mediane')}, ${r.resultats.ratio_froid ?? '—'}×)`,
          reference: `curl --parallel ${sec('curl_secondes_mediane')} ; Node brut ${sec('node_brut_secondes_mediane')} (${r.resultats.ratio_node_brut ?? '—'}×)`,
          ratio: r.ratio,
          cible: '≥ 0,8× (débit, détail dans core.json)',
          ok: r.ratio >= 0.8,
        });
        brut.telechargement = r;
      }
    }
    client.fermer();
    collegue.fermer();
  } finally {
    await serveur.arreter();
  }
}

async function principal(): Promise<void> {
  await mesurer();
  ecrireResultats();
}

/** Which `--seulement` part a line belongs to (null: the rest of the bench). */
function partieDe(l: Ligne): PartieSeule | null {
  if (
    l.mesure.startsWith('Indexation des données') ||
    l.mesure.startsWith('Synchro initiale pendant l’indexation')
  )
    return 'indexation';
  if (
    l.mesure.startsWith('Synchro initiale (') ||
    l.mesure.startsWith('… jusqu’à l’index plein texte') ||
    l.mesure.startsWith('Pic RSS pendant la synchro initiale')
  )
    return 'synchro';
  return null;
}

/** The command that measures these parts alone, as this run was started. */
function commandeSeule(parties: PartieSeule[], n = N): string {
  const env = [
    `BENCH_DOSSIERS=${n}`,
    `BENCH_TOURS=${TOURS}`,
    ...(parties.includes('indexation') ? [`BENCH_ARCHIVES_INDEX=${ARCHIVES_INDEX}`] : []),
  ];
  return `${env.join(' ')} npm run bench -- --seulement ${parties.join(',')}`;
}

/**
 * After `--seulement …`: the previous results keep their other lines; the lines of the parts
 * measured (and `synchroInitiale` / `indexationDonnees`) are replaced by this run's, in place, or
 * after the initial-sync lines the first time a part is measured.
 */
function fusionnerAvecPrecedents(): void {
  const fichier = path.join(RACINE, 'bench', 'results', 'core.json');
  if (!fs.existsSync(fichier)) return;
  const avant = JSON.parse(fs.readFileSync(fichier, 'utf8')) as Record<string, unknown> & {
    lignes?: Ligne[];
  };
  const nouvelles = [...lignes];
  const resultat: Ligne[] = [];
  const placees = new Set<PartieSeule>();
  for (const l of avant.lignes ?? []) {
    const p = partieDe(l);
    if (p === null || !SEULES.includes(p)) resultat.push(l);
    else if (!placees.has(p)) {
      resultat.push(...nouvelles.filter((n) => partieDe(n) === p));
      placees.add(p);
    }
  }
  for (const p of SEULES) {
    if (placees.has(p)) continue;
    const apres = resultat.findLastIndex((l) => partieDe(l) === 'synchro');
    resultat.splice(apres + 1, 0, ...nouvelles.filter((n) => partieDe(n) === p));
  }
  lignes.length = 0;
  lignes.push(...resultat);
  // The other lines keep the date and seed time of the run that measured them.
  for (const p of SEULES) {
    brut[`${p}SeuleLe`] = brut.date;
    brut[`${p}SeuleCommande`] = commandeSeule([p]);
  }
  for (const k of ['date', 'seedMs', 'dossiers', 'commande']) if (k in avant) brut[k] = avant[k];
  for (const [k, v] of Object.entries(avant)) if (k !== 'lignes' && !(k in brut)) brut[k] = v;
}

function jour(decalage: number): string {
  const d = new Date(Date.now() + decalage * 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The full run's command, for the results (N: the dossiers of the run that measured most lines). */
function commandeComplete(n = Number(brut.dossiers), avecIndex = true): string {
  const index = avecIndex ? ` BENCH_ARCHIVES_INDEX=${ARCHIVES_INDEX}` : '';
  return process.env.BENCH_GUICHET_DB
    ? `\`BENCH_DOSSIERS=${n} BENCH_GUICHET_DB=<guichet déjà peuplé de ${n} dossiers> BENCH_TOURS=${TOURS}${index} npm run bench\` (peuplement non refait ; compter environ 80 s de plus sans BENCH_GUICHET_DB).`
    : `\`BENCH_DOSSIERS=${n} BENCH_TOURS=${TOURS}${index} npm run bench\` (seed : ${Math.round(Number(brut.seedMs) / 1000)} s).`;
}

function ecrireResultats(): void {
  if (SEULEMENT) fusionnerAvecPrecedents();
  else brut.commande = commandeComplete();
  const dossier = path.join(RACINE, 'bench', 'results');
  fs.mkdirSync(dossier, { recursive: true });
  fs.writeFileSync(path.join(dossier, 'core.json'), `${JSON.stringify({ ...brut, lignes }, null, 2)}\n`);
  const reutilise = process.env.BENCH_GUICHET_DB ? ' (guichet déjà peuplé, BENCH_GUICHET_DB)' : '';
  const md = [
    `# Mesures du cœur — ${brut.dossiers as number} dossiers (${brut.date as string}, ${brut.machine as string})`,
    '',
    '| Mesure | Nous | Référence | Ratio | Cible | |',
    '|---|---|---|---|---|---|',
    ...lignes.map(
      (l) =>
        `| ${l.mesure} | ${l.nous} | ${l.reference} | ${l.ratio === null ? '—' : `${l.ratio.toFixed(2)}×`} | ${l.cible} | ${l.ok ? '✅' : '❌'} |`,
    ),
    '',
    // Results written before `commande` was kept: their full run had no indexation part.
    `Commande : ${(brut.commande as string | undefined) ?? commandeComplete(Number(brut.dossiers), false)}`,
    ...(brut.synchroSeuleLe
      ? [
          '',
          `Synchro initiale (3 premières lignes) remesurée seule le ${brut.synchroSeuleLe as string} : \`${(brut.synchroSeuleCommande as string | undefined) ?? commandeSeule(['synchro'], Number(brut.dossiers))}\`${reutilise}.`,
        ]
      : []),
    ...(brut.indexationSeuleLe
      ? [
          '',
          `Indexation des données et synchro initiale pendant l’indexation (2 lignes) remesurées seules le ${brut.indexationSeuleLe as string} : \`${(brut.indexationSeuleCommande as string | undefined) ?? commandeSeule(['indexation'], Number(brut.dossiers))}\`${reutilise}.`,
        ]
      : []),
    '',
  ].join('\n');
  fs.writeFileSync(path.join(dossier, 'core.md'), md);
  process.stdout.write(`${md}\n`);
}

principal()
  .catch((e: unknown) => {
    process.stderr.write(`Échec du bench : ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  })
  .finally(() => fs.rmSync(TRAVAIL, { recursive: true, force: true }));

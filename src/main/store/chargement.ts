import type { Db } from './db.js';
import { ecrireMeta, lireMeta } from './meta.js';

/**
 * Bulk loading for the initial sync. Maintaining 7 secondary indexes and the full-text index row by
 * row costs several times what the walk itself costs; building them once at the end (a sort per
 * index, one INSERT…SELECT for FTS) is far cheaper. The flag in `meta` makes this crash-safe: a store
 * opened with the flag still set gets its indexes back before anything else.
 *
 * Same definitions as migration 001; a test checks that suspending and restoring gives back exactly
 * the schema the migrations create.
 */
export const INDEX_SECONDAIRES: Readonly<Record<string, string>> = {
  dossiers_depose: 'CREATE INDEX IF NOT EXISTS dossiers_depose ON dossiers (depose_ms, numero)',
  dossiers_expire: 'CREATE INDEX IF NOT EXISTS dossiers_expire ON dossiers (expire_ms, numero)',
  dossiers_etat: 'CREATE INDEX IF NOT EXISTS dossiers_etat ON dossiers (etat, depose_ms, numero)',
  dossiers_demarche:
    'CREATE INDEX IF NOT EXISTS dossiers_demarche ON dossiers (demarche_code, depose_ms, numero)',
  dossiers_intitule: 'CREATE INDEX IF NOT EXISTS dossiers_intitule ON dossiers (demarche_intitule, numero)',
  dossiers_archivee: 'CREATE INDEX IF NOT EXISTS dossiers_archivee ON dossiers (archivee_ms, numero)',
  dossiers_supprime:
    'CREATE INDEX IF NOT EXISTS dossiers_supprime ON dossiers (supprime_motif, expire_ms, numero)',
  dossiers_courriel: 'CREATE INDEX IF NOT EXISTS dossiers_courriel ON dossiers (courriel)',
};

const DRAPEAU = 'chargement.index_suspendus';
const suspendus = new WeakSet<Db>();

/** Is the full-text index being rebuilt at the end (so rows must not be indexed one by one)? */
export function ftsSuspendu(db: Db): boolean {
  return suspendus.has(db);
}

export function suspendreIndex(db: Db): void {
  db.transaction(() => {
    noterFtsJusqua(db);
    for (const nom of Object.keys(INDEX_SECONDAIRES)) db.exec(`DROP INDEX IF EXISTS ${nom}`);
    ecrireMeta(db, DRAPEAU, '1');
  })();
  // Fewer, larger checkpoints while the same B-tree pages are rewritten page after page.
  db.pragma('wal_autocheckpoint = 20000');
  suspendus.add(db);
}

/**
 * Builds what suspendreIndex removed, all at once; a no-op when nothing is suspended. For opening a
 * store whose load was interrupted, and for tests. The sync uses terminerChargement instead.
 */
export function retablirIndex(db: Db): void {
  const enChargement = lireMeta(db, DRAPEAU) !== null;
  if (enChargement) {
    db.transaction(() => {
      for (const ddl of Object.values(INDEX_SECONDAIRES)) db.exec(ddl);
      finirIndexTri(db);
    })();
    analyser(db);
  }
  const aCompleter = lireMeta(db, FTS_A_COMPLETER) !== null;
  completerFtsMaintenant(db);
  suspendus.delete(db);
  if (enChargement || aCompleter) retablirCheckpoint(db);
}

/**
 * After the walk of an initial sync: builds the indexes in the background, one per event-loop turn
 * (about 100 ms each at 100,000 dossiers), then the full-text index in batches. The data is complete
 * and durable before this starts; until it ends, lists are served by scanning the table (tens of
 * milliseconds) and free-text search only finds what is already indexed. Killed half-way, the next
 * ouvrirBase finishes the job. Resolves when everything is built, or when the store is closed.
 */
export async function terminerChargement(db: Db): Promise<void> {
  const tour = () => new Promise((r) => setImmediate(r));
  try {
    if (lireMeta(db, DRAPEAU) !== null) {
      for (const ddl of Object.values(INDEX_SECONDAIRES)) {
        await tour();
        if (!db.open) return;
        db.exec(ddl);
      }
      db.transaction(() => finirIndexTri(db))();
      analyser(db);
    }
    // Rows inserted meanwhile (a detail read, a second sync) skip the row-by-row full-text insert
    // while the store is marked suspended: the batches below pick them up, and the mark is only
    // removed in the same turn as the last batch finds nothing left.
    while (db.open && lotFts(db)) await tour();
    if (!db.open) return;
    retablirCheckpoint(db);
  } finally {
    // Also after a failure (disk full…): back to row-by-row indexing; the next ouvrirBase finishes
    // whatever the meta flags say is left.
    suspendus.delete(db);
  }
}

function finirIndexTri(db: Db): void {
  ecrireMeta(db, DRAPEAU, null);
  ecrireMeta(db, FTS_A_COMPLETER, '1');
}

/** Statistics for the planner, sampled (a full ANALYZE of 100,000 rows costs a second). */
function analyser(db: Db): void {
  db.pragma('analysis_limit = 1000');
  db.exec('ANALYZE');
}

/**
 * Back to SQLite's usual checkpoints once the load is over, i.e. after the full-text completion:
 * checkpointing the whole load (tens of MB copied from the WAL into the database, then an fsync)
 * belongs to the background work, not to the end of the sync. The WAL is just as durable
 * meanwhile, and a connection opened later starts with the default anyway.
 */
function retablirCheckpoint(db: Db): void {
  if (!db.open) return;
  db.pragma('wal_autocheckpoint = 1000');
  // Now, rather than in whatever commit comes next (an agent's action, say).
  db.pragma('wal_checkpoint(PASSIVE)');
}

const FTS_A_COMPLETER = 'chargement.fts_a_completer';
const FTS_JUSQUA = 'chargement.fts_jusqu_a';
const LOT_FTS = 5000;

/** Indexes one batch of the rows loaded without full-text indexing; false when nothing is left. */
function lotFts(db: Db): boolean {
  if (lireMeta(db, FTS_A_COMPLETER) === null) return false;
  // IMMEDIATE: the range is read under the write lock, so two connections completing the same store
  // (the app and the CLI on one profile) never index the same rows twice nor fail to upgrade.
  return db
    .transaction(() => {
      const depuis = Number(lireMeta(db, FTS_JUSQUA) ?? '0');
      const fin = db
        .prepare('SELECT max(id) AS m FROM (SELECT id FROM dossiers WHERE id > ? ORDER BY id LIMIT ?)')
        .get(depuis, LOT_FTS) as { m: number | null };
      if (fin.m === null) {
        ecrireMeta(db, FTS_A_COMPLETER, null);
        ecrireMeta(db, FTS_JUSQUA, null);
        return false;
      }
      db.prepare(
        `INSERT INTO dossiers_fts (rowid, numero, demarche, courriel)
       SELECT id, numero, demarche_intitule || ' ' || demarche_code, courriel FROM dossiers WHERE id > ? AND id <= ?`,
      ).run(depuis, fin.m);
      ecrireMeta(db, FTS_JUSQUA, String(fin.m));
      return true;
    })
    .immediate();
}

export function completerFtsMaintenant(db: Db): void {
  while (lotFts(db));
}

/** Before suspending: rows up to this id are already in the FTS index. */
export function noterFtsJusqua(db: Db): void {
  // Rows indexed before (with their données) are kept; only the ones loaded now are added later.
  const max = (db.prepare('SELECT coalesce(max(id), 0) AS m FROM dossiers').get() as { m: number }).m;
  ecrireMeta(db, FTS_JUSQUA, String(max));
}

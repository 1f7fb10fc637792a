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
 * Builds what suspendreIndex removed; a no-op when nothing is suspended. The B-tree indexes are
 * built at once (lists need them); the full-text part is only marked "to complete": call
 * completerFts (the sync does it in the background), or the next ouvrirBase finishes it.
 */
export function retablirIndex(db: Db, fts: 'maintenant' | 'differe' = 'maintenant'): void {
  const enChargement = lireMeta(db, DRAPEAU) !== null;
  if (enChargement) {
    db.transaction(() => {
      for (const ddl of Object.values(INDEX_SECONDAIRES)) db.exec(ddl);
      ecrireMeta(db, DRAPEAU, null);
      ecrireMeta(db, FTS_A_COMPLETER, '1');
    })();
    // Statistics for the planner, sampled (a full ANALYZE of 100,000 rows costs a second).
    db.pragma('analysis_limit = 1000');
    db.exec('ANALYZE');
  }
  suspendus.delete(db);
  if (fts === 'maintenant') {
    const aCompleter = lireMeta(db, FTS_A_COMPLETER) !== null;
    completerFtsMaintenant(db);
    if (enChargement || aCompleter) retablirCheckpoint(db);
  }
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
  return db.transaction(() => {
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
  })();
}

export function completerFtsMaintenant(db: Db): void {
  while (lotFts(db));
}

/** In the background, one batch per event-loop turn, so the app stays responsive meanwhile. */
export async function completerFts(db: Db): Promise<void> {
  while (db.open && lotFts(db)) await new Promise((r) => setImmediate(r));
  retablirCheckpoint(db);
}

/** Before suspending: rows up to this id are already in the FTS index. */
export function noterFtsJusqua(db: Db): void {
  // Rows indexed before (with their données) are kept; only the ones loaded now are added later.
  const max = (db.prepare('SELECT coalesce(max(id), 0) AS m FROM dossiers').get() as { m: number }).m;
  ecrireMeta(db, FTS_JUSQUA, String(max));
}

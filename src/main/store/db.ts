import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { retablirIndex } from './chargement.js';
import { migrer } from './migrations/index.js';

export type Db = Database.Database;

/** Queries slower than this are logged: at 100,000 dossiers, a slow list is a bug. */
const SEUIL_LENT_MS = 40;

export function ouvrirBase(chemin: string): Db {
  fs.mkdirSync(path.dirname(chemin), { recursive: true });
  const db = new Database(chemin);
  // WAL: readers never block the sync's writes; synchronous=NORMAL is durable in WAL mode across
  // process crashes (kill -9), which is what the outbox needs.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Lists sort and count over 100,000 rows: keep the working set in memory.
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
  db.pragma('mmap_size = 268435456');
  migrer(db);
  // A bulk load killed half-way left its indexes dropped: put them back before anyone queries.
  retablirIndex(db);
  return db;
}

export function chronometrer<T>(nom: string, f: () => T): T {
  const debut = performance.now();
  const r = f();
  const duree = performance.now() - debut;
  if (duree > SEUIL_LENT_MS && process.env.GUICHET_LOG_LENT !== '0') {
    console.warn(`[store] requête lente (${duree.toFixed(0)} ms) : ${nom}`);
  }
  return r;
}

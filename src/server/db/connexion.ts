import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrer } from './migrations/index.js';

export type Db = Database.Database;

/**
 * Opens (and creates if needed) the guichet database: WAL so readers never block the single
 * writer, foreign keys enforced, a busy timeout so a second process (CLI `submit` while `serve`
 * runs) waits instead of failing, then brings the schema up to date.
 */
export function ouvrirBase(fichier: string): Db {
  if (fichier !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(fichier)), { recursive: true });
  const db = new Database(fichier);
  try {
    // Fails early, in French, on a file that is not a SQLite database.
    try {
      db.pragma('schema_version');
    } catch {
      throw new Error(`${fichier} n'est pas une base SQLite du guichet.`);
    }
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 10000');
    // NORMAL is durable in WAL mode up to the last checkpoint and much faster than FULL.
    db.pragma('synchronous = NORMAL');
    db.pragma('cache_size = -32000');
    migrer(db);
    return db;
  } catch (erreur) {
    db.close();
    throw erreur;
  }
}

/** Runs `fn` in an IMMEDIATE transaction (takes the write lock up front: no upgrade deadlock). */
export function enTransaction<T>(db: Db, fn: () => T): T {
  return db.transaction(fn).immediate();
}

import type Database from 'better-sqlite3';
import { migration001 } from './001-initial.js';
import { migration002 } from './002-dictionnaires.js';
import { migration003 } from './003-index-filtres.js';
import { migration004 } from './004-portail.js';

export interface Migration {
  version: number;
  nom: string;
  appliquer(db: Database.Database): void;
}

/** Ordered list: a migration is never edited once shipped, a new version is appended. */
export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003, migration004];

/** Applies every migration above `user_version`, each in its own transaction with its version. */
export function migrer(db: Database.Database): number {
  const actuelle = db.pragma('user_version', { simple: true }) as number;
  const derniere = MIGRATIONS.at(-1)?.version ?? 0;
  if (actuelle > derniere) {
    throw new Error(
      `La base est en version ${actuelle}, plus récente que ce serveur (${derniere}) : mettez le serveur à jour.`,
    );
  }
  for (const migration of MIGRATIONS) {
    if (migration.version <= actuelle) continue;
    db.transaction(() => {
      migration.appliquer(db);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
  return derniere;
}

import type { Database } from 'better-sqlite3';
import { migration001 } from './001-initial.js';
import { migration002 } from './002-archivage-garanti.js';
import { migration003 } from './003-quarantaine.js';
import { migration004 } from './004-portail.js';

/** Ordered: migration i brings the store to user_version i + 1. Never reorder or edit a shipped one. */
export const migrations: ReadonlyArray<(db: Database) => void> = [
  migration001,
  migration002,
  migration003,
  migration004,
];

export function migrer(db: Database): void {
  const actuelle = db.pragma('user_version', { simple: true }) as number;
  if (actuelle > migrations.length) {
    throw new Error(
      `La base locale (version ${actuelle}) a été créée par une version plus récente de l'application.`,
    );
  }
  for (let v = actuelle; v < migrations.length; v++) {
    const appliquer = migrations[v];
    if (!appliquer) continue;
    db.transaction(() => {
      appliquer(db);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

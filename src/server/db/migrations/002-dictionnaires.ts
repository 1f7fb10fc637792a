import type { Migration } from './index.js';

/**
 * Compression dictionaries for the stored données: built from sample dossiers and kept in the
 * database (never regenerated), so a row stays readable whatever the generator becomes.
 */
export const migration002: Migration = {
  version: 2,
  nom: 'dictionnaires de compression',
  appliquer(db) {
    db.exec(
      `CREATE TABLE dictionnaires (id INTEGER PRIMARY KEY, contenu BLOB NOT NULL, cree_le INTEGER NOT NULL);`,
    );
  },
};

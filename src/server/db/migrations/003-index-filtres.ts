import type { Migration } from './index.js';

/**
 * The classic listing filters open dossiers by état or démarche and sorts them by date: without
 * these, a 25,000-dossier service scans all its open dossiers to count one état.
 */
export const migration003: Migration = {
  version: 3,
  nom: 'index des filtres de la liste',
  appliquer(db) {
    db.exec(`
      CREATE INDEX dossiers_ouverts_etat ON dossiers(service_id, etat, depose_le) WHERE clos_le IS NULL;
      CREATE INDEX dossiers_ouverts_demarche ON dossiers(service_id, demarche_id, depose_le) WHERE clos_le IS NULL;
    `);
  },
};

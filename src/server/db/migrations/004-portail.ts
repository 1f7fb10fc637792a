import type { Migration } from './index.js';

/**
 * Demandes of a citizen portal: the demandeur, the échanges (messages and their files), the
 * justificatifs the agent validates and the rendez-vous. Every row belongs to one dossier and goes
 * with it (ON DELETE CASCADE: the retention purge deletes them too); files are shared blobs.
 * Public ids are what the API shows; integer ids stay inside.
 */
export const migration004: Migration = {
  version: 4,
  nom: 'portail citoyen',
  appliquer(db) {
    db.exec(`
      CREATE TABLE demandeurs (
        dossier_id INTEGER PRIMARY KEY REFERENCES dossiers(id) ON DELETE CASCADE,
        -- The Demandeur of the contract, as JSON: read and written whole, never queried by field.
        donnees TEXT NOT NULL
      );

      CREATE TABLE messages (
        id INTEGER PRIMARY KEY,
        public_id TEXT NOT NULL UNIQUE,
        dossier_id INTEGER NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
        le INTEGER NOT NULL,
        sens TEXT NOT NULL CHECK (sens IN ('usager', 'mairie')),
        sujet TEXT NOT NULL,
        texte TEXT NOT NULL,
        par TEXT,
        lu_par_usager_le INTEGER
      );
      CREATE INDEX messages_dossier ON messages(dossier_id, id);

      CREATE TABLE messages_fichiers (
        id INTEGER PRIMARY KEY,
        public_id TEXT NOT NULL UNIQUE,
        message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
        nom TEXT NOT NULL,
        type TEXT NOT NULL,
        blob_id INTEGER NOT NULL REFERENCES blobs(id),
        le INTEGER NOT NULL
      );
      CREATE INDEX messages_fichiers_message ON messages_fichiers(message_id, id);
      CREATE INDEX messages_fichiers_blob ON messages_fichiers(blob_id);

      CREATE TABLE justificatifs (
        id INTEGER PRIMARY KEY,
        public_id TEXT NOT NULL UNIQUE,
        dossier_id INTEGER NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
        libelle TEXT NOT NULL,
        statut TEXT NOT NULL CHECK (statut IN ('non-fourni', 'fourni', 'valide', 'invalide')),
        motif TEXT,
        -- The citizen's latest file (a new one replaces it): what a decision is about.
        fichier_public_id TEXT,
        fichier_nom TEXT,
        fichier_type TEXT,
        blob_id INTEGER REFERENCES blobs(id),
        fourni_le INTEGER,
        decide_le INTEGER,
        decide_par TEXT
      );
      CREATE INDEX justificatifs_dossier ON justificatifs(dossier_id, id);
      CREATE INDEX justificatifs_blob ON justificatifs(blob_id);

      CREATE TABLE rendez_vous (
        id INTEGER PRIMARY KEY,
        public_id TEXT NOT NULL UNIQUE,
        dossier_id INTEGER NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
        debut INTEGER NOT NULL,
        fin INTEGER NOT NULL,
        lieu TEXT NOT NULL,
        objet TEXT NOT NULL,
        statut TEXT NOT NULL CHECK (statut IN ('planifie', 'annule')),
        annule_par TEXT CHECK (annule_par IN ('usager', 'mairie')),
        motif_annulation TEXT,
        remplace TEXT
      );
      CREATE INDEX rendez_vous_dossier ON rendez_vous(dossier_id, debut);
    `);
  },
};

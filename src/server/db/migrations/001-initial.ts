import type { Migration } from './index.js';

/**
 * Initial schema. Dates are INTEGER milliseconds since the epoch (compact, sortable); hashes are
 * raw 32-byte BLOBs. `seq` is one global change sequence shared by dossiers and tombstones, so the
 * incremental listing can merge both by a single ordered key.
 */
export const migration001: Migration = {
  version: 1,
  nom: 'schéma initial',
  appliquer(db) {
    db.exec(`
      CREATE TABLE compteurs (nom TEXT PRIMARY KEY, valeur INTEGER NOT NULL) WITHOUT ROWID;
      INSERT INTO compteurs (nom, valeur) VALUES ('seq', 0);

      CREATE TABLE services (
        id INTEGER PRIMARY KEY,
        code_insee TEXT NOT NULL UNIQUE,
        nom TEXT NOT NULL
      );

      CREATE TABLE utilisateurs (
        id INTEGER PRIMARY KEY,
        service_id INTEGER NOT NULL REFERENCES services(id),
        identifiant TEXT NOT NULL UNIQUE,
        nom TEXT NOT NULL,
        prenom TEXT NOT NULL,
        courriel TEXT NOT NULL,
        habilitation TEXT NOT NULL CHECK (habilitation IN ('GESTION', 'INSTRUCTION')),
        active INTEGER NOT NULL DEFAULT 1,
        mot_de_passe TEXT NOT NULL,
        cree_le INTEGER NOT NULL,
        modifie_le INTEGER NOT NULL
      );
      CREATE INDEX utilisateurs_service ON utilisateurs(service_id, identifiant);

      CREATE TABLE demarches (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        intitule TEXT NOT NULL,
        workflow TEXT NOT NULL,
        pieces_requises TEXT NOT NULL DEFAULT '[]'
      );
      CREATE TABLE services_demarches (
        service_id INTEGER NOT NULL REFERENCES services(id),
        demarche_id INTEGER NOT NULL REFERENCES demarches(id),
        PRIMARY KEY (service_id, demarche_id)
      ) WITHOUT ROWID;

      -- Content-addressed: identical bytes are stored once, whatever the dossier.
      CREATE TABLE blobs (
        id INTEGER PRIMARY KEY,
        sha256 BLOB NOT NULL UNIQUE,
        taille INTEGER NOT NULL,
        contenu BLOB NOT NULL
      );

      CREATE TABLE dossiers (
        id INTEGER PRIMARY KEY,
        numero TEXT NOT NULL UNIQUE,
        service_id INTEGER NOT NULL REFERENCES services(id),
        demarche_id INTEGER NOT NULL REFERENCES demarches(id),
        courriel TEXT NOT NULL,
        depose_le INTEGER NOT NULL,
        etat INTEGER NOT NULL,
        dernier_commentaire TEXT,
        revision INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        clos_le INTEGER,
        archive_taille INTEGER NOT NULL,
        archive_sha256 BLOB NOT NULL,
        -- What the citizen typed (Donnees), deflated JSON: the CERFA and the XML files of the
        -- archive are regenerated from it, deterministically, instead of being stored.
        donnees BLOB NOT NULL
      );
      CREATE UNIQUE INDEX dossiers_seq ON dossiers(service_id, seq);
      CREATE INDEX dossiers_ouverts ON dossiers(service_id, depose_le) WHERE clos_le IS NULL;
      CREATE INDEX dossiers_depose ON dossiers(depose_le);

      -- Pièces justificatives of the citizen: archive entries pointing at shared blobs.
      CREATE TABLE dossiers_fichiers (
        dossier_id INTEGER NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
        ordre INTEGER NOT NULL,
        nom TEXT NOT NULL,
        type TEXT NOT NULL,
        blob_id INTEGER NOT NULL REFERENCES blobs(id),
        PRIMARY KEY (dossier_id, ordre)
      ) WITHOUT ROWID;
      CREATE INDEX dossiers_fichiers_blob ON dossiers_fichiers(blob_id);

      CREATE TABLE historique (
        id INTEGER PRIMARY KEY,
        dossier_id INTEGER NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
        le INTEGER NOT NULL,
        par TEXT,
        etat INTEGER NOT NULL,
        commentaire TEXT
      );
      CREATE INDEX historique_dossier ON historique(dossier_id, id);

      CREATE TABLE pieces_deposees (
        id INTEGER PRIMARY KEY,
        public_id TEXT NOT NULL UNIQUE,
        dossier_id INTEGER NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
        slot TEXT NOT NULL,
        nom TEXT NOT NULL,
        blob_id INTEGER NOT NULL REFERENCES blobs(id),
        le INTEGER NOT NULL,
        par TEXT
      );
      CREATE INDEX pieces_deposees_dossier ON pieces_deposees(dossier_id, slot);
      CREATE INDEX pieces_deposees_blob ON pieces_deposees(blob_id);

      -- Tombstones of purged dossiers, in the same sequence space as dossiers.seq.
      CREATE TABLE suppressions (
        id INTEGER PRIMARY KEY,
        service_id INTEGER NOT NULL REFERENCES services(id),
        numero TEXT NOT NULL,
        motif TEXT NOT NULL CHECK (motif IN ('cloture', 'retention')),
        seq INTEGER NOT NULL,
        le INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX suppressions_seq ON suppressions(service_id, seq);

      CREATE TABLE idempotence (
        service_id INTEGER NOT NULL REFERENCES services(id),
        cle TEXT NOT NULL,
        empreinte TEXT NOT NULL,
        statut INTEGER NOT NULL,
        reponse TEXT NOT NULL,
        le INTEGER NOT NULL,
        PRIMARY KEY (service_id, cle)
      ) WITHOUT ROWID;
      CREATE INDEX idempotence_le ON idempotence(le);

      CREATE TABLE sessions (
        jeton_hash BLOB PRIMARY KEY,
        utilisateur_id INTEGER NOT NULL REFERENCES utilisateurs(id) ON DELETE CASCADE,
        cree_le INTEGER NOT NULL,
        expire_le INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX sessions_utilisateur ON sessions(utilisateur_id);

      CREATE TABLE jetons_reinitialisation (
        jeton_hash BLOB PRIMARY KEY,
        utilisateur_id INTEGER NOT NULL REFERENCES utilisateurs(id) ON DELETE CASCADE,
        expire_le INTEGER NOT NULL,
        utilise_le INTEGER
      ) WITHOUT ROWID;
      CREATE INDEX jetons_reinitialisation_utilisateur ON jetons_reinitialisation(utilisateur_id);

    `);
  },
};

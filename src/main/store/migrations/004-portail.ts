import type { Database } from 'better-sqlite3';

/**
 * Version 4: the citizen portals' demandes.
 * - `dossiers_portail`: what the guichet last said of a portal demande (demandeur, échanges,
 *   justificatifs, rendez-vous) as JSON, apart from the narrow list rows; written by the sync and by
 *   every acknowledged action.
 * - `messages_lus`: which citizen messages the agent read. It stays on this workstation (the guichet
 *   only knows whether the citizen read the mairie's messages), keyed by numéro so that it survives
 *   anything that rewrites the dossier's row.
 * - `dossiers.messages_non_lus`: kept up to date on each write, so that the list, its badge and its
 *   filter read a column instead of walking JSON.
 * - `portail_fts`: full-text index of the demandeur, the messages and the justificatifs (rowid =
 *   dossiers.id). Separate from `dossiers_fts`, which is contentless and holds the données of the
 *   archive: re-indexing a message must not cost re-reading the zip.
 * - `actions`: three more types (its CHECK is rebuilt with the table), with their own fields as JSON
 *   and a French summary.
 */
export function migration004(db: Database): void {
  db.exec(`
    CREATE TABLE dossiers_portail (
      id INTEGER PRIMARY KEY REFERENCES dossiers (id),
      json TEXT NOT NULL
    );

    CREATE TABLE messages_lus (
      numero TEXT NOT NULL,
      message TEXT NOT NULL,
      lu_le TEXT NOT NULL,
      PRIMARY KEY (numero, message)
    ) WITHOUT ROWID;

    ALTER TABLE dossiers ADD COLUMN messages_non_lus INTEGER NOT NULL DEFAULT 0;
    -- Partial: only the few dossiers with something unread (filter « Messages non lus », dashboard).
    CREATE INDEX dossiers_non_lus ON dossiers (numero) WHERE messages_non_lus > 0;

    CREATE VIRTUAL TABLE portail_fts USING fts5(
      demandeur, messages, justificatifs,
      content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
    );

    CREATE TABLE actions_v4 (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      type TEXT NOT NULL CHECK (type IN ('etat', 'piece', 'cloture', 'message', 'justificatif', 'rendez-vous')),
      numeros_json TEXT NOT NULL,
      etat INTEGER,
      commentaire TEXT,
      slot TEXT,
      nom_fichier TEXT,
      fichier TEXT,
      taille INTEGER,
      sha256 TEXT,
      cles_json TEXT NOT NULL,
      revision INTEGER,
      statut TEXT NOT NULL,
      tentatives INTEGER NOT NULL DEFAULT 0,
      erreur TEXT,
      cree_le TEXT NOT NULL,
      prochain_essai_ms INTEGER,
      par TEXT,
      -- The fields of a message, a decision or a rendez-vous (see DonneesAction).
      donnees_json TEXT,
      resume TEXT
    );
    INSERT INTO actions_v4 (seq, id, type, numeros_json, etat, commentaire, slot, nom_fichier, fichier, taille,
        sha256, cles_json, revision, statut, tentatives, erreur, cree_le, prochain_essai_ms, par)
      SELECT seq, id, type, numeros_json, etat, commentaire, slot, nom_fichier, fichier, taille,
        sha256, cles_json, revision, statut, tentatives, erreur, cree_le, prochain_essai_ms, par FROM actions;

    CREATE TABLE action_dossiers_v4 (
      action_seq INTEGER NOT NULL REFERENCES actions_v4 (seq),
      numero TEXT NOT NULL,
      statut TEXT NOT NULL DEFAULT 'attente' CHECK (statut IN ('attente', 'fait', 'echec')),
      PRIMARY KEY (action_seq, numero)
    ) WITHOUT ROWID;
    INSERT INTO action_dossiers_v4 (action_seq, numero, statut) SELECT action_seq, numero, statut FROM action_dossiers;

    -- Sequence numbers never go back, even past rows no longer there.
    UPDATE sqlite_sequence SET seq = max(seq, coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'actions'), 0))
      WHERE name = 'actions_v4';

    -- Child first, so that dropping the parent finds no row pointing to it.
    DROP TABLE action_dossiers;
    DROP TABLE actions;
    -- Renaming updates the reference of action_dossiers_v4 to the new name.
    ALTER TABLE actions_v4 RENAME TO actions;
    ALTER TABLE action_dossiers_v4 RENAME TO action_dossiers;
    CREATE INDEX actions_statut ON actions (statut, seq);
    CREATE INDEX action_dossiers_numero ON action_dossiers (numero, statut);
  `);
}

import type { Database } from 'better-sqlite3';

/** Version 1: dossiers (+ FTS5), reference data, sync state, outbox. */
export function migration001(db: Database): void {
  db.exec(`
    CREATE TABLE meta (cle TEXT PRIMARY KEY, valeur TEXT NOT NULL);

    CREATE TABLE workflows (code TEXT PRIMARY KEY, json TEXT NOT NULL);
    CREATE TABLE demarches (code TEXT PRIMARY KEY, intitule TEXT NOT NULL, workflow TEXT NOT NULL, json TEXT NOT NULL);

    -- One row per dossier ever seen. Columns are what the agent sees (server state with the
    -- pending outbox actions applied optimistically); serveur_json is the last state the guichet
    -- confirmed, from which the displayed state is recomputed when an action is acknowledged,
    -- refused or cancelled.
    CREATE TABLE dossiers (
      id INTEGER PRIMARY KEY,
      numero TEXT NOT NULL UNIQUE,
      demarche_code TEXT NOT NULL,
      demarche_intitule TEXT NOT NULL,
      courriel TEXT NOT NULL,
      depose_le TEXT NOT NULL,
      depose_ms INTEGER NOT NULL,
      expire_le TEXT NOT NULL,
      expire_ms INTEGER NOT NULL,
      etat INTEGER NOT NULL,
      dernier_commentaire TEXT,
      revision INTEGER NOT NULL,
      archive_taille INTEGER NOT NULL,
      archive_sha256 TEXT NOT NULL,
      detail_complet INTEGER NOT NULL DEFAULT 0,
      supprime_motif TEXT,
      supprime_ms INTEGER,
      -- Local archive index: path relative to the archive folder (forward slashes).
      archive_chemin TEXT,
      archive_local_sha256 TEXT,
      archive_local_taille INTEGER,
      archivee_le TEXT,
      archivee_ms INTEGER,
      donnees_indexees INTEGER NOT NULL DEFAULT 0,
      cree_ms INTEGER NOT NULL
    );
    -- Sort indexes end with numero (the tie-breaker of every sort) so that a page of a sorted list
    -- is read in index order without sorting the whole table.
    CREATE INDEX dossiers_depose ON dossiers (depose_ms, numero);
    CREATE INDEX dossiers_expire ON dossiers (expire_ms, numero);
    CREATE INDEX dossiers_etat ON dossiers (etat, depose_ms, numero);
    CREATE INDEX dossiers_demarche ON dossiers (demarche_code, depose_ms, numero);
    CREATE INDEX dossiers_intitule ON dossiers (demarche_intitule, numero);
    CREATE INDEX dossiers_archivee ON dossiers (archivee_ms, numero);
    -- Not deleted (NULL) + expiring soon, in order: the "expire bientôt" list and its count.
    CREATE INDEX dossiers_supprime ON dossiers (supprime_motif, expire_ms, numero);
    -- An e-mail address typed in the search box: prefix range on the address.
    CREATE INDEX dossiers_courriel ON dossiers (courriel);

    -- The bulky JSON lives apart so that list queries scan narrow rows. Only for dossiers whose
    -- detail was read or that have actions queued (see serveurDe in dossiers.ts).
    CREATE TABLE dossiers_json (
      id INTEGER PRIMARY KEY REFERENCES dossiers (id),
      serveur_json TEXT NOT NULL,
      historique_json TEXT NOT NULL DEFAULT '[]',
      pieces_json TEXT NOT NULL DEFAULT '[]'
    );

    -- rowid = dossiers.id. Numéro, démarche and courriel from sync; données from donnees.xml once
    -- the archive has been read. Contentless: the text is already in dossiers (or in the archive),
    -- storing it twice would only slow the sync down.
    CREATE VIRTUAL TABLE dossiers_fts USING fts5(
      numero, demarche, courriel, donnees,
      content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
    );

    -- The outbox. Each row is written in the same transaction as its optimistic effect.
    CREATE TABLE actions (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      type TEXT NOT NULL CHECK (type IN ('etat', 'piece', 'cloture')),
      numeros_json TEXT NOT NULL,
      etat INTEGER,
      commentaire TEXT,
      slot TEXT,
      nom_fichier TEXT,
      fichier TEXT,
      taille INTEGER,
      sha256 TEXT,
      -- Idempotency keys chosen at creation (one per chunk of a mass close), so a replay after a
      -- crash sends exactly the same keys.
      cles_json TEXT NOT NULL,
      revision INTEGER,
      statut TEXT NOT NULL,
      tentatives INTEGER NOT NULL DEFAULT 0,
      erreur TEXT,
      cree_le TEXT NOT NULL,
      prochain_essai_ms INTEGER,
      par TEXT
    );
    CREATE INDEX actions_statut ON actions (statut, seq);

    -- Which dossiers an action touches and whether the guichet has settled it for each one.
    CREATE TABLE action_dossiers (
      action_seq INTEGER NOT NULL REFERENCES actions (seq),
      numero TEXT NOT NULL,
      statut TEXT NOT NULL DEFAULT 'attente' CHECK (statut IN ('attente', 'fait', 'echec')),
      PRIMARY KEY (action_seq, numero)
    ) WITHOUT ROWID;
    CREATE INDEX action_dossiers_numero ON action_dossiers (numero, statut);
  `);
}

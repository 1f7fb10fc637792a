import type { Database } from 'better-sqlite3';

/**
 * Version 2: the archive as a guarantee.
 * - Each local archive knows the archive folder it was written to (`dossiers_archives`), so a change
 *   of folder never orphans the earlier archives.
 * - The last integrity check of each zip, and what it found.
 * - Losses: dossiers the guichet deleted before this workstation kept an archive, kept forever.
 * - Dossiers known by a tombstone alone (`inconnu`): only the numéro is real, the other columns hold
 *   placeholders ('' and 0) that the store maps to null.
 */
export function migration002(db: Database): void {
  db.exec(`
    CREATE TABLE dossiers_archives (id INTEGER PRIMARY KEY, chemin TEXT NOT NULL UNIQUE);

    ALTER TABLE dossiers ADD COLUMN archive_racine INTEGER REFERENCES dossiers_archives (id);
    -- The état shown when the archive was written (for the register).
    ALTER TABLE dossiers ADD COLUMN archive_etat INTEGER;
    ALTER TABLE dossiers ADD COLUMN archive_verifiee_le TEXT;
    ALTER TABLE dossiers ADD COLUMN archive_defaut TEXT CHECK (archive_defaut IN ('manquante', 'endommagee'));
    ALTER TABLE dossiers ADD COLUMN inconnu INTEGER NOT NULL DEFAULT 0;
    -- Closed on the guichet (a tombstone carries nothing else): read its detail once more while the
    -- guichet still serves it, so that the archive kept is the final one (attestation included).
    ALTER TABLE dossiers ADD COLUMN detail_a_relire INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE dossiers ADD COLUMN perte_motif TEXT CHECK (perte_motif IN ('cloture', 'retention'));
    ALTER TABLE dossiers ADD COLUMN perte_annoncee_le TEXT;
    ALTER TABLE dossiers ADD COLUMN perte_constatee_le TEXT;
    ALTER TABLE dossiers ADD COLUMN perte_acquittee_le TEXT;

    -- Partial: a handful of rows each, so they cost nothing to the bulk load of the first sync.
    CREATE INDEX dossiers_perte ON dossiers (perte_constatee_le, numero) WHERE perte_constatee_le IS NOT NULL;
    CREATE INDEX dossiers_defaut ON dossiers (numero) WHERE archive_defaut IS NOT NULL;
    CREATE INDEX dossiers_a_relire ON dossiers (numero) WHERE detail_a_relire = 1;
  `);
}

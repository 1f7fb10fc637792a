import type { Database } from 'better-sqlite3';

/**
 * Version 3: dossiers the guichet sent in a shape we cannot trust. They are set aside with their
 * reason instead of holding up the rest of the walk, shown to the agent until the guichet sends
 * them again valid. `numero` is null when even the numéro was unreadable (the reason then says
 * where the element was); `extrait` keeps the beginning of the raw JSON for the administrator.
 * `acquitte_le`: an agent's « Pris connaissance », which stops the alerts — the only way out for an
 * element whose numéro was unreadable, since nothing can ever match it again.
 */
export function migration003(db: Database): void {
  db.exec(`
    CREATE TABLE quarantaine (
      id INTEGER PRIMARY KEY,
      numero TEXT UNIQUE,
      recu_le TEXT NOT NULL,
      raison TEXT NOT NULL,
      extrait TEXT NOT NULL,
      acquitte_le TEXT
    );
  `);
}

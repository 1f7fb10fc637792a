import type { Db } from './db.js';

export function lireMeta(db: Db, cle: string): string | null {
  const r = db.prepare('SELECT valeur FROM meta WHERE cle = ?').get(cle) as { valeur: string } | undefined;
  return r?.valeur ?? null;
}

export function ecrireMeta(db: Db, cle: string, valeur: string | null): void {
  if (valeur === null) db.prepare('DELETE FROM meta WHERE cle = ?').run(cle);
  else
    db.prepare(
      'INSERT INTO meta (cle, valeur) VALUES (?, ?) ON CONFLICT (cle) DO UPDATE SET valeur = excluded.valeur',
    ).run(cle, valeur);
}

export const META = {
  curseur: 'synchro.curseur',
  derniereSynchro: 'synchro.derniere',
  utilisateur: 'session.utilisateur',
  /** scrypt proof of the last password accepted online (JSON), to open the data offline; never the password. */
  verificateur: 'session.verificateur-hors-ligne',
  visite: 'visite.courante',
  visitePrecedente: 'visite.precedente',
  /** End of the last complete integrity check of the local archives. */
  derniereVerification: 'archives.derniere-verification',
  /** A move of the archive folder in progress (JSON): resumed at the next session. */
  deplacement: 'archives.deplacement',
  /** Set once the tree `<intitulé>/…` of store version 1 is renamed to `<code démarche>/…`. */
  arbreMigre: 'archives.arbre-code-demarche',
} as const;

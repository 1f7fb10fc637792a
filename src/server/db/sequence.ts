import type { Db } from './connexion.js';

/**
 * The global change sequence. Must be called inside the write transaction that records the
 * change: with a single writer, sequence numbers commit in increasing order, which is what makes
 * the incremental listing gap-free.
 */
export function creerSequence(db: Db): () => number {
  const suivant = db.prepare<[], { valeur: number }>(
    "UPDATE compteurs SET valeur = valeur + 1 WHERE nom = 'seq' RETURNING valeur",
  );
  return () => {
    const ligne = suivant.get();
    if (!ligne) throw new Error('Compteur de séquence absent.');
    return ligne.valeur;
  };
}

/** Named counters (e.g. how many demo dossiers were generated so far). */
export class DepotCompteurs {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      lire: db.prepare<[string], { valeur: number }>('SELECT valeur FROM compteurs WHERE nom = ?'),
      ecrire: db.prepare<[string, number]>(
        'INSERT INTO compteurs (nom, valeur) VALUES (?, ?) ON CONFLICT (nom) DO UPDATE SET valeur = excluded.valeur',
      ),
    };
  }

  lire(nom: string): number {
    return this.stmts.lire.get(nom)?.valeur ?? 0;
  }

  ecrire(nom: string, valeur: number): void {
    this.stmts.ecrire.run(nom, valeur);
  }
}

import { demandeurSchema, type Demandeur } from '../../shared/api/schemas.js';
import type { Db } from './connexion.js';

/** The demandeur of each portal demande (one per dossier). */
export class DepotDemandeurs {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      lire: db.prepare<[number], { donnees: string }>('SELECT donnees FROM demandeurs WHERE dossier_id = ?'),
      lirePlusieurs: db.prepare<[string], { dossierId: number; donnees: string }>(
        `SELECT dossier_id AS dossierId, donnees FROM demandeurs
          WHERE dossier_id IN (SELECT value FROM json_each(?))`,
      ),
      ecrire: db.prepare<[number, string]>(
        `INSERT INTO demandeurs (dossier_id, donnees) VALUES (?, ?)
           ON CONFLICT (dossier_id) DO UPDATE SET donnees = excluded.donnees`,
      ),
    };
  }

  lire(dossierId: number): Demandeur | undefined {
    const l = this.stmts.lire.get(dossierId);
    return l ? demandeurSchema.parse(JSON.parse(l.donnees)) : undefined;
  }

  /** Batch read for a page of the listing: one query whatever the page size. */
  lirePlusieurs(dossierIds: readonly number[]): Map<number, Demandeur> {
    const lignes = this.stmts.lirePlusieurs.all(JSON.stringify(dossierIds));
    // Written by this server from a validated Demandeur, and every answer is checked against the
    // contract on the way out: no second validation per dossier on the listing's hot path.
    return new Map(lignes.map((l) => [l.dossierId, JSON.parse(l.donnees) as Demandeur]));
  }

  ecrire(dossierId: number, d: Demandeur): void {
    this.stmts.ecrire.run(dossierId, JSON.stringify(d));
  }
}

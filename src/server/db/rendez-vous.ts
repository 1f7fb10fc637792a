import type { Db } from './connexion.js';
import type { Sens } from './messages.js';

export interface RendezVousLigne {
  id: number;
  publicId: string;
  dossierId: number;
  debut: number;
  fin: number;
  lieu: string;
  objet: string;
  statut: 'planifie' | 'annule';
  annulePar: Sens | null;
  motifAnnulation: string | null;
  remplace: string | null;
}

const COLONNES = `r.id, r.public_id AS publicId, r.dossier_id AS dossierId, r.debut, r.fin, r.lieu, r.objet,
  r.statut, r.annule_par AS annulePar, r.motif_annulation AS motifAnnulation, r.remplace`;

/** The rendez-vous of portal demandes; a cancelled one stays, so both sides see what happened. */
export class DepotRendezVous {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      duDossier: db.prepare<[number], RendezVousLigne>(
        `SELECT ${COLONNES} FROM rendez_vous r WHERE r.dossier_id = ? ORDER BY r.debut, r.id`,
      ),
      desDossiers: db.prepare<[string], RendezVousLigne>(
        `SELECT ${COLONNES} FROM rendez_vous r
          WHERE r.dossier_id IN (SELECT value FROM json_each(?)) ORDER BY r.dossier_id, r.debut, r.id`,
      ),
      un: db.prepare<[number, string], RendezVousLigne>(
        `SELECT ${COLONNES} FROM rendez_vous r WHERE r.dossier_id = ? AND r.public_id = ?`,
      ),
      inserer: db.prepare(
        `INSERT INTO rendez_vous (public_id, dossier_id, debut, fin, lieu, objet, statut, annule_par,
           motif_annulation, remplace)
         VALUES (@publicId, @dossierId, @debut, @fin, @lieu, @objet, @statut, @annulePar, @motifAnnulation, @remplace)`,
      ),
      annuler: db.prepare<[Sens, string, number]>(
        "UPDATE rendez_vous SET statut = 'annule', annule_par = ?, motif_annulation = ? WHERE id = ?",
      ),
    };
  }

  duDossier(dossierId: number): RendezVousLigne[] {
    return this.stmts.duDossier.all(dossierId);
  }

  desDossiers(dossierIds: readonly number[]): RendezVousLigne[] {
    return this.stmts.desDossiers.all(JSON.stringify(dossierIds));
  }

  un(dossierId: number, publicId: string): RendezVousLigne | undefined {
    return this.stmts.un.get(dossierId, publicId);
  }

  inserer(r: Omit<RendezVousLigne, 'id'>): void {
    this.stmts.inserer.run(r);
  }

  annuler(id: number, par: Sens, motif: string): void {
    this.stmts.annuler.run(par, motif, id);
  }
}

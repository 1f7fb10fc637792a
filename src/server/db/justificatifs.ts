import type { StatutJustificatif } from '../../shared/api/schemas.js';
import type { Db } from './connexion.js';

export interface JustificatifLigne {
  id: number;
  publicId: string;
  dossierId: number;
  libelle: string;
  statut: StatutJustificatif;
  motif: string | null;
  fichierPublicId: string | null;
  fichierNom: string | null;
  fichierType: string | null;
  blobId: number | null;
  /** From the blob, null without a file. */
  taille: number | null;
  sha256: Buffer | null;
  fourniLe: number | null;
  decideLe: number | null;
  decidePar: string | null;
}

const COLONNES = `j.id, j.public_id AS publicId, j.dossier_id AS dossierId, j.libelle, j.statut, j.motif,
  j.fichier_public_id AS fichierPublicId, j.fichier_nom AS fichierNom, j.fichier_type AS fichierType,
  j.blob_id AS blobId, b.taille, b.sha256, j.fourni_le AS fourniLe, j.decide_le AS decideLe,
  j.decide_par AS decidePar`;
const DEPUIS = 'justificatifs j LEFT JOIN blobs b ON b.id = j.blob_id';

/** The justificatifs a portal demande requires, with the citizen's latest file and the decision. */
export class DepotJustificatifs {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      duDossier: db.prepare<[number], JustificatifLigne>(
        `SELECT ${COLONNES} FROM ${DEPUIS} WHERE j.dossier_id = ? ORDER BY j.id`,
      ),
      desDossiers: db.prepare<[string], JustificatifLigne>(
        `SELECT ${COLONNES} FROM ${DEPUIS}
          WHERE j.dossier_id IN (SELECT value FROM json_each(?)) ORDER BY j.dossier_id, j.id`,
      ),
      un: db.prepare<[number, string], JustificatifLigne>(
        `SELECT ${COLONNES} FROM ${DEPUIS} WHERE j.dossier_id = ? AND j.public_id = ?`,
      ),
      inserer: db.prepare(
        `INSERT INTO justificatifs (public_id, dossier_id, libelle, statut, motif, fichier_public_id, fichier_nom,
           fichier_type, blob_id, fourni_le, decide_le, decide_par)
         VALUES (@publicId, @dossierId, @libelle, @statut, @motif, @fichierPublicId, @fichierNom,
           @fichierType, @blobId, @fourniLe, @decideLe, @decidePar)`,
      ),
      fournir: db.prepare<[string, string, string, number, number, number]>(
        `UPDATE justificatifs SET statut = 'fourni', motif = NULL, fichier_public_id = ?, fichier_nom = ?,
           fichier_type = ?, blob_id = ?, fourni_le = ?, decide_le = NULL, decide_par = NULL WHERE id = ?`,
      ),
      decider: db.prepare<[StatutJustificatif, string | null, number, string, number]>(
        'UPDATE justificatifs SET statut = ?, motif = ?, decide_le = ?, decide_par = ? WHERE id = ?',
      ),
    };
  }

  duDossier(dossierId: number): JustificatifLigne[] {
    return this.stmts.duDossier.all(dossierId);
  }

  desDossiers(dossierIds: readonly number[]): JustificatifLigne[] {
    return this.stmts.desDossiers.all(JSON.stringify(dossierIds));
  }

  un(dossierId: number, publicId: string): JustificatifLigne | undefined {
    return this.stmts.un.get(dossierId, publicId);
  }

  inserer(j: Omit<JustificatifLigne, 'id' | 'taille' | 'sha256'>): void {
    this.stmts.inserer.run(j);
  }

  /** A new file from the citizen replaces the previous one and awaits a new decision. */
  fournir(id: number, f: { publicId: string; nom: string; type: string; blobId: number; le: number }): void {
    this.stmts.fournir.run(f.publicId, f.nom, f.type, f.blobId, f.le, id);
  }

  decider(id: number, statut: 'valide' | 'invalide', motif: string | null, le: number, par: string): void {
    this.stmts.decider.run(statut, motif, le, par, id);
  }
}

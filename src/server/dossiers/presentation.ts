import type { Dossier, DossierDetail } from '../../shared/api/schemas.js';
import type { DossierLigne, HistoriqueLigne, PieceLigne } from '../db/dossiers.js';
import type { DepotReferentiel } from '../db/referentiel.js';
import { iso, JOUR_MS } from '../horloge.js';

/** The guichet deletes a dossier this long after its submission. */
export const RETENTION_JOURS = 30;

export function expireLe(deposeLe: number): number {
  return deposeLe + RETENTION_JOURS * JOUR_MS;
}

export function presenterDossier(l: DossierLigne, referentiel: DepotReferentiel): Dossier {
  const demarche = referentiel.demarche(l.demarcheId);
  return {
    numero: l.numero,
    demarche: { code: demarche.code, intitule: demarche.intitule },
    courriel: l.courriel,
    deposeLe: iso(l.deposeLe),
    etat: l.etat,
    dernierCommentaire: l.dernierCommentaire,
    revision: l.revision,
    expireLe: iso(expireLe(l.deposeLe)),
    archive: { taille: l.archiveTaille, sha256: l.archiveSha256.toString('hex') },
  };
}

export function presenterDetail(
  l: DossierLigne,
  referentiel: DepotReferentiel,
  historique: HistoriqueLigne[],
  pieces: PieceLigne[],
): DossierDetail {
  return {
    ...presenterDossier(l, referentiel),
    historique: historique.map((h) => ({
      le: iso(h.le),
      par: h.par,
      etat: h.etat,
      commentaire: h.commentaire,
    })),
    piecesDeposees: pieces.map((p) => ({
      id: p.publicId,
      slot: p.slot,
      nom: p.nom,
      taille: p.taille,
      sha256: p.sha256.toString('hex'),
      le: iso(p.le),
    })),
  };
}

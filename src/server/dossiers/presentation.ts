import type { Dossier, DossierDetail, Portail } from '../../shared/api/schemas.js';
import type { DossierLigne, HistoriqueLigne, PieceLigne } from '../db/dossiers.js';
import type { Depots } from '../db/depots.js';
import type { DepotReferentiel } from '../db/referentiel.js';
import { iso, JOUR_MS } from '../horloge.js';
import { chargerPortails } from '../portail/presentation.js';

/** The guichet deletes a dossier this long after its submission. */
export const RETENTION_JOURS = 30;

export function expireLe(deposeLe: number): number {
  return deposeLe + RETENTION_JOURS * JOUR_MS;
}

/** `portail`: given for the dossiers of a workflow with échanges (see chargerPortails), absent otherwise. */
export function presenterDossier(l: DossierLigne, referentiel: DepotReferentiel, portail?: Portail): Dossier {
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
    ...(portail ? { portail } : {}),
  };
}

/** A page of dossiers, their portal parts loaded in one batch. */
export function presenterDossiers(
  lignes: readonly DossierLigne[],
  depots: Parameters<typeof chargerPortails>[0],
): Dossier[] {
  const portails = chargerPortails(depots, lignes);
  return lignes.map((l) => presenterDossier(l, depots.referentiel, portails.get(l.id)));
}

export function presenterDetail(
  l: DossierLigne,
  depots: Pick<
    Depots,
    'referentiel' | 'dossiers' | 'utilisateurs' | 'demandeurs' | 'messages' | 'justificatifs' | 'rendezVous'
  >,
): DossierDetail {
  const historique: HistoriqueLigne[] = depots.dossiers.historique(l.id);
  const pieces: PieceLigne[] = depots.dossiers.pieces(l.id);
  const noms = new Map<string, string | null>();
  // Agents read « Claire Martin », not « claire.martin »; an account since deleted keeps its identifiant.
  const nomDe = (identifiant: string): string | null => {
    if (!noms.has(identifiant)) {
      const u = depots.utilisateurs.parIdentifiant(identifiant);
      noms.set(identifiant, u ? `${u.prenom} ${u.nom}` : null);
    }
    return noms.get(identifiant) ?? null;
  };
  return {
    ...presenterDossier(l, depots.referentiel, chargerPortails(depots, [l]).get(l.id)),
    historique: historique.map((h) => ({
      le: iso(h.le),
      par: h.par,
      parNom: h.par === null ? null : nomDe(h.par),
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

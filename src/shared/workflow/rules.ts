import type { EtatCode, EtatWorkflow, PieceDeposable, Workflow } from './schemas.js';

export function etatDe(workflow: Workflow, code: EtatCode): EtatWorkflow | undefined {
  return workflow.etats.find((etat) => etat.code === code);
}

export function libelleEtat(workflow: Workflow, code: EtatCode): string {
  return etatDe(workflow, code)?.libelle ?? `État ${code}`;
}

/** The states an agent may choose from `code` ("Nouvel état du dossier"). */
export function etatsSuivants(workflow: Workflow, code: EtatCode): EtatWorkflow[] {
  const etat = etatDe(workflow, code);
  if (!etat) return [];
  return etat.transitions
    .map((suivant) => etatDe(workflow, suivant))
    .filter((suivant): suivant is EtatWorkflow => suivant !== undefined);
}

/** What agents read for a slot (« Attestation, certificat ou récépissé »), never its technical name. */
export function libelleSlot(workflow: Workflow | undefined, slot: string): string {
  for (const etat of workflow?.etats ?? []) {
    const piece = etat.pieces.find((p) => p.slot === slot);
    if (piece) return piece.libelle;
  }
  return slot;
}

/** Slots that may be filled before moving from `code` to one of its next states. */
export function piecesDeposablesDepuis(workflow: Workflow, code: EtatCode): PieceDeposable[] {
  return etatsSuivants(workflow, code).flatMap((etat) => etat.pieces);
}

export type RefusTransition =
  | { erreur: 'etat_inconnu'; message: string }
  | { erreur: 'transition_interdite'; message: string }
  | { erreur: 'commentaire_obligatoire'; message: string }
  | { erreur: 'piece_obligatoire'; message: string; slot: string };

export interface DemandeTransition {
  workflow: Workflow;
  etatActuel: EtatCode;
  etatDemande: EtatCode;
  commentaire?: string | null;
  /** Slots the démarche requires for the requested state (from the démarche's `piecesRequises`). */
  slotsRequis: readonly string[];
  /** Slots already filled on the dossier. */
  slotsDeposes: readonly string[];
}

/** Checks a state change against the workflow; null means allowed. Used by server and app alike. */
export function verifierTransition(demande: DemandeTransition): RefusTransition | null {
  const { workflow, etatActuel, etatDemande } = demande;
  const cible = etatDe(workflow, etatDemande);
  const actuel = etatDe(workflow, etatActuel);
  if (!cible || !actuel) {
    return { erreur: 'etat_inconnu', message: `L'état ${etatDemande} n'existe pas dans ce workflow.` };
  }
  if (!actuel.transitions.includes(etatDemande)) {
    return {
      erreur: 'transition_interdite',
      message: `Le dossier est à l'état « ${actuel.libelle} » : il ne peut pas passer à « ${cible.libelle} ».`,
    };
  }
  if (cible.commentaireObligatoire && !demande.commentaire?.trim()) {
    return {
      erreur: 'commentaire_obligatoire',
      message: cible.libelleCommentaire
        ? `« ${cible.libelleCommentaire} » est obligatoire pour l'état « ${cible.libelle} ».`
        : `Un commentaire est obligatoire pour l'état « ${cible.libelle} ».`,
    };
  }
  const manquant = demande.slotsRequis.find((slot) => !demande.slotsDeposes.includes(slot));
  if (manquant !== undefined) {
    const piece = cible.pieces.find((p) => p.slot === manquant);
    return {
      erreur: 'piece_obligatoire',
      slot: manquant,
      message: `La pièce jointe « ${piece?.libelle ?? manquant} » doit être déposée avant de passer à « ${cible.libelle} ».`,
    };
  }
  return null;
}

/**
 * Checks a change the citizen makes from the portal (rectifier, annuler); null means allowed. The
 * agent's transitions never reach a state that only the citizen may give.
 */
export function verifierTransitionUsager(
  workflow: Workflow,
  etatActuel: EtatCode,
  etatDemande: EtatCode,
  motif?: string | null,
): RefusTransition | null {
  const cible = etatDe(workflow, etatDemande);
  const actuel = etatDe(workflow, etatActuel);
  if (!cible || !actuel) {
    return { erreur: 'etat_inconnu', message: `L'état ${etatDemande} n'existe pas dans ce workflow.` };
  }
  if (!(actuel.transitionsUsager ?? []).includes(etatDemande)) {
    return {
      erreur: 'transition_interdite',
      message: `La demande est à l'état « ${actuel.libelle} » : l'usager ne peut pas la passer à « ${cible.libelle} ».`,
    };
  }
  if (cible.commentaireObligatoire && !motif?.trim()) {
    return {
      erreur: 'commentaire_obligatoire',
      message: `Un motif est obligatoire pour l'état « ${cible.libelle} ».`,
    };
  }
  return null;
}

/** The workflow has échanges, justificatifs and rendez-vous with the citizen. */
export function aDesEchanges(workflow: Workflow | undefined): boolean {
  return workflow?.echanges !== undefined;
}

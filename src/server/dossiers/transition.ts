import { etatDe, verifierTransition, type RefusTransition } from '../../shared/workflow/index.js';
import type { Depots } from '../db/depots.js';
import type { DossierLigne } from '../db/dossiers.js';
import type { Message } from '../mail/courrier.js';
import { ecrireAUsager } from '../portail/echanges.js';
import { messageChangementEtat } from '../portail/textes.js';
import { workflow } from '../workflows.js';

export interface DemandeChangement {
  etat: number;
  commentaire: string | null;
  par: string;
  le: number;
}

/**
 * Checks a state change against the dossier's workflow and the démarche's required attachments,
 * then records it: new state, revision + 1, a new change sequence, one historique entry. On a
 * workflow with échanges, a state notified to the citizen also writes the automatic message of the
 * thread, in the same revision, and its mail goes to `courriels` (sent by the caller once committed).
 * Must run inside a write transaction. Returns the refusal, or null when applied.
 */
export function changerEtatDossier(
  depots: Depots,
  l: DossierLigne,
  d: DemandeChangement,
  courriels: Message[] = [],
): RefusTransition | null {
  const demarche = depots.referentiel.demarche(l.demarcheId);
  const wf = workflow(demarche.workflow);
  const refus = verifierTransition({
    workflow: wf,
    etatActuel: l.etat,
    etatDemande: d.etat,
    commentaire: d.commentaire,
    slotsRequis: demarche.piecesRequises.filter((p) => p.etat === d.etat).map((p) => p.slot),
    slotsDeposes: depots.dossiers.slotsDeposes(l.id),
  });
  if (refus) return refus;
  // The last comment stays until a new one is given: it is what the citizen last read.
  const dernierCommentaire = d.commentaire ?? l.dernierCommentaire;
  const closLe = d.etat === wf.etatClos ? d.le : null;
  depots.dossiers.changerEtat(l.id, d.etat, dernierCommentaire, depots.prochainSeq(), closLe);
  depots.dossiers.ajouterHistorique(l.id, { le: d.le, par: d.par, etat: d.etat, commentaire: d.commentaire });
  const cible = etatDe(wf, d.etat);
  if (wf.echanges && cible?.notifie) {
    ecrireAUsager(
      depots,
      l,
      { ...messageChangementEtat(cible, d.commentaire), par: d.par, le: d.le },
      courriels,
    );
  }
  return null;
}

export function etatClosDe(depots: Depots, l: DossierLigne): number {
  return workflow(depots.referentiel.demarche(l.demarcheId).workflow).etatClos;
}

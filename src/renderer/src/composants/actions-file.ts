import type { ActionFile } from '../../../shared/app-api/index.js';
import { nettoyerNom } from '../../../shared/noms.js';
import { libelleSlot, type Workflow } from '../../../shared/workflow/index.js';

export const LIBELLE_STATUT: Record<ActionFile['statut'], string> = {
  'en-attente': 'En attente d’envoi',
  'en-cours': 'Envoi en cours',
  conflit: 'En conflit',
  refusee: 'Refusée',
  envoyee: 'Envoyée',
  annulee: 'Annulée',
};

/** What a type of action is called when the core gives no summary of it. */
const LIBELLE_TYPE: Record<ActionFile['type'], string> = {
  etat: 'Nouvel état',
  piece: 'Pièce jointe',
  cloture: 'Clôture',
  message: 'Message à l’usager',
  justificatif: 'Décision sur un justificatif',
  'rendez-vous': 'Rendez-vous',
};

/** One line saying what a queued action does, in French. */
export function decrireAction(a: ActionFile, libelle: (etat: number) => string, workflow?: Workflow): string {
  switch (a.type) {
    case 'piece':
      return `Pièce jointe « ${libelleSlot(workflow, a.slot ?? '')} » : ${nettoyerNom(a.nomFichier ?? '')}`;
    case 'cloture':
      return `Clôture${a.numeros.length > 1 ? ' en masse' : ''}`;
    case 'etat':
      return `Nouvel état : ${a.etat !== null ? libelle(a.etat) : ''}`;
    default:
      return a.resume ?? LIBELLE_TYPE[a.type];
  }
}

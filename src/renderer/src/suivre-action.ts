import { useRef } from 'react';
import type { ActionFile } from '../../shared/app-api/index.js';
import { useApp } from './contexte.js';
import { attendreAction } from './suivi.js';

export interface TextesAction {
  /** Toast once the guichet applied it. */
  envoye: string;
  /** Toast when it waits in the file d'attente. */
  enAttente: string;
  /** Error when the guichet refused it without saying why. */
  refus: string;
}

/**
 * Follows queued actions until the guichet answers: a toast when applied or queued, the refusal's
 * text otherwise (nothing is said done unless the guichet applied it).
 */
export function useSuivreAction(): (actions: ActionFile[], textes: TextesAction) => Promise<string | null> {
  const { toast, connexion } = useApp();
  const mode = useRef(connexion.mode);
  mode.current = connexion.mode;
  return async (actions, textes) => {
    const suivis = await Promise.all(
      actions.map((a) =>
        a.statut === 'envoyee' ? null : attendreAction(a.id, () => mode.current !== 'en-ligne'),
      ),
    );
    const refus = suivis.find(
      (a) => a && (a.statut === 'refusee' || a.statut === 'conflit' || a.statut === 'annulee'),
    );
    if (refus) return refus.erreur ?? textes.refus;
    if (suivis.every((a) => a === null)) toast(textes.envoye, 'succes');
    else toast(textes.enAttente, 'info');
    return null;
  };
}

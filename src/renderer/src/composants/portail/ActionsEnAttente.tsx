import type { ActionFile } from '../../../../shared/app-api/index.js';
import { LIBELLE_STATUT } from '../actions-file.js';

/** Queued portal actions not yet acknowledged by the guichet, with their statut and error. */
export function ActionsEnAttente(props: { actions: ActionFile[]; libelle: string }) {
  if (props.actions.length === 0) return null;
  return (
    <ul className="en-attente-liste" aria-label={props.libelle}>
      {props.actions.map((a) => (
        <li key={a.id}>
          <span className={`badge statut-${a.statut}`}>{LIBELLE_STATUT[a.statut]}</span> {a.resume}
          {a.erreur && <span className="texte-erreur"> — {a.erreur}</span>}
        </li>
      ))}
    </ul>
  );
}

import type { ActionFile } from '../../../shared/app-api/index.js';
import type { Workflow } from '../../../shared/workflow/index.js';
import { useApp } from '../contexte.js';
import { decrireAction, LIBELLE_STATUT } from './actions-file.js';

/** The dossier's queued actions the guichet has not acknowledged yet. */
export function ActionsDossier(props: { actions: ActionFile[]; workflow: Workflow | undefined }) {
  const { libelle } = useApp();
  return (
    <section className="panneau en-attente" aria-labelledby="titre-actions">
      <h2 id="titre-actions">Actions non encore acquittées par le guichet</h2>
      <ul>
        {props.actions.map((a) => (
          <li key={a.id}>
            <span className={`badge statut-${a.statut}`}>{LIBELLE_STATUT[a.statut]}</span>{' '}
            {decrireAction(a, (e) => libelle(e), props.workflow)}
            {a.erreur && <span className="texte-erreur"> — {a.erreur}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}

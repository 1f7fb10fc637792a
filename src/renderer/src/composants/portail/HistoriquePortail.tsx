import { useMemo, useState } from 'react';
import type { DossierLocal } from '../../../../shared/app-api/index.js';
import type { Portail } from '../../../../shared/api/schemas.js';
import { libelleSlot, type Workflow } from '../../../../shared/workflow/index.js';
import { useApp } from '../../contexte.js';
import { dateHeure } from '../../format.js';
import { CaseACocher } from '../Formulaire.js';
import { useAuteur } from '../HistoriqueEtats.js';
import { Icone } from '../Icone.js';
import { evenementsDe, LIBELLE_TYPE_EVENEMENT, type TypeEvenement } from './evenements.js';

const TYPES = Object.keys(LIBELLE_TYPE_EVENEMENT) as TypeEvenement[];

/** « Historique »: every event typed and iconed, newest first, with a filter per type. */
export function HistoriquePortail(props: { dossier: DossierLocal; portail: Portail; workflow: Workflow }) {
  const { dossier, portail, workflow } = props;
  const { libelle } = useApp();
  const auteur = useAuteur();
  const [affiches, setAffiches] = useState<Set<TypeEvenement>>(() => new Set(TYPES));
  const evenements = useMemo(
    () =>
      evenementsDe(dossier, portail, {
        libelle: (e) => libelle(e, dossier.demarche?.code),
        libelleSlot: (s) => libelleSlot(workflow, s),
        auteur,
      }),
    [dossier, portail, workflow, libelle, auteur],
  );
  const visibles = evenements.filter((e) => affiches.has(e.type));
  function basculer(t: TypeEvenement, coche: boolean) {
    setAffiches((s) => {
      const n = new Set(s);
      if (coche) n.add(t);
      else n.delete(t);
      return n;
    });
  }
  return (
    <section className="panneau" aria-labelledby="titre-historique">
      <h2 id="titre-historique">Historique</h2>
      <fieldset className="filtre-types">
        <legend>Événements affichés</legend>
        {TYPES.map((t) => (
          <CaseACocher
            key={t}
            id={`type-${t}`}
            libelle={
              <>
                <Icone nom={t} /> {LIBELLE_TYPE_EVENEMENT[t]}
              </>
            }
            coche={affiches.has(t)}
            onCoche={(c) => basculer(t, c)}
          />
        ))}
      </fieldset>
      <table className="table-simple historique-portail">
        <caption className="visuellement-cache">
          Événements de la demande, du plus récent au plus ancien
        </caption>
        <thead>
          <tr>
            <th scope="col">Type</th>
            <th scope="col">Date</th>
            <th scope="col">Événement</th>
            <th scope="col">Par</th>
          </tr>
        </thead>
        <tbody>
          {visibles.map((e) => (
            <tr key={e.cle} className={`evenement-${e.type}`}>
              <td className="type-evenement">
                <Icone nom={e.type} /> {LIBELLE_TYPE_EVENEMENT[e.type]}
              </td>
              <td>{dateHeure(e.le)}</td>
              <td>
                {e.titre}
                {e.detail && <div className="discret petit">{e.detail}</div>}
              </td>
              <td>{e.par}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {visibles.length === 0 && <p className="vide">Aucun événement de ce type.</p>}
    </section>
  );
}

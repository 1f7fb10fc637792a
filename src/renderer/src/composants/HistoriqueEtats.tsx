import { useCallback } from 'react';
import type { DossierLocal } from '../../../shared/app-api/index.js';
import { nettoyerNom } from '../../../shared/noms.js';
import { libelleSlot, type Workflow } from '../../../shared/workflow/index.js';
import { useApp } from '../contexte.js';
import { dateHeure, taille } from '../format.js';

/** Who made a change: the agent's name when known, ours for what this workstation just added. */
export function useAuteur(): (par: string | null, parNom?: string | null) => string {
  const { session } = useApp();
  const moi = session.utilisateur;
  return useCallback(
    (par: string | null, parNom?: string | null) =>
      par === null
        ? 'usager / système'
        : (parNom ?? (par === moi.identifiant ? `${moi.prenom} ${moi.nom}` : par)),
    [moi],
  );
}

/** The Guichet de Suivi's « Historique »: the state changes, then the pièces jointes deposited. */
export function HistoriqueEtats(props: { dossier: DossierLocal; workflow: Workflow | undefined }) {
  const { dossier: d, workflow: wf } = props;
  const { libelle } = useApp();
  const auteur = useAuteur();
  return (
    <section className="panneau" aria-labelledby="titre-historique">
      <h2 id="titre-historique">Historique</h2>
      <table className="table-simple">
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Par</th>
            <th scope="col">État</th>
            <th scope="col">Commentaire</th>
          </tr>
        </thead>
        <tbody>
          {[...d.historique].reverse().map((h, i) => (
            <tr key={`${h.le}-${i}`}>
              <td>{dateHeure(h.le)}</td>
              <td>
                {h.par === null ? <span className="discret">usager / système</span> : auteur(h.par, h.parNom)}
              </td>
              <td>{libelle(h.etat, d.demarche?.code)}</td>
              <td>{h.commentaire ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {d.piecesDeposees.length > 0 && (
        <>
          <h3>Pièces jointes déposées</h3>
          <ul>
            {d.piecesDeposees.map((p) => (
              <li key={p.id}>
                {libelleSlot(wf, p.slot)} : {nettoyerNom(p.nom)} ({taille(p.taille)}) — {dateHeure(p.le)}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

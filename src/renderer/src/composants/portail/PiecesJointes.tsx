import type { ContenuDossier, DossierLocal } from '../../../../shared/app-api/index.js';
import { nettoyerNom } from '../../../../shared/noms.js';
import { libelleSlot, type Workflow } from '../../../../shared/workflow/index.js';
import { dateHeure, taille } from '../../format.js';
import { Icone } from '../Icone.js';
import { Pieces } from '../Pieces.js';

/** « Pièces jointes »: the files of the dossier's archive, and those the mairie deposited. */
export function PiecesJointes(props: {
  dossier: DossierLocal;
  workflow: Workflow;
  contenu: ContenuDossier | null;
  erreurContenu: string | null;
}) {
  const { dossier: d, contenu } = props;
  return (
    <>
      {contenu && contenu.fichiers.length > 0 ? (
        <Pieces numero={d.numero} fichiers={contenu.fichiers} />
      ) : (
        <section className="panneau" aria-labelledby="titre-pieces">
          <h2 id="titre-pieces">Pièces du dossier</h2>
          <p className="discret">
            {d.archiveLocale
              ? (props.erreurContenu ?? 'L’archive de ce dossier ne contient aucune pièce.')
              : 'Téléchargez les éléments du dossier (onglet « La demande ») pour voir les pièces de son archive.'}
          </p>
        </section>
      )}
      <section className="panneau" aria-labelledby="titre-pieces-deposees">
        <h2 id="titre-pieces-deposees">Pièces jointes déposées par la mairie</h2>
        {d.piecesDeposees.length === 0 ? (
          <p className="discret">Aucune pièce jointe déposée.</p>
        ) : (
          <ul className="fichiers">
            {d.piecesDeposees.map((p) => (
              <li key={p.id}>
                <span className="nom-fichier">
                  <Icone nom="piece" /> {libelleSlot(props.workflow, p.slot)} : {nettoyerNom(p.nom)}
                </span>
                <span className="discret">{taille(p.taille)}</span>
                <span className="discret">{dateHeure(p.le)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

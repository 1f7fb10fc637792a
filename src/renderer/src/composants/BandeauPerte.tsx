import { useState } from 'react';
import type { DossierLocal } from '../../../shared/app-api/index.js';
import { api, versErreurApp } from '../api.js';
import { date, dateHeure } from '../format.js';
import { LIBELLE_PERTE, libelleMotif } from './Pertes.js';

/** The detail's banner for a lost dossier, with « Pris connaissance ». */
export function BandeauPerte(props: { dossier: DossierLocal; recharger: () => void }) {
  const p = props.dossier.perte;
  const [erreur, setErreur] = useState<string | null>(null);
  if (!p) return null;
  async function acquitter() {
    setErreur(null);
    try {
      await api.call('pertes.acquitter', { numeros: [props.dossier.numero] });
      props.recharger();
    } catch (e) {
      setErreur(versErreurApp(e).message);
    }
  }
  return (
    <div className="alerte erreur bandeau-perte" role="alert">
      <p>
        <strong>{LIBELLE_PERTE}</strong>
      </p>
      <p>
        Suppression annoncée par le guichet le {date(p.annonceeLe)} ({libelleMotif(p.motif)}), constatée par
        ce poste le {dateHeure(p.constateeLe)}. Aucune copie de ce dossier n’a pu être gardée.
      </p>
      {p.acquitteeLe ? (
        <p>Pris connaissance le {dateHeure(p.acquitteeLe)}.</p>
      ) : (
        <button type="button" onClick={() => void acquitter()}>
          Pris connaissance
        </button>
      )}
      {erreur && <p>{erreur}</p>}
    </div>
  );
}

/** « Archivé le … · contrôlée le … » or the default found by the last check. */
export function StatutArchive(props: {
  archive: DossierLocal['archiveLocale'];
  taille: (o: number) => string;
}) {
  const a = props.archive;
  if (!a) return <>Non archivé</>;
  return (
    <>
      Archivé le {dateHeure(a.archiveeLe)} ({props.taille(a.taille)})
      {a.defaut ? (
        <strong className="texte-erreur">
          {' '}
          — {a.defaut === 'manquante' ? 'Archive manquante' : 'Archive endommagée'}
          {a.verifieeLe ? ` (contrôle du ${dateHeure(a.verifieeLe)})` : ''}
        </strong>
      ) : (
        <span className="discret">
          {' '}
          · {a.verifieeLe ? `contrôlée le ${dateHeure(a.verifieeLe)}` : 'pas encore contrôlée'}
        </span>
      )}
    </>
  );
}

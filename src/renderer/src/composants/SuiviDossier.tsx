import type { ReactNode } from 'react';
import type { DossierLocal } from '../../../shared/app-api/index.js';
import { useApp } from '../contexte.js';
import { date, dateHeure, joursAvant, taille } from '../format.js';
import { BandeauPerte, StatutArchive } from './BandeauPerte.js';
import { Progression, type TacheArchives } from './Progression.js';

/** « Suivi de la démarche »: numéro, démarche, usager, dates, état, archive, and the download. */
export function SuiviDossier(props: {
  dossier: DossierLocal;
  recharger: () => void;
  tache: TacheArchives;
  onTelecharger: () => void;
  children?: ReactNode;
}) {
  const { dossier: d, tache } = props;
  const { libelle, connexion } = useApp();
  return (
    <section className="panneau" aria-labelledby="titre-suivi">
      <h2 id="titre-suivi">Suivi de la démarche</h2>
      <BandeauPerte dossier={d} recharger={props.recharger} />
      {d.supprimeDuGuichet && !d.perte && (
        <p className="alerte avertissement">
          {d.supprimeDuGuichet === 'cloture'
            ? 'Ce dossier a été clôturé : il n’est plus dans la liste du guichet. La copie locale est conservée.'
            : 'Ce dossier a été supprimé du guichet (30 jours après le dépôt). La copie locale est conservée.'}
        </p>
      )}
      <dl className="fiche">
        <dt>Numéro de dossier</dt>
        <dd className="numero">{d.numero}</dd>
        <dt>Démarche</dt>
        <dd>
          {d.demarche ? (
            <>
              {d.demarche.intitule} <span className="discret">({d.demarche.code})</span>
            </>
          ) : (
            <span className="discret">inconnue</span>
          )}
        </dd>
        <dt>Adresse courriel de l'usager</dt>
        <dd>{d.courriel ?? '—'}</dd>
        <dt>Date</dt>
        <dd>{dateHeure(d.deposeLe)}</dd>
        <dt>Expire le</dt>
        <dd
          className={
            !d.supprimeDuGuichet && d.expireLe && joursAvant(d.expireLe) <= 7 ? 'texte-attention' : ''
          }
        >
          {date(d.expireLe)}
          {!d.supprimeDuGuichet && d.expireLe && ` (dans ${Math.max(0, joursAvant(d.expireLe))} jours)`}
        </dd>
        <dt>État actuel du dossier</dt>
        <dd>
          <strong>{d.etat !== null ? libelle(d.etat, d.demarche?.code) : 'inconnu'}</strong>
        </dd>
        <dt>Dernier commentaire</dt>
        <dd>{d.dernierCommentaire ?? <span className="discret">aucun</span>}</dd>
        <dt>Archive locale</dt>
        <dd>
          <StatutArchive archive={d.archiveLocale} taille={taille} />
        </dd>
      </dl>
      <button
        type="button"
        className="principal"
        onClick={props.onTelecharger}
        disabled={tache.enCours || connexion.mode === 'lecture-seule'}
      >
        Télécharger les éléments du dossier
      </button>
      {tache.progression && <Progression tache={tache} />}
      {props.children}
    </section>
  );
}

import type { ProgressionArchives, ResultatArchives } from '../../../shared/app-api/index.js';
import { api, versErreurApp } from '../api.js';
import { useApp, useEvenement } from '../contexte.js';
import { duree, nombre, pluriel, taille } from '../format.js';
import { BarreTache, useEtatTache, type Tache } from './Tache.js';

export type TacheArchives = Tache<ResultatArchives, ProgressionArchives>;

const depart = (tacheId: string, total: number): ProgressionArchives => ({
  tacheId,
  total,
  faits: 0,
  ignores: 0,
  echecs: 0,
  octets: 0,
  vitesse: 0,
  resteSecondes: null,
});

const arrivee = (tacheId: string, total: number, r: ResultatArchives): ProgressionArchives => ({
  ...depart(tacheId, total),
  faits: r.archives,
  ignores: r.ignores,
  echecs: r.echecs.length,
  resteSecondes: 0,
});

/**
 * Follows one mass download (archives.progression / archives.terminee). `adopter`: also the
 * downloads this screen did not start (the automatic archiving after a sync), shown as running.
 */
export function useTacheArchives(
  surFin?: (r: ResultatArchives) => void,
  options: { adopter?: boolean } = {},
): TacheArchives {
  const { toast } = useApp();
  const { tache, recevoirProgression, recevoirFin } = useEtatTache<ProgressionArchives, ResultatArchives>({
    adopter: options.adopter ?? false,
    depart,
    arrivee,
    surFin: (r) => {
      toast(messageFin(r), r.echecs.length ? 'erreur' : 'succes');
      surFin?.(r);
    },
  });
  useEvenement('archives.progression', recevoirProgression);
  useEvenement('archives.terminee', recevoirFin);
  return tache;
}

function messageFin(r: ResultatArchives): string {
  const enregistrees = pluriel(r.archives, 'archive enregistrée', 'archives enregistrées');
  if (r.annule) return `Téléchargement annulé : ${enregistrees}.`;
  const echecs = r.echecs.length ? `, ${pluriel(r.echecs.length, 'échec')}` : '';
  return `Téléchargement terminé : ${enregistrees}, ${pluriel(r.ignores, 'déjà à jour', 'déjà à jour')}${echecs}.`;
}

/**
 * The download panel: the live bar while it runs, then a one-line summary the agent can close.
 * `sansEchecs`: the screen shows the failures itself (with « Réessayer »).
 */
export function Progression(props: { tache: TacheArchives; sansEchecs?: boolean }) {
  const { progression: p, enCours, resultat } = props.tache;
  if (!p) return null;
  const traites = p.faits + p.ignores + p.echecs;
  if (enCours || !resultat) {
    return (
      <section className="panneau" aria-label="Téléchargement des archives">
        <BarreTache
          id="barre-archives"
          libelle="Téléchargement des archives en cours"
          unite={['dossier', 'dossiers']}
          progression={{ tacheId: p.tacheId, total: p.total, faits: traites, echecs: p.echecs }}
          enCours={enCours}
          onAnnuler={() => void props.tache.annuler()}
          detail={`${taille(p.vitesse)}/s · temps restant : ${duree(p.resteSecondes)}`}
        />
      </section>
    );
  }
  return <ResumeTelechargement tache={props.tache} resultat={resultat} sansEchecs={props.sansEchecs} />;
}

function ResumeTelechargement(props: {
  tache: TacheArchives;
  resultat: ResultatArchives;
  sansEchecs?: boolean;
}) {
  const r = props.resultat;
  const p = props.tache.progression;
  const { info, toast } = useApp();
  const ouvrir = () =>
    api
      .call('archives.ouvrirDossier', { dossierArchives: r.dossierArchives })
      .catch((e: unknown) => toast(versErreurApp(e).message, 'erreur'));
  const copier = () =>
    navigator.clipboard.writeText(r.dossierArchives).then(
      () => toast('Chemin du dossier des archives copié.', 'succes'),
      () => toast(`Copie impossible : sélectionnez le chemin ${r.dossierArchives} à la main.`, 'erreur'),
    );
  // The result, not the last progress event: events are paced, a cancelled task's last one is stale.
  const traites = r.archives + r.ignores + r.echecs.length;
  return (
    <section className="panneau resume-tache" aria-label="Téléchargement des archives">
      <p>
        <strong>{r.annule ? 'Téléchargement annulé' : 'Téléchargement terminé'}</strong> :{' '}
        <span className="compte-tache">
          {nombre(traites)} / {pluriel(p?.total ?? traites, 'dossier')}
        </span>
        {p && p.octets > 0 && ` · ${taille(p.octets)} reçus`} · archives dans{' '}
        <span className="chemin">{r.dossierArchives}</span>
      </p>
      {!props.sansEchecs && r.echecs.length > 0 && (
        <details>
          <summary className="texte-erreur">{pluriel(r.echecs.length, 'échec')}</summary>
          <ul>
            {r.echecs.map((e) => (
              <li key={e.numero}>
                <span className="numero">{e.numero}</span> : {e.message}
              </li>
            ))}
          </ul>
        </details>
      )}
      {info?.peutOuvrirDossier ? (
        <button type="button" className="lien" onClick={() => void ouvrir()}>
          Ouvrir le dossier des archives
        </button>
      ) : (
        <button type="button" className="lien" onClick={() => void copier()}>
          Copier le chemin
        </button>
      )}
      <button
        type="button"
        className="lien"
        onClick={props.tache.oublier}
        aria-label="Masquer le résumé du téléchargement"
      >
        Masquer
      </button>
    </section>
  );
}

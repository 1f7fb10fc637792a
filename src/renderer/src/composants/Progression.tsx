import { useCallback, useRef, useState } from 'react';
import type { ProgressionArchives, ResultatArchives } from '../../../shared/app-api/index.js';
import { api, versErreurApp } from '../api.js';
import { useApp, useEvenement } from '../contexte.js';
import { duree, nombre, pluriel, taille } from '../format.js';

export interface TacheArchives {
  tacheId: string | null;
  progression: ProgressionArchives | null;
  resultat: ResultatArchives | null;
  enCours: boolean;
  demarrer: (tacheId: string, total: number) => void;
  annuler: () => Promise<void>;
}

/** Follows one mass download (archives.progression / archives.terminee events). */
export function useTacheArchives(surFin?: (r: ResultatArchives) => void): TacheArchives {
  const { toast } = useApp();
  const [tacheId, setTacheId] = useState<string | null>(null);
  const [progression, setProgression] = useState<ProgressionArchives | null>(null);
  const [resultat, setResultat] = useState<ResultatArchives | null>(null);
  const idRef = useRef<string | null>(null);
  // Events may arrive before the call that started the task has answered.
  const enAvance = useRef(new Map<string, ResultatArchives>());
  const surFinRef = useRef(surFin);
  surFinRef.current = surFin;

  const terminer = useCallback(
    (r: ResultatArchives) => {
      setResultat(r);
      setTacheId(null);
      idRef.current = null;
      const echecs = r.echecs.length;
      toast(
        r.annule
          ? `Téléchargement annulé : ${pluriel(r.archives, 'archive enregistrée', 'archives enregistrées')}.`
          : `Téléchargement terminé : ${pluriel(r.archives, 'archive enregistrée', 'archives enregistrées')}, ${pluriel(r.ignores, 'déjà à jour', 'déjà à jour')}${echecs ? `, ${pluriel(echecs, 'échec')}` : ''}.`,
        echecs ? 'erreur' : 'succes',
      );
      surFinRef.current?.(r);
    },
    [toast],
  );

  useEvenement('archives.progression', (p) => {
    if (idRef.current === null || p.tacheId === idRef.current) setProgression(p);
  });
  useEvenement('archives.terminee', (r) => {
    if (r.tacheId === idRef.current) terminer(r);
    else if (idRef.current === null) enAvance.current.set(r.tacheId, r);
  });

  const demarrer = useCallback(
    (id: string, total: number) => {
      setResultat(null);
      const fini = enAvance.current.get(id);
      setProgression((p) =>
        p && p.tacheId === id
          ? p
          : {
              tacheId: id,
              total,
              faits: 0,
              ignores: 0,
              echecs: 0,
              octets: 0,
              vitesse: 0,
              resteSecondes: null,
            },
      );
      if (fini) {
        enAvance.current.delete(id);
        setProgression({
          tacheId: id,
          total,
          faits: fini.archives,
          ignores: fini.ignores,
          echecs: fini.echecs.length,
          octets: 0,
          vitesse: 0,
          resteSecondes: 0,
        });
        terminer(fini);
        return;
      }
      idRef.current = id;
      setTacheId(id);
    },
    [terminer],
  );

  const annuler = useCallback(async () => {
    if (!idRef.current) return;
    try {
      await api.call('archives.annuler', { tacheId: idRef.current });
    } catch (e) {
      toast(versErreurApp(e).message, 'erreur');
    }
  }, [toast]);

  return { tacheId, progression, resultat, enCours: tacheId !== null, demarrer, annuler };
}

export function Progression(props: { tache: TacheArchives }) {
  const { progression: p, enCours, resultat } = props.tache;
  if (!p) return null;
  const traites = p.faits + p.ignores + p.echecs;
  const pourcent = p.total > 0 ? Math.min(100, Math.round((traites / p.total) * 100)) : 100;
  return (
    <section className="progression panneau" aria-label="Téléchargement des archives">
      <div className="progression-ligne">
        <label htmlFor="barre-archives">
          {enCours
            ? 'Téléchargement des archives'
            : resultat?.annule
              ? 'Téléchargement annulé'
              : 'Téléchargement terminé'}
        </label>
        <span className="discret" aria-live="polite">
          {nombre(traites)} / {nombre(p.total)} dossiers
          {p.echecs > 0 && ` · ${pluriel(p.echecs, 'échec')}`}
        </span>
      </div>
      <progress id="barre-archives" max={p.total || 1} value={traites}>
        {pourcent} %
      </progress>
      <div className="progression-ligne">
        <span className="discret">
          {enCours
            ? `${taille(p.vitesse)}/s · temps restant : ${duree(p.resteSecondes)}`
            : `${taille(p.octets)} reçus`}
        </span>
        {enCours && (
          <button type="button" onClick={() => void props.tache.annuler()}>
            Annuler
          </button>
        )}
      </div>
      {!enCours && resultat && resultat.echecs.length > 0 && (
        <details>
          <summary>{pluriel(resultat.echecs.length, 'échec')}</summary>
          <ul>
            {resultat.echecs.slice(0, 50).map((e) => (
              <li key={e.numero}>
                {e.numero} : {e.message}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

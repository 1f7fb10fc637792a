import { useCallback, useRef, useState, type ReactNode } from 'react';
import type {
  EventPayload,
  ResultatDeplacement,
  ResultatVerification,
} from '../../../shared/app-api/index.js';
import { api, versErreurApp } from '../api.js';
import { useApp, useEvenement } from '../contexte.js';
import { nombre, pluriel } from '../format.js';

export type ProgressionTache = EventPayload<'verification.progression'>;

/** A long task of the core (download, contrôle or déplacement des archives) followed by its events. */
export interface Tache<R, P = ProgressionTache> {
  tacheId: string | null;
  progression: P | null;
  resultat: R | null;
  enCours: boolean;
  demarrer: (tacheId: string, total: number) => void;
  annuler: () => Promise<void>;
  /** Hides the finished task's panel, which gives its space back. */
  oublier: () => void;
}

interface OptionsTache<P, R> {
  /**
   * Follow a task started elsewhere (the automatic archiving after a sync, the weekly check,
   * another screen) as soon as one of its progress events arrives while none is followed here.
   */
  adopter: boolean;
  /** The progress shown before the first event. */
  depart: (tacheId: string, total: number) => P;
  /** The progress shown when the result came before the call that started the task answered. */
  arrivee: (tacheId: string, total: number, r: R) => P;
  surFin?: (r: R) => void;
}

/** The state of one task, whatever its kind; the hooks below bind it to their events. */
export function useEtatTache<P extends { tacheId: string }, R extends { tacheId: string }>(
  options: OptionsTache<P, R>,
) {
  const { toast } = useApp();
  const [tacheId, setTacheId] = useState<string | null>(null);
  const [progression, setProgression] = useState<P | null>(null);
  const [resultat, setResultat] = useState<R | null>(null);
  const idRef = useRef<string | null>(null);
  // Events may arrive before the call that started the task has answered.
  const enAvance = useRef(new Map<string, R>());
  // A task adopted from its first events may finish before the call that started it answers.
  const dernierFini = useRef<string | null>(null);
  const optionsRef = useRef(options);
  optionsRef.current = options;

  const terminer = useCallback((r: R) => {
    dernierFini.current = r.tacheId;
    setResultat(r);
    setTacheId(null);
    idRef.current = null;
    optionsRef.current.surFin?.(r);
  }, []);

  const recevoirProgression = useCallback((p: P) => {
    if (
      idRef.current === null &&
      optionsRef.current.adopter &&
      !enAvance.current.has(p.tacheId) &&
      dernierFini.current !== p.tacheId
    ) {
      idRef.current = p.tacheId;
      setTacheId(p.tacheId);
      setResultat(null);
    }
    if (p.tacheId === idRef.current) setProgression(p);
  }, []);

  const recevoirFin = useCallback(
    (r: R) => {
      if (r.tacheId === idRef.current) terminer(r);
      else if (idRef.current === null) enAvance.current.set(r.tacheId, r);
    },
    [terminer],
  );

  const demarrer = useCallback(
    (id: string, total: number) => {
      if (dernierFini.current === id) return;
      setResultat(null);
      setProgression((p) => (p && p.tacheId === id ? p : optionsRef.current.depart(id, total)));
      const fini = enAvance.current.get(id);
      if (fini) {
        enAvance.current.delete(id);
        setProgression(optionsRef.current.arrivee(id, total, fini));
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

  // The result stays: a screen may still name its failures elsewhere (« Réessayer »).
  const oublier = useCallback(() => setProgression(null), []);

  const tache: Tache<R, P> = {
    tacheId,
    progression,
    resultat,
    enCours: tacheId !== null,
    demarrer,
    annuler,
    oublier,
  };
  return { tache, recevoirProgression, recevoirFin };
}

const departSimple = (tacheId: string, total: number): ProgressionTache => ({
  tacheId,
  total,
  faits: 0,
  echecs: 0,
});
const arriveeSimple = (tacheId: string, total: number): ProgressionTache => ({
  tacheId,
  total,
  faits: total,
  echecs: 0,
});

/** « Contrôler les archives » (archives.verifier): verification.progression / verification.terminee. */
export function useTacheVerification(
  surFin?: (r: ResultatVerification) => void,
): Tache<ResultatVerification> {
  const { tache, recevoirProgression, recevoirFin } = useEtatTache<ProgressionTache, ResultatVerification>({
    adopter: true,
    depart: departSimple,
    arrivee: arriveeSimple,
    surFin,
  });
  useEvenement('verification.progression', recevoirProgression);
  useEvenement('verification.terminee', recevoirFin);
  return tache;
}

/** Moving the archives to a new folder (archives.deplacer): deplacement.progression / .terminee. */
export function useTacheDeplacement(surFin?: (r: ResultatDeplacement) => void): Tache<ResultatDeplacement> {
  const { tache, recevoirProgression, recevoirFin } = useEtatTache<ProgressionTache, ResultatDeplacement>({
    adopter: false,
    depart: departSimple,
    arrivee: arriveeSimple,
    surFin,
  });
  useEvenement('deplacement.progression', recevoirProgression);
  useEvenement('deplacement.terminee', recevoirFin);
  return tache;
}

/**
 * The one progress bar of every task (download, contrôle, déplacement): its count, a true state
 * (« Annuler » for as long as the core says the task runs) and an optional detail line.
 */
export function BarreTache(props: {
  id: string;
  libelle: string;
  unite: [singulier: string, pluriel: string];
  progression: ProgressionTache;
  enCours: boolean;
  onAnnuler: () => void;
  detail?: ReactNode;
}) {
  const p = props.progression;
  const pourcent = p.total > 0 ? Math.min(100, Math.round((p.faits / p.total) * 100)) : 100;
  return (
    <div className="progression">
      <div className="progression-ligne">
        <label htmlFor={props.id}>{props.libelle}</label>
        <span className="discret compte-tache" aria-live="polite">
          {nombre(p.faits)} / {pluriel(p.total, props.unite[0], props.unite[1])}
          {p.echecs > 0 && ` · ${pluriel(p.echecs, 'échec')}`}
        </span>
      </div>
      <progress id={props.id} max={p.total || 1} value={p.faits}>
        {pourcent} %
      </progress>
      {(props.detail || props.enCours) && (
        <div className="progression-ligne">
          <span className="discret">{props.detail}</span>
          {props.enCours && (
            <button type="button" onClick={props.onAnnuler}>
              Annuler
            </button>
          )}
        </div>
      )}
    </div>
  );
}

/** « 3 numéros : A-5-…, A-5-… » as a list the agent can read and copy. */
export function ListeNumeros(props: { titre: string; numeros: string[]; genre?: 'erreur' | 'attention' }) {
  if (props.numeros.length === 0) return null;
  return (
    <div className={props.genre ? `liste-numeros ${props.genre}` : 'liste-numeros'}>
      <p>
        <strong>{props.titre}</strong> ({nombre(props.numeros.length)}) :
      </p>
      <ul>
        {props.numeros.map((n) => (
          <li key={n} className="numero">
            {n}
          </li>
        ))}
      </ul>
    </div>
  );
}

import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type {
  EtatConnexion,
  EventName,
  EventPayload,
  InfoApp,
  MethodArgs,
  MethodName,
  MethodResult,
  Referentiel,
  Session,
} from '../../shared/app-api/index.js';
import { libelleEtat, type Workflow } from '../../shared/workflow/index.js';
import { api, versErreurApp } from './api.js';

export type Ecran =
  | { nom: 'tableau' }
  | { nom: 'dossiers' }
  | { nom: 'dossier'; numero: string }
  | { nom: 'file' }
  | { nom: 'utilisateurs' }
  | { nom: 'compte' }
  | { nom: 'parametres' };

export interface Toast {
  id: number;
  texte: string;
  genre: 'info' | 'succes' | 'erreur';
}

export interface Contexte {
  info: InfoApp | null;
  session: Session;
  connexion: EtatConnexion;
  referentiel: Referentiel | null;
  ecran: Ecran;
  aller: (ecran: Ecran) => void;
  toast: (texte: string, genre?: Toast['genre']) => void;
  deconnecter: () => Promise<void>;
  /** Libellé of a state, found through the démarche's workflow when given. */
  libelle: (etat: number, demarche?: string) => string;
  workflowDe: (demarche: string) => Workflow | undefined;
}

export const ContexteApp = createContext<Contexte | null>(null);

export function useApp(): Contexte {
  const c = useContext(ContexteApp);
  if (!c) throw new Error('ContexteApp absent');
  return c;
}

export function workflowPour(referentiel: Referentiel | null, demarche: string): Workflow | undefined {
  if (!referentiel) return undefined;
  const code = referentiel.demarches.find((d) => d.code === demarche)?.workflow;
  return referentiel.workflows.find((w) => w.code === code) ?? referentiel.workflows[0];
}

export function libellePour(referentiel: Referentiel | null, etat: number, demarche?: string): string {
  if (!referentiel) return `État ${etat}`;
  const wf = demarche ? workflowPour(referentiel, demarche) : undefined;
  if (wf) return libelleEtat(wf, etat);
  for (const w of referentiel.workflows) {
    const e = w.etats.find((x) => x.code === etat);
    if (e) return e.libelle;
  }
  return `État ${etat}`;
}

/** Subscribes to a core event for the component's lifetime. */
export function useEvenement<E extends EventName>(evenement: E, ecouteur: (d: EventPayload<E>) => void) {
  const ref = useRef(ecouteur);
  ref.current = ecouteur;
  useEffect(() => api.on(evenement, (d) => ref.current(d)), [evenement]);
}

export interface Chargement<T> {
  donnees: T | null;
  erreur: string | null;
  enCours: boolean;
  recharger: () => void;
}

/** Calls a method when `deps` change; `recharger` calls it again. */
export function useAppel<K extends MethodName>(
  methode: K,
  args: MethodArgs<K> | null,
  deps: unknown[] = [],
): Chargement<MethodResult<K>> {
  const [donnees, setDonnees] = useState<MethodResult<K> | null>(null);
  const [erreur, setErreur] = useState<string | null>(null);
  const [enCours, setEnCours] = useState(false);
  const [tour, setTour] = useState(0);
  const argsRef = useRef(args);
  argsRef.current = args;
  useEffect(() => {
    const a = argsRef.current;
    if (a === null) return;
    let actif = true;
    setEnCours(true);
    api.call(methode, a).then(
      (r) => {
        if (!actif) return;
        setDonnees(r);
        setErreur(null);
        setEnCours(false);
      },
      (e: unknown) => {
        if (!actif) return;
        setErreur(versErreurApp(e).message);
        setEnCours(false);
      },
    );
    return () => {
      actif = false;
    };
  }, [methode, tour, ...deps]);
  const recharger = useCallback(() => setTour((t) => t + 1), []);
  return { donnees, erreur, enCours, recharger };
}

export function Fournisseur(props: { valeur: Contexte; children: ReactNode }) {
  return <ContexteApp.Provider value={props.valeur}>{props.children}</ContexteApp.Provider>;
}

import { useCallback, useEffect, useRef, useState, type FocusEvent } from 'react';
import type { Toast } from '../contexte.js';

/** How many toasts are shown at most; the oldest give way. */
export const TOASTS_MAX = 3;
/**
 * How long an informational (or success) toast stays; errors stay until closed. The countdown
 * pauses while the pointer is over the toast or focus is inside it (WCAG 2.2.1).
 */
export const DUREE_TOAST_MS = 6000;

/** The in-app notifications: `toast` adds one, `fermer` closes one, `vider` all (at logout). */
export function useToasts() {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const idToast = useRef(0);

  const fermer = useCallback((id: number) => {
    setToasts((t) => t.filter((x) => x.id !== id));
  }, []);

  const toast = useCallback((texte: string, genre: Toast['genre'] = 'info') => {
    const id = ++idToast.current;
    setToasts((t) => [...t.slice(-(TOASTS_MAX - 1)), { id, texte, genre }]);
  }, []);

  const vider = useCallback(() => setToasts([]), []);

  return { toasts, toast, fermer, vider };
}

export function Toasts(props: { toasts: Toast[]; fermer: (id: number) => void }) {
  return (
    // In the layout, not over it: a message takes its own space and never covers a control.
    <div className="toasts" aria-live="polite" role="status" aria-label="Messages">
      {props.toasts.map((t) => (
        <UnToast key={t.id} toast={t} fermer={props.fermer} />
      ))}
    </div>
  );
}

function UnToast({ toast, fermer }: { toast: Toast; fermer: (id: number) => void }) {
  const [survole, setSurvole] = useState(false);
  const [focalise, setFocalise] = useState(false);
  const restant = useRef(DUREE_TOAST_MS);
  const enPause = survole || focalise;

  // Counts down only while not paused; each pause keeps what was left for the next run.
  useEffect(() => {
    if (toast.genre === 'erreur' || enPause) return;
    const debut = performance.now();
    const minuterie = window.setTimeout(() => fermer(toast.id), restant.current);
    return () => {
      window.clearTimeout(minuterie);
      restant.current -= performance.now() - debut;
    };
  }, [enPause, toast.genre, toast.id, fermer]);

  const quitterFocus = (e: FocusEvent<HTMLDivElement>) => {
    if (!e.currentTarget.contains(e.relatedTarget)) setFocalise(false);
  };

  return (
    <div
      className={`toast ${toast.genre}`}
      onMouseEnter={() => setSurvole(true)}
      onMouseLeave={() => setSurvole(false)}
      onFocus={() => setFocalise(true)}
      onBlur={quitterFocus}
    >
      <span>{toast.texte}</span>
      <button type="button" className="lien" onClick={() => fermer(toast.id)} aria-label="Fermer le message">
        ×
      </button>
    </div>
  );
}

import { useCallback, useEffect, useRef, useState } from 'react';
import type { Toast } from '../contexte.js';

/** How many toasts are shown at most; the oldest give way. */
export const TOASTS_MAX = 3;
/** How long an informational (or success) toast stays; errors stay until closed. */
export const DUREE_TOAST_MS = 6000;

/** The in-app notifications: `toast` adds one, `fermer` closes one. */
export function useToasts() {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const idToast = useRef(0);
  const minuteries = useRef(new Map<number, number>());

  const fermer = useCallback((id: number) => {
    const m = minuteries.current.get(id);
    if (m !== undefined) window.clearTimeout(m);
    minuteries.current.delete(id);
    setToasts((t) => t.filter((x) => x.id !== id));
  }, []);

  const toast = useCallback(
    (texte: string, genre: Toast['genre'] = 'info') => {
      const id = ++idToast.current;
      setToasts((t) => [...t.slice(-(TOASTS_MAX - 1)), { id, texte, genre }]);
      if (genre !== 'erreur')
        minuteries.current.set(
          id,
          window.setTimeout(() => fermer(id), DUREE_TOAST_MS),
        );
    },
    [fermer],
  );

  useEffect(() => {
    const m = minuteries.current;
    return () => {
      for (const t of m.values()) window.clearTimeout(t);
      m.clear();
    };
  }, []);

  return { toasts, toast, fermer };
}

export function Toasts(props: { toasts: Toast[]; fermer: (id: number) => void }) {
  return (
    <div className="toasts" aria-live="polite" role="status">
      {props.toasts.map((t) => (
        <div key={t.id} className={`toast ${t.genre}`}>
          <span>{t.texte}</span>
          <button
            type="button"
            className="lien"
            onClick={() => props.fermer(t.id)}
            aria-label="Fermer le message"
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}

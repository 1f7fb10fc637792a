import type { Toast } from '../contexte.js';

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

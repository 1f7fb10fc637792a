import { useEffect, useRef, type ReactNode } from 'react';

/** A modal confirmation built on <dialog> (focus trapped, Échap closes). */
export function Confirmation(props: {
  titre: string;
  children: ReactNode;
  confirmer: string;
  onConfirmer: () => void;
  onAnnuler: () => void;
  danger?: boolean;
  /** While what the confirmation would do is still being checked, or when there is nothing to do. */
  confirmerDesactive?: boolean;
}) {
  const ref = useRef<HTMLDialogElement | null>(null);
  useEffect(() => {
    // Closed by Échap or a button, focus goes back to what opened the dialog, not to the page body.
    const retour = document.activeElement as HTMLElement | null;
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => retour?.focus();
  }, []);
  return (
    <dialog
      ref={ref}
      className="dialogue"
      aria-labelledby="dialogue-titre"
      onCancel={(e) => {
        e.preventDefault();
        props.onAnnuler();
      }}
    >
      <h2 id="dialogue-titre">{props.titre}</h2>
      <div className="dialogue-corps">{props.children}</div>
      <div className="actions">
        <button type="button" onClick={props.onAnnuler}>
          Annuler
        </button>
        <button
          type="button"
          className={props.danger ? 'danger' : 'principal'}
          onClick={props.onConfirmer}
          disabled={props.confirmerDesactive}
          autoFocus
        >
          {props.confirmer}
        </button>
      </div>
    </dialog>
  );
}

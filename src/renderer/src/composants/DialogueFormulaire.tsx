import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { versErreurApp } from '../api.js';
import { Message } from './Formulaire.js';

/**
 * A modal form on <dialog> (focus trapped, Échap closes, focus back to what opened it). `onEnvoyer`
 * returns the text of a check that failed, or throws; the dialog stays open with the error.
 */
export function DialogueFormulaire(props: {
  id: string;
  titre: string;
  envoyer: string;
  onEnvoyer: () => Promise<string | void> | string | void;
  onAnnuler: () => void;
  danger?: boolean;
  /** The button that closes without doing anything; « Annuler » unless given. */
  fermer?: string;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement | null>(null);
  const [erreur, setErreur] = useState<string | null>(null);
  const [envoi, setEnvoi] = useState(false);
  useEffect(() => {
    const retour = document.activeElement as HTMLElement | null;
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => retour?.focus();
  }, []);

  async function soumettre(ev: FormEvent) {
    ev.preventDefault();
    setErreur(null);
    setEnvoi(true);
    try {
      const refus = await props.onEnvoyer();
      if (refus) setErreur(refus);
    } catch (e) {
      setErreur(versErreurApp(e).message);
    } finally {
      setEnvoi(false);
    }
  }

  const idTitre = `${props.id}-titre`;
  return (
    <dialog
      ref={ref}
      id={props.id}
      className="dialogue"
      aria-labelledby={idTitre}
      onCancel={(e) => {
        e.preventDefault();
        props.onAnnuler();
      }}
    >
      <form onSubmit={(e) => void soumettre(e)} className="formulaire">
        <h2 id={idTitre}>{props.titre}</h2>
        <div className="dialogue-corps">{props.children}</div>
        <Message texte={erreur} />
        <div className="actions">
          <button type="button" onClick={props.onAnnuler}>
            {props.fermer ?? 'Annuler'}
          </button>
          <button type="submit" className={props.danger ? 'danger' : 'principal'} disabled={envoi}>
            {props.envoyer}
          </button>
        </div>
      </form>
    </dialog>
  );
}

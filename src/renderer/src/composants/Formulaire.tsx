import {
  useState,
  type FormEvent,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from 'react';
import { versErreurApp } from '../api.js';

/** Id of the help text under a field: `aide-<id>` unless given. */
function idAideDe(id: string, idAide?: string): string {
  return idAide ?? `aide-${id}`;
}

/** A labelled form field (`.champ`): label, the control, then an optional help text. */
export function Champ(props: {
  id: string;
  libelle: ReactNode;
  aide?: ReactNode;
  idAide?: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={props.className ? `champ ${props.className}` : 'champ'}>
      <label htmlFor={props.id}>{props.libelle}</label>
      {props.children}
      {props.aide && (
        <p id={idAideDe(props.id, props.idAide)} className="discret petit aide-champ">
          {props.aide}
        </p>
      )}
    </div>
  );
}

interface ProprietesChamp {
  id: string;
  libelle: ReactNode;
  valeur: string | number;
  onValeur: (v: string) => void;
  /** Help text shown under the control and referenced by `aria-describedby`. */
  aide?: ReactNode;
  idAide?: string;
  className?: string;
}

type Attributs<A> = Omit<A, 'id' | 'value' | 'onChange' | 'className'>;

/** Splits a field's props into the `Champ`'s and the control's (value, change, description, the rest). */
function decouper<A>(props: ProprietesChamp & Attributs<A>) {
  const { id, libelle, valeur, onValeur, aide, idAide, className, ...attributs } = props;
  return {
    champ: { id, libelle, aide, idAide, className },
    controle: {
      id,
      value: valeur,
      onChange: (e: { target: { value: string } }) => onValeur(e.target.value),
      'aria-describedby': aide ? idAideDe(id, idAide) : undefined,
      ...attributs,
    },
  };
}

/** A labelled `<input>` whose value is a string (or a number for `type="number"`). */
export function ChampSaisie(props: ProprietesChamp & Attributs<InputHTMLAttributes<HTMLInputElement>>) {
  const { champ, controle } = decouper(props);
  return (
    <Champ {...champ}>
      <input {...controle} />
    </Champ>
  );
}

/** A labelled `<textarea>`. */
export function ChampTexte(props: ProprietesChamp & Attributs<TextareaHTMLAttributes<HTMLTextAreaElement>>) {
  const { champ, controle } = decouper(props);
  return (
    <Champ {...champ}>
      <textarea {...controle} />
    </Champ>
  );
}

/** A labelled `<select>`; the options are the children. */
export function ChampListe(props: ProprietesChamp & Attributs<SelectHTMLAttributes<HTMLSelectElement>>) {
  const { champ, controle } = decouper(props);
  return (
    <Champ {...champ}>
      <select {...controle} />
    </Champ>
  );
}

/** The form's buttons: optional others, then the submit button. */
export function Actions(props: {
  envoyer: ReactNode;
  desactive?: boolean;
  className?: string;
  children?: ReactNode;
}) {
  return (
    <div className={props.className ? `actions ${props.className}` : 'actions'}>
      {props.children}
      <button type="submit" className="principal" disabled={props.desactive}>
        {props.envoyer}
      </button>
    </div>
  );
}

/** A checkbox followed by its label (`.champ.case`). */
export function CaseACocher(props: {
  id: string;
  libelle: ReactNode;
  coche: boolean;
  onCoche: (coche: boolean) => void;
}) {
  return (
    <div className="champ case">
      <input
        id={props.id}
        type="checkbox"
        checked={props.coche}
        onChange={(e) => props.onCoche(e.target.checked)}
      />
      <label htmlFor={props.id}>{props.libelle}</label>
    </div>
  );
}

/** A new password and its confirmation (at least 10 characters). */
export function ChampsMotDePasse(props: {
  id: string;
  idConfirmation: string;
  libelle: ReactNode;
  libelleConfirmation: ReactNode;
  aide: ReactNode;
  motDePasse: string;
  confirmation: string;
  onMotDePasse: (v: string) => void;
  onConfirmation: (v: string) => void;
  requis?: boolean;
  confirmationRequise?: boolean;
}) {
  return (
    <>
      <ChampSaisie
        id={props.id}
        libelle={props.libelle}
        type="password"
        autoComplete="new-password"
        minLength={10}
        valeur={props.motDePasse}
        onValeur={props.onMotDePasse}
        required={props.requis ?? true}
        aide={props.aide}
      />
      <ChampSaisie
        id={props.idConfirmation}
        libelle={props.libelleConfirmation}
        type="password"
        autoComplete="new-password"
        valeur={props.confirmation}
        onValeur={props.onConfirmation}
        required={props.confirmationRequise ?? true}
      />
    </>
  );
}

/**
 * A form's error (`role="alert"`) or success (`role="status"`) message; nothing when `texte` is empty.
 */
export function Message(props: {
  texte: string | null | undefined;
  genre?: 'erreur' | 'succes';
  className?: string;
}) {
  if (!props.texte) return null;
  const genre = props.genre ?? 'erreur';
  return (
    <p
      role={genre === 'erreur' ? 'alert' : 'status'}
      className={`alerte ${genre}${props.className ? ` ${props.className}` : ''}`}
    >
      {props.texte}
    </p>
  );
}

/**
 * A form's submission: `onSubmit` clears the error and runs `action`; the error is the text `action`
 * returns (a check that failed) or the message of what it throws.
 */
export function useEnvoi(action: () => Promise<string | void>) {
  const [erreur, setErreur] = useState<string | null>(null);
  async function envoyer(ev: FormEvent) {
    ev.preventDefault();
    setErreur(null);
    try {
      const refus = await action();
      if (refus) setErreur(refus);
    } catch (e) {
      setErreur(versErreurApp(e).message);
    }
  }
  return { erreur, onSubmit: (ev: FormEvent) => void envoyer(ev) };
}

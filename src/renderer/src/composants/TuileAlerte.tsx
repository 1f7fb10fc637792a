import type { ReactNode } from 'react';
import { nombre } from '../format.js';

/**
 * A key-figure card that cannot be missed when non-zero (alert styling, `role="alert"`), with a
 * button opening the matching filtered list.
 */
export function TuileAlerte(props: {
  chiffre: number;
  titre: string;
  legende: ReactNode;
  voir: string;
  onVoir: () => void;
  /** Alert styling; default: the figure is non-zero. */
  alerte?: boolean;
  children?: ReactNode;
}) {
  const alerte = props.alerte ?? props.chiffre > 0;
  return (
    <div className={alerte ? 'tuile danger' : 'tuile'} role={alerte ? 'alert' : undefined}>
      <span className="titre-tuile">{props.titre}</span>
      <span className="chiffre">{nombre(props.chiffre)}</span>
      <span className="legende">{props.legende}</span>
      {props.chiffre > 0 && (
        <button type="button" onClick={props.onVoir}>
          {props.voir}
        </button>
      )}
      {props.children}
    </div>
  );
}

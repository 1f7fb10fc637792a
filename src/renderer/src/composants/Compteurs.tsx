import type { ReactNode } from 'react';
import { nombre } from '../format.js';

/** The figure and caption of a key-figure card. */
function Contenu(props: { chiffre: number; legende: ReactNode }) {
  return (
    <>
      <span className="chiffre">{nombre(props.chiffre)}</span>
      <span className="legende">{props.legende}</span>
    </>
  );
}

/** A key-figure card (`.tuile`): a button when `onClick` is given, with optional extra content. */
export function Tuile(props: {
  chiffre: number;
  legende: ReactNode;
  onClick?: () => void;
  attention?: boolean;
  children?: ReactNode;
}) {
  if (props.onClick) {
    return (
      <button type="button" className="tuile" onClick={props.onClick}>
        <Contenu chiffre={props.chiffre} legende={props.legende} />
      </button>
    );
  }
  return (
    <div className={props.attention === undefined ? 'tuile' : `tuile ${props.attention ? 'attention' : ''}`}>
      <Contenu chiffre={props.chiffre} legende={props.legende} />
      {props.children}
    </div>
  );
}

/** A titled panel with a two-column table: a label and a count per row. */
export function TableauComptes(props: {
  idTitre: string;
  titre: string;
  colonne: string;
  lignes: { cle: string | number; libelle: ReactNode; nombre: number }[];
}) {
  return (
    <section aria-labelledby={props.idTitre} className="panneau">
      <h2 id={props.idTitre}>{props.titre}</h2>
      <table className="table-simple">
        <thead>
          <tr>
            <th scope="col">{props.colonne}</th>
            <th scope="col" className="nombre">
              Dossiers
            </th>
          </tr>
        </thead>
        <tbody>
          {props.lignes.map((l) => (
            <tr key={l.cle}>
              <td>{l.libelle}</td>
              <td className="nombre">{nombre(l.nombre)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

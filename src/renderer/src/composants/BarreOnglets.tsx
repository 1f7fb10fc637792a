import { useRef, type KeyboardEvent, type ReactNode } from 'react';

export interface DefinitionOnglet<K extends string> {
  cle: K;
  libelle: string;
  /** Shown after the libellé, inside the tab (part of its accessible name). */
  pastille?: ReactNode;
}

const idOnglet = (prefixe: string, cle: string) => `${prefixe}-onglet-${cle}`;
const idPanneau = (prefixe: string, cle: string) => `${prefixe}-panneau-${cle}`;

/** ARIA tabs: the arrows, Début and Fin move between them; only the chosen one is in the Tab order. */
export function BarreOnglets<K extends string>(props: {
  onglets: DefinitionOnglet<K>[];
  valeur: K;
  onChoisir: (cle: K) => void;
  libelle: string;
  prefixe: string;
}) {
  const { onglets, prefixe } = props;
  const boutons = useRef(new Map<K, HTMLButtonElement>());
  function clavier(ev: KeyboardEvent<HTMLDivElement>) {
    const i = onglets.findIndex((o) => o.cle === props.valeur);
    const n = onglets.length;
    const suivant =
      ev.key === 'ArrowRight'
        ? (i + 1) % n
        : ev.key === 'ArrowLeft'
          ? (i - 1 + n) % n
          : ev.key === 'Home'
            ? 0
            : ev.key === 'End'
              ? n - 1
              : -1;
    const o = onglets[suivant];
    if (!o) return;
    ev.preventDefault();
    props.onChoisir(o.cle);
    boutons.current.get(o.cle)?.focus();
  }
  return (
    <div className="onglets compacts" role="tablist" aria-label={props.libelle} onKeyDown={clavier}>
      {onglets.map((o) => {
        const choisi = o.cle === props.valeur;
        return (
          <button
            key={o.cle}
            type="button"
            role="tab"
            id={idOnglet(prefixe, o.cle)}
            ref={(b) => {
              if (b) boutons.current.set(o.cle, b);
            }}
            aria-selected={choisi}
            aria-controls={choisi ? idPanneau(prefixe, o.cle) : undefined}
            tabIndex={choisi ? 0 : -1}
            className={choisi ? 'onglet choisi' : 'onglet'}
            onClick={() => props.onChoisir(o.cle)}
          >
            {o.libelle}
            {o.pastille}
          </button>
        );
      })}
    </div>
  );
}

/** The panel of the chosen tab. */
export function PanneauOnglet(props: { prefixe: string; cle: string; children: ReactNode }) {
  return (
    <div
      role="tabpanel"
      id={idPanneau(props.prefixe, props.cle)}
      aria-labelledby={idOnglet(props.prefixe, props.cle)}
      className="panneau-onglet"
      tabIndex={0}
    >
      {props.children}
    </div>
  );
}

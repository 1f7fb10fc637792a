import { useRef, type KeyboardEvent } from 'react';
import { ongletSchema, type ComptesOnglets, type Onglet } from '../../../shared/app-api/index.js';
import { nombre } from '../format.js';

/** A Record: a tab added to the contract without its libellé does not compile. */
const LIBELLES: Record<Onglet, string> = {
  'a-traiter': 'À traiter',
  'a-revoir': 'À revoir',
  'attente-pieces': 'En attente de pièces',
  expirent: 'Expirent bientôt',
  clos: 'Clos',
  supprimes: 'Supprimés du guichet',
  tous: 'Tous',
};

export const ONGLETS: { onglet: Onglet; libelle: string }[] = ongletSchema.options.map((onglet) => ({
  onglet,
  libelle: LIBELLES[onglet],
}));

/** The list's tabs, each with its count under the other filters (ARIA tabs: arrows move between them). */
export function Onglets(props: {
  valeur: Onglet;
  comptes: ComptesOnglets | null;
  controle: string;
  onChoisir: (o: Onglet) => void;
}) {
  const boutons = useRef(new Map<Onglet, HTMLButtonElement>());
  function clavier(ev: KeyboardEvent<HTMLDivElement>) {
    const i = ONGLETS.findIndex((o) => o.onglet === props.valeur);
    const suivant =
      ev.key === 'ArrowRight'
        ? (i + 1) % ONGLETS.length
        : ev.key === 'ArrowLeft'
          ? (i - 1 + ONGLETS.length) % ONGLETS.length
          : ev.key === 'Home'
            ? 0
            : ev.key === 'End'
              ? ONGLETS.length - 1
              : -1;
    if (suivant < 0) return;
    ev.preventDefault();
    const o = ONGLETS[suivant]!.onglet;
    props.onChoisir(o);
    boutons.current.get(o)?.focus();
  }
  return (
    <div className="onglets" role="tablist" aria-label="Dossiers à afficher" onKeyDown={clavier}>
      {ONGLETS.map(({ onglet, libelle }) => {
        const choisi = onglet === props.valeur;
        const compte = props.comptes?.[onglet];
        return (
          <button
            key={onglet}
            type="button"
            role="tab"
            id={`onglet-${onglet}`}
            ref={(b) => {
              if (b) boutons.current.set(onglet, b);
            }}
            aria-selected={choisi}
            aria-controls={props.controle}
            tabIndex={choisi ? 0 : -1}
            className={choisi ? 'onglet choisi' : 'onglet'}
            onClick={() => props.onChoisir(onglet)}
          >
            {libelle}
            <span className="compte">{compte === undefined ? '…' : nombre(compte)}</span>
          </button>
        );
      })}
    </div>
  );
}

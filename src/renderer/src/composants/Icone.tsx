import type { ReactNode } from 'react';

/** The icons of the portal screens (seed 001): always beside a text, never alone. */
export type NomIcone =
  'operation' | 'piece' | 'echange' | 'rendez-vous' | 'entrant' | 'sortant' | 'lu' | 'non-lu';

const TRACES: Record<NomIcone, ReactNode> = {
  operation: (
    <>
      <path d="M13 8a5 5 0 0 1-8.5 3.5M3 8a5 5 0 0 1 8.5-3.5" />
      <path d="M11.5 1.5v3h-3M4.5 14.5v-3h3" />
    </>
  ),
  piece: (
    <path d="M10.5 5 6 9.5a1.5 1.5 0 0 0 2.1 2.1l5-5a3 3 0 0 0-4.2-4.2l-5 5a4.5 4.5 0 0 0 6.4 6.4L14 10" />
  ),
  echange: (
    <>
      <rect x="2" y="3.5" width="12" height="9" rx="1" />
      <path d="M2.5 4 8 8.5 13.5 4" />
    </>
  ),
  'rendez-vous': (
    <>
      <rect x="2" y="3" width="12" height="11" rx="1" />
      <path d="M2 6.5h12M5 1.5v3M11 1.5v3" />
    </>
  ),
  entrant: <path d="M8 2v8M4.5 6.5 8 10l3.5-3.5M2.5 13.5h11" />,
  sortant: <path d="M8 10V2M4.5 5.5 8 2l3.5 3.5M2.5 13.5h11" />,
  lu: <path d="M3 8.5 6.5 12 13 4.5" />,
  'non-lu': <circle cx="8" cy="8" r="3.5" fill="currentColor" />,
};

/** A 16 px line icon, hidden from assistive technologies (the text beside it says the same). */
export function Icone(props: { nom: NomIcone }) {
  return (
    <svg
      className={`icone icone-${props.nom}`}
      viewBox="0 0 16 16"
      width="16"
      height="16"
      aria-hidden="true"
      focusable="false"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      {TRACES[props.nom]}
    </svg>
  );
}

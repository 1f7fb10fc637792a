import type { ReactNode } from 'react';

/** Screen title; focusable so that changing screen moves focus to it. */
export function Titre(props: { children: ReactNode }) {
  return (
    <h1 tabIndex={-1} className="titre-ecran">
      {props.children}
    </h1>
  );
}

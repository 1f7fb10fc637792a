import type { ReactNode } from 'react';

/** The product's logo and name, with a line under the name. */
export function Marque(props: { grande?: boolean; children: ReactNode }) {
  return (
    <div className={props.grande ? 'marque grande' : 'marque'}>
      <span className="logo" aria-hidden="true">
        GI
      </span>
      <div>
        <div className="produit">Guichet Instructeur</div>
        {props.children}
      </div>
    </div>
  );
}

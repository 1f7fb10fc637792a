import { nombre } from '../format.js';

/** A count in a tab (« 2 » read as « (2 messages non lus) »); nothing at zero. */
export function Pastille(props: { nombre: number; singulier: string; pluriel: string; genre?: 'alerte' }) {
  if (props.nombre <= 0) return null;
  return (
    <span className={props.genre ? `pastille-compte ${props.genre}` : 'pastille-compte'}>
      <span aria-hidden="true">{nombre(props.nombre)}</span>
      <span className="visuellement-cache">
        {`(${nombre(props.nombre)} ${props.nombre > 1 ? props.pluriel : props.singulier})`}
      </span>
    </span>
  );
}

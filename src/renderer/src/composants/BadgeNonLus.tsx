import { pluriel } from '../format.js';
import { Icone } from './Icone.js';

/** A row's unread messages: an icon and the count, named « 2 messages non lus ». */
export function BadgeNonLus(props: { nombre: number }) {
  if (props.nombre <= 0) return null;
  const nom = pluriel(props.nombre, 'message non lu', 'messages non lus');
  return (
    <span className="badge non-lus" role="img" aria-label={nom} title={nom}>
      <Icone nom="echange" />
      <span aria-hidden="true">{props.nombre}</span>
    </span>
  );
}

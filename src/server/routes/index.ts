import type { Guichet } from '../guichet.js';
import type { Handlers } from '../http/contexte.js';
import { handlersArchive } from './archive.js';
import { handlersAuth } from './auth.js';
import { handlersEtat } from './etat.js';
import { handlersJustificatifs } from './justificatifs.js';
import { handlersMessages } from './messages.js';
import { handlersPieces } from './pieces.js';
import { handlersReference } from './reference.js';
import { handlersRendezVous } from './rendez-vous.js';
import { handlersTeledossiers } from './teledossiers.js';
import { handlersUtilisateurs } from './utilisateurs.js';

/** Every route's handler; the `Handlers` type makes a missing one a compile error. */
export function creerHandlers(g: Guichet): Handlers {
  return {
    ...handlersAuth(g),
    ...handlersReference(g),
    ...handlersTeledossiers(g),
    ...handlersArchive(g),
    ...handlersPieces(g),
    ...handlersEtat(g),
    ...handlersMessages(g),
    ...handlersJustificatifs(g),
    ...handlersRendezVous(g),
    ...handlersUtilisateurs(g),
  };
}

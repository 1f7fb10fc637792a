/**
 * The citizen's side of a portal demande, simulated: the demo, the CLI (`guichet usager …`) and the
 * tests play the other end of the conversation with it, on the server's own database.
 */
export { ErreurUsager, type ContexteUsager } from './contexte.js';
export {
  annuler,
  annulerRendezVousUsager,
  fournir,
  lireMessages,
  prendreRendezVous,
  rectifier,
  repondre,
} from './actions.js';

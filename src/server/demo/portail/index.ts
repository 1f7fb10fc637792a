export type {
  DemandePortailDemo,
  FichierPortailDemo,
  JustificatifDemo,
  MessageDemo,
  PortailDemo,
  RendezVousDemo,
} from './types.js';
export { genererDemandePortail } from './demande.js';
export { evenementsPortail, parcoursPortail } from './parcours.js';

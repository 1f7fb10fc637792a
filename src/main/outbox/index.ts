export * from './actions.js';
export {
  creerActionEtat,
  creerActionPiece,
  estPdf,
  TAILLE_LOT_CLOTURE,
  type ContexteCreation,
} from './creer.js';
export {
  bilanCreation,
  creerActionCloture,
  creerCloture,
  examinerCloture,
  suivreCloture,
  type CreationCloture,
} from './cloture.js';
export { recalculer, reglesEnCache } from './optimiste.js';
export {
  rejouer,
  rafraichirDetails,
  rafraichirDossier,
  type BilanRejeu,
  type ContexteRejeu,
} from './rejeu.js';
export { annulerAction, reessayerAction } from './gestion.js';
export {
  creerActionMessage,
  creerActionJustificatif,
  creerActionProposerRendezVous,
  creerActionAnnulerRendezVous,
  demanderCorrection,
  type PieceAJoindre,
  type PropositionRendezVous,
} from './creer-portail.js';
export { resumeDonnees, type DonneesAction } from './donnees.js';

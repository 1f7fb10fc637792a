/**
 * Archive manager of the desktop app: mass download of the dossiers' zip archives (verified,
 * resumable) and defensive reading of those untrusted zips. Plain Node, no Electron.
 */
export type {
  ArchiveEcrite,
  EchecArchive,
  ElementArchive,
  OptionsTelechargement,
  ProgressionTelechargement,
  ResultatTelechargement,
  SourceArchives,
} from './types.js';
export { CONCURRENCE_PAR_DEFAUT, telechargerArchives, type OptionsAvancees } from './telechargement.js';
export { cheminArchive, estNumeroValide, nettoyerNomDossier } from './chemins.js';
export {
  ecrireDocument,
  extraireDocument,
  extraireFichierArchive,
  lireContenuArchive,
  lireEnteteArchive,
  lireDonneesArchive,
  lireFichierArchive,
} from './lecture.js';
export {
  citerNom,
  extensionDangereuse,
  messageRefusOuverture,
  nettoyerNomAffiche,
  reconnaitreOctets,
  RefusOuverture,
  verdictOuverture,
} from './types-fichiers.js';
export {
  balayerOuvertures,
  creerOuverture,
  racineOuvertures,
  supprimerOuvertures,
  type BilanSuppression,
} from './ouvertures.js';
export { verifierArchive } from './verification.js';
export { devinerType } from './mime.js';
export { LIMITES as LIMITES_ZIP } from './zip-lecteur.js';

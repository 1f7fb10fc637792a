export {
  creerTrousseau,
  compteTrousseau,
  TrousseauIndisponible,
  MESSAGE_MODULE_ABSENT,
  SERVICE_TROUSSEAU,
  type OptionsTrousseau,
  type Trousseau,
} from './trousseau.js';
export {
  creerVerificateur,
  memesMotsDePasse,
  verifierHorsLigne,
  type ResultatVerification,
} from './verificateur.js';

export {
  creerTrousseau,
  compteTrousseau,
  TrousseauIndisponible,
  SERVICE_TROUSSEAU,
  type Trousseau,
} from './trousseau.js';

export {
  creerDepotProfils,
  creerDepotParametres,
  parametresParDefaut,
  type DepotProfils,
  type DepotParametres,
} from './profils.js';

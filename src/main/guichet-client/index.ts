export {
  creerClientGuichet,
  baseApi,
  type ClientGuichet,
  type OptionsClient,
  type OptionsAppel,
  type FichierEnvoye,
  type RouteBinaire,
} from './client.js';
export {
  ErreurGuichet,
  ErreurHorsLigneChoisi,
  ErreurReseau,
  ErreurReponse,
  estErreurReseau,
} from './erreurs.js';

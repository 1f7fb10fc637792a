export {
  creerClientGuichet,
  baseApi,
  type ClientGuichet,
  type OptionsClient,
  type OptionsAppel,
} from './client.js';
export {
  ErreurGuichet,
  ErreurHorsLigneChoisi,
  ErreurReseau,
  ErreurReponse,
  estErreurReseau,
} from './erreurs.js';

export {
  creerClientGuichet,
  baseApi,
  type ClientGuichet,
  type OptionsClient,
  type OptionsAppel,
} from './client.js';
export { ErreurGuichet, ErreurReseau, ErreurReponse, estErreurReseau } from './erreurs.js';

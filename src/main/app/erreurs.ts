import { ErreurApp } from '../../shared/app-api/index.js';
import { TrousseauIndisponible } from '../credentials/index.js';
import { ErreurGuichet, ErreurReponse, ErreurReseau } from '../guichet-client/index.js';

export const MESSAGE_HORS_LIGNE =
  "Le guichet est injoignable : vous êtes hors ligne. Vos actions sont mises en file d'attente et partiront au retour de la connexion.";

/** Every failure leaves the core as an ErreurApp with a French message the agent can act on. */
export function versErreurApp(e: unknown): ErreurApp {
  if (e instanceof ErreurApp) return e;
  if (e instanceof ErreurReseau) return new ErreurApp('hors_ligne', MESSAGE_HORS_LIGNE);
  if (e instanceof TrousseauIndisponible) return new ErreurApp('trousseau_indisponible', e.message);
  if (e instanceof ErreurReponse) return new ErreurApp('reponse_invalide', e.message);
  if (e instanceof ErreurGuichet) {
    if (e.code === 'session_expiree' || e.statut === 401)
      return new ErreurApp('session_expiree', 'Votre session a expiré : reconnectez-vous.');
    if (e.statut === 403) return new ErreurApp('interdit', e.message);
    if (e.statut === 404) return new ErreurApp('introuvable', e.message);
    if (e.statut === 409) return new ErreurApp('conflit', e.message);
    if (e.statut === 429) return new ErreurApp('trop_de_tentatives', e.message);
    if (e.statut >= 500) return new ErreurApp('guichet_injoignable', e.message);
    return new ErreurApp('refus', e.message);
  }
  const message = e instanceof Error ? e.message : String(e);
  return new ErreurApp('interne', `Erreur interne de l'application : ${message}`);
}

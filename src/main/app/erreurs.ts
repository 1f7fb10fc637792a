import { ErreurApp } from '../../shared/app-api/index.js';
import { TrousseauIndisponible } from '../credentials/index.js';
import {
  ErreurAnnulation,
  ErreurArchiveIntrouvable,
  ErreurArchiveTropGrande,
  ErreurDisquePlein,
  ErreurEmpreinte,
  ErreurGuichetTropLent,
  ErreurNonAutorise,
  ErreurTelechargement,
} from '../archive/erreurs.js';
import { citerNom, RefusOuverture } from '../archive/types-fichiers.js';
import { ErreurEntree, ErreurZip } from '../archive/zip-lecteur.js';
import {
  ErreurGuichet,
  ErreurHorsLigneChoisi,
  ErreurReponse,
  ErreurReseau,
} from '../guichet-client/index.js';

export const MESSAGE_HORS_LIGNE =
  "Le guichet est injoignable : vous êtes hors ligne. Vos actions sont mises en file d'attente et partiront au retour de la connexion.";

export const MESSAGE_HORS_LIGNE_CHOISI =
  "Vous travaillez hors ligne : rien n'est envoyé au guichet. Vos actions attendent dans la file d'attente ; « Se reconnecter » les enverra.";

export const MESSAGE_TOUJOURS_INJOIGNABLE =
  "Le guichet est toujours injoignable. Vos actions restent en file d'attente ; l'application réessaie d'elle-même et les enverra dès son retour.";

/** Every failure leaves the core as an ErreurApp with a French message the agent can act on. */
export function versErreurApp(e: unknown): ErreurApp {
  if (e instanceof ErreurApp) return e;
  if (e instanceof ErreurHorsLigneChoisi) return new ErreurApp('hors_ligne', e.message);
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
  const archive = versErreurArchive(e);
  if (archive) return archive;
  const message = e instanceof Error ? e.message : String(e);
  return new ErreurApp('interne', `Erreur interne de l'application : ${message}`);
}

const CONSEIL_ZIP =
  "Téléchargez à nouveau l'archive ; si le problème persiste, signalez-le au service qui gère le guichet.";

/**
 * Download and zip-reading errors already carry a French sentence naming the dossier or the entry:
 * each class keeps its own code so the UI and the CLI can tell a refused archive from a bug.
 * Subclasses first: they extend ErreurTelechargement.
 */
function versErreurArchive(e: unknown): ErreurApp | null {
  if (e instanceof ErreurAnnulation) return new ErreurApp('annule', e.message);
  if (e instanceof ErreurNonAutorise) return new ErreurApp('session_expiree', e.message);
  if (e instanceof ErreurArchiveIntrouvable) return new ErreurApp('archive_introuvable', e.message);
  if (e instanceof ErreurArchiveTropGrande) return new ErreurApp('archive_trop_grande', e.message);
  if (e instanceof ErreurEmpreinte) return new ErreurApp('archive_alteree', e.message);
  if (e instanceof ErreurDisquePlein) return new ErreurApp('disque_plein', e.message);
  if (e instanceof ErreurGuichetTropLent) return new ErreurApp('guichet_trop_lent', e.message);
  if (e instanceof ErreurTelechargement)
    return new ErreurApp(e.temporaire ? 'telechargement_interrompu' : 'telechargement_refuse', e.message);
  if (e instanceof ErreurZip) return new ErreurApp('archive_illisible', `${e.message} ${CONSEIL_ZIP}`);
  if (e instanceof ErreurEntree)
    return new ErreurApp('piece_illisible', `Entrée ${e.message} ${CONSEIL_ZIP}`);
  if (e instanceof RefusOuverture)
    return new ErreurApp(
      'ouverture_refusee',
      `Le fichier ${citerNom(e.nom)} n'a pas été ouvert. ${e.message}`,
    );
  return null;
}

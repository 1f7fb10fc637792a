import { ErreurApp, type DossierLocal } from '../../../shared/app-api/index.js';
import { actionsDuDossier, compteurs, rafraichirDossier, versActionFile } from '../../outbox/index.js';
import {
  compterTableau,
  lireDossier,
  lireMeta,
  lireReferentiel,
  compterOnglets,
  listerDossiers,
  listerQuarantaine,
  lirePortail,
  messagesNonLus,
  META,
  type Db,
} from '../../store/index.js';
import type { Domaine } from './types.js';

export function dossierLocal(db: Db, numero: string): DossierLocal {
  const d = lireDossier(db, numero);
  if (!d) throw new ErreurApp('introuvable', `Le dossier ${numero} est inconnu localement.`);
  // The guichet's version: what is still queued (a message, a decision) is listed in `actions`.
  const portail = lirePortail(db, numero);
  return {
    ...(portail ? { portail } : {}),
    messagesNonLus: messagesNonLus(db, numero),
    numero: d.numero,
    demarche: d.demarche,
    courriel: d.courriel,
    deposeLe: d.deposeLe,
    etat: d.etat,
    dernierCommentaire: d.dernierCommentaire,
    revision: d.revision,
    expireLe: d.expireLe,
    archive: d.archive,
    historique: d.historique,
    piecesDeposees: d.piecesDeposees,
    archiveLocale: d.archiveLocale,
    supprimeDuGuichet: d.supprimeDuGuichet,
    perte: d.perte,
    actions: actionsDuDossier(db, numero, ['en-attente', 'en-cours', 'conflit', 'refusee']).map(
      versActionFile,
    ),
  };
}

export const consultation: Domaine = {
  'referentiel.lire': (_, n) => lireReferentiel(n.exigerSession().db),
  'tableauDeBord.lire': (_, n) => {
    const s = n.exigerSession();
    const { workflows } = lireReferentiel(s.db);
    const visite = Number(lireMeta(s.db, META.visitePrecedente) ?? '0');
    return {
      ...compterTableau(s.db, workflows, visite, n.maintenant(), n.parametres.lire().joursRisque),
      derniereVerification: lireMeta(s.db, META.derniereVerification),
      quarantaine: listerQuarantaine(s.db),
      fileAttente: compteurs(s.db),
      connexion: n.etatConnexion(),
    };
  },
  'dossiers.lister': ({ filtre, tri, offset, limite }, n) =>
    listerDossiers(
      n.exigerSession().db,
      filtre,
      tri,
      offset,
      limite,
      n.maintenant(),
      n.parametres.lire().joursRisque,
    ),
  'dossiers.compterOnglets': ({ filtre }, n) =>
    compterOnglets(n.exigerSession().db, filtre, n.maintenant(), n.parametres.lire().joursRisque),
  'dossiers.detail': async ({ numero }, n) => {
    const s = n.exigerSession();
    const d = lireDossier(s.db, numero);
    if (!d) throw new ErreurApp('introuvable', `Le dossier ${numero} est inconnu localement.`);
    // The list carries no historique: fetch the detail once when online (quietly offline).
    if (!d.detailComplet && !d.supprimeDuGuichet && s.mode === 'en-ligne') {
      await rafraichirDossier(s, numero).catch((e: unknown) => n.surErreurReseau(e));
    }
    return dossierLocal(s.db, numero);
  },
  'dossiers.rafraichir': async ({ numero }, n) =>
    n.enLigne(async (s) => {
      await rafraichirDossier(s, numero);
      n.bus.emettre('dossiers.changes', { numeros: [numero] });
      return dossierLocal(s.db, numero);
    }),
};

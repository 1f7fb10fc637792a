import type { FastifyRequest } from 'fastify';
import type { Guichet } from '../guichet.js';
import type { Session } from '../http/contexte.js';
import { erreurs } from '../http/erreurs.js';
import { empreinteJeton } from './jetons.js';

/** Resolves `Authorization: Bearer <token>` to an active user of a service, or throws 401. */
export function authentifier(g: Guichet, requete: FastifyRequest): Session {
  const entete = requete.headers.authorization;
  const jeton = /^Bearer\s+([A-Za-z0-9_-]{16,200})\s*$/i.exec(entete ?? '')?.[1];
  if (!jeton) throw erreurs.nonAuthentifie();
  const empreinte = empreinteJeton(jeton);
  const session = g.depots.sessions.trouver(empreinte);
  if (!session) throw erreurs.nonAuthentifie();
  if (session.expireLe <= g.horloge().getTime()) {
    g.depots.sessions.supprimer(empreinte);
    throw erreurs.sessionExpiree();
  }
  const utilisateur = g.depots.utilisateurs.parId(session.utilisateurId);
  const service = utilisateur && g.depots.referentiel.serviceParId(utilisateur.serviceId);
  // A disabled account keeps no access even if a session survived somehow.
  if (!utilisateur?.active || !service) throw erreurs.nonAuthentifie();
  return { utilisateur, service, empreinte };
}

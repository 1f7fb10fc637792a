import { hacherMotDePasse } from '../auth/motDePasse.js';
import { utilisateurPublic, type UtilisateurLigne } from '../db/utilisateurs.js';
import type { Guichet } from '../guichet.js';
import { ReponseJson, type Handlers, type Session } from '../http/contexte.js';
import { ErreurApi, erreurs } from '../http/erreurs.js';

export function handlersUtilisateurs(
  g: Guichet,
): Pick<Handlers, 'utilisateurs' | 'creerUtilisateur' | 'utilisateur' | 'modifierUtilisateur'> {
  const { depots } = g;

  /** Scoped to the caller's service: another service's account is a 404, like a dossier. */
  function duService(session: Session, identifiant: string): UtilisateurLigne {
    const u = depots.utilisateurs.parIdentifiant(identifiant);
    if (!u || u.serviceId !== session.service.id) throw erreurs.utilisateurIntrouvable(identifiant);
    return u;
  }

  return {
    async utilisateurs({ session }) {
      return { utilisateurs: depots.utilisateurs.duService(session.service.id).map(utilisateurPublic) };
    },

    async creerUtilisateur({ body, session }) {
      const { motDePasse, ...champs } = body;
      const existe = () =>
        new ErreurApi(
          409,
          'identifiant_existant',
          `L'identifiant « ${body.identifiant} » est déjà utilisé : choisissez-en un autre.`,
        );
      if (depots.utilisateurs.parIdentifiant(body.identifiant)) throw existe();
      const motDePasseHache = await hacherMotDePasse(motDePasse);
      const cree = depots.db
        .transaction(() => {
          // Checked again: another request may have taken the identifiant during the hash.
          if (depots.utilisateurs.parIdentifiant(body.identifiant)) throw existe();
          return depots.utilisateurs.creer(
            { ...champs, serviceId: session.service.id, motDePasseHache },
            g.horloge().getTime(),
          );
        })
        .immediate();
      return new ReponseJson(201, utilisateurPublic(cree));
    },

    async utilisateur({ params, session }) {
      return utilisateurPublic(duService(session, params.identifiant));
    },

    async modifierUtilisateur({ params, body, session }) {
      duService(session, params.identifiant);
      const { motDePasse, ...champs } = body;
      const motDePasseHache = motDePasse === undefined ? undefined : await hacherMotDePasse(motDePasse);
      const modifie = depots.db
        .transaction(() => {
          const avant = duService(session, params.identifiant);
          const apres: UtilisateurLigne = {
            ...avant,
            ...Object.fromEntries(Object.entries(champs).filter(([, v]) => v !== undefined)),
            ...(motDePasseHache ? { motDePasseHache } : {}),
          };
          const perdAdmin =
            avant.active &&
            avant.habilitation === 'GESTION' &&
            (!apres.active || apres.habilitation !== 'GESTION');
          if (perdAdmin && depots.utilisateurs.administrateursActifs(session.service.id) <= 1) {
            throw new ErreurApi(
              422,
              'dernier_administrateur',
              `« ${avant.identifiant} » est le dernier administrateur actif du service : il ne peut être ni désactivé ni rétrogradé. Nommez d'abord un autre administrateur.`,
            );
          }
          depots.utilisateurs.enregistrer(apres, g.horloge().getTime());
          if (!apres.active) depots.sessions.revoquer(apres.id);
          // A new password set by an administrator ends the account's other sessions.
          else if (motDePasseHache) depots.sessions.revoquer(apres.id, session.empreinte);
          return apres;
        })
        .immediate();
      return utilisateurPublic(modifie);
    },
  };
}

import { empreinteJeton, nouveauJeton } from '../auth/jetons.js';
import { hacheLeurre, hacherMotDePasse, verifierMotDePasse } from '../auth/motDePasse.js';
import type { Guichet } from '../guichet.js';
import { iso } from '../horloge.js';
import type { Handlers } from '../http/contexte.js';
import { ErreurApi } from '../http/erreurs.js';
import { messageReinitialisation } from '../mail/messages.js';

const VALIDITE_REINITIALISATION_MIN = 60;

function tropDeTentatives(secondes: number): ErreurApi {
  const minutes = Math.ceil(secondes / 60);
  return new ErreurApi(
    429,
    'trop_de_tentatives',
    `Trop de tentatives. Réessayez dans ${minutes} minute${minutes > 1 ? 's' : ''}.`,
    { reessayerDans: secondes },
    { 'Retry-After': String(secondes) },
  );
}

/** One body for unknown user, wrong password and disabled account: nothing to learn from it. */
const identifiantsInvalides = () =>
  new ErreurApi(401, 'identifiants_invalides', 'Identifiant ou mot de passe incorrect, ou compte désactivé.');

export function handlersAuth(
  g: Guichet,
): Pick<Handlers, 'login' | 'logout' | 'changerMotDePasse' | 'motDePassePerdu' | 'reinitialiser'> {
  const { depots } = g;
  return {
    async login({ body, requete }) {
      const maintenant = g.horloge().getTime();
      const identifiant = body.identifiant.trim().toLowerCase();
      const cleIdentifiant = `identifiant:${identifiant}`;
      const cleIp = `ip:${requete.ip}`;
      const attente = Math.max(
        g.limiteurs.identifiant.attente(cleIdentifiant, maintenant),
        g.limiteurs.ip.attente(cleIp, maintenant),
      );
      if (attente > 0) throw tropDeTentatives(attente);

      const utilisateur = depots.utilisateurs.parIdentifiant(identifiant);
      // Unknown identifiant: still pay for one scrypt so the answer takes the same time.
      const valide = await verifierMotDePasse(
        body.motDePasse,
        utilisateur?.motDePasseHache ?? (await hacheLeurre()),
      );
      const service = utilisateur && depots.referentiel.serviceParId(utilisateur.serviceId);
      if (!utilisateur || !valide || !utilisateur.active || !service) {
        g.limiteurs.identifiant.echec(cleIdentifiant, maintenant);
        g.limiteurs.ip.echec(cleIp, maintenant);
        throw identifiantsInvalides();
      }
      g.limiteurs.identifiant.reinitialiser(cleIdentifiant);
      const jeton = nouveauJeton();
      const expireLe = maintenant + g.dureeSessionMs;
      depots.sessions.creer(empreinteJeton(jeton), utilisateur.id, maintenant, expireLe);
      return {
        token: jeton,
        expireLe: iso(expireLe),
        utilisateur: {
          identifiant: utilisateur.identifiant,
          nom: utilisateur.nom,
          prenom: utilisateur.prenom,
          courriel: utilisateur.courriel,
          habilitation: utilisateur.habilitation,
          service: { codeInsee: service.codeInsee, nom: service.nom },
        },
      };
    },

    async logout({ session }) {
      depots.sessions.supprimer(session.empreinte);
      return { ok: true as const };
    },

    async changerMotDePasse({ body, session }) {
      const u = session.utilisateur;
      if (!(await verifierMotDePasse(body.actuel, u.motDePasseHache))) {
        throw new ErreurApi(422, 'mot_de_passe_incorrect', 'Le mot de passe actuel est incorrect.');
      }
      const hache = await hacherMotDePasse(body.nouveau);
      depots.db
        .transaction(() => {
          const actuel = depots.utilisateurs.parId(u.id) ?? u;
          depots.utilisateurs.enregistrer({ ...actuel, motDePasseHache: hache }, g.horloge().getTime());
          // Other devices must log in again with the new password; this one stays connected.
          depots.sessions.revoquer(u.id, session.empreinte);
        })
        .immediate();
      return { ok: true as const };
    },

    async motDePassePerdu({ body, requete }) {
      const maintenant = g.horloge().getTime();
      const cleIp = `ip:${requete.ip}`;
      const attente = g.limiteurs.motDePassePerdu.attente(cleIp, maintenant);
      if (attente > 0) throw tropDeTentatives(attente);
      // Every request counts: it may send a mail.
      g.limiteurs.motDePassePerdu.echec(cleIp, maintenant);
      const u = depots.utilisateurs.parIdentifiant(body.identifiant.trim().toLowerCase());
      if (u?.active && u.courriel.toLowerCase() === body.courriel.trim().toLowerCase()) {
        const jeton = nouveauJeton();
        depots.sessions.creerReinitialisation(
          empreinteJeton(jeton),
          u.id,
          maintenant + VALIDITE_REINITIALISATION_MIN * 60 * 1000,
        );
        g.courrier.envoyer(
          messageReinitialisation(u.courriel, u.identifiant, jeton, VALIDITE_REINITIALISATION_MIN),
        );
      }
      return {
        message:
          'Si ces informations correspondent à un compte actif, un courriel de réinitialisation vient de lui être envoyé.',
      };
    },

    async reinitialiser({ body }) {
      const hache = await hacherMotDePasse(body.nouveau);
      const maintenant = g.horloge().getTime();
      const ok = depots.db
        .transaction(() => {
          const utilisateurId = depots.sessions.consommerReinitialisation(
            empreinteJeton(body.jeton),
            maintenant,
          );
          const u = utilisateurId === undefined ? undefined : depots.utilisateurs.parId(utilisateurId);
          if (!u) return false;
          depots.utilisateurs.enregistrer({ ...u, motDePasseHache: hache }, maintenant);
          depots.sessions.revoquer(u.id);
          depots.sessions.annulerReinitialisations(u.id, maintenant);
          g.limiteurs.identifiant.reinitialiser(`identifiant:${u.identifiant}`);
          return true;
        })
        .immediate();
      if (!ok) {
        throw new ErreurApi(
          422,
          'jeton_invalide',
          'Ce jeton de réinitialisation est invalide, expiré ou déjà utilisé.',
        );
      }
      return { ok: true as const };
    },
  };
}

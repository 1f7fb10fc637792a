import { timingSafeEqual } from 'node:crypto';
import { empreinteJeton, nouveauJeton } from '../auth/jetons.js';
import type { Limiteur } from '../auth/limiteur.js';
import { doitEtreRehache, hacheLeurre, hacherMotDePasse, verifierMotDePasse } from '../auth/motDePasse.js';
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

/** The longest wait among the keys, 0 when every key is allowed. */
function attenteMax(cles: readonly (readonly [Limiteur, string])[], maintenant: number): number {
  return Math.max(0, ...cles.map(([l, cle]) => l.attente(cle, maintenant)));
}

const jetonInvalide = () =>
  new ErreurApi(
    422,
    'jeton_invalide',
    'Ce code de réinitialisation est invalide, expiré ou déjà utilisé : demandez-en un nouveau avec « Mot de passe perdu ».',
  );

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
      const cles = [
        [g.limiteurs.identifiant, cleIdentifiant],
        [g.limiteurs.ip, `ip:${requete.ip}`],
      ] as const;
      const attente = attenteMax(cles, maintenant);
      if (attente > 0) throw tropDeTentatives(attente);
      // Reserved in the same tick as the check: parallel attempts cannot all pass it.
      for (const [l, cle] of cles) l.reserver(cle);
      let utilisateur;
      let service;
      try {
        utilisateur = depots.utilisateurs.parIdentifiant(identifiant);
        // Unknown identifiant: still pay for one scrypt so the answer takes the same time.
        const valide = await verifierMotDePasse(
          body.motDePasse,
          utilisateur?.motDePasseHache ?? (await hacheLeurre()),
        );
        service = utilisateur && depots.referentiel.serviceParId(utilisateur.serviceId);
        if (!utilisateur || !valide || !utilisateur.active || !service) {
          for (const [l, cle] of cles) l.echec(cle, maintenant);
          throw identifiantsInvalides();
        }
      } finally {
        for (const [l, cle] of cles) l.liberer(cle);
      }
      g.limiteurs.identifiant.reinitialiser(cleIdentifiant);
      if (doitEtreRehache(utilisateur.motDePasseHache)) {
        // The only moment the clear password is known: older hashes move to today's parameters.
        // After the answer, not before: the agent does not wait for a second scrypt.
        const { id, motDePasseHache: ancien } = utilisateur;
        // A failure (server stopped meanwhile) only delays it to the next login.
        hacherMotDePasse(body.motDePasse)
          .then((nouveau) => depots.utilisateurs.rehacher(id, ancien, nouveau))
          .catch((e: unknown) =>
            g.journal.avertir(`Mot de passe de ${identifiant} non rehaché : ${String(e)}`),
          );
      }
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
      const identifiant = body.identifiant.trim().toLowerCase();
      // Per identifiant too: many IPs must not flood one agent's mailbox.
      const cles = [
        [g.limiteurs.motDePassePerdu, `ip:${requete.ip}`],
        [g.limiteurs.courrielsIdentifiant, `identifiant:${identifiant}`],
      ] as const;
      const attente = attenteMax(cles, maintenant);
      if (attente > 0) throw tropDeTentatives(attente);
      // Every request counts: it may send a mail.
      for (const [l, cle] of cles) l.echec(cle, maintenant);
      const u = depots.utilisateurs.parIdentifiant(identifiant);
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

    async reinitialiser({ body, requete }) {
      const maintenant = g.horloge().getTime();
      const empreinte = empreinteJeton(body.jeton);
      const cles = [
        [g.limiteurs.reinitialisationIp, `ip:${requete.ip}`],
        [g.limiteurs.reinitialisationJeton, `jeton:${empreinte.toString('base64url')}`],
      ] as const;
      const attente = attenteMax(cles, maintenant);
      if (attente > 0) throw tropDeTentatives(attente);
      // The token first, and nothing costly before it: a wrong token must not buy a scrypt.
      const ligne = depots.sessions.trouverReinitialisation(empreinte, maintenant);
      if (!ligne || !timingSafeEqual(ligne.empreinte, empreinte)) {
        for (const [l, cle] of cles) l.echec(cle, maintenant);
        throw jetonInvalide();
      }
      const hache = await hacherMotDePasse(body.nouveau);
      const apres = g.horloge().getTime();
      // Consumed only now, atomically: a token used meanwhile by a parallel request is refused.
      const u = depots.db
        .transaction(() => {
          const utilisateurId = depots.sessions.consommerReinitialisation(empreinte, apres);
          const u = utilisateurId === undefined ? undefined : depots.utilisateurs.parId(utilisateurId);
          if (!u) return undefined;
          depots.utilisateurs.enregistrer({ ...u, motDePasseHache: hache }, apres);
          depots.sessions.revoquer(u.id);
          depots.sessions.annulerReinitialisations(u.id, apres);
          return u;
        })
        .immediate();
      if (!u) throw jetonInvalide();
      g.limiteurs.identifiant.reinitialiser(`identifiant:${u.identifiant}`);
      return { ok: true as const };
    },
  };
}

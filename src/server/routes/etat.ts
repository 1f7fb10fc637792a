import type { ClotureResponse } from '../../shared/api/schemas.js';
import { avecIdempotence } from '../dossiers/idempotence.js';
import { presenterDetail } from '../dossiers/presentation.js';
import { changerEtatDossier, etatClosDe } from '../dossiers/transition.js';
import type { DossierLigne } from '../db/dossiers.js';
import type { Guichet } from '../guichet.js';
import { ReponseJson, type Handlers } from '../http/contexte.js';
import { ErreurApi, erreurs } from '../http/erreurs.js';
import type { Message } from '../mail/courrier.js';

function nettoyerCommentaire(c: string | undefined): string | null {
  const t = c?.trim();
  return t ? t : null;
}

export function handlersEtat(g: Guichet): Pick<Handlers, 'changerEtat' | 'cloturer'> {
  const { depots } = g;
  const detail = (l: DossierLigne) => presenterDetail(l, depots);

  return {
    async changerEtat({ params, body, session }) {
      const le = g.horloge().getTime();
      const commentaire = nettoyerCommentaire(body.commentaire);
      const requete = {
        route: 'changerEtat',
        numero: params.numero,
        etat: body.etat,
        commentaire,
        revision: body.revision,
      };
      // Filled only when the change is applied now, not when an earlier answer is replayed.
      const courriels: Message[] = [];
      const reponse = avecIdempotence(depots, session.service.id, body.cle, requete, le, () => {
        const l = depots.dossiers.parNumero(session.service.id, params.numero);
        if (!l) throw erreurs.dossierIntrouvable(params.numero);
        if (body.revision !== l.revision) {
          return new ReponseJson(409, {
            erreur: 'conflit',
            message: `Le dossier ${l.numero} a été modifié entre-temps (révision ${l.revision}, vous aviez la ${body.revision}). Vérifiez son état avant de réessayer.`,
            dossier: detail(l),
          });
        }
        const refus = changerEtatDossier(
          depots,
          l,
          {
            etat: body.etat,
            commentaire,
            par: session.utilisateur.identifiant,
            le,
          },
          courriels,
        );
        if (refus)
          throw new ErreurApi(
            422,
            refus.erreur,
            refus.message,
            refus.erreur === 'piece_obligatoire' ? { slot: refus.slot } : {},
          );
        const apres = depots.dossiers.parNumero(session.service.id, params.numero);
        if (!apres) throw new Error('Dossier disparu pendant sa modification.');
        return new ReponseJson(200, detail(apres));
      });
      // After the commit: a mail never announces a change that was rolled back.
      for (const m of courriels) g.courrier.envoyer(m);
      return reponse;
    },

    async cloturer({ body, session }) {
      const le = g.horloge().getTime();
      const commentaire = nettoyerCommentaire(body.commentaire);
      const requete = { route: 'cloturer', numeros: body.numeros, commentaire };
      const courriels: Message[] = [];
      const reponse = avecIdempotence(depots, session.service.id, body.cle, requete, le, () => {
        const resultats: ClotureResponse['resultats'] = body.numeros.map((numero) => {
          const l = depots.dossiers.parNumero(session.service.id, numero);
          if (!l) {
            return {
              numero,
              ok: false,
              erreur: 'dossier_introuvable',
              message: erreurs.dossierIntrouvable(numero).message,
            };
          }
          if (l.closLe !== null) {
            return { numero, ok: false, erreur: 'deja_clos', message: `Le dossier ${numero} est déjà clos.` };
          }
          // Each dossier in its own savepoint: one failing never blocks or half-applies the others.
          try {
            const aEnvoyer: Message[] = [];
            const refus = depots.db.transaction(() =>
              changerEtatDossier(
                depots,
                l,
                {
                  etat: etatClosDe(depots, l),
                  commentaire,
                  par: session.utilisateur.identifiant,
                  le,
                },
                aEnvoyer,
              ),
            )();
            if (refus) return { numero, ok: false, erreur: refus.erreur, message: refus.message };
            courriels.push(...aEnvoyer);
            return { numero, ok: true, revision: l.revision + 1 };
          } catch (e) {
            g.journal.erreur(`Clôture de ${numero} impossible`, e);
            return {
              numero,
              ok: false,
              erreur: 'erreur_interne',
              message: `La clôture de ${numero} a échoué ; réessayez.`,
            };
          }
        });
        return new ReponseJson(200, { resultats });
      });
      for (const m of courriels) g.courrier.envoyer(m);
      return reponse;
    },
  };
}

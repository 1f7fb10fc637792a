import { avecIdempotence } from '../dossiers/idempotence.js';
import { presenterDetail } from '../dossiers/presentation.js';
import type { DossierLigne } from '../db/dossiers.js';
import type { Guichet } from '../guichet.js';
import { ReponseJson, type Handlers } from '../http/contexte.js';
import { ErreurApi } from '../http/erreurs.js';
import type { Message } from '../mail/courrier.js';
import { dossierPortail, dossierTermine, estTerminal } from '../portail/acces.js';
import { ecrireAUsager } from '../portail/echanges.js';
import { messageJustificatifRefuse } from '../portail/textes.js';
import { fichierEnTelechargement } from './binaire.js';

const introuvable = (numero: string) =>
  new ErreurApi(404, 'justificatif_introuvable', `Ce justificatif n'existe pas dans le dossier ${numero}.`);

export function handlersJustificatifs(
  g: Guichet,
): Pick<Handlers, 'fichierJustificatif' | 'deciderJustificatif'> {
  const { depots } = g;
  const detail = (serviceId: number, l: DossierLigne) => {
    const apres = depots.dossiers.parNumero(serviceId, l.numero);
    if (!apres) throw new Error('Dossier disparu pendant sa modification.');
    return presenterDetail(apres, depots);
  };
  return {
    async fichierJustificatif({ params, session }) {
      const { l } = dossierPortail(depots, session.service.id, params.numero);
      const j = depots.justificatifs.un(l.id, params.id);
      if (!j) throw introuvable(l.numero);
      if (j.blobId === null) {
        throw new ErreurApi(404, 'fichier_introuvable', `L'usager n'a pas encore fourni « ${j.libelle} ».`);
      }
      return fichierEnTelechargement(
        depots.blobs.contenu(j.blobId),
        j.fichierType ?? 'application/octet-stream',
        j.fichierNom ?? 'justificatif',
      );
    },

    async deciderJustificatif({ params, body, session }) {
      const le = g.horloge().getTime();
      const motif = body.statut === 'invalide' ? (body.motif?.trim() ?? '') : null;
      const requete = {
        route: 'deciderJustificatif',
        numero: params.numero,
        id: params.id,
        statut: body.statut,
        motif,
        fichier: body.fichier,
      };
      const courriels: Message[] = [];
      const reponse = avecIdempotence(depots, session.service.id, body.cle, requete, le, () => {
        const { l, wf } = dossierPortail(depots, session.service.id, params.numero);
        const j = depots.justificatifs.un(l.id, params.id);
        if (!j) throw introuvable(l.numero);
        if (estTerminal(wf, l)) throw dossierTermine(wf, l);
        if (j.fichierPublicId === null) {
          throw new ErreurApi(
            422,
            'justificatif_non_fourni',
            `L'usager n'a pas encore fourni « ${j.libelle} » : il n'y a rien à valider.`,
          );
        }
        if (j.fichierPublicId !== body.fichier) {
          return new ReponseJson(409, {
            erreur: 'conflit',
            message: `L'usager a fourni un autre fichier pour « ${j.libelle} » depuis votre examen : ouvrez le nouveau avant de décider.`,
            dossier: presenterDetail(l, depots),
          });
        }
        depots.justificatifs.decider(j.id, body.statut, motif, le, session.utilisateur.identifiant);
        if (body.statut === 'invalide') {
          ecrireAUsager(
            depots,
            l,
            {
              ...messageJustificatifRefuse(j.libelle, motif ?? ''),
              par: session.utilisateur.identifiant,
              le,
            },
            courriels,
          );
        }
        depots.dossiers.toucher(l.id, depots.prochainSeq());
        return new ReponseJson(200, detail(session.service.id, l));
      });
      for (const m of courriels) g.courrier.envoyer(m);
      return reponse;
    },
  };
}

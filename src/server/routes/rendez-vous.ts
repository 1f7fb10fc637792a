import { randomUUID } from 'node:crypto';
import { avecIdempotence } from '../dossiers/idempotence.js';
import { presenterDetail } from '../dossiers/presentation.js';
import type { DossierLigne } from '../db/dossiers.js';
import type { Guichet } from '../guichet.js';
import { ReponseJson, type Handlers } from '../http/contexte.js';
import { ErreurApi } from '../http/erreurs.js';
import type { Message } from '../mail/courrier.js';
import { dossierPortail, dossierTermine, estTerminal } from '../portail/acces.js';
import { ecrireAUsager } from '../portail/echanges.js';
import { messageRendezVousAnnule, messageRendezVousPropose } from '../portail/textes.js';

const introuvable = (numero: string, id: string) =>
  new ErreurApi(
    404,
    'rendez_vous_introuvable',
    `Le rendez-vous ${id} n'existe pas dans le dossier ${numero}.`,
  );
const dejaAnnule = () => new ErreurApi(422, 'deja_annule', 'Ce rendez-vous est déjà annulé.');

export function handlersRendezVous(g: Guichet): Pick<Handlers, 'proposerRendezVous' | 'annulerRendezVous'> {
  const { depots } = g;
  const detail = (serviceId: number, l: DossierLigne) => {
    const apres = depots.dossiers.parNumero(serviceId, l.numero);
    if (!apres) throw new Error('Dossier disparu pendant sa modification.');
    return presenterDetail(apres, depots);
  };
  return {
    async proposerRendezVous({ params, body, session }) {
      const le = g.horloge().getTime();
      const { cle, ...rdv } = body;
      const courriels: Message[] = [];
      const reponse = avecIdempotence(
        depots,
        session.service.id,
        cle,
        { route: 'proposerRendezVous', numero: params.numero, ...rdv },
        le,
        () => {
          const { l, wf } = dossierPortail(depots, session.service.id, params.numero);
          if (estTerminal(wf, l)) throw dossierTermine(wf, l);
          const remplace = rdv.remplace === undefined ? null : depots.rendezVous.un(l.id, rdv.remplace);
          if (rdv.remplace !== undefined) {
            if (!remplace) throw introuvable(l.numero, rdv.remplace);
            if (remplace.statut === 'annule') throw dejaAnnule();
            depots.rendezVous.annuler(remplace.id, 'mairie', 'Remplacé par un nouveau rendez-vous.');
          }
          const nouveau = {
            debut: Date.parse(rdv.debut),
            fin: Date.parse(rdv.fin),
            lieu: rdv.lieu,
            objet: rdv.objet,
          };
          depots.rendezVous.inserer({
            publicId: randomUUID(),
            dossierId: l.id,
            ...nouveau,
            statut: 'planifie',
            annulePar: null,
            motifAnnulation: null,
            remplace: remplace?.publicId ?? null,
          });
          ecrireAUsager(
            depots,
            l,
            {
              ...messageRendezVousPropose(nouveau, remplace ?? null),
              par: session.utilisateur.identifiant,
              le,
            },
            courriels,
          );
          depots.dossiers.toucher(l.id, depots.prochainSeq());
          return new ReponseJson(201, detail(session.service.id, l));
        },
      );
      for (const m of courriels) g.courrier.envoyer(m);
      return reponse;
    },

    async annulerRendezVous({ params, body, session }) {
      const le = g.horloge().getTime();
      const motif = body.motif.trim();
      const courriels: Message[] = [];
      const reponse = avecIdempotence(
        depots,
        session.service.id,
        body.cle,
        { route: 'annulerRendezVous', numero: params.numero, id: params.id, motif },
        le,
        () => {
          const { l } = dossierPortail(depots, session.service.id, params.numero);
          const r = depots.rendezVous.un(l.id, params.id);
          if (!r) throw introuvable(l.numero, params.id);
          if (r.statut === 'annule') throw dejaAnnule();
          depots.rendezVous.annuler(r.id, 'mairie', motif);
          ecrireAUsager(
            depots,
            l,
            { ...messageRendezVousAnnule(r, motif), par: session.utilisateur.identifiant, le },
            courriels,
          );
          depots.dossiers.toucher(l.id, depots.prochainSeq());
          return new ReponseJson(200, detail(session.service.id, l));
        },
      );
      for (const m of courriels) g.courrier.envoyer(m);
      return reponse;
    },
  };
}

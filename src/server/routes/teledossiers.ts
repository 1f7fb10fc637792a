import type { ListeFiltree, ListeIncrementale } from '../../shared/api/schemas.js';
import type { DossierLigne, FiltresListe } from '../db/dossiers.js';
import { decoderCurseur, encoderCurseur } from '../dossiers/curseur.js';
import { presenterDetail, presenterDossiers } from '../dossiers/presentation.js';
import type { Guichet } from '../guichet.js';
import { iso } from '../horloge.js';
import type { Handlers } from '../http/contexte.js';
import { ErreurApi, erreurs } from '../http/erreurs.js';

export function handlersTeledossiers(g: Guichet): Pick<Handlers, 'listerTeledossiers' | 'teledossier'> {
  const { depots } = g;

  function incrementale(serviceId: number, depuis: string, limite: number): ListeIncrementale {
    const apres = decoderCurseur(depuis);
    // One more than asked tells whether something remains after this page.
    const lignes = depots.dossiers.changements(serviceId, apres, limite + 1);
    const page = lignes.slice(0, limite);
    const resultat: ListeIncrementale = {
      elements: [],
      supprimes: [],
      curseur: encoderCurseur(apres),
      encore: lignes.length > limite,
    };
    const ouverts: DossierLigne[] = [];
    for (const l of page) {
      // `le` is the server's clock at the purge or the close, so a client can tell when it happened.
      if (l.type === 'suppression')
        resultat.supprimes.push({ numero: l.numero, motif: l.motif, le: iso(l.le) });
      // A closed dossier leaves the list of dossiers to treat: reported as removed, "cloture". Its
      // row (new seq at the close) carries it even when it was created after the client's cursor.
      else if (l.closLe !== null)
        resultat.supprimes.push({ numero: l.numero, motif: 'cloture', le: iso(l.closLe) });
      else ouverts.push(l);
    }
    // In one batch: the portal parts of the page's dossiers cost a few queries, not a few per dossier.
    resultat.elements = presenterDossiers(ouverts, depots);
    const derniere = page.at(-1);
    if (derniere) resultat.curseur = encoderCurseur(derniere.seq);
    return resultat;
  }

  function filtree(
    serviceId: number,
    q: {
      demarche?: string;
      etat?: number;
      du?: string;
      au?: string;
      numero?: string;
      page?: number;
      parPage?: number;
    },
  ): ListeFiltree {
    const page = q.page ?? 1;
    const parPage = q.parPage ?? 25;
    const filtres: FiltresListe = {};
    if (q.demarche) {
      const demarche = depots.referentiel.demarcheParCode(q.demarche);
      // An unknown démarche simply matches nothing.
      filtres.demarcheId = demarche?.id ?? -1;
    }
    if (q.etat !== undefined) filtres.etat = q.etat;
    if (q.du) filtres.du = Date.parse(q.du);
    if (q.au) filtres.au = Date.parse(q.au);
    if (q.numero) filtres.prefixeNumero = q.numero.trim().toUpperCase();
    const { lignes, total } = depots.dossiers.liste(serviceId, filtres, (page - 1) * parPage, parPage);
    return { elements: presenterDossiers(lignes, depots), total, page, parPage };
  }

  return {
    async listerTeledossiers({ query, session }) {
      const depuis = query.depuis;
      if (depuis !== undefined) {
        // One read snapshot: a citizen acting from another process cannot slip between the page's
        // rows and their portal parts.
        return depots.db
          .transaction(() => incrementale(session.service.id, depuis, query.limite ?? 500))
          .deferred();
      }
      if (query.limite !== undefined) {
        throw new ErreurApi(
          400,
          'requete_invalide',
          '« limite » ne s’emploie qu’avec « depuis » (liste incrémentale).',
        );
      }
      return depots.db.transaction(() => filtree(session.service.id, query)).deferred();
    },

    async teledossier({ params, session }) {
      return depots.db
        .transaction(() => {
          const l = depots.dossiers.parNumero(session.service.id, params.numero);
          if (!l) throw erreurs.dossierIntrouvable(params.numero);
          return presenterDetail(l, depots);
        })
        .deferred();
    },
  };
}

import { randomUUID } from 'node:crypto';
import {
  ErreurApp,
  type BilanCloture,
  type EcartCloture,
  type ExamenCloture,
} from '../../shared/app-api/index.js';
import { etatDe } from '../../shared/workflow/index.js';
import { estConnu, lireDossier, type Db } from '../store/index.js';
import {
  actionsDuDossier,
  insererAction,
  liensDossiers,
  lireAction,
  versActionFile,
  type ActionStockee,
} from './actions.js';
import { nouvelleCle, refusDuDossier, TAILLE_LOT_CLOTURE, type ContexteCreation } from './creer.js';
import { etatCible, recalculer, reglesEnCache, type Regles } from './optimiste.js';

/**
 * Why this dossier cannot be closed now, or null. The dialog's check, the CLI and the close itself
 * all go through here, so what the agent is told beforehand is what actually happens.
 */
function ecartCloture(
  db: Db,
  regles: Regles,
  numero: string,
  commentaire: string | null,
): EcartCloture | null {
  const d = lireDossier(db, numero);
  if (!d) {
    return {
      numero,
      motif: 'inconnu',
      message: `Le dossier ${numero} est inconnu sur ce poste : synchronisez, puis clôturez-le de nouveau.`,
    };
  }
  if (d.supprimeDuGuichet === 'cloture') {
    return { numero, motif: 'etat', message: `Le dossier ${numero} est déjà clos.` };
  }
  if (d.supprimeDuGuichet || !estConnu(d)) {
    return {
      numero,
      motif: 'supprime',
      message: `Le dossier ${numero} a été supprimé du guichet : il ne peut plus être clôturé.`,
    };
  }
  const r = regles(d.demarche.code);
  if (!r) {
    return {
      numero,
      motif: 'workflow-inconnu',
      message: `Le workflow de la démarche « ${d.demarche.intitule} » du dossier ${numero} est inconnu sur ce poste : synchronisez, puis réessayez.`,
    };
  }
  const { workflow } = r;
  const clos = workflow.etatClos;
  // The displayed state already includes pending actions: a queued close shows as « clos ».
  const enFile = actionsDuDossier(db, numero, ['en-attente', 'en-cours']).some(
    (a) => etatCible(a, workflow) === clos,
  );
  if (enFile) {
    return {
      numero,
      motif: 'deja-en-file',
      message: `La clôture du dossier ${numero} est déjà en file d'attente : elle partira au prochain envoi au guichet.`,
    };
  }
  const refus = refusDuDossier(r, d, clos, commentaire);
  if (!refus) return null;
  switch (refus.erreur) {
    case 'piece_obligatoire': {
      const libelle = etatDe(workflow, clos)?.pieces.find((p) => p.slot === refus.slot)?.libelle;
      return {
        numero,
        motif: 'piece',
        message: `Le dossier ${numero} ne peut pas être clôturé sans la pièce jointe « ${libelle ?? refus.slot} » : déposez-la d'abord, puis clôturez-le.`,
      };
    }
    case 'commentaire_obligatoire':
      return {
        numero,
        motif: 'commentaire',
        message: `Un commentaire est obligatoire pour clôturer le dossier ${numero} : saisissez-en un.`,
      };
    case 'transition_interdite':
      return {
        numero,
        motif: 'etat',
        message:
          d.etat === clos
            ? `Le dossier ${numero} est déjà clos.`
            : `Le dossier ${numero} est à l'état « ${etatDe(workflow, d.etat)?.libelle ?? d.etat} » : cet état ne permet pas de le clôturer.`,
      };
    case 'etat_inconnu':
      return {
        numero,
        motif: 'etat',
        message: `L'état ${d.etat} du dossier ${numero} n'existe pas dans le workflow de sa démarche : synchronisez, puis réessayez.`,
      };
  }
}

interface Tri {
  acceptes: string[];
  ecartes: EcartCloture[];
}

function trier(db: Db, regles: Regles, numeros: string[], commentaire: string | null): Tri {
  const acceptes: string[] = [];
  const ecartes: EcartCloture[] = [];
  for (const numero of [...new Set(numeros)]) {
    const e = ecartCloture(db, regles, numero, commentaire);
    if (e) ecartes.push(e);
    else acceptes.push(numero);
  }
  return { acceptes, ecartes };
}

/** What the close would do, without doing it: shown in the dialog before the agent confirms. */
export function examinerCloture(db: Db, numeros: string[], commentaire: string | null): ExamenCloture {
  const { acceptes, ecartes } = trier(db, reglesEnCache(db), numeros, commentaire);
  return { total: acceptes.length + ecartes.length, cloturables: acceptes.length, ecartes };
}

export interface CreationCloture {
  /** Null when every dossier was left out: nothing is queued. */
  action: ActionStockee | null;
  acceptes: string[];
  ecartes: EcartCloture[];
}

/** Close (one or many dossiers): ONE action, one idempotency key per chunk of ≤ 1000 numéros. */
export function creerCloture(
  ctx: ContexteCreation,
  numeros: string[],
  commentaire: string | null,
): CreationCloture {
  const { db } = ctx;
  return db.transaction(() => {
    const regles = reglesEnCache(db);
    const { acceptes, ecartes } = trier(db, regles, numeros, commentaire);
    if (acceptes.length === 0) return { action: null, acceptes, ecartes };
    const cles = Array.from({ length: Math.ceil(acceptes.length / TAILLE_LOT_CLOTURE) }, nouvelleCle);
    const action = insererAction(db, {
      id: randomUUID(),
      type: 'cloture',
      numeros: acceptes,
      etat: null,
      commentaire: commentaire?.trim() ? commentaire : null,
      slot: null,
      nomFichier: null,
      fichier: null,
      taille: null,
      sha256: null,
      cles,
      revision: null,
      creeLe: new Date().toISOString(),
      par: ctx.par,
      resume: `Clôture de ${acceptes.length} dossier${acceptes.length > 1 ? 's' : ''}`,
    });
    for (const n of acceptes) recalculer(db, n, regles);
    return { action, acceptes, ecartes };
  })();
}

/** The same close for callers that want one action or an error (the first reason given). */
export function creerActionCloture(
  ctx: ContexteCreation,
  numeros: string[],
  commentaire: string | null,
): { action: ActionStockee; refuses: EcartCloture[] } {
  const { action, ecartes } = creerCloture(ctx, numeros, commentaire);
  if (!action) throw new ErreurApp('refus', ecartes[0]?.message ?? 'Aucun dossier à clôturer.');
  return { action, refuses: ecartes };
}

export function bilanCreation(c: CreationCloture): BilanCloture {
  return {
    actions: c.action ? [versActionFile(c.action)] : [],
    dossiers: c.acceptes.length,
    envoyes: [],
    enAttente: c.acceptes,
    ecartes: c.ecartes,
    refuses: [],
  };
}

/**
 * The guichet's reason per numéro, read back from the action's error. The replay writes it as
 * « Non clos : <numéro> : <message> ; … », or « <n> dossier(s) : <message> » for a whole chunk.
 */
function raisonsDuGuichet(erreur: string | null): { parNumero: Map<string, string>; lot: string | null } {
  const parNumero = new Map<string, string>();
  let lot: string | null = null;
  if (!erreur) return { parNumero, lot };
  const corps = erreur.replace(/^Non clos : /, '').replace(/ …$/, '');
  for (const morceau of corps.split(' ; ')) {
    const i = morceau.indexOf(' : ');
    if (i < 0) continue;
    const qui = morceau.slice(0, i);
    const quoi = morceau.slice(i + 3);
    if (/^\d+ dossier\(s\)$/.test(qui)) lot ??= quoi;
    else parNumero.set(qui, quoi);
  }
  return { parNumero, lot };
}

function raisonRefus(a: ActionStockee, numero: string, raisons: ReturnType<typeof raisonsDuGuichet>) {
  const raison =
    raisons.parNumero.get(numero) ??
    raisons.lot ??
    (a.erreur && !a.erreur.startsWith('Non clos : ') ? a.erreur : null);
  return raison
    ? `Le guichet a refusé de clôturer le dossier ${numero} : ${raison}`
    : `Le guichet a refusé de clôturer le dossier ${numero} (motif non conservé) : ouvrez-le pour voir son état, puis réessayez.`;
}

/** Where each dossier of these close actions stands now (after the queue has been replayed, or not). */
export function suivreCloture(db: Db, ids: string[]): BilanCloture {
  const bilan: BilanCloture = {
    actions: [],
    dossiers: 0,
    envoyes: [],
    enAttente: [],
    ecartes: [],
    refuses: [],
  };
  for (const id of ids) {
    const a = lireAction(db, id);
    if (!a || a.type !== 'cloture') {
      throw new ErreurApp('introuvable', "Cette clôture n'existe pas (ou plus) dans la file d'attente.");
    }
    bilan.actions.push(versActionFile(a));
    const raisons = raisonsDuGuichet(a.erreur);
    // The links, not a.numeros: a retry drops the numéros already closed from the action itself.
    for (const [numero, lien] of liensDossiers(db, a.seq)) {
      if (lien === 'fait') bilan.envoyes.push(numero);
      else if (lien === 'echec') {
        bilan.refuses.push({ numero, motif: 'refus-guichet', message: raisonRefus(a, numero, raisons) });
      } else if (a.statut === 'annulee') {
        bilan.refuses.push({
          numero,
          motif: 'annulee',
          message: `La clôture du dossier ${numero} a été annulée depuis la file d'attente : il n'a pas été clos.`,
        });
      } else if (a.statut === 'refusee' || a.statut === 'conflit') {
        bilan.refuses.push({ numero, motif: 'refus-guichet', message: raisonRefus(a, numero, raisons) });
      } else bilan.enAttente.push(numero);
    }
  }
  bilan.dossiers = bilan.envoyes.length + bilan.enAttente.length;
  return bilan;
}

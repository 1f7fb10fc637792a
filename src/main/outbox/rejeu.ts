import fs from 'node:fs';
import path from 'node:path';
import type { DossierDetail } from '../../shared/api/index.js';
import { delaiBackoff } from '../commun/reprise.js';
import { ErreurGuichet, ErreurHorsLigneChoisi, ErreurReseau } from '../guichet-client/index.js';
import { appliquerDossierServeur, lireServeur, type DossierServeur } from '../store/index.js';
import {
  actionsParStatut,
  chainerRevision,
  liensDossiers,
  lireActionSeq,
  majLiensDossiers,
  majStatut,
  type ActionStockee,
} from './actions.js';
import { TAILLE_LOT_CLOTURE } from './creer.js';
import { envoyerJustificatif, envoyerMessage, envoyerRendezVous } from './envoi-portail.js';
import { recalculer, reglesEnCache } from './optimiste.js';
import {
  ActionInvalide,
  estTemporaire,
  numero,
  refusOuConflit,
  type ContexteRejeu,
  type Issue,
} from './rejeu-commun.js';

export { rafraichirDetails, rafraichirDossier, type ContexteRejeu } from './rejeu-commun.js';

export interface BilanRejeu {
  envoyees: number;
  conflits: number;
  refusees: number;
  restantes: number;
  /** The guichet could not be reached: the pass stopped, nothing was lost. */
  horsLigne: boolean;
}

/**
 * Actions on different dossiers sent at once: a queue built up offline (hundreds of state changes
 * on as many dossiers) goes out in a fraction of the time of one request after the other. Small, so
 * that a mairie line and the guichet are not flooded.
 */
const CONCURRENCE_REJEU = 4;

/**
 * Sends the pending actions, oldest first, never overtaking an earlier action on the same dossier:
 * an action waits until every earlier action touching one of its dossiers has settled, and only
 * actions on other dossiers run alongside it. Each action is marked en-cours before it leaves and
 * settled in ONE transaction with its effect on the dossier; its idempotency key makes a resend
 * after a crash harmless.
 */
export async function rejouer(ctx: ContexteRejeu, options: { forcer?: boolean } = {}): Promise<BilanRejeu> {
  const { db } = ctx;
  const bilan: BilanRejeu = { envoyees: 0, conflits: 0, refusees: 0, restantes: 0, horsLigne: false };
  const bloques = new Set<string>();
  const maintenant = Date.now();
  /** Numéro → the action in flight on it (settles, never rejects). */
  const occupes = new Map<string, Promise<void>>();
  const enVol = new Set<Promise<void>>();
  let arret: unknown = null;
  for (const premiere of actionsParStatut(db, ['en-attente'])) {
    const avant = premiere.numeros.map((n) => occupes.get(n)).filter((p) => p !== undefined);
    if (avant.length > 0) await Promise.all(avant);
    while (enVol.size >= CONCURRENCE_REJEU) await Promise.race(enVol);
    if (arret !== null) break;
    // Re-read: an earlier acknowledgement in this pass may have moved its revision on (chaining),
    // or the agent may have cancelled it meanwhile.
    const courante = lireActionSeq(db, premiere.seq);
    if (!courante || courante.statut !== 'en-attente') continue;
    if (courante.numeros.some((n) => bloques.has(n)) || bilan.horsLigne) {
      courante.numeros.forEach((n) => bloques.add(n));
      bilan.restantes++;
      continue;
    }
    if (!options.forcer && courante.prochainEssaiMs !== null && courante.prochainEssaiMs > maintenant) {
      courante.numeros.forEach((n) => bloques.add(n));
      bilan.restantes++;
      continue;
    }
    majStatut(db, courante.seq, 'en-cours');
    const fin: Promise<void> = traiter(ctx, courante, bilan, bloques)
      .catch((e: unknown) => {
        arret ??= e;
      })
      .finally(() => {
        enVol.delete(fin);
        for (const n of courante.numeros) if (occupes.get(n) === fin) occupes.delete(n);
      });
    enVol.add(fin);
    for (const n of courante.numeros) occupes.set(n, fin);
  }
  await Promise.all(enVol);
  // Session expired (the client already tried to log in again): the caller asks the agent.
  if (arret !== null) throw arret;
  return bilan;
}

/** One action, settled in the store whatever happens; throws only to stop the whole pass (401). */
async function traiter(
  ctx: ContexteRejeu,
  courante: ActionStockee,
  bilan: BilanRejeu,
  bloques: Set<string>,
): Promise<void> {
  const { db } = ctx;
  try {
    const issue = await envoyer(ctx, courante);
    if (issue === 'envoyee') bilan.envoyees++;
    else if (issue === 'conflit') bilan.conflits++;
    else bilan.refusees++;
  } catch (e) {
    if (!estTemporaire(e)) {
      // The action itself is invalid (the guichet's "no" is settled in refusOuConflit): refuse it
      // rather than retry it forever; the agent sees why.
      db.transaction(() => {
        majLiensDossiers(db, courante.seq, courante.numeros, 'echec');
        majStatut(db, courante.seq, 'refusee', {
          erreur: (e as Error).message,
          tentatives: courante.tentatives + 1,
        });
        for (const n of courante.numeros) recalculer(db, n);
      })();
      bilan.refusees++;
      return;
    }
    if (e instanceof ErreurHorsLigneChoisi) {
      // Never sent: not an attempt, no backoff; it leaves first when the agent reconnects.
      majStatut(db, courante.seq, 'en-attente');
      courante.numeros.forEach((n) => bloques.add(n));
      bilan.restantes++;
      bilan.horsLigne = true;
      return;
    }
    const tentatives = courante.tentatives + 1;
    majStatut(db, courante.seq, 'en-attente', {
      tentatives,
      erreur: (e as Error).message,
      prochainEssaiMs: Date.now() + delaiBackoff(tentatives, 2000, 5 * 60_000),
    });
    courante.numeros.forEach((n) => bloques.add(n));
    bilan.restantes++;
    if (e instanceof ErreurGuichet && e.statut === 401) throw e;
    // Unreachable: stop the pass, the rest stays queued in order.
    if (e instanceof ErreurReseau) bilan.horsLigne = true;
  }
}

async function envoyer(ctx: ContexteRejeu, a: ActionStockee): Promise<Issue> {
  switch (a.type) {
    case 'etat':
      return envoyerEtat(ctx, a);
    case 'piece':
      return envoyerPiece(ctx, a);
    case 'cloture':
      return envoyerCloture(ctx, a);
    case 'message':
      return envoyerMessage(ctx, a);
    case 'justificatif':
      return envoyerJustificatif(ctx, a);
    case 'rendez-vous':
      return envoyerRendezVous(ctx, a);
  }
}

async function envoyerEtat(ctx: ContexteRejeu, a: ActionStockee): Promise<Issue> {
  const { db } = ctx;
  const n = numero(a);
  const revision = a.revision ?? lireServeur(db, n)?.revision ?? 1;
  try {
    const detail = await ctx.client.appel('changerEtat', {
      params: { numero: n },
      body: { etat: a.etat, commentaire: a.commentaire ?? undefined, revision, cle: a.cles[0] },
    });
    db.transaction(() => {
      appliquerDossierServeur(db, detail, true);
      majLiensDossiers(db, a.seq, [n], 'fait');
      majStatut(db, a.seq, 'envoyee', { erreur: null, tentatives: a.tentatives + 1 });
      chainerRevision(db, n, revision, detail.revision, a.seq);
      recalculer(db, n);
    })();
    ctx.surChangement?.([n]);
    return 'envoyee';
  } catch (e) {
    return await refusOuConflit(ctx, a, [n], e);
  }
}

async function envoyerPiece(ctx: ContexteRejeu, a: ActionStockee): Promise<Issue> {
  const { db } = ctx;
  const n = numero(a);
  if (!a.fichier || !a.slot || !a.nomFichier)
    throw new ActionInvalide(
      `Pièce jointe du dossier ${n} incomplète dans la file d'attente : déposez-la à nouveau.`,
    );
  const chemin = path.join(ctx.dossierProfil, a.fichier);
  const avant = lireServeur(db, n)?.revision ?? null;
  let contenu: Buffer;
  try {
    contenu = fs.readFileSync(chemin);
  } catch (e) {
    throw new ActionInvalide(
      `Le fichier « ${a.nomFichier} » à joindre au dossier ${n} n'est plus lisible sur ce poste (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}) : déposez-le à nouveau.`,
    );
  }
  try {
    await ctx.client.deposerPiece(n, a.slot, a.nomFichier, contenu);
  } catch (e) {
    return await refusOuConflit(ctx, a, [n], e);
  }
  // The upload may bump the revision: re-read the detail so the state change queued after it is sent
  // with the right one — unless someone else changed the dossier meanwhile (then it must conflict).
  let detail: DossierDetail | null = null;
  try {
    detail = await ctx.client.appel('teledossier', { params: { numero: n } });
  } catch {
    detail = null; // acknowledged anyway; the next sync brings the detail
  }
  db.transaction(() => {
    if (detail) {
      appliquerDossierServeur(db, detail, true);
      if (avant !== null && detail.revision - avant <= 1)
        chainerRevision(db, n, avant, detail.revision, a.seq);
    }
    majLiensDossiers(db, a.seq, [n], 'fait');
    majStatut(db, a.seq, 'envoyee', { erreur: null, tentatives: a.tentatives + 1 });
    recalculer(db, n);
  })();
  fs.rmSync(chemin, { force: true });
  ctx.surChangement?.([n]);
  return 'envoyee';
}

async function envoyerCloture(ctx: ContexteRejeu, a: ActionStockee): Promise<Issue> {
  const { db } = ctx;
  const regles = reglesEnCache(db);
  const echecs: string[] = [];
  for (let i = 0; i < a.cles.length; i++) {
    const lot = a.numeros.slice(i * TAILLE_LOT_CLOTURE, (i + 1) * TAILLE_LOT_CLOTURE);
    const liens = liensDossiers(db, a.seq);
    // A chunk already settled before a crash is not sent again (resending would be harmless too).
    if (lot.every((n) => liens.get(n) !== 'attente')) continue;
    let reponse;
    try {
      reponse = await ctx.client.appel('cloturer', {
        body: { numeros: lot, commentaire: a.commentaire ?? undefined, cle: a.cles[i] ?? '' },
      });
    } catch (e) {
      if (!(e instanceof ErreurGuichet) || estTemporaire(e)) throw e;
      const message = e.message;
      db.transaction(() => {
        majLiensDossiers(db, a.seq, lot, 'echec');
        for (const n of lot) recalculer(db, n, regles);
      })();
      echecs.push(`${lot.length} dossier(s) : ${message}`);
      continue;
    }
    db.transaction(() => {
      for (const r of reponse.resultats) {
        const serveur = lireServeur(db, r.numero);
        if (r.ok && serveur) {
          const etatClos = regles(serveur.demarche.code)?.workflow.etatClos ?? 100;
          const maj: DossierServeur = {
            ...serveur,
            etat: etatClos,
            dernierCommentaire: a.commentaire,
            revision: r.revision ?? serveur.revision + 1,
            historique: [
              ...(serveur.historique ?? []),
              { le: new Date().toISOString(), par: a.par, etat: etatClos, commentaire: a.commentaire },
            ],
          };
          appliquerDossierServeur(db, maj, false);
          majLiensDossiers(db, a.seq, [r.numero], 'fait');
        } else {
          majLiensDossiers(db, a.seq, [r.numero], r.ok ? 'fait' : 'echec');
          if (!r.ok) echecs.push(`${r.numero} : ${r.message ?? r.erreur ?? 'refusé'}`);
        }
        recalculer(db, r.numero, regles);
      }
    })();
    ctx.surChangement?.(lot);
  }
  const statut: Issue = echecs.length ? 'refusee' : 'envoyee';
  majStatut(db, a.seq, statut, {
    erreur: echecs.length
      ? `Non clos : ${echecs.slice(0, 20).join(' ; ')}${echecs.length > 20 ? ' …' : ''}`
      : null,
    tentatives: a.tentatives + 1,
  });
  return statut;
}

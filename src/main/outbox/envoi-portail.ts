import fs from 'node:fs';
import path from 'node:path';
import type { DossierDetail } from '../../shared/api/index.js';
import type { FichierEnvoye } from '../guichet-client/index.js';
import { appliquerDossierServeur, lireServeur } from '../store/index.js';
import { chainerRevision, majLiensDossiers, majStatut, type ActionStockee } from './actions.js';
import type { DonneesAction } from './donnees.js';
import { recalculer } from './optimiste.js';
import { ActionInvalide, numero, refusOuConflit, type ContexteRejeu, type Issue } from './rejeu-commun.js';

/**
 * The portal's actions on the wire. Each route answers the dossier's new detail: it is stored in
 * the same transaction that settles the action, and a state change queued after it moves on to the
 * revision it produced (the guichet bumps it by one), so that « demander une correction » (decisions
 * then the state change) goes through without a conflict of its own making.
 */

function donnees<G extends DonneesAction['genre']>(
  a: ActionStockee,
  genre: G,
): Extract<DonneesAction, { genre: G }> {
  const d = a.donnees;
  if (!d || d.genre !== genre)
    throw new ActionInvalide(`Action n° ${a.seq} incomplète dans la file d'attente : annulez-la.`);
  return d as Extract<DonneesAction, { genre: G }>;
}

async function acquitter(
  ctx: ContexteRejeu,
  a: ActionStockee,
  n: string,
  avant: number | null,
  envoi: () => Promise<DossierDetail>,
): Promise<Issue> {
  const { db } = ctx;
  let detail: DossierDetail;
  try {
    detail = await envoi();
  } catch (e) {
    return await refusOuConflit(ctx, a, [n], e);
  }
  db.transaction(() => {
    appliquerDossierServeur(db, detail, true);
    // One step exactly: a bigger jump means someone else changed the dossier meanwhile, and a
    // state change decided on the older version must then conflict rather than slip through.
    if (avant !== null && detail.revision - avant <= 1) chainerRevision(db, n, avant, detail.revision, a.seq);
    majLiensDossiers(db, a.seq, [n], 'fait');
    majStatut(db, a.seq, 'envoyee', { erreur: null, tentatives: a.tentatives + 1 });
    recalculer(db, n);
  })();
  ctx.surChangement?.([n]);
  return 'envoyee';
}

export async function envoyerMessage(ctx: ContexteRejeu, a: ActionStockee): Promise<Issue> {
  const n = numero(a);
  const d = donnees(a, 'message');
  const fichiers: FichierEnvoye[] = d.pieces.map((p) => {
    try {
      return { nom: p.nom, type: p.type, contenu: fs.readFileSync(path.join(ctx.dossierProfil, p.fichier)) };
    } catch (e) {
      throw new ActionInvalide(
        `La pièce « ${p.nom} » du message au dossier ${n} n'est plus lisible sur ce poste (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}) : écrivez le message à nouveau.`,
      );
    }
  });
  const avant = lireServeur(ctx.db, n)?.revision ?? null;
  const issue = await acquitter(ctx, a, n, avant, () =>
    ctx.client.envoyerMessage(n, { sujet: d.sujet, texte: d.texte, cle: a.cles[0] ?? '' }, fichiers),
  );
  if (issue === 'envoyee') supprimerCopies(ctx.dossierProfil, a);
  return issue;
}

/** The copies of a message's attachments, once the guichet has them (or the action is cancelled). */
export function supprimerCopies(dossierProfil: string, a: ActionStockee): void {
  if (a.donnees?.genre !== 'message') return;
  for (const p of a.donnees.pieces) fs.rmSync(path.join(dossierProfil, p.fichier), { force: true });
}

export async function envoyerJustificatif(ctx: ContexteRejeu, a: ActionStockee): Promise<Issue> {
  const n = numero(a);
  const d = donnees(a, 'justificatif');
  const avant = lireServeur(ctx.db, n)?.revision ?? null;
  return acquitter(ctx, a, n, avant, () =>
    ctx.client.appel('deciderJustificatif', {
      params: { numero: n, id: d.justificatif },
      body: {
        statut: d.statut,
        ...(d.motif ? { motif: d.motif } : {}),
        fichier: d.fichier,
        cle: a.cles[0],
      },
    }),
  );
}

export async function envoyerRendezVous(ctx: ContexteRejeu, a: ActionStockee): Promise<Issue> {
  const n = numero(a);
  const d = a.donnees;
  const avant = lireServeur(ctx.db, n)?.revision ?? null;
  if (d?.genre === 'proposer-rendez-vous') {
    return acquitter(ctx, a, n, avant, () =>
      ctx.client.appel('proposerRendezVous', {
        params: { numero: n },
        body: {
          debut: d.debut,
          fin: d.fin,
          lieu: d.lieu,
          objet: d.objet,
          ...(d.remplace ? { remplace: d.remplace } : {}),
          cle: a.cles[0],
        },
      }),
    );
  }
  const annulation = donnees(a, 'annuler-rendez-vous');
  return acquitter(ctx, a, n, avant, () =>
    ctx.client.appel('annulerRendezVous', {
      params: { numero: n, id: annulation.rendezVous },
      body: { motif: annulation.motif, cle: a.cles[0] },
    }),
  );
}

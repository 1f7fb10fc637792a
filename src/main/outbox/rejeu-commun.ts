import { conflitSchema, type DossierDetail } from '../../shared/api/index.js';
import { ErreurApp } from '../../shared/app-api/index.js';
import { ErreurGuichet, type ClientGuichet } from '../guichet-client/index.js';
import { appliquerDossierServeur, lireServeur, type Db } from '../store/index.js';
import { majLiensDossiers, majStatut, type ActionStockee } from './actions.js';
import { recalculer } from './optimiste.js';

/** What the replay of one action needs; shared by the replay and the senders of each type. */
export interface ContexteRejeu {
  db: Db;
  client: ClientGuichet;
  dossierProfil: string;
  /** Called after each settled action with the numéros whose displayed state changed. */
  surChangement?: (numeros: string[]) => void;
}

/**
 * The queued action itself cannot be sent (its PDF is gone, a field is missing): refused with this
 * French message, since sending it again would fail the same way.
 */
export class ActionInvalide extends Error {}

/**
 * Temporary failures: keep the action and retry it later with the same idempotency key. Only two
 * things settle an action for good: the guichet saying no (a 4xx other than 401/429) or the action
 * itself being invalid. Anything else, an answer cut on its way back included, may hide a write the
 * guichet applied: reverting it locally would show the agent a state the guichet no longer has.
 */
export function estTemporaire(e: unknown): boolean {
  if (e instanceof ActionInvalide) return false;
  if (e instanceof ErreurGuichet) return e.statut >= 500 || e.statut === 429 || e.statut === 401;
  return true;
}

export type Issue = 'envoyee' | 'conflit' | 'refusee';

export function numero(a: ActionStockee): string {
  const n = a.numeros[0];
  if (!n) throw new ActionInvalide(`Action n° ${a.seq} sans dossier : annulez-la.`);
  return n;
}

/** 409: take the guichet's version; 4xx: refused with its message. Either way the optimistic change goes. */
export async function refusOuConflit(
  ctx: ContexteRejeu,
  a: ActionStockee,
  numeros: string[],
  e: unknown,
): Promise<Issue> {
  if (estTemporaire(e) || !(e instanceof ErreurGuichet)) throw e;
  const { db } = ctx;
  const conflit = e.statut === 409 ? conflitSchema.safeParse(e.corps) : null;
  const statut: Issue = e.statut === 409 ? 'conflit' : 'refusee';
  db.transaction(() => {
    if (conflit?.success) appliquerDossierServeur(db, conflit.data.dossier, true);
    majLiensDossiers(db, a.seq, numeros, 'echec');
    majStatut(db, a.seq, statut, { erreur: e.message, tentatives: a.tentatives + 1 });
    for (const n of numeros) recalculer(db, n);
  })();
  if (!conflit?.success) await rafraichirDetails(ctx, numeros);
  ctx.surChangement?.(numeros);
  return statut;
}

/** The guichet's current version of one dossier; a 404 means the guichet deleted it (kept locally). */
export async function rafraichirDossier(
  ctx: Pick<ContexteRejeu, 'db' | 'client'>,
  numero: string,
): Promise<void> {
  let detail: DossierDetail;
  try {
    detail = await ctx.client.appel('teledossier', { params: { numero } });
  } catch (e) {
    if (e instanceof ErreurGuichet && e.statut === 404 && lireServeur(ctx.db, numero)) {
      // Only a tombstone says a dossier is gone: a 404 for a dossier still listed changes nothing here.
      throw new ErreurApp(
        'introuvable',
        `Le guichet ne trouve pas le dossier ${numero} qu'il listait : rien n'a été modifié sur ce poste. La prochaine synchronisation dira s'il a été supprimé.`,
      );
    }
    throw e;
  }
  ctx.db.transaction(() => {
    appliquerDossierServeur(ctx.db, detail, true);
    recalculer(ctx.db, numero);
  })();
}

/** Best effort: the guichet's current version after a refusal (the next sync would bring it too). */
export async function rafraichirDetails(
  ctx: Pick<ContexteRejeu, 'db' | 'client'>,
  numeros: string[],
): Promise<void> {
  for (const n of numeros) {
    try {
      await rafraichirDossier(ctx, n);
    } catch {
      // offline: the local copy stays as it is
    }
  }
}

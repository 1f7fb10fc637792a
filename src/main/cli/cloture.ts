import { ErreurApp, type BilanCloture, type EcartCloture } from '../../shared/app-api/index.js';
import { echapper } from './arguments.js';
import type { ContexteCli } from './session.js';

export interface SortieCloture {
  resultat: Record<string, unknown>;
  message: string;
  /** Some dossiers were left out or refused: the exit code must say so. */
  erreur: { code: string; message: string } | null;
}

const enLigne = (ctx: ContexteCli) => ctx.mode() === 'en-ligne';

function lignes(titre: string, ecarts: EcartCloture[]): string[] {
  return ecarts.length
    ? [
        `${ecarts.length} ${titre} :`,
        ...ecarts.map((e) => `  ${echapper(e.numero)} : ${echapper(e.message)}`),
      ]
    : [];
}

/**
 * `cloturer A B …`: every dossier asked ends up named as closed, queued, left out (with why) or
 * refused by the guichet (with its message); only the first two count as done.
 */
export async function cloturer(
  ctx: ContexteCli,
  numeros: string[],
  commentaire: string | undefined,
): Promise<SortieCloture> {
  const selection = { numeros };
  // A dossier this workstation has never seen may just be new: a sync first, when online.
  const examen = await ctx.coeur.appeler('actions.examinerCloture', { selection, commentaire });
  if (enLigne(ctx) && examen.ecartes.some((e) => e.motif === 'inconnu'))
    await ctx.coeur.appeler('synchro.lancer', {});
  const creation = await ctx.coeur.appeler('actions.cloturer', { selection, commentaire });
  let bilan: BilanCloture = creation;
  if (creation.actions.length > 0) {
    if (enLigne(ctx)) {
      try {
        await ctx.coeur.appeler('fileAttente.rejouer', {});
      } catch (e) {
        if (!(e instanceof ErreurApp) || e.code !== 'hors_ligne') throw e;
      }
    }
    const suivi = await ctx.coeur.appeler('actions.suivreCloture', {
      ids: creation.actions.map((x) => x.id),
    });
    bilan = { ...suivi, ecartes: creation.ecartes };
  }
  const { envoyes, enAttente, ecartes, refuses } = bilan;
  const message = [
    ...(envoyes.length ? [`Clôture envoyée au guichet pour ${envoyes.length} dossier(s).`] : []),
    ...(enAttente.length
      ? [
          `Guichet injoignable : clôture de ${enAttente.length} dossier(s) mise en file d'attente ; elle partira au prochain « sync » ou « rejouer ».`,
        ]
      : []),
    ...(envoyes.length + enAttente.length === 0 ? ['Aucun dossier clôturé.'] : []),
    ...lignes('dossier(s) laissé(s) de côté', ecartes),
    ...lignes('dossier(s) refusé(s) par le guichet', refuses),
  ].join('\n');
  const manques = [...ecartes, ...refuses];
  return {
    resultat: {
      statut: enAttente.length ? 'en-attente' : envoyes.length ? 'envoyee' : 'aucune',
      ...bilan,
    },
    message,
    erreur: manques.length
      ? {
          code: refuses.length ? 'cloture_refusee' : 'cloture_incomplete',
          message: `${manques.length} dossier(s) non clôturé(s) : ${manques.map((e) => echapper(e.numero)).join(', ')}.`,
        }
      : null,
  };
}

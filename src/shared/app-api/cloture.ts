import { z } from 'zod';
import { numeroSchema } from '../numero.js';
import { actionFileSchema } from './models.js';

/** Why a dossier of a mass close was not closed: decided on this workstation, or by the guichet. */
export const motifEcartSchema = z.enum([
  'inconnu',
  'supprime',
  'workflow-inconnu',
  'etat',
  'piece',
  'commentaire',
  'deja-en-file',
  'refus-guichet',
  'annulee',
]);

export const ecartClotureSchema = z.object({
  numero: numeroSchema,
  motif: motifEcartSchema,
  message: z.string().describe('Phrase en français nommant le dossier et disant quoi faire'),
});

/**
 * What became of every dossier of a mass close: each numéro asked is in exactly one of `envoyes`,
 * `enAttente`, `ecartes` or `refuses`. Returned by the close itself (nothing sent yet) and by its
 * follow-up once the queue has been replayed; the CLI and the UI report from this one shape.
 */
export const bilanClotureSchema = z.object({
  actions: z.array(actionFileSchema),
  dossiers: z.number().int().nonnegative().describe('Dossiers mis en clôture (envoyés ou en attente)'),
  envoyes: z.array(numeroSchema).describe('Clôture acquittée par le guichet'),
  enAttente: z.array(numeroSchema).describe("Clôture en file d'attente, pas encore acquittée"),
  ecartes: z
    .array(ecartClotureSchema)
    .describe('Laissés de côté avant tout envoi (vide dans un suivi : ils ont été donnés à la création)'),
  refuses: z.array(ecartClotureSchema).describe('Refusés par le guichet, ou clôture annulée depuis la file'),
});

/** The check the dialog shows before confirming: the same rules as the close itself. */
export const examenClotureSchema = z.object({
  total: z.number().int().nonnegative(),
  cloturables: z.number().int().nonnegative(),
  ecartes: z.array(ecartClotureSchema),
});

export type MotifEcart = z.infer<typeof motifEcartSchema>;
export type EcartCloture = z.infer<typeof ecartClotureSchema>;
export type BilanCloture = z.infer<typeof bilanClotureSchema>;
export type ExamenCloture = z.infer<typeof examenClotureSchema>;

import { z } from 'zod';

export const etatCodeSchema = z
  .number()
  .int()
  .min(0)
  .max(9999)
  .describe("Code numérique d'un état (libellé servi par /workflows)");

export const slotSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,39}$/, 'Nom de pièce jointe invalide.')
  .describe('Nom technique d’un emplacement de pièce jointe déposable, ex. « attestation »');

export const pieceDeposableSchema = z.object({
  slot: slotSchema,
  libelle: z.string(),
  tailleMax: z.number().int().positive().describe('Taille maximale en octets'),
  formats: z
    .array(z.string())
    .min(1)
    .describe('Types MIME acceptés ; le contenu est vérifié, pas seulement le nom'),
});

export const etatWorkflowSchema = z.object({
  code: etatCodeSchema,
  libelle: z.string(),
  notifie: z.boolean().describe("L'usager est notifié de cet état"),
  terminal: z.boolean(),
  attentePieces: z
    .boolean()
    .optional()
    .describe('Le service attend des pièces de l’usager (onglet « En attente de pièces »)'),
  commentaireObligatoire: z.boolean(),
  transitions: z.array(etatCodeSchema).describe('États proposés depuis celui-ci'),
  pieces: z.array(pieceDeposableSchema).describe('Pièces jointes déposables avec cet état'),
});

export const workflowSchema = z.object({
  code: z.string().regex(/^[a-z][a-z0-9-]{1,63}$/),
  libelle: z.string(),
  etatInitial: etatCodeSchema,
  etatClos: etatCodeSchema.describe('État appliqué par la clôture (et la clôture en masse)'),
  etats: z.array(etatWorkflowSchema).min(1),
});

export type EtatCode = z.infer<typeof etatCodeSchema>;
export type PieceDeposable = z.infer<typeof pieceDeposableSchema>;
export type EtatWorkflow = z.infer<typeof etatWorkflowSchema>;
export type Workflow = z.infer<typeof workflowSchema>;

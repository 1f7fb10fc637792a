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
  aRevoir: z
    .boolean()
    .optional()
    .describe("L'usager a répondu (ex. « rectifié ») : l'agent doit revoir le dossier (onglet « À revoir »)"),
  commentaireObligatoire: z.boolean(),
  libelleCommentaire: z
    .string()
    .optional()
    .describe('Ce que le commentaire doit dire, ex. « Motif du rejet » ; absent : « Commentaire »'),
  transitions: z.array(etatCodeSchema).describe("États proposés à l'agent depuis celui-ci"),
  transitionsUsager: z
    .array(etatCodeSchema)
    .optional()
    .describe("États que seul l'usager peut donner au dossier depuis celui-ci (rectifier, annuler)"),
  pieces: z.array(pieceDeposableSchema).describe('Pièces jointes déposables avec cet état'),
});

/** What a message of an échange may carry: limits served by the guichet, checked on both sides. */
export const limitesEchangesSchema = z.object({
  piecesMax: z.number().int().min(0).max(10).describe('Pièces jointes par message'),
  tailleMax: z.number().int().positive().describe('Taille maximale d’une pièce jointe, en octets'),
  formats: z.array(z.string()).min(1).describe('Types MIME acceptés, vérifiés par le contenu'),
  texteMax: z.number().int().positive().describe('Longueur maximale du texte, en caractères'),
});

export const workflowSchema = z.object({
  code: z.string().regex(/^[a-z][a-z0-9-]{1,63}$/),
  libelle: z.string(),
  etatInitial: etatCodeSchema,
  etatClos: etatCodeSchema.describe('État appliqué par la clôture (et la clôture en masse)'),
  etats: z.array(etatWorkflowSchema).min(1),
  echanges: limitesEchangesSchema
    .optional()
    .describe("Échanges avec l'usager, justificatifs et rendez-vous (absent : le workflow n'en a pas)"),
});

export type EtatCode = z.infer<typeof etatCodeSchema>;
export type PieceDeposable = z.infer<typeof pieceDeposableSchema>;
export type EtatWorkflow = z.infer<typeof etatWorkflowSchema>;
export type Workflow = z.infer<typeof workflowSchema>;
export type LimitesEchanges = z.infer<typeof limitesEchangesSchema>;

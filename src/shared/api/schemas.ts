import { z } from 'zod';
import './francais.js';
import { numeroSchema } from '../numero.js';
import { etatCodeSchema, slotSchema, workflowSchema } from '../workflow/schemas.js';

/** ISO 8601 date-time with offset, as every date of the API. */
export const dateSchema = z.iso.datetime({ offset: true }).describe('Date ISO 8601 avec décalage');
export const sha256Schema = z
  .string()
  .regex(/^[0-9a-f]{64}$/)
  .describe('Empreinte SHA-256 en hexadécimal minuscule');

export const codeInseeSchema = z
  .string()
  .regex(/^(\d{5}|2[AB]\d{3})$/, 'Code INSEE invalide.')
  .describe('Code INSEE de la commune du service');

export const identifiantSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, 'Identifiant invalide (lettres minuscules, chiffres, . _ -).');
export const motDePasseSchema = z
  .string()
  .min(10, 'Le mot de passe doit contenir au moins 10 caractères.')
  .max(200, 'Le mot de passe est trop long.');
export const courrielSchema = z.email('Adresse courriel invalide.');
export const habilitationSchema = z
  .enum(['GESTION', 'INSTRUCTION'])
  .describe(
    'GESTION : gestion du suivi et instruction des dossiers ; INSTRUCTION : instruction des dossiers',
  );

/** Idempotency key: the same key replayed returns the first answer and changes nothing. */
export const cleSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,100}$/, "Clé d'idempotence invalide.")
  .describe("Clé d'idempotence choisie par le client (conservée au moins 7 jours)");

export const commentaireSchema = z.string().max(4000, 'Le commentaire dépasse 4000 caractères.');

// ── Errors ──────────────────────────────────────────────────────────────────
export const erreurSchema = z
  .object({
    erreur: z.string().describe('Code machine de l’erreur'),
    message: z.string().describe("Phrase en français pour l'utilisateur"),
  })
  .loose();
export type Erreur = z.infer<typeof erreurSchema>;

// ── Services, users, auth ───────────────────────────────────────────────────
export const serviceSchema = z.object({ codeInsee: codeInseeSchema, nom: z.string() });

export const utilisateurSchema = z.object({
  identifiant: identifiantSchema,
  nom: z.string().min(1).max(100),
  prenom: z.string().min(1).max(100),
  courriel: courrielSchema,
  habilitation: habilitationSchema,
  active: z.boolean().describe('Compte activé'),
});

export const utilisateurConnecteSchema = utilisateurSchema
  .omit({ active: true })
  .extend({ service: serviceSchema });

export const loginRequestSchema = z.object({
  identifiant: z.string().min(1).max(64),
  motDePasse: z.string().min(1).max(200),
});
export const loginResponseSchema = z.object({
  token: z.string().min(32),
  expireLe: dateSchema,
  utilisateur: utilisateurConnecteSchema,
});

export const changementMotDePasseSchema = z.object({
  actuel: z.string().min(1).max(200),
  nouveau: motDePasseSchema,
});
export const motDePassePerduSchema = z.object({
  identifiant: z.string().min(1).max(64),
  courriel: z.string().min(1).max(254),
});
export const reinitialisationSchema = z.object({
  jeton: z.string().min(16).max(200),
  nouveau: motDePasseSchema,
});

export const nouvelUtilisateurSchema = utilisateurSchema.extend({ motDePasse: motDePasseSchema });
export const modificationUtilisateurSchema = utilisateurSchema
  .omit({ identifiant: true })
  .partial()
  .extend({ motDePasse: motDePasseSchema.optional() });

export const okSchema = z.object({ ok: z.literal(true) });
export const accepteSchema = z.object({ message: z.string() });

// ── Reference data ──────────────────────────────────────────────────────────
export const demarcheRefSchema = z.object({
  code: z.string().regex(/^[a-z][a-z0-9-]{1,63}$/),
  intitule: z.string(),
});

export const pieceRequiseSchema = z.object({ etat: etatCodeSchema, slot: slotSchema });

export const demarcheSchema = demarcheRefSchema.extend({
  workflow: z.string().describe('Code du workflow de la démarche (voir /workflows)'),
  piecesRequises: z
    .array(pieceRequiseSchema)
    .describe('Pièces jointes à déposer avant de passer à un état donné'),
});

export const workflowsResponseSchema = z.object({ workflows: z.array(workflowSchema) });
export const demarchesResponseSchema = z.object({ demarches: z.array(demarcheSchema) });

// ── Dossiers ────────────────────────────────────────────────────────────────
export const archiveInfoSchema = z.object({
  taille: z.number().int().nonnegative(),
  sha256: sha256Schema,
});

// ── Portal demandes: demandeur, échanges, justificatifs, rendez-vous ───────────
export const moyenContactSchema = z
  .enum(['courriel', 'telephone', 'sms', 'courrier'])
  .describe("Moyen de contact préféré de l'usager, proposé à chaque demande");

export const demandeurSchema = z.object({
  civilite: z.enum(['Madame', 'Monsieur']).nullable(),
  nom: z.string().min(1).max(100),
  prenom: z.string().min(1).max(100),
  dateNaissance: z.iso.date().nullable(),
  adresse: z.object({
    ligne1: z.string().max(200),
    ligne2: z.string().max(200).nullable(),
    codePostal: z.string().max(10),
    commune: z.string().max(100),
  }),
  courriel: courrielSchema,
  telephone: z.string().max(30).nullable(),
  mobile: z.string().max(30).nullable(),
  contactPrefere: moyenContactSchema,
  concerne: z
    .string()
    .max(200)
    .nullable()
    .describe('Membre du foyer concerné par la demande (ex. l’enfant d’une fiche enfant)'),
});

const idPortailSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Identifiant invalide.');

export const fichierPortailSchema = z.object({
  id: idPortailSchema,
  nom: z.string().max(255),
  type: z.string().describe('Type MIME reconnu par le contenu'),
  taille: z.number().int().nonnegative(),
  sha256: sha256Schema,
  le: dateSchema,
});

export const sensMessageSchema = z
  .enum(['usager', 'mairie'])
  .describe("usager : de l'usager vers la mairie ; mairie : de la mairie vers l'usager");

export const messageSchema = z.object({
  id: idPortailSchema,
  le: dateSchema,
  sens: sensMessageSchema,
  sujet: z.string().max(200),
  texte: z.string().max(20_000),
  par: z.string().nullable().describe("Identifiant de l'agent pour un message de la mairie"),
  parNom: z.string().nullable(),
  pieces: z.array(fichierPortailSchema),
  luParUsagerLe: dateSchema
    .nullable()
    .describe("Lu par l'usager (messages de la mairie) ; null sinon. La lecture côté mairie reste au poste"),
});

export const statutJustificatifSchema = z
  .enum(['non-fourni', 'fourni', 'valide', 'invalide'])
  .describe("Comme l'usager le voit : non fourni, fourni (à examiner), valide, invalide (avec motif)");

export const justificatifSchema = z.object({
  id: idPortailSchema,
  libelle: z.string().max(300).describe('ex. « Attestation CAF de MARINELLI Sonia »'),
  statut: statutJustificatifSchema,
  motif: z.string().max(1000).nullable().describe('Motif du refus (statut invalide)'),
  fichier: fichierPortailSchema.nullable().describe('Dernier fichier fourni par l’usager'),
  decideLe: dateSchema.nullable(),
  decidePar: z.string().nullable(),
});

export const statutRendezVousSchema = z.enum(['planifie', 'annule']);

export const rendezVousSchema = z.object({
  id: idPortailSchema,
  debut: dateSchema,
  fin: dateSchema,
  lieu: z.string().max(200),
  objet: z.string().max(200),
  statut: statutRendezVousSchema,
  annulePar: sensMessageSchema.nullable(),
  motifAnnulation: z.string().max(1000).nullable(),
  remplace: idPortailSchema.nullable().describe('Rendez-vous que celui-ci remplace'),
});

export const portailSchema = z
  .object({
    demandeur: demandeurSchema,
    messages: z.array(messageSchema).describe('Du plus ancien au plus récent'),
    justificatifs: z.array(justificatifSchema),
    rendezVous: z.array(rendezVousSchema),
  })
  .describe(
    'Demande d’un portail citoyen : tout changement incrémente la révision du dossier et le remet dans la liste incrémentale',
  );

export const dossierSchema = z.object({
  numero: numeroSchema,
  demarche: demarcheRefSchema,
  courriel: courrielSchema.describe("Courriel de l'usager"),
  deposeLe: dateSchema,
  etat: etatCodeSchema,
  dernierCommentaire: z.string().nullable(),
  revision: z.number().int().positive().describe('Incrémentée à chaque modification du dossier'),
  expireLe: dateSchema.describe('Date de suppression automatique par le guichet'),
  archive: archiveInfoSchema,
  portail: portailSchema
    .optional()
    .describe('Présent pour les démarches dont le workflow a des échanges (absent : Guichet de Suivi)'),
});

export const historiqueEntreeSchema = z.object({
  le: dateSchema,
  par: z.string().nullable().describe("Identifiant de l'agent, null pour l'usager ou le système"),
  parNom: z
    .string()
    .nullable()
    .optional()
    .describe("Prénom et nom de l'agent, quand le guichet connaît encore son compte"),
  etat: etatCodeSchema,
  commentaire: z.string().nullable(),
});

export const pieceDeposeeSchema = z.object({
  id: z.string(),
  slot: slotSchema,
  nom: z.string(),
  taille: z.number().int().nonnegative(),
  sha256: sha256Schema,
  le: dateSchema,
});

export const dossierDetailSchema = dossierSchema.extend({
  historique: z.array(historiqueEntreeSchema),
  piecesDeposees: z.array(pieceDeposeeSchema),
});

export const motifSuppressionSchema = z.enum(['cloture', 'retention']);
export const suppressionSchema = z.object({
  numero: numeroSchema,
  motif: motifSuppressionSchema,
  le: dateSchema.optional().describe('Date de la suppression par le guichet'),
});

/** Opaque cursor; the client stores it as is. */
export const curseurSchema = z.string().max(200);

export const listeIncrementaleQuerySchema = z.object({
  depuis: curseurSchema.describe('Curseur rendu par la page précédente ; vide pour commencer'),
  limite: z.coerce.number().int().min(1).max(1000).default(500),
});

export const listeIncrementaleSchema = z.object({
  elements: z.array(dossierSchema),
  supprimes: z.array(suppressionSchema),
  curseur: curseurSchema,
  encore: z.boolean().describe('Vrai tant que des changements restent après ce curseur'),
});

/**
 * The same page with its elements left unchecked: when a page fails as a whole, the client checks
 * this envelope strictly, then each element on its own, so that one bad dossier does not hold up
 * the good ones.
 */
export const enveloppeListeIncrementaleSchema = listeIncrementaleSchema.extend({
  elements: z.array(z.unknown()),
  supprimes: z.array(z.unknown()),
});

export const listeFiltreeQuerySchema = z.object({
  demarche: z.string().max(64).optional(),
  etat: z.coerce.number().int().optional(),
  du: dateSchema.optional(),
  au: dateSchema.optional(),
  numero: z.string().max(20).optional().describe('Numéro complet ou début de numéro'),
  page: z.coerce.number().int().min(1).default(1),
  parPage: z.coerce.number().int().min(1).max(200).default(25),
});

export const listeFiltreeSchema = z.object({
  elements: z.array(dossierSchema),
  total: z.number().int().nonnegative(),
  page: z.number().int().min(1),
  parPage: z.number().int().min(1),
});

/** GET /teledossiers serves both listings; the presence of `depuis` selects the incremental one. */
export const listeTeledossiersQuerySchema = z.object({
  ...listeFiltreeQuerySchema.partial().shape,
  depuis: curseurSchema.optional(),
  limite: z.coerce.number().int().min(1).max(1000).optional(),
});

export const changementEtatSchema = z.object({
  etat: etatCodeSchema,
  commentaire: commentaireSchema.optional(),
  revision: z.number().int().positive(),
  cle: cleSchema,
});

export const conflitSchema = z.object({
  erreur: z.literal('conflit'),
  message: z.string(),
  dossier: dossierDetailSchema,
});

export const clotureRequestSchema = z.object({
  numeros: z.array(numeroSchema).min(1).max(1000),
  commentaire: commentaireSchema.optional(),
  cle: cleSchema,
});

export const clotureResultatSchema = z.object({
  numero: numeroSchema,
  ok: z.boolean(),
  erreur: z.string().optional(),
  message: z.string().optional(),
  revision: z.number().int().positive().optional(),
});
export const clotureResponseSchema = z.object({ resultats: z.array(clotureResultatSchema) });

export const numeroParamsSchema = z.object({ numero: numeroSchema });
export const identifiantParamsSchema = z.object({ identifiant: identifiantSchema });

export const pieceUploadFieldsSchema = z.object({
  slot: slotSchema,
  fichier: z.string().describe('Le fichier (multipart/form-data)'),
});

export const idPortailParamsSchema = numeroParamsSchema.extend({ id: idPortailSchema });
export const fichierMessageParamsSchema = numeroParamsSchema.extend({
  id: idPortailSchema,
  fichier: idPortailSchema,
});

/** Multipart fields of a message; the files come as repeated « fichier » parts. */
export const messageUploadFieldsSchema = z.object({
  sujet: z.string().trim().min(1, 'Le sujet est obligatoire.').max(200, 'Le sujet dépasse 200 caractères.'),
  texte: z.string().trim().min(1, 'Le message est vide.').max(20_000),
  cle: cleSchema,
  fichier: z.string().optional().describe('Pièces jointes (multipart/form-data, répétable)'),
});

export const decisionJustificatifSchema = z
  .object({
    statut: z.enum(['valide', 'invalide']),
    motif: z.string().trim().max(1000).optional(),
    fichier: idPortailSchema.describe('Le fichier examiné : refusé (409) si l’usager en a fourni un autre'),
    cle: cleSchema,
  })
  .refine((d) => d.statut === 'valide' || (d.motif ?? '').length > 0, {
    message: 'Un motif est obligatoire pour refuser un justificatif.',
    path: ['motif'],
  });

export const nouveauRendezVousSchema = z
  .object({
    debut: dateSchema,
    fin: dateSchema,
    lieu: z.string().trim().min(1).max(200),
    objet: z.string().trim().min(1).max(200),
    remplace: idPortailSchema.optional().describe('Rendez-vous annulé et remplacé par celui-ci'),
    cle: cleSchema,
  })
  .refine((r) => Date.parse(r.fin) > Date.parse(r.debut), {
    message: 'La fin du rendez-vous doit suivre son début.',
    path: ['fin'],
  });

export const annulationRendezVousSchema = z.object({
  motif: z.string().trim().min(1, 'Un motif est obligatoire.').max(1000),
  cle: cleSchema,
});

export const utilisateursResponseSchema = z.object({ utilisateurs: z.array(utilisateurSchema) });

export type Service = z.infer<typeof serviceSchema>;
export type Utilisateur = z.infer<typeof utilisateurSchema>;
export type UtilisateurConnecte = z.infer<typeof utilisateurConnecteSchema>;
export type Habilitation = z.infer<typeof habilitationSchema>;
export type LoginResponse = z.infer<typeof loginResponseSchema>;
export type DemarcheRef = z.infer<typeof demarcheRefSchema>;
export type Demarche = z.infer<typeof demarcheSchema>;
export type Dossier = z.infer<typeof dossierSchema>;
export type DossierDetail = z.infer<typeof dossierDetailSchema>;
export type HistoriqueEntree = z.infer<typeof historiqueEntreeSchema>;
export type PieceDeposee = z.infer<typeof pieceDeposeeSchema>;
export type Suppression = z.infer<typeof suppressionSchema>;
export type ListeIncrementale = z.infer<typeof listeIncrementaleSchema>;
export type ListeFiltree = z.infer<typeof listeFiltreeSchema>;
export type ChangementEtat = z.infer<typeof changementEtatSchema>;
export type ClotureRequest = z.infer<typeof clotureRequestSchema>;
export type ClotureResponse = z.infer<typeof clotureResponseSchema>;
export type NouvelUtilisateur = z.infer<typeof nouvelUtilisateurSchema>;
export type ModificationUtilisateur = z.infer<typeof modificationUtilisateurSchema>;
export type Demandeur = z.infer<typeof demandeurSchema>;
export type MessageEchange = z.infer<typeof messageSchema>;
export type Justificatif = z.infer<typeof justificatifSchema>;
export type StatutJustificatif = z.infer<typeof statutJustificatifSchema>;
export type RendezVous = z.infer<typeof rendezVousSchema>;
export type Portail = z.infer<typeof portailSchema>;
export type FichierPortail = z.infer<typeof fichierPortailSchema>;
export type DecisionJustificatif = z.infer<typeof decisionJustificatifSchema>;
export type NouveauRendezVous = z.infer<typeof nouveauRendezVousSchema>;

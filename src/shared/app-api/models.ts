import { z } from 'zod';
import {
  courrielSchema,
  dateSchema,
  demarcheRefSchema,
  demarchesResponseSchema,
  dossierDetailSchema,
  motifSuppressionSchema,
  sha256Schema,
  utilisateurConnecteSchema,
  workflowsResponseSchema,
} from '../api/schemas.js';
import { donneesSchema, enteteSchema } from '../archive.js';
import { numeroSchema } from '../numero.js';
import { etatCodeSchema, slotSchema } from '../workflow/schemas.js';

/** A calendar day typed by the agent (du/au filters), interpreted in the workstation's time zone. */
export const jourSchema = z.iso.date();

export const profilSchema = z.object({
  id: z.string().min(1).max(64),
  nom: z.string().min(1).max(100).describe('Nom affiché, ex. « Mairie de Quimper »'),
  urlGuichet: z.url({ protocol: /^https?$/ }).describe('Adresse du guichet, ex. https://guichet.exemple.fr'),
  identifiant: z
    .string()
    .max(64)
    .describe('Vide tant que l’agent ne l’a pas saisi (profil préparé par « npm start -- --guichet »)'),
  motDePasseMemorise: z.boolean().describe('Mot de passe enregistré dans le trousseau du système'),
});

/**
 * en-ligne: connected to the guichet. hors-ligne: the session was opened online and the connection
 * dropped; actions are queued. lecture-seule: opened without reaching the guichet (no password check
 * possible), local data only.
 */
export const modeSessionSchema = z.enum(['en-ligne', 'hors-ligne', 'lecture-seule']);

export const sessionSchema = z.object({
  profil: profilSchema,
  utilisateur: utilisateurConnecteSchema,
  mode: modeSessionSchema,
});

export const etatConnexionSchema = z.object({
  mode: modeSessionSchema,
  horsLigneChoisi: z
    .boolean()
    .describe('« Travailler hors ligne » : l’agent a coupé la connexion, aucune requête ne part'),
  derniereSynchro: dateSchema.nullable(),
  synchroEnCours: z.boolean(),
});

/** The list's tabs: what an agent works on, before any other filter. */
export const ongletSchema = z
  .enum(['a-traiter', 'a-revoir', 'attente-pieces', 'expirent', 'clos', 'supprimes', 'tous'])
  .describe(
    'À traiter (ni clos ni supprimés), à revoir (l’usager a répondu : rectifié), en attente de pièces, expirent bientôt (« joursRisque »), clos (ici ou par un collègue, encore servis par le guichet), supprimés du guichet (purgés après 30 jours), tous',
  );

export const filtreDossiersSchema = z.object({
  onglet: ongletSchema.optional(),
  du: jourSchema.optional(),
  au: jourSchema.optional(),
  demarche: z.string().max(64).optional(),
  etat: etatCodeSchema.optional(),
  archive: z.boolean().optional().describe('Archivé localement ou non'),
  expireDansJours: z.number().int().min(0).max(60).optional(),
  recherche: z.string().max(200).optional().describe('Numéro ou texte libre (données, courriel, démarche)'),
  supprimes: z.enum(['inclure', 'exclure', 'seulement']).default('inclure'),
  risque: z
    .boolean()
    .optional()
    .describe('À risque : expirent dans « joursRisque » jours sans archive locale vérifiée, clos compris'),
  perdus: z.boolean().optional().describe('Supprimés du guichet sans archive locale'),
  archivesDefectueuses: z.boolean().optional().describe('Archive locale manquante ou endommagée'),
  numeros: z
    .array(numeroSchema)
    .max(200_000)
    .optional()
    .describe('Seulement ces dossiers (ex. ceux qu’une action en masse a laissés de côté)'),
  messagesNonLus: z.boolean().optional().describe('« Messages non lus » : un message de l’usager attend'),
  rendezVousProches: z
    .boolean()
    .optional()
    .describe('« Rendez-vous proches » : un rendez-vous planifié dans les 7 prochains jours'),
});

export const triDossiersSchema = z.object({
  colonne: z.enum(['numero', 'demarche', 'etat', 'deposeLe', 'expireLe', 'archive']),
  sens: z.enum(['asc', 'desc']),
});

export const defautArchiveSchema = z
  .enum(['manquante', 'endommagee'])
  .describe('Dernier contrôle : fichier absent, ou contenu différent de son empreinte');

export const archiveLocaleSchema = z.object({
  archiveeLe: dateSchema,
  sha256: sha256Schema,
  taille: z.number().int().nonnegative(),
  verifieeLe: dateSchema.nullable().describe('Dernier contrôle d’intégrité réussi ou non'),
  defaut: defautArchiveSchema.nullable(),
});

/**
 * A dossier the guichet deleted (closed then purged, or purged) before this workstation could keep
 * an archive of it: the loss is recorded, shown and kept forever; acknowledging it only stops alerts.
 */
export const perteSchema = z.object({
  motif: motifSuppressionSchema,
  annonceeLe: dateSchema.describe('Date de suppression annoncée par le guichet (ou date d’expiration)'),
  constateeLe: dateSchema.describe('Date à laquelle ce poste a constaté la perte'),
  acquitteeLe: dateSchema.nullable().describe('« Pris connaissance » par un agent'),
});

/**
 * What is known of a dossier. Only the numéro is certain: a dossier this workstation learnt of by a
 * tombstone alone (submitted and deleted while it was off) has no démarche, état or dates.
 */
export const dossierLigneSchema = z.object({
  numero: numeroSchema,
  demarche: demarcheRefSchema.nullable(),
  etat: etatCodeSchema.nullable(),
  deposeLe: dateSchema.nullable(),
  expireLe: dateSchema.nullable(),
  courriel: courrielSchema.nullable(),
  archiveLocale: archiveLocaleSchema.nullable(),
  supprimeDuGuichet: motifSuppressionSchema.nullable(),
  perte: perteSchema.nullable(),
  actionsEnAttente: z.number().int().nonnegative(),
  messagesNonLus: z
    .number()
    .int()
    .nonnegative()
    .describe("Messages de l'usager non lus sur ce poste (0 hors portail citoyen)"),
});

export const listeDossiersSchema = z.object({
  elements: z.array(dossierLigneSchema),
  total: z.number().int().nonnegative(),
});

/** Bulk actions target explicit numéros or "everything matching this filter" (Tout sélectionner). */
export const selectionSchema = z.union([
  z.object({ numeros: z.array(numeroSchema).min(1).max(200_000) }),
  z.object({ filtre: filtreDossiersSchema }),
]);

export const statutActionSchema = z.enum([
  'en-attente',
  'en-cours',
  'conflit',
  'refusee',
  'envoyee',
  'annulee',
]);
export const typeActionSchema = z.enum([
  'etat',
  'piece',
  'cloture',
  'message',
  'justificatif',
  'rendez-vous',
]);

export const actionFileSchema = z.object({
  id: z.string(),
  type: typeActionSchema,
  numeros: z.array(numeroSchema).min(1),
  etat: etatCodeSchema.nullable(),
  commentaire: z.string().nullable(),
  slot: slotSchema.nullable(),
  nomFichier: z.string().nullable(),
  statut: statutActionSchema,
  tentatives: z.number().int().nonnegative(),
  erreur: z.string().nullable().describe('Message du guichet ou de la connexion, en français'),
  creeLe: dateSchema,
  prochainEssai: dateSchema.nullable(),
  resume: z
    .string()
    .nullable()
    .describe(
      'Ce que fait l’action, en français (« Message « Pièce manquante » », « Justificatif … : invalide »)',
    ),
});

export const compteursFileSchema = z.object({
  enAttente: z.number().int().nonnegative(),
  conflit: z.number().int().nonnegative(),
  refusee: z.number().int().nonnegative(),
});

export const dossierLocalSchema = dossierDetailSchema.extend({
  ...dossierLigneSchema.pick({
    demarche: true,
    etat: true,
    deposeLe: true,
    expireLe: true,
    courriel: true,
    archiveLocale: true,
    supprimeDuGuichet: true,
    perte: true,
  }).shape,
  revision: z.number().int().nonnegative().describe('0 : jamais lu sur le guichet'),
  archive: dossierDetailSchema.shape.archive
    .nullable()
    .describe('Archive annoncée par le guichet ; null pour un dossier connu par sa seule pierre tombale'),
  actions: z.array(actionFileSchema).describe('Actions de la file d’attente non encore acquittées'),
  messagesNonLus: z.array(z.string()).describe("Identifiants des messages de l'usager non lus sur ce poste"),
});

export const ouvertureAnnonceeSchema = z
  .enum(['apercu', 'systeme', 'refusee'])
  .describe(
    'apercu : affiché dans l’application (PDF, image, texte) ; systeme : document bureautique confié au système ; refusee : seulement « Enregistrer sous… »',
  );

export const fichierArchiveSchema = z.object({
  nom: z.string().describe('Nom nettoyé des caractères invisibles et de sens d’écriture'),
  taille: z.number().int().nonnegative(),
  type: z.string().describe('Type MIME deviné par le contenu'),
  ouverture: ouvertureAnnonceeSchema,
});

/** The only types the in-app viewer renders: PDF in a frame, images in <img>, text as text. */
export const typeApercuSchema = z.enum([
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'text/plain',
]);

export const pieceOuverteSchema = z.discriminatedUnion('mode', [
  z.object({
    mode: z.literal('apercu'),
    nom: z.string(),
    type: typeApercuSchema,
    contenuBase64: z.string(),
  }),
  z.object({ mode: z.literal('systeme'), nom: z.string().describe('Confié à l’application du système') }),
  z.object({
    mode: z.literal('telechargement'),
    nom: z.string(),
    type: z.string(),
    contenuBase64: z.string(),
  }),
]);

export const pieceEnregistreeSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('enregistre'), nom: z.string().describe('Nom du fichier choisi par l’agent') }),
  z.object({ mode: z.literal('annule') }),
  z.object({
    mode: z.literal('telechargement'),
    nom: z.string().describe('Nom sûr proposé au navigateur'),
    contenuBase64: z.string(),
  }),
]);

export const contenuDossierSchema = z.object({
  entete: enteteSchema.nullable(),
  donnees: donneesSchema.nullable(),
  fichiers: z.array(fichierArchiveSchema),
  avertissements: z.array(z.string()).describe('Entrées refusées ou illisibles, en français'),
});

/** A dossier the guichet sent in a shape we cannot trust, set aside until it comes again valid. */
export const dossierIllisibleSchema = z.object({
  numero: numeroSchema.nullable().describe('null quand même le numéro était illisible'),
  raison: z.string().describe('Ce qui ne va pas, en français (position de l’élément si pas de numéro)'),
  le: dateSchema.describe('Dernière réception de cette version illisible'),
  acquitte: z.boolean().describe('« Pris connaissance » par un agent : reste listé, n’alerte plus'),
});

export const tableauDeBordSchema = z.object({
  total: z.number().int().nonnegative(),
  parEtat: z.array(z.object({ etat: etatCodeSchema, libelle: z.string(), nombre: z.number().int() })),
  parDemarche: z.array(demarcheRefSchema.extend({ nombre: z.number().int() })),
  nouveauxDepuisDerniereVisite: z.number().int().nonnegative(),
  aRisque: z
    .number()
    .int()
    .nonnegative()
    .describe('Expirent dans « joursRisque » jours sans archive locale vérifiée, clos compris'),
  joursRisque: z.number().int().positive(),
  perdus: z.number().int().nonnegative().describe('Supprimés du guichet sans archive locale'),
  perdusNonAcquittes: z.number().int().nonnegative(),
  archivesDefectueuses: z.number().int().nonnegative().describe('Archives locales manquantes ou endommagées'),
  derniereVerification: dateSchema.nullable().describe('Dernier contrôle complet des archives'),
  archives: z.number().int().nonnegative(),
  messagesNonLus: z.number().int().nonnegative().describe("Messages de l'usager non lus sur ce poste"),
  dossiersMessagesNonLus: z.number().int().nonnegative().describe('Dossiers ayant un message non lu'),
  aRevoir: z.number().int().nonnegative().describe('Dossiers rectifiés par l’usager, à revoir'),
  rendezVousProches: z
    .number()
    .int()
    .nonnegative()
    .describe('Rendez-vous planifiés dans les 7 prochains jours'),
  quarantaine: z
    .array(dossierIllisibleSchema)
    .describe('Dossiers illisibles mis de côté par la synchronisation, à signaler au guichet'),
  fileAttente: compteursFileSchema,
  connexion: etatConnexionSchema,
});

export const parametresSchema = z.object({
  dossierArchives: z.string().min(1).describe('Dossier où les archives zip sont enregistrées'),
  intervalleSynchroMinutes: z.number().int().min(1).max(1440),
  autoArchive: z.boolean().describe('Archiver chaque nouveau dossier après la synchronisation'),
  concurrenceTelechargement: z.number().int().min(1).max(16),
  notifications: z.boolean(),
  joursRisque: z
    .number()
    .int()
    .min(1)
    .max(29)
    .describe('Un dossier non archivé qui expire dans ce nombre de jours est « à risque »'),
  verificationJours: z
    .number()
    .int()
    .min(0)
    .max(365)
    .describe('Contrôle automatique des archives tous les N jours (0 : jamais)'),
  tailleMaxArchiveMo: z
    .number()
    .int()
    .min(1)
    .max(1_048_576)
    .describe("Taille maximale d'une archive (Mo) : au-delà, le téléchargement est refusé et nommé"),
});

/** The three lists a nightly job alerts on (`instructeur statut --json`). */
export const bilanArchivesSchema = z.object({
  aRisque: z.array(numeroSchema),
  perdus: z.array(numeroSchema),
  perdusNonAcquittes: z.array(numeroSchema),
  nonVerifies: z.array(numeroSchema).describe('Archives locales manquantes ou endommagées'),
  joursRisque: z.number().int().positive(),
});

export const perteDetailleeSchema = perteSchema.extend({
  numero: numeroSchema,
  demarche: demarcheRefSchema.nullable(),
  deposeLe: dateSchema.nullable(),
});

export const echecDossierSchema = z.object({ numero: numeroSchema, message: z.string() });

export const progressionTacheSchema = z.object({
  tacheId: z.string(),
  total: z.number().int().nonnegative(),
  faits: z.number().int().nonnegative(),
  echecs: z.number().int().nonnegative(),
});

export const resultatDeplacementSchema = z.object({
  tacheId: z.string(),
  deplacees: z.number().int().nonnegative(),
  echecs: z.array(echecDossierSchema),
  annule: z.boolean(),
});

export const resultatVerificationSchema = z.object({
  tacheId: z.string(),
  controlees: z.number().int().nonnegative(),
  intactes: z.number().int().nonnegative(),
  manquantes: z.array(numeroSchema),
  endommagees: z.array(numeroSchema),
  retelechargees: z.array(numeroSchema).describe('Retrouvées sur le guichet et téléchargées de nouveau'),
  irrecuperables: z.array(numeroSchema).describe('Manquantes ou endommagées, le guichet ne les sert plus'),
  annule: z.boolean(),
});

export const dossierRacineSchema = z.object({
  chemin: z.string().describe('Dossier des archives choisi par l’agent'),
  archives: z.number().int().nonnegative(),
  courant: z.boolean().describe('Où les nouvelles archives sont écrites'),
  accessible: z.boolean(),
});

export const fichierExporteSchema = z.object({
  nom: z.string(),
  type: z.string(),
  contenuBase64: z.string(),
  lignes: z.number().int().nonnegative(),
});

export const resumeSynchroSchema = z.object({
  nouveaux: z.number().int().nonnegative(),
  modifies: z.number().int().nonnegative(),
  supprimes: z.number().int().nonnegative(),
  pages: z.number().int().nonnegative(),
  dureeMs: z.number().nonnegative(),
  perdus: z
    .array(numeroSchema)
    .describe('Supprimés du guichet pendant cette synchronisation sans archive locale : perte enregistrée'),
  illisibles: z
    .array(dossierIllisibleSchema)
    .describe('Reçus illisibles pendant cette synchronisation : mis de côté, les autres sont enregistrés'),
});

export const progressionSynchroSchema = z.object({
  pages: z.number().int().nonnegative(),
  recus: z.number().int().nonnegative(),
  supprimes: z.number().int().nonnegative(),
});

export const progressionArchivesSchema = z.object({
  tacheId: z.string(),
  total: z.number().int().nonnegative(),
  faits: z.number().int().nonnegative(),
  ignores: z.number().int().nonnegative().describe('Déjà archivés et inchangés'),
  echecs: z.number().int().nonnegative(),
  octets: z.number().nonnegative(),
  vitesse: z.number().nonnegative().describe('Octets par seconde'),
  resteSecondes: z.number().nonnegative().nullable(),
});

export const resultatArchivesSchema = z.object({
  tacheId: z.string(),
  archives: z.number().int().nonnegative(),
  ignores: z.number().int().nonnegative(),
  echecs: z.array(echecDossierSchema),
  perdus: z.array(numeroSchema).describe('Le guichet ne sert plus ces dossiers : perte enregistrée'),
  annule: z.boolean(),
  dossierArchives: z.string().describe('Dossier où ces archives ont été écrites'),
});

export const referentielSchema = z.object({
  ...workflowsResponseSchema.shape,
  ...demarchesResponseSchema.shape,
});

export const infoAppSchema = z.object({
  version: z.string(),
  hote: z.enum(['electron', 'web']).describe('Fenêtre Electron ou navigateur via l’hôte web local'),
  peutOuvrirFichiers: z.boolean().describe('Ouvrir un fichier avec l’application du système'),
  peutChoisirDossier: z.boolean().describe('Boîte de dialogue native de choix de dossier'),
  peutOuvrirDossier: z.boolean().describe('Montrer un dossier dans le gestionnaire de fichiers du système'),
});

export type Profil = z.infer<typeof profilSchema>;
export type ModeSession = z.infer<typeof modeSessionSchema>;
export type Session = z.infer<typeof sessionSchema>;
export type EtatConnexion = z.infer<typeof etatConnexionSchema>;
export type FiltreDossiers = z.infer<typeof filtreDossiersSchema>;
export type Onglet = z.infer<typeof ongletSchema>;
export const comptesOngletsSchema = z.record(ongletSchema, z.number().int().nonnegative());
export type ComptesOnglets = z.infer<typeof comptesOngletsSchema>;
export type TriDossiers = z.infer<typeof triDossiersSchema>;
export type ArchiveLocale = z.infer<typeof archiveLocaleSchema>;
export type DossierLigne = z.infer<typeof dossierLigneSchema>;
export type ListeDossiers = z.infer<typeof listeDossiersSchema>;
export type Selection = z.infer<typeof selectionSchema>;
export type StatutAction = z.infer<typeof statutActionSchema>;
export type TypeAction = z.infer<typeof typeActionSchema>;
export type ActionFile = z.infer<typeof actionFileSchema>;
export type CompteursFile = z.infer<typeof compteursFileSchema>;
export type DossierLocal = z.infer<typeof dossierLocalSchema>;
export type ContenuDossier = z.infer<typeof contenuDossierSchema>;
export type TypeApercu = z.infer<typeof typeApercuSchema>;
export type PieceOuverte = z.infer<typeof pieceOuverteSchema>;
export type PieceEnregistree = z.infer<typeof pieceEnregistreeSchema>;
export type TableauDeBord = z.infer<typeof tableauDeBordSchema>;
export type DossierIllisible = z.infer<typeof dossierIllisibleSchema>;
export type Parametres = z.infer<typeof parametresSchema>;
export type ResumeSynchro = z.infer<typeof resumeSynchroSchema>;
export type ProgressionSynchro = z.infer<typeof progressionSynchroSchema>;
export type ProgressionArchives = z.infer<typeof progressionArchivesSchema>;
export type ResultatArchives = z.infer<typeof resultatArchivesSchema>;
export type Referentiel = z.infer<typeof referentielSchema>;
export type InfoApp = z.infer<typeof infoAppSchema>;
export type DefautArchive = z.infer<typeof defautArchiveSchema>;
export type Perte = z.infer<typeof perteSchema>;
export type PerteDetaillee = z.infer<typeof perteDetailleeSchema>;
export type BilanArchives = z.infer<typeof bilanArchivesSchema>;
export type ResultatDeplacement = z.infer<typeof resultatDeplacementSchema>;
export type ResultatVerification = z.infer<typeof resultatVerificationSchema>;
export type DossierRacine = z.infer<typeof dossierRacineSchema>;
export type FichierExporte = z.infer<typeof fichierExporteSchema>;

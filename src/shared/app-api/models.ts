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
  identifiant: z.string().min(1).max(64),
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
  derniereSynchro: dateSchema.nullable(),
  synchroEnCours: z.boolean(),
});

export const filtreDossiersSchema = z.object({
  du: jourSchema.optional(),
  au: jourSchema.optional(),
  demarche: z.string().max(64).optional(),
  etat: etatCodeSchema.optional(),
  archive: z.boolean().optional().describe('Archivé localement ou non'),
  expireDansJours: z.number().int().min(0).max(60).optional(),
  recherche: z.string().max(200).optional().describe('Numéro ou texte libre (données, courriel, démarche)'),
  supprimes: z.enum(['inclure', 'exclure', 'seulement']).default('inclure'),
});

export const triDossiersSchema = z.object({
  colonne: z.enum(['numero', 'demarche', 'etat', 'deposeLe', 'expireLe', 'archive']),
  sens: z.enum(['asc', 'desc']),
});

export const archiveLocaleSchema = z.object({
  archiveeLe: dateSchema,
  sha256: sha256Schema,
  taille: z.number().int().nonnegative(),
});

export const dossierLigneSchema = z.object({
  numero: numeroSchema,
  demarche: demarcheRefSchema,
  etat: etatCodeSchema,
  deposeLe: dateSchema,
  expireLe: dateSchema,
  courriel: courrielSchema,
  archiveLocale: archiveLocaleSchema.nullable(),
  supprimeDuGuichet: motifSuppressionSchema.nullable(),
  actionsEnAttente: z.number().int().nonnegative(),
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
export const typeActionSchema = z.enum(['etat', 'piece', 'cloture']);

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
});

export const compteursFileSchema = z.object({
  enAttente: z.number().int().nonnegative(),
  conflit: z.number().int().nonnegative(),
  refusee: z.number().int().nonnegative(),
});

export const dossierLocalSchema = dossierDetailSchema.extend({
  archiveLocale: archiveLocaleSchema.nullable(),
  supprimeDuGuichet: motifSuppressionSchema.nullable(),
  actions: z.array(actionFileSchema).describe('Actions de la file d’attente non encore acquittées'),
});

export const fichierArchiveSchema = z.object({
  nom: z.string(),
  taille: z.number().int().nonnegative(),
  type: z.string().describe('Type MIME deviné par le contenu'),
});

export const contenuDossierSchema = z.object({
  entete: enteteSchema.nullable(),
  donnees: donneesSchema.nullable(),
  fichiers: z.array(fichierArchiveSchema),
  avertissements: z.array(z.string()).describe('Entrées refusées ou illisibles, en français'),
});

export const fichierDossierSchema = z.object({
  nom: z.string(),
  type: z.string(),
  contenuBase64: z.string(),
});

export const tableauDeBordSchema = z.object({
  total: z.number().int().nonnegative(),
  parEtat: z.array(z.object({ etat: etatCodeSchema, libelle: z.string(), nombre: z.number().int() })),
  parDemarche: z.array(demarcheRefSchema.extend({ nombre: z.number().int() })),
  nouveauxDepuisDerniereVisite: z.number().int().nonnegative(),
  expirentBientotNonArchives: z.number().int().nonnegative().describe('Expirent dans 7 jours, non archivés'),
  archives: z.number().int().nonnegative(),
  fileAttente: compteursFileSchema,
  connexion: etatConnexionSchema,
});

export const parametresSchema = z.object({
  dossierArchives: z.string().min(1).describe('Dossier où les archives zip sont enregistrées'),
  intervalleSynchroMinutes: z.number().int().min(1).max(1440),
  autoArchive: z.boolean().describe('Archiver chaque nouveau dossier après la synchronisation'),
  concurrenceTelechargement: z.number().int().min(1).max(16),
  notifications: z.boolean(),
});

export const resumeSynchroSchema = z.object({
  nouveaux: z.number().int().nonnegative(),
  modifies: z.number().int().nonnegative(),
  supprimes: z.number().int().nonnegative(),
  pages: z.number().int().nonnegative(),
  dureeMs: z.number().nonnegative(),
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
  echecs: z.array(z.object({ numero: numeroSchema, message: z.string() })),
  annule: z.boolean(),
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
});

export type Profil = z.infer<typeof profilSchema>;
export type ModeSession = z.infer<typeof modeSessionSchema>;
export type Session = z.infer<typeof sessionSchema>;
export type EtatConnexion = z.infer<typeof etatConnexionSchema>;
export type FiltreDossiers = z.infer<typeof filtreDossiersSchema>;
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
export type FichierDossier = z.infer<typeof fichierDossierSchema>;
export type TableauDeBord = z.infer<typeof tableauDeBordSchema>;
export type Parametres = z.infer<typeof parametresSchema>;
export type ResumeSynchro = z.infer<typeof resumeSynchroSchema>;
export type ProgressionSynchro = z.infer<typeof progressionSynchroSchema>;
export type ProgressionArchives = z.infer<typeof progressionArchivesSchema>;
export type ResultatArchives = z.infer<typeof resultatArchivesSchema>;
export type Referentiel = z.infer<typeof referentielSchema>;
export type InfoApp = z.infer<typeof infoAppSchema>;

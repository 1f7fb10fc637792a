import { z } from 'zod';
import {
  changementMotDePasseSchema,
  commentaireSchema,
  identifiantSchema,
  modificationUtilisateurSchema,
  nouvelUtilisateurSchema,
  reinitialisationSchema,
  utilisateurSchema,
} from '../api/schemas.js';
import { numeroSchema } from '../numero.js';
import { etatCodeSchema, slotSchema } from '../workflow/schemas.js';
import * as c from './cloture.js';
import * as m from './models.js';

const vide = z.object({});
const ok = z.object({ ok: z.literal(true) });

function methode<A extends z.ZodType, R extends z.ZodType>(args: A, result: R) {
  return { args, result };
}

/**
 * Every call the UI can make to the core, once. The Electron preload exposes exactly these, the web
 * host serves exactly these over HTTP, and both validate arguments and results with these schemas.
 */
export const appMethods = {
  'app.info': methode(vide, m.infoAppSchema),

  'profils.lister': methode(vide, z.object({ profils: z.array(m.profilSchema) })),
  'profils.enregistrer': methode(
    m.profilSchema.omit({ id: true, motDePasseMemorise: true }).extend({ id: z.string().optional() }),
    m.profilSchema,
  ),
  'profils.supprimer': methode(z.object({ id: z.string() }), ok),

  'session.connecter': methode(
    z.object({
      profilId: z.string(),
      motDePasse: z.string().max(200).optional().describe('Absent : celui du trousseau'),
      memoriser: z.boolean(),
    }),
    m.sessionSchema,
  ),
  'session.ouvrirLectureSeule': methode(
    z.object({
      profilId: z.string(),
      motDePasse: z
        .string()
        .max(200)
        .optional()
        .describe('Vérifié contre la dernière connexion en ligne ; absent : celui du trousseau'),
    }),
    m.sessionSchema,
  ),
  'session.courante': methode(vide, m.sessionSchema.nullable()),
  'session.deconnecter': methode(vide, ok),
  'session.motDePassePerdu': methode(
    z.object({ profilId: z.string(), identifiant: z.string().min(1), courriel: z.string().min(1) }),
    z.object({ message: z.string() }),
  ),
  'session.reinitialiserMotDePasse': methode(reinitialisationSchema.extend({ profilId: z.string() }), ok),
  'compte.changerMotDePasse': methode(changementMotDePasseSchema, ok),
  'connexion.travaillerHorsLigne': methode(vide, m.etatConnexionSchema),
  'connexion.seReconnecter': methode(vide, m.etatConnexionSchema),

  'referentiel.lire': methode(vide, m.referentielSchema),
  'tableauDeBord.lire': methode(vide, m.tableauDeBordSchema),

  'dossiers.lister': methode(
    z.object({
      filtre: m.filtreDossiersSchema,
      tri: m.triDossiersSchema,
      offset: z.number().int().min(0),
      limite: z.number().int().min(1).max(500),
    }),
    m.listeDossiersSchema,
  ),
  'dossiers.compterOnglets': methode(
    z.object({ filtre: m.filtreDossiersSchema }),
    m.comptesOngletsSchema.describe('Le nombre de dossiers de chaque onglet, les autres critères appliqués'),
  ),
  'dossiers.detail': methode(z.object({ numero: numeroSchema }), m.dossierLocalSchema),
  'dossiers.rafraichir': methode(z.object({ numero: numeroSchema }), m.dossierLocalSchema),
  'dossiers.contenu': methode(z.object({ numero: numeroSchema }), m.contenuDossierSchema),
  'dossiers.ouvrirFichier': methode(
    z
      .object({ numero: numeroSchema, nom: z.string().max(255) })
      .describe(
        'PDF, images et texte affichés dans l’application, bureautique confiée au système, rien d’autre',
      ),
    m.pieceOuverteSchema,
  ),
  'dossiers.enregistrerFichier': methode(
    z.object({ numero: numeroSchema, nom: z.string().max(255) }),
    m.pieceEnregistreeSchema,
  ),
  'dossiers.fermerFichiers': methode(
    vide.describe('L’agent quitte les pièces : les copies confiées au système sont supprimées'),
    z.object({
      supprimees: z.number().int().nonnegative(),
      restantes: z
        .number()
        .int()
        .nonnegative()
        .describe('Encore ouvertes : supprimées au prochain démarrage'),
    }),
  ),

  'actions.changerEtat': methode(
    z.object({ numero: numeroSchema, etat: etatCodeSchema, commentaire: commentaireSchema.optional() }),
    m.actionFileSchema,
  ),
  'actions.joindre': methode(
    z.object({
      numero: numeroSchema,
      slot: slotSchema,
      nom: z.string().min(1).max(255),
      contenuBase64: z.string().max(30_000_000),
    }),
    m.actionFileSchema,
  ),
  'echanges.envoyer': methode(
    z.object({
      numero: numeroSchema,
      sujet: z.string().trim().min(1, 'Le sujet est obligatoire.').max(200),
      texte: z.string().trim().min(1, 'Le message est vide.').max(20_000),
      pieces: z
        .array(z.object({ nom: z.string().min(1).max(255), contenuBase64: z.string().max(30_000_000) }))
        .max(10)
        .default([])
        .describe('Vérifiées contre les limites du workflow (nombre, taille, format par le contenu)'),
    }),
    m.actionFileSchema,
  ),
  'echanges.marquerLus': methode(
    z.object({ numero: numeroSchema }).describe('L’agent a lu le fil : lecture gardée sur ce poste'),
    z.object({ nonLus: z.number().int().nonnegative() }),
  ),
  'echanges.ouvrirPiece': methode(
    z.object({ numero: numeroSchema, message: z.string().max(64), fichier: z.string().max(64) }),
    m.pieceOuverteSchema,
  ),
  'justificatifs.ouvrir': methode(
    z
      .object({ numero: numeroSchema, id: z.string().max(64) })
      .describe('Mêmes règles que les pièces d’une archive : PDF et images affichés, le reste refusé'),
    m.pieceOuverteSchema,
  ),
  'justificatifs.decider': methode(
    z.object({
      numero: numeroSchema,
      id: z.string().max(64),
      statut: z.enum(['valide', 'invalide']),
      motif: z.string().trim().max(1000).optional(),
    }),
    m.actionFileSchema,
  ),
  'dossiers.demanderCorrection': methode(
    z.object({
      numero: numeroSchema,
      manque: z.string().trim().min(1, 'Dites à l’usager ce qui manque.').max(4000),
      invalides: z
        .array(z.object({ id: z.string().max(64), motif: z.string().trim().min(1).max(1000) }))
        .max(50)
        .default([])
        .describe('Justificatifs refusés avec leur motif'),
    }),
    z.object({ actions: z.array(m.actionFileSchema) }),
  ),
  'rendezVous.proposer': methode(
    z.object({
      numero: numeroSchema,
      debut: z.iso.datetime({ offset: true }),
      fin: z.iso.datetime({ offset: true }),
      lieu: z.string().trim().min(1).max(200),
      objet: z.string().trim().min(1).max(200),
      remplace: z.string().max(64).optional(),
    }),
    m.actionFileSchema,
  ),
  'rendezVous.annuler': methode(
    z.object({
      numero: numeroSchema,
      id: z.string().max(64),
      motif: z.string().trim().min(1, 'Un motif est obligatoire.').max(1000),
    }),
    m.actionFileSchema,
  ),

  'actions.examinerCloture': methode(
    z.object({ selection: m.selectionSchema, commentaire: commentaireSchema.optional() }),
    c.examenClotureSchema,
  ),
  'actions.cloturer': methode(
    z.object({ selection: m.selectionSchema, commentaire: commentaireSchema.optional() }),
    c.bilanClotureSchema,
  ),
  'actions.suivreCloture': methode(
    z.object({ ids: z.array(z.string()).min(1).max(1000) }),
    c.bilanClotureSchema,
  ),

  'fileAttente.lister': methode(vide, z.object({ actions: z.array(m.actionFileSchema) })),
  'fileAttente.reessayer': methode(z.object({ id: z.string() }), m.actionFileSchema),
  'fileAttente.annuler': methode(z.object({ id: z.string() }), m.actionFileSchema),
  'fileAttente.rejouer': methode(vide, m.compteursFileSchema),

  'synchro.lancer': methode(vide, m.resumeSynchroSchema),
  'archives.telecharger': methode(
    z.object({
      selection: m.selectionSchema,
      dossierArchives: z
        .string()
        .min(1)
        .max(1000)
        .optional()
        .describe('Écrire ces archives dans ce dossier (absent : celui des Paramètres)'),
    }),
    z.object({ tacheId: z.string(), total: z.number().int() }),
  ),
  'archives.annuler': methode(
    z.object({ tacheId: z.string() }).describe('Téléchargement, contrôle ou déplacement en cours'),
    ok,
  ),
  'archives.bilan': methode(vide, m.bilanArchivesSchema),
  'archives.ouvrirDossier': methode(
    z.object({
      dossierArchives: z
        .string()
        .min(1)
        .max(1000)
        .optional()
        .describe('Un dossier des archives de ce poste (celui d’une tâche) ; absent : celui des Paramètres'),
    }),
    ok,
  ),
  'archives.verifier': methode(vide, z.object({ tacheId: z.string(), total: z.number().int() })),
  'archives.deplacer': methode(
    z.object({ vers: z.string().min(1).max(1000).describe('Dossier choisi par l’agent') }),
    z.object({ tacheId: z.string(), total: z.number().int() }),
  ),
  'archives.dossiers': methode(vide, z.object({ dossiers: z.array(m.dossierRacineSchema) })),
  'archives.registre': methode(z.object({ format: z.enum(['csv', 'pdf']) }), m.fichierExporteSchema),
  'pertes.lister': methode(vide, z.object({ pertes: z.array(m.perteDetailleeSchema) })),
  'pertes.acquitter': methode(
    z.object({ numeros: z.array(numeroSchema).max(200_000).optional().describe('Absent : toutes') }),
    z.object({ acquittees: z.number().int().nonnegative() }),
  ),

  'illisibles.acquitter': methode(vide, z.object({ acquittes: z.number().int().nonnegative() })),

  'utilisateurs.lister': methode(vide, z.object({ utilisateurs: z.array(utilisateurSchema) })),
  'utilisateurs.creer': methode(nouvelUtilisateurSchema, utilisateurSchema),
  'utilisateurs.modifier': methode(
    z.object({ identifiant: identifiantSchema, modifications: modificationUtilisateurSchema }),
    utilisateurSchema,
  ),

  'parametres.lire': methode(vide, m.parametresSchema),
  'parametres.enregistrer': methode(m.parametresSchema.partial(), m.parametresSchema),
  'parametres.choisirDossierArchives': methode(vide, z.object({ dossier: z.string().nullable() })),
} as const;

export type AppMethods = typeof appMethods;
export type MethodName = keyof AppMethods;
export type MethodArgs<K extends MethodName> = z.input<AppMethods[K]['args']>;
export type MethodResult<K extends MethodName> = z.infer<AppMethods[K]['result']>;

/** The object the renderer holds: `window.guichet` in Electron, an HTTP client in the browser. */
export interface AppApi {
  call<K extends MethodName>(methode: K, args: MethodArgs<K>): Promise<MethodResult<K>>;
  on<E extends EventName>(evenement: E, ecouteur: (donnees: EventPayload<E>) => void): () => void;
}

/** How a failed call crosses the bridge; the client rethrows it as an `ErreurApp`. */
export const erreurAppSchema = z.object({
  code: z.string().describe('ex. identifiants_invalides, hors_ligne, conflit, validation'),
  message: z.string().describe('Phrase en français pour l’agent'),
});
export type ErreurAppData = z.infer<typeof erreurAppSchema>;

export class ErreurApp extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'ErreurApp';
    this.code = code;
  }
}

export const reponseAppSchema = z.union([
  z.object({ ok: z.literal(true), resultat: z.unknown() }),
  z.object({ ok: z.literal(false), erreur: erreurAppSchema }),
]);

// Events the core pushes to the UI.
export const appEvents = {
  'synchro.progression': m.progressionSynchroSchema,
  'synchro.terminee': m.resumeSynchroSchema,
  'synchro.erreur': z.object({ message: z.string() }),
  'archives.progression': m.progressionArchivesSchema,
  'archives.terminee': m.resultatArchivesSchema,
  'verification.progression': m.progressionTacheSchema,
  'verification.terminee': m.resultatVerificationSchema,
  'deplacement.progression': m.progressionTacheSchema,
  'deplacement.terminee': m.resultatDeplacementSchema,
  'fileAttente.changee': m.compteursFileSchema,
  'connexion.changee': m.etatConnexionSchema,
  'dossiers.changes': z.object({ numeros: z.array(numeroSchema).optional() }),
  notification: z.object({ titre: z.string(), corps: z.string() }),
} as const;

export type AppEvents = typeof appEvents;
export type EventName = keyof AppEvents;
export type EventPayload<E extends EventName> = z.infer<AppEvents[E]>;

import { z } from 'zod';
import * as s from './schemas.js';

export const API_BASE = '/api/v1';

export type Methode = 'GET' | 'POST' | 'PATCH';
/** public: no token; agent: any habilitation of the service; gestion: administrators only. */
export type Acces = 'public' | 'agent' | 'gestion';

export interface RouteDef {
  method: Methode;
  /** Relative to API_BASE, with `:param` placeholders. */
  path: string;
  summary: string;
  acces: Acces;
  params?: z.ZodType;
  query?: z.ZodType;
  /** JSON body, or the multipart fields when `multipart` is set. */
  body?: z.ZodType;
  multipart?: true;
  /** Successful answer; `binary` routes answer with bytes of `contentType` instead of JSON. */
  success: { status: number; schema?: z.ZodType; binary?: { contentType: string } };
  /** Documented error statuses (every error body is `erreurSchema` unless given). */
  errors: Partial<Record<number, z.ZodType>>;
}

const e = s.erreurSchema;

/**
 * Every route of the guichet API, once. The server registers and validates from this table, the
 * OpenAPI description is generated from it and the app's HTTP client is typed by it.
 */
export const routes = {
  login: {
    method: 'POST',
    path: '/auth/login',
    summary: 'Ouvrir une session',
    acces: 'public',
    body: s.loginRequestSchema,
    success: { status: 200, schema: s.loginResponseSchema },
    errors: { 400: e, 401: e, 429: e },
  },
  logout: {
    method: 'POST',
    path: '/auth/logout',
    summary: 'Fermer la session',
    acces: 'agent',
    success: { status: 200, schema: s.okSchema },
    errors: { 401: e },
  },
  changerMotDePasse: {
    method: 'POST',
    path: '/auth/mot-de-passe',
    summary: 'Changer son propre mot de passe',
    acces: 'agent',
    body: s.changementMotDePasseSchema,
    success: { status: 200, schema: s.okSchema },
    errors: { 400: e, 401: e, 422: e },
  },
  motDePassePerdu: {
    method: 'POST',
    path: '/auth/mot-de-passe-perdu',
    summary: 'Demander un courriel de réinitialisation (toujours 202)',
    acces: 'public',
    body: s.motDePassePerduSchema,
    success: { status: 202, schema: s.accepteSchema },
    errors: { 400: e, 429: e },
  },
  reinitialiser: {
    method: 'POST',
    path: '/auth/reinitialisation',
    summary: 'Choisir un nouveau mot de passe avec le jeton reçu par courriel',
    acces: 'public',
    body: s.reinitialisationSchema,
    success: { status: 200, schema: s.okSchema },
    errors: { 400: e, 422: e, 429: e },
  },
  workflows: {
    method: 'GET',
    path: '/workflows',
    summary: "Diagrammes d'états",
    acces: 'agent',
    success: { status: 200, schema: s.workflowsResponseSchema },
    errors: { 401: e },
  },
  demarches: {
    method: 'GET',
    path: '/demarches',
    summary: 'Démarches du service',
    acces: 'agent',
    success: { status: 200, schema: s.demarchesResponseSchema },
    errors: { 401: e },
  },
  listerTeledossiers: {
    method: 'GET',
    path: '/teledossiers',
    summary: 'Liste incrémentale (avec depuis) ou liste filtrée et paginée',
    acces: 'agent',
    query: s.listeTeledossiersQuerySchema,
    success: { status: 200, schema: z.union([s.listeIncrementaleSchema, s.listeFiltreeSchema]) },
    errors: { 400: e, 401: e },
  },
  cloturer: {
    method: 'POST',
    path: '/teledossiers/cloture',
    summary: 'Clôture en masse',
    acces: 'agent',
    body: s.clotureRequestSchema,
    success: { status: 200, schema: s.clotureResponseSchema },
    errors: { 400: e, 401: e },
  },
  teledossier: {
    method: 'GET',
    path: '/teledossiers/:numero',
    summary: "Détail d'un télédossier",
    acces: 'agent',
    params: s.numeroParamsSchema,
    success: { status: 200, schema: s.dossierDetailSchema },
    errors: { 400: e, 401: e, 404: e },
  },
  archive: {
    method: 'GET',
    path: '/teledossiers/:numero/archive',
    summary: 'Archive zip du télédossier (Range, If-None-Match, Repr-Digest)',
    acces: 'agent',
    params: s.numeroParamsSchema,
    success: { status: 200, binary: { contentType: 'application/zip' } },
    errors: { 401: e, 404: e, 416: e },
  },
  deposerPiece: {
    method: 'POST',
    path: '/teledossiers/:numero/pieces',
    summary: 'Déposer une pièce jointe dans un emplacement',
    acces: 'agent',
    params: s.numeroParamsSchema,
    body: s.pieceUploadFieldsSchema,
    multipart: true,
    success: { status: 201, schema: s.pieceDeposeeSchema },
    errors: { 400: e, 401: e, 404: e, 413: e, 415: e, 422: e },
  },
  changerEtat: {
    method: 'POST',
    path: '/teledossiers/:numero/etat',
    summary: "Changer l'état d'un télédossier",
    acces: 'agent',
    params: s.numeroParamsSchema,
    body: s.changementEtatSchema,
    success: { status: 200, schema: s.dossierDetailSchema },
    errors: { 400: e, 401: e, 404: e, 409: s.conflitSchema, 422: e },
  },
  envoyerMessage: {
    method: 'POST',
    path: '/teledossiers/:numero/messages',
    summary: "Écrire à l'usager (portail citoyen) ; idempotent par « cle »",
    acces: 'agent',
    params: s.numeroParamsSchema,
    body: s.messageUploadFieldsSchema,
    multipart: true,
    success: { status: 201, schema: s.dossierDetailSchema },
    errors: { 400: e, 401: e, 404: e, 413: e, 415: e, 422: e },
  },
  fichierMessage: {
    method: 'GET',
    path: '/teledossiers/:numero/messages/:id/fichiers/:fichier',
    summary: "Pièce jointe d'un message",
    acces: 'agent',
    params: s.fichierMessageParamsSchema,
    success: { status: 200, binary: { contentType: 'application/octet-stream' } },
    errors: { 400: e, 401: e, 404: e },
  },
  fichierJustificatif: {
    method: 'GET',
    path: '/teledossiers/:numero/justificatifs/:id/fichier',
    summary: "Fichier fourni par l'usager pour un justificatif",
    acces: 'agent',
    params: s.idPortailParamsSchema,
    success: { status: 200, binary: { contentType: 'application/octet-stream' } },
    errors: { 400: e, 401: e, 404: e },
  },
  deciderJustificatif: {
    method: 'POST',
    path: '/teledossiers/:numero/justificatifs/:id/decision',
    summary: 'Marquer un justificatif valide ou invalide (avec motif) ; idempotent par « cle »',
    acces: 'agent',
    params: s.idPortailParamsSchema,
    body: s.decisionJustificatifSchema,
    success: { status: 200, schema: s.dossierDetailSchema },
    errors: { 400: e, 401: e, 404: e, 409: s.conflitSchema, 422: e },
  },
  proposerRendezVous: {
    method: 'POST',
    path: '/teledossiers/:numero/rendez-vous',
    summary: "Proposer un rendez-vous (ou en remplacer un) ; l'usager est prévenu",
    acces: 'agent',
    params: s.numeroParamsSchema,
    body: s.nouveauRendezVousSchema,
    success: { status: 201, schema: s.dossierDetailSchema },
    errors: { 400: e, 401: e, 404: e, 422: e },
  },
  annulerRendezVous: {
    method: 'POST',
    path: '/teledossiers/:numero/rendez-vous/:id/annulation',
    summary: "Annuler un rendez-vous ; l'usager est prévenu",
    acces: 'agent',
    params: s.idPortailParamsSchema,
    body: s.annulationRendezVousSchema,
    success: { status: 200, schema: s.dossierDetailSchema },
    errors: { 400: e, 401: e, 404: e, 422: e },
  },
  utilisateurs: {
    method: 'GET',
    path: '/utilisateurs',
    summary: 'Comptes du service',
    acces: 'gestion',
    success: { status: 200, schema: s.utilisateursResponseSchema },
    errors: { 401: e, 403: e },
  },
  creerUtilisateur: {
    method: 'POST',
    path: '/utilisateurs',
    summary: 'Créer un compte',
    acces: 'gestion',
    body: s.nouvelUtilisateurSchema,
    success: { status: 201, schema: s.utilisateurSchema },
    errors: { 400: e, 401: e, 403: e, 409: e },
  },
  utilisateur: {
    method: 'GET',
    path: '/utilisateurs/:identifiant',
    summary: 'Consulter un compte',
    acces: 'gestion',
    params: s.identifiantParamsSchema,
    success: { status: 200, schema: s.utilisateurSchema },
    errors: { 401: e, 403: e, 404: e },
  },
  modifierUtilisateur: {
    method: 'PATCH',
    path: '/utilisateurs/:identifiant',
    summary: 'Modifier un compte (règle du dernier administrateur)',
    acces: 'gestion',
    params: s.identifiantParamsSchema,
    body: s.modificationUtilisateurSchema,
    success: { status: 200, schema: s.utilisateurSchema },
    errors: { 400: e, 401: e, 403: e, 404: e, 422: e },
  },
} as const satisfies Record<string, RouteDef>;

export type Routes = typeof routes;
export type RouteName = keyof Routes;

type Infer<T> = T extends z.ZodType ? z.infer<T> : undefined;
type InferInput<T> = T extends z.ZodType ? z.input<T> : undefined;

export type RouteParams<N extends RouteName> = Routes[N] extends { params: infer P } ? Infer<P> : undefined;
export type RouteQuery<N extends RouteName> = Routes[N] extends { query: infer Q } ? Infer<Q> : undefined;
export type RouteQueryInput<N extends RouteName> = Routes[N] extends { query: infer Q }
  ? InferInput<Q>
  : undefined;
export type RouteBody<N extends RouteName> = Routes[N] extends { body: infer B } ? Infer<B> : undefined;
export type RouteResult<N extends RouteName> = Routes[N]['success'] extends { schema: infer S }
  ? Infer<S>
  : Uint8Array;

/** Fills `:param` placeholders, URL-encoded. */
export function cheminRoute(path: string, params: Record<string, string> = {}): string {
  return path.replace(/:([a-zA-Z]+)/g, (_, nom: string) => {
    const valeur = params[nom];
    if (valeur === undefined) throw new Error(`Paramètre de route manquant : ${nom}`);
    return encodeURIComponent(valeur);
  });
}

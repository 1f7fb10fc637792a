import type { FastifyReply, FastifyRequest } from 'fastify';
import type {
  RouteBody,
  RouteName,
  RouteParams,
  RouteQuery,
  RouteResult,
  Routes,
} from '../../shared/api/routes.js';
import type { ServiceLigne } from '../db/referentiel.js';
import type { UtilisateurLigne } from '../db/utilisateurs.js';

/** The authenticated caller: every query is scoped to `service`. */
export interface Session {
  utilisateur: UtilisateurLigne;
  service: ServiceLigne;
  /** SHA-256 of the bearer token of this request (to keep it when revoking the others). */
  empreinte: Buffer;
}

/** A JSON answer with an explicit status (idempotent replays, documented error bodies). */
export class ReponseJson {
  constructor(
    readonly statut: number,
    readonly corps: unknown,
  ) {}
}

/** Bytes with their headers (archives). */
export class ReponseBinaire {
  constructor(
    readonly statut: number,
    readonly corps: Buffer,
    readonly entetes: Record<string, string>,
  ) {}
}

type EstPublique<N extends RouteName> = Routes[N]['acces'] extends 'public' ? true : false;
type EstMultipart<N extends RouteName> = Routes[N] extends { multipart: true } ? true : false;

export interface Contexte<N extends RouteName> {
  params: RouteParams<N>;
  query: RouteQuery<N>;
  /** Validated JSON body; multipart routes read their parts from `requete` themselves. */
  body: EstMultipart<N> extends true ? undefined : RouteBody<N>;
  session: EstPublique<N> extends true ? null : Session;
  requete: FastifyRequest;
  reponse: FastifyReply;
}

export type Sortie<N extends RouteName> = Routes[N]['success'] extends { binary: object }
  ? ReponseBinaire
  : RouteResult<N> | ReponseJson;

/** One handler per route of the table: a missing or extra one is a type error. */
export type Handlers = { [K in RouteName]: (ctx: Contexte<K>) => Promise<Sortie<K>> };

import http from 'node:http';
import https from 'node:https';
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import {
  API_BASE,
  cheminRoute,
  erreurSchema,
  pieceDeposeeSchema,
  routes,
  type PieceDeposee,
  type RouteName,
  type RouteResult,
} from '../../shared/api/index.js';
import { delaiBackoff, dormir, lireRetryAfter } from './attente.js';
import { ErreurGuichet, ErreurReponse, ErreurReseau } from './erreurs.js';

export interface OptionsClient {
  /** Guichet address as typed in the profile (with or without `/api/v1`). */
  urlGuichet: string;
  timeoutMs?: number;
  /** Attempts for network errors, 5xx and 429 (1 = no retry). */
  tentatives?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Called once on a 401 of an authenticated route: logs in again and sets the new token. */
  renouveler?: () => Promise<void>;
}

export interface OptionsAppel {
  params?: Record<string, string>;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  signal?: AbortSignal;
}

export interface ClientGuichet {
  readonly baseUrl: string;
  token: string | null;
  appel<N extends RouteName>(route: N, options?: OptionsAppel): Promise<RouteResult<N>>;
  /**
   * Same request, retries and errors as `appel`, in two steps: the answer is read and parsed, then
   * `valider()` checks it exactly as `appel` does (same schema, same errors) and returns what
   * `appel` would have. `brut` is the unvalidated JSON: only ever for peeking (e.g. the next cursor
   * of a walk, to ask for the next page while this one is being validated), never to be used as data.
   */
  appelDiffere<N extends RouteName>(
    route: N,
    options?: OptionsAppel,
  ): Promise<{ brut: unknown; valider: () => RouteResult<N> }>;
  deposerPiece(numero: string, slot: string, nom: string, contenu: Buffer): Promise<PieceDeposee>;
  fermer(): void;
}

/** Normalises the profile URL into the API base (`…/api/v1`, no trailing slash). */
export function baseApi(urlGuichet: string): string {
  const sans = urlGuichet.replace(/\/+$/, '');
  return sans.endsWith(API_BASE) ? sans : sans + API_BASE;
}

const CODES_RESEAU = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ECONNABORTED',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

/**
 * The app's only door to the guichet: typed by the shared route table, every answer validated by
 * the route's zod schema before anyone sees it, retries with backoff + jitter for what may succeed
 * later (network, 5xx, 429) and never for a 4xx that means "no".
 */
export function creerClientGuichet(options: OptionsClient): ClientGuichet {
  const baseUrl = baseApi(options.urlGuichet);
  const tentatives = options.tentatives ?? 3;
  const baseMs = options.backoffBaseMs ?? 250;
  const maxMs = options.backoffMaxMs ?? 5000;
  // Keep-alive: a sync walks hundreds of pages; reusing the socket saves a handshake per page.
  const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 16 });
  const ax: AxiosInstance = axios.create({
    baseURL: baseUrl,
    timeout: options.timeoutMs ?? 20_000,
    httpAgent,
    httpsAgent,
    // We parse and validate ourselves: axios' silent JSON parsing would hand us strings.
    responseType: 'text',
    transformResponse: [(d: unknown) => d],
    validateStatus: () => true,
    maxRedirects: 0,
  });
  let renouvellement: Promise<void> | null = null;

  const client: ClientGuichet = {
    baseUrl,
    token: null,
    async appel<N extends RouteName>(nom: N, o: OptionsAppel = {}): Promise<RouteResult<N>> {
      const rep = await requete(nom, o);
      return validerSucces(nom, rep, lireJson(rep.data)) as RouteResult<N>;
    },
    async appelDiffere<N extends RouteName>(nom: N, o: OptionsAppel = {}) {
      const rep = await requete(nom, o);
      const brut = lireJson(rep.data);
      return { brut, valider: () => validerSucces(nom, rep, brut) as RouteResult<N> };
    },
    async deposerPiece(numero, slot, nom, contenu) {
      const route = routes.deposerPiece;
      const url = cheminRoute(route.path, { numero });
      const rep = await envoyer('deposerPiece', () => {
        const form = new FormData();
        form.append('slot', slot);
        form.append('fichier', new Blob([new Uint8Array(contenu)], { type: 'application/pdf' }), nom);
        return ax.request({ method: 'POST', url, data: form, headers: entetes(true) });
      });
      return pieceDeposeeSchema.parse(validerSucces('deposerPiece', rep, lireJson(rep.data)));
    },
    fermer() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };

  function requete(nom: RouteName, o: OptionsAppel): Promise<AxiosResponse<string>> {
    const route = routes[nom];
    const url = cheminRoute(route.path, o.params);
    return envoyer(nom, () =>
      ax.request({
        method: route.method,
        url,
        params: nettoyer(o.query),
        data: o.body,
        signal: o.signal,
        headers: entetes(route.acces !== 'public'),
      }),
    );
  }

  function entetes(auth: boolean): Record<string, string> {
    const h: Record<string, string> = { accept: 'application/json' };
    if (auth && client.token) h.authorization = `Bearer ${client.token}`;
    return h;
  }

  async function envoyer(
    nom: RouteName,
    faire: () => Promise<AxiosResponse<string>>,
  ): Promise<AxiosResponse<string>> {
    const authentifiee = routes[nom].acces !== 'public';
    let renouvele = false;
    for (let essai = 0; ; essai++) {
      let rep: AxiosResponse<string>;
      try {
        rep = await faire();
      } catch (e) {
        if (axios.isCancel(e)) throw e;
        const code = (e as { code?: string }).code ?? '';
        const reseau = CODES_RESEAU.has(code) || !(e as { response?: unknown }).response;
        if (!reseau) throw e;
        if (essai + 1 >= tentatives) {
          throw new ErreurReseau(`Le guichet est injoignable (${code || 'erreur réseau'}).`);
        }
        await dormir(delaiBackoff(essai, baseMs, maxMs));
        continue;
      }
      if (rep.status === 401 && authentifiee && options.renouveler) {
        if (renouvele)
          throw new ErreurGuichet(401, 'session_expiree', 'Votre session a expiré : reconnectez-vous.', null);
        renouvele = true;
        renouvellement ??= options.renouveler().finally(() => (renouvellement = null));
        await renouvellement;
        essai--; // the renewal is not a failed attempt
        continue;
      }
      const retryAfter = lireRetryAfter(rep.headers['retry-after'] as string | undefined);
      const temporaire = rep.status >= 500 || (rep.status === 429 && (retryAfter ?? 0) <= 5000);
      if (temporaire && essai + 1 < tentatives) {
        await dormir(retryAfter ?? delaiBackoff(essai, baseMs, maxMs));
        continue;
      }
      return rep;
    }
  }

  /** `corps` is lireJson(rep.data) (parsed once, by the caller). */
  function validerSucces(nom: RouteName, rep: AxiosResponse<string>, corps: unknown): unknown {
    const route = routes[nom] as (typeof routes)[RouteName];
    if (rep.status !== route.success.status) {
      const err = erreurSchema.safeParse(corps);
      const retryAfter = lireRetryAfter(rep.headers['retry-after'] as string | undefined);
      if (rep.status >= 500 && !err.success) {
        throw new ErreurReseau(`Le guichet a rencontré une erreur (HTTP ${rep.status}).`);
      }
      if (!err.success) {
        throw new ErreurReponse(`Réponse inattendue du guichet (HTTP ${rep.status}).`);
      }
      throw new ErreurGuichet(rep.status, err.data.erreur, err.data.message, corps, retryAfter);
    }
    const schema = 'schema' in route.success ? route.success.schema : undefined;
    if (!schema) return corps;
    const ok = schema.safeParse(corps);
    if (!ok.success) {
      const detail = ok.error.issues[0];
      throw new ErreurReponse(
        `Réponse du guichet non conforme pour « ${route.summary} »${detail ? ` (${detail.path.join('.')} : ${detail.message})` : ''}.`,
      );
    }
    return ok.data;
  }

  return client;
}

function lireJson(texte: unknown): unknown {
  if (typeof texte !== 'string' || texte === '') return undefined;
  try {
    return JSON.parse(texte);
  } catch {
    throw new ErreurReponse('Réponse du guichet illisible (JSON invalide).');
  }
}

function nettoyer(q: OptionsAppel['query']): Record<string, string | number> | undefined {
  if (!q) return undefined;
  const r: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(q)) if (v !== undefined) r[k] = v;
  return r;
}

import http from 'node:http';
import https from 'node:https';
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import {
  API_BASE,
  cheminRoute,
  dossierDetailSchema,
  pieceDeposeeSchema,
  type DossierDetail,
  routes,
  type PieceDeposee,
  type RouteName,
  type RouteResult,
} from '../../shared/api/index.js';
import { delaiBackoff, dormir, lireRetryAfter, POLITIQUE_REPRISE } from '../commun/reprise.js';
import { classerEchec } from './echecs.js';
import { ErreurGuichet, ErreurHorsLigneChoisi, ErreurReponse, ErreurReseau } from './erreurs.js';
import { decrireRoute, lireCorps, validerSucces, type Corps } from './reponse.js';

export interface OptionsClient {
  /** Guichet address as typed in the profile (with or without `/api/v1`). */
  urlGuichet: string;
  /** Idle timeout: no byte for this long fails the attempt. */
  timeoutMs?: number;
  /**
   * Total deadline of one attempt, head to last byte: a guichet dripping its answer a byte at a time
   * never trips the idle timeout, and must not hold a sync for hours.
   */
  delaiTotalMs?: number;
  /** An answer (or upload) beyond this is refused while it arrives, before it fills the memory. */
  tailleMaxOctets?: number;
  /** Attempts for network errors, 5xx and 429 (1 = no retry). Defaults: POLITIQUE_REPRISE. */
  tentatives?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** A Retry-After beyond this is not obeyed, the wait is capped to it. */
  retryAfterMaxMs?: number;
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
  /**
   * While set (the agent chose « Travailler hors ligne »), nothing leaves: every call, retry and
   * upload fails at once with this message as an ErreurHorsLigneChoisi, before any byte is sent.
   */
  suspendu: string | null;
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
  /** A message to the citizen with its attachments (repeated « fichier » parts), in one request. */
  envoyerMessage(
    numero: string,
    champs: { sujet: string; texte: string; cle: string },
    fichiers: FichierEnvoye[],
  ): Promise<DossierDetail>;
  /** The bytes of a binary route (a citizen's file), bounded like any answer. */
  telecharger(route: RouteBinaire, params: Record<string, string>, signal?: AbortSignal): Promise<Buffer>;
  fermer(): void;
}

export interface FichierEnvoye {
  nom: string;
  type: string;
  contenu: Buffer;
}

/** The routes that answer with bytes (a file of the citizen), fetched with `telecharger`. */
export type RouteBinaire = 'fichierMessage' | 'fichierJustificatif';

/** Normalises the profile URL into the API base (`…/api/v1`, no trailing slash). */
export function baseApi(urlGuichet: string): string {
  const sans = urlGuichet.replace(/\/+$/, '');
  return sans.endsWith(API_BASE) ? sans : sans + API_BASE;
}

/** A sync page of 500 dossiers is well under 1 MiB: 32 MiB is room to spare, not an invitation. */
const TAILLE_MAX_OCTETS = 32 * 1024 * 1024;
const DELAI_TOTAL_MS = 60_000;

/**
 * The app's only door to the guichet: typed by the shared route table, every answer validated by
 * the route's zod schema before anyone sees it, retries with backoff + jitter for what may succeed
 * later (network, 5xx, 429) and never for a 4xx that means "no".
 */
export function creerClientGuichet(options: OptionsClient): ClientGuichet {
  const baseUrl = baseApi(options.urlGuichet);
  const tentatives = options.tentatives ?? POLITIQUE_REPRISE.tentatives;
  const baseMs = options.backoffBaseMs ?? POLITIQUE_REPRISE.backoffBaseMs;
  const maxMs = options.backoffMaxMs ?? POLITIQUE_REPRISE.backoffMaxMs;
  const retryAfterMaxMs = options.retryAfterMaxMs ?? POLITIQUE_REPRISE.retryAfterMaxMs;
  const delaiTotalMs = options.delaiTotalMs ?? DELAI_TOTAL_MS;
  const tailleMaxOctets = options.tailleMaxOctets ?? TAILLE_MAX_OCTETS;
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
    maxContentLength: tailleMaxOctets,
    maxBodyLength: tailleMaxOctets,
  });
  let renouvellement: Promise<void> | null = null;

  const valider = (
    nom: RouteName,
    rep: AxiosResponse<string>,
    corps: Corps,
    params?: Record<string, string>,
  ) => validerSucces(nom, rep, corps, params, retryAfterMaxMs);

  const client: ClientGuichet = {
    baseUrl,
    token: null,
    suspendu: null,
    async appel<N extends RouteName>(nom: N, o: OptionsAppel = {}): Promise<RouteResult<N>> {
      const rep = await requete(nom, o);
      return valider(nom, rep, lireCorps(rep.data), o.params) as RouteResult<N>;
    },
    async appelDiffere<N extends RouteName>(nom: N, o: OptionsAppel = {}) {
      const rep = await requete(nom, o);
      const corps = lireCorps(rep.data);
      // Nothing to peek at in an unreadable answer: fail now, with the same error `valider` would give.
      if (!corps.json) valider(nom, rep, corps, o.params);
      const brut = corps.json ? corps.valeur : undefined;
      return { brut, valider: () => valider(nom, rep, corps, o.params) as RouteResult<N> };
    },
    async deposerPiece(numero, slot, nom, contenu) {
      const route = routes.deposerPiece;
      const params = { numero };
      const url = cheminRoute(route.path, params);
      const rep = await envoyer('deposerPiece', params, undefined, (signal) => {
        const form = new FormData();
        form.append('slot', slot);
        form.append('fichier', new Blob([new Uint8Array(contenu)], { type: 'application/pdf' }), nom);
        return ax.request({ method: 'POST', url, data: form, signal, headers: entetes(true) });
      });
      return pieceDeposeeSchema.parse(valider('deposerPiece', rep, lireCorps(rep.data), params));
    },
    async envoyerMessage(numero, champs, fichiers) {
      const params = { numero };
      const url = cheminRoute(routes.envoyerMessage.path, params);
      const rep = await envoyer('envoyerMessage', params, undefined, (signal) => {
        // Built again for every attempt: a FormData is consumed by the request that sends it.
        const form = new FormData();
        form.append('sujet', champs.sujet);
        form.append('texte', champs.texte);
        form.append('cle', champs.cle);
        for (const f of fichiers)
          form.append('fichier', new Blob([new Uint8Array(f.contenu)], { type: f.type }), f.nom);
        return ax.request({ method: 'POST', url, data: form, signal, headers: entetes(true) });
      });
      return dossierDetailSchema.parse(valider('envoyerMessage', rep, lireCorps(rep.data), params));
    },
    async telecharger(nom, params, signal) {
      const url = cheminRoute(routes[nom].path, params);
      const rep = await envoyer(nom, params, signal, async (s) => {
        const r = await ax.request<ArrayBuffer>({
          method: 'GET',
          url,
          signal: s,
          headers: { ...entetes(true), accept: '*/*' },
          responseType: 'arraybuffer',
        });
        // Same shape as the JSON routes for the checks of `envoyer`; the bytes travel alongside.
        const octets = Buffer.from(r.data);
        return Object.assign(r as unknown as AxiosResponse<string>, {
          data: r.status === 200 ? '' : octets.toString('utf8'),
          octets,
        });
      });
      if (rep.status !== 200) {
        // An error is JSON like any other route's: the same checks give the same French errors.
        valider(nom, rep, lireCorps(rep.data), params);
        throw new ErreurReponse(`Réponse inattendue du guichet (HTTP ${rep.status}).`);
      }
      return (rep as AxiosResponse<string> & { octets: Buffer }).octets;
    },
    fermer() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };

  function requete(nom: RouteName, o: OptionsAppel): Promise<AxiosResponse<string>> {
    const route = routes[nom];
    const url = cheminRoute(route.path, o.params);
    return envoyer(nom, o.params, o.signal, (signal) =>
      ax.request({
        method: route.method,
        url,
        params: nettoyer(o.query),
        data: o.body,
        signal,
        headers: entetes(route.acces !== 'public'),
      }),
    );
  }

  function entetes(auth: boolean): Record<string, string> {
    const h: Record<string, string> = { accept: 'application/json' };
    if (auth && client.token) h.authorization = `Bearer ${client.token}`;
    return h;
  }

  /**
   * One request with the retry policy. The caller's abort stays an abort (rethrown with its own
   * reason, never retried, and it ends any wait at once); every other failure becomes an
   * ErreurReseau (retried) or an ErreurReponse (not retried).
   */
  async function envoyer(
    nom: RouteName,
    params: Record<string, string> | undefined,
    signalAppelant: AbortSignal | undefined,
    faire: (signal: AbortSignal) => Promise<AxiosResponse<string>>,
  ): Promise<AxiosResponse<string>> {
    const authentifiee = routes[nom].acces !== 'public';
    let renouvele = false;
    let socketPerime = false;
    for (let essai = 0; ; essai++) {
      signalAppelant?.throwIfAborted();
      if (client.suspendu !== null) throw new ErreurHorsLigneChoisi(client.suspendu);
      const delai = AbortSignal.timeout(delaiTotalMs);
      const signal = signalAppelant ? AbortSignal.any([signalAppelant, delai]) : delai;
      let rep: AxiosResponse<string>;
      try {
        rep = await faire(signal);
      } catch (e) {
        signalAppelant?.throwIfAborted();
        const echec = classerEchec(e, {
          quoi: decrireRoute(nom, params),
          delaiDepasse: delai.aborted,
          delaiTotalMs,
          tailleMaxOctets,
        });
        if (!(echec.erreur instanceof ErreurReseau)) throw echec.erreur;
        if (echec.socketPerime && !socketPerime) {
          // A kept-alive socket the guichet closed meanwhile (restart, idle timeout): one more try on
          // a fresh one, whatever the retry budget. Writes carry their idempotency key, so this is safe.
          socketPerime = true;
          essai--;
          continue;
        }
        if (essai + 1 >= tentatives) throw echec.erreur;
        await dormir(delaiBackoff(essai, baseMs, maxMs), signalAppelant);
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
      const retryAfter = lireRetryAfter(rep.headers['retry-after'] as string | undefined, retryAfterMaxMs);
      // A 429 asking for a long pause is a "not now" to show (login throttling), not a wait to sit through.
      const temporaire = rep.status >= 500 || (rep.status === 429 && (retryAfter ?? 0) <= 5000);
      if (temporaire && essai + 1 < tentatives) {
        await dormir(retryAfter ?? delaiBackoff(essai, baseMs, maxMs), signalAppelant);
        continue;
      }
      return rep;
    }
  }

  return client;
}

function nettoyer(q: OptionsAppel['query']): Record<string, string | number> | undefined {
  if (!q) return undefined;
  const r: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(q)) if (v !== undefined) r[k] = v;
  return r;
}

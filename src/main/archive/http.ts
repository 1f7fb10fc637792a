import http from 'node:http';
import https from 'node:https';
import { ErreurAnnulation } from './erreurs.js';

/** No answer head before the deadline; the caller turns it into a message naming the dossier. */
export class ErreurDelaiEntete extends Error {
  constructor() {
    super("délai d'en-tête dépassé");
    this.name = 'ErreurDelaiEntete';
  }
}

export type Agents = { http: http.Agent; https: https.Agent };

/**
 * One keep-alive pool per batch, sized to the concurrency: reusing connections is most of the gap
 * between a naive client and `curl --parallel` on thousands of small archives.
 */
export function creerAgents(concurrence: number): Agents {
  const options = {
    keepAlive: true,
    maxSockets: concurrence,
    maxFreeSockets: concurrence,
    scheduling: 'lifo' as const,
  };
  return { http: new http.Agent(options), https: new https.Agent(options) };
}

export function fermerAgents(a: Agents): void {
  a.http.destroy();
  a.https.destroy();
}

export interface Reponse {
  res: http.IncomingMessage;
  req: http.ClientRequest;
}

/** Sends a GET and resolves with the response head; the caller consumes or destroys the body. */
export function envoyerGet(
  agents: Agents,
  url: string,
  entetes: Record<string, string>,
  signal: AbortSignal | undefined,
  delais: { inactiviteMs: number; enteteMs: number },
): Promise<Reponse> {
  return new Promise<Reponse>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new ErreurAnnulation());
      return;
    }
    const u = new URL(url);
    const estHttps = u.protocol === 'https:';
    if (!estHttps && u.protocol !== 'http:') {
      reject(new Error(`Adresse d'archive non prise en charge : ${u.protocol}`));
      return;
    }
    // Options built here rather than from the URL object: Node's urlToHttpOptions costs more per
    // request than the rest of this function, thousands of times per batch.
    const options: http.RequestOptions = {
      protocol: u.protocol,
      hostname: u.hostname.startsWith('[') ? u.hostname.slice(1, -1) : u.hostname,
      path: `${u.pathname}${u.search}`,
      method: 'GET',
      agent: estHttps ? agents.https : agents.http,
      headers: { 'accept-encoding': 'identity', ...entetes },
    };
    if (u.port !== '') options.port = Number(u.port);
    if (u.username !== '' || u.password !== '') {
      options.auth = `${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`;
    }
    const req = (estHttps ? https : http).request(options);
    const surAbandon = (): void => {
      req.destroy(new ErreurAnnulation());
    };
    signal?.addEventListener('abort', surAbandon, { once: true });
    // The listener must go once the exchange is over, or thousands of requests leak listeners.
    req.once('close', () => signal?.removeEventListener('abort', surAbandon));
    // Idle timeout, not a total one: a slow mairie line may take minutes for a big archive.
    req.setTimeout(delais.inactiviteMs, () => {
      const e = new Error('délai dépassé') as Error & { code: string };
      e.code = 'ETIMEDOUT';
      req.destroy(e);
    });
    // The idle timeout alone lets a guichet dripping its head byte by byte hold us forever.
    const echeance = setTimeout(() => req.destroy(new ErreurDelaiEntete()), delais.enteteMs);
    req.once('close', () => clearTimeout(echeance));
    req.once('response', (res) => {
      clearTimeout(echeance);
      resolve({ res, req });
    });
    req.once('error', reject);
    req.end();
  });
}

/** `Repr-Digest: sha-256=:<base64>:` (RFC 9530) → lower-case hex, or null when absent/unknown. */
export function lireReprDigest(valeur: string | string[] | undefined): string | null {
  if (valeur === undefined) return null;
  const texte = Array.isArray(valeur) ? valeur.join(',') : valeur;
  const m = /(?:^|,)\s*sha-256\s*=\s*:([A-Za-z0-9+/=]+):/i.exec(texte);
  if (!m?.[1]) return null;
  const octets = Buffer.from(m[1], 'base64');
  return octets.length === 32 ? octets.toString('hex') : 'invalide';
}

/** Strong ETag made of a SHA-256 (the guichet's convention) → hex, otherwise null (opaque ETag). */
export function lireEtagSha256(valeur: string | undefined): string | null {
  if (!valeur) return null;
  const m = /^"([0-9a-fA-F]{64})"$/.exec(valeur.trim());
  return m?.[1] ? m[1].toLowerCase() : null;
}

/** `Content-Range: bytes <debut>-<fin>/<total>` → debut, or null when absent or unparseable. */
export function lireDebutContentRange(valeur: string | undefined): number | null {
  if (!valeur) return null;
  const m = /^bytes\s+(\d+)-(\d+)\/(\d+|\*)$/i.exec(valeur.trim());
  return m?.[1] ? Number(m[1]) : null;
}

/**
 * The one retry policy of every request to the guichet, JSON calls and archive downloads alike:
 * how long to wait between attempts, how far a `Retry-After` is obeyed, and waits that can always
 * be cancelled (quitting the app or « Annuler » must never wait for a hostile guichet's timer).
 */
export const POLITIQUE_REPRISE = {
  /** Attempts of one request for what may succeed later (network, cut answer, 5xx, 429). */
  tentatives: 4,
  backoffBaseMs: 250,
  backoffMaxMs: 5000,
  /** A `Retry-After` beyond this is not obeyed: the wait is capped to it. */
  retryAfterMaxMs: 30_000,
} as const;

/** Exponential backoff with jitter: the n-th retry waits a random time in [base·2^n / 2, base·2^n], capped. */
export function delaiBackoff(
  tentative: number,
  baseMs: number = POLITIQUE_REPRISE.backoffBaseMs,
  maxMs: number = POLITIQUE_REPRISE.backoffMaxMs,
): number {
  const plafond = Math.min(maxMs, baseMs * 2 ** tentative);
  return Math.round(plafond / 2 + (Math.random() * plafond) / 2);
}

/**
 * Parses Retry-After (seconds or HTTP date) into milliseconds, capped at `retryAfterMaxMs`: a
 * guichet answering `Retry-After: 999999` must not park a sync for days. Null when absent or unreadable.
 */
export function lireRetryAfter(
  valeur: string | string[] | undefined | null,
  maxMs: number = POLITIQUE_REPRISE.retryAfterMaxMs,
): number | null {
  const texte = Array.isArray(valeur) ? valeur[0] : valeur;
  if (!texte) return null;
  const secondes = Number(texte);
  const ms = Number.isFinite(secondes) ? secondes * 1000 : Date.parse(texte) - Date.now();
  if (!Number.isFinite(ms)) return null;
  return Math.min(Math.max(0, ms), maxMs);
}

/** Waits `ms`, or rejects with the signal's reason as soon as it is aborted. */
export function dormir(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', surAbandon);
      resolve();
    }, ms);
    const surAbandon = () => {
      clearTimeout(t);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', surAbandon, { once: true });
  });
}

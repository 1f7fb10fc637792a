/** Exponential backoff with full jitter: the n-th retry waits a random time in [0, base·2^n], capped. */
export function delaiBackoff(tentative: number, baseMs: number, maxMs: number): number {
  const plafond = Math.min(maxMs, baseMs * 2 ** tentative);
  return Math.round(plafond / 2 + (Math.random() * plafond) / 2);
}

/** Parses Retry-After (seconds or HTTP date) into milliseconds. */
export function lireRetryAfter(valeur: string | undefined | null): number | null {
  if (!valeur) return null;
  const secondes = Number(valeur);
  if (Number.isFinite(secondes)) return Math.max(0, secondes * 1000);
  const date = Date.parse(valeur);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

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

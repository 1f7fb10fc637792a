import type { ActionFile } from '../../shared/app-api/index.js';
import { api } from './api.js';

const pause = (ms: number) => new Promise((r) => window.setTimeout(r, ms));

/**
 * Follows a queued action until the guichet has acknowledged it (it leaves the queue: null), refused
 * it (conflit / refusee), or it is waiting for the connection (tried and failed, or offline).
 */
export async function attendreAction(
  id: string,
  horsLigne: () => boolean,
  delaiMs = 25_000,
): Promise<ActionFile | null> {
  const fin = Date.now() + delaiMs;
  for (;;) {
    const { actions } = await api.call('fileAttente.lister', {});
    const a = actions.find((x) => x.id === id);
    if (!a) return null;
    if (a.statut === 'conflit' || a.statut === 'refusee' || a.statut === 'annulee') return a;
    if (a.statut === 'en-attente' && (a.tentatives > 0 || horsLigne())) return a;
    if (Date.now() > fin) return a;
    await pause(250);
  }
}

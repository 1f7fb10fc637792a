import type { Depots } from '../db/depots.js';
import type { Horloge } from '../horloge.js';
import type { Journal } from '../journal.js';
import { purger } from './purge.js';

export interface PurgePlanifiee {
  /** Runs the purge now (e.g. when the demo clock jumps forward), at the clock's time. */
  executer(): void;
  arreter(): void;
}

/**
 * Runs the retention purge now, then every `intervalleMs`. `avant` runs before each scheduled
 * purge (the demo clock re-reads its file there).
 */
export function planifierPurge(
  depots: Depots,
  horloge: Horloge,
  journal: Journal,
  intervalleMs: number,
  avant: () => void = () => {},
): PurgePlanifiee {
  const executer = () => {
    try {
      const maintenant = horloge();
      const { purges } = purger(depots, maintenant, maintenant);
      if (purges.length > 0) journal.info(`Purge de rétention : ${purges.length} dossier(s) supprimé(s).`);
    } catch (e) {
      journal.erreur('Purge de rétention en échec', e);
    }
  };
  executer();
  const minuterie = setInterval(() => {
    avant();
    executer();
  }, intervalleMs);
  // The schedule alone must not keep the process alive.
  minuterie.unref();
  return { executer, arreter: () => clearInterval(minuterie) };
}

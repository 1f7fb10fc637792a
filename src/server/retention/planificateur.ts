import type { Depots } from '../db/depots.js';
import type { Horloge } from '../horloge.js';
import type { Journal } from '../journal.js';
import { purger } from './purge.js';

/** Runs the retention purge now, then every `intervalleMs`; returns the function that stops it. */
export function planifierPurge(
  depots: Depots,
  horloge: Horloge,
  journal: Journal,
  intervalleMs: number,
): () => void {
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
  const minuterie = setInterval(executer, intervalleMs);
  // The schedule alone must not keep the process alive.
  minuterie.unref();
  return () => clearInterval(minuterie);
}

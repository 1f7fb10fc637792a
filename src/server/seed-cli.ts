import { lancerCliGuichet } from './cli-enfant.js';
import type { ResultatSeed } from './peuplement/seed.js';

export interface OptionsSeedCli {
  /** SQLite file of the guichet (created or extended). */
  db: string;
  dossiers: number;
  graine: string;
  /** Code INSEE of the one demo mairie that receives every dossier; default: all, in turn. */
  service?: string | undefined;
  /**
   * True: the CLI's progress shows on our stderr (npm start, benchmarks). Otherwise it is kept and
   * only its end is given in the error, should the seed fail.
   */
  afficherProgression?: boolean;
}

/**
 * Seeds a guichet with its own CLI (`guichet seed --json`) in a child process, as a user would:
 * used by `npm start`, the end-to-end tests, the archive tests and the benchmarks. The child keeps
 * the seed's memory and worker threads out of the caller (a benchmark measuring its own RSS, a
 * Playwright worker). Resolves with the demo accounts; rejects with the CLI's message.
 */
export function seederParLaCli(o: OptionsSeedCli): Promise<ResultatSeed> {
  const enfant = lancerCliGuichet(
    [
      'seed',
      '--db',
      o.db,
      '--dossiers',
      String(o.dossiers),
      '--seed',
      o.graine,
      '--json',
      ...(o.service ? ['--service', o.service] : []),
    ],
    { stdio: ['ignore', 'pipe', o.afficherProgression ? 'inherit' : 'pipe'] },
  );
  let sortie = '';
  let erreurs = '';
  enfant.stdout?.on('data', (d: Buffer) => (sortie += d.toString()));
  enfant.stderr?.on('data', (d: Buffer) => (erreurs += d.toString()));
  return new Promise((resolve, reject) => {
    enfant.once('error', reject);
    enfant.once('close', (code) => {
      if (code !== 0) {
        reject(new Error(`guichet seed a échoué (code ${code}) : ${erreurs.trim().slice(-500)}`));
        return;
      }
      // The JSON is the last thing printed; anything before it is the CLI's progress.
      resolve(JSON.parse(sortie.slice(sortie.indexOf('{'))) as ResultatSeed);
    });
  });
}

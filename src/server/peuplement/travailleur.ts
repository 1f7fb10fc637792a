/** worker_threads entry of the seed: generates batches of dossiers while the main thread inserts. */
import { parentPort, workerData } from 'node:worker_threads';
import { genererLot, type ConfigGeneration } from './generation.js';

const config = workerData as ConfigGeneration;
config.dictionnaire.contenu = Buffer.from(config.dictionnaire.contenu);

parentPort?.on('message', (m: { lot: number; debut: number; fin: number }) => {
  genererLot(config, m.debut, m.fin).then(
    (dossiers) => parentPort?.postMessage({ lot: m.lot, dossiers }),
    (e: unknown) =>
      parentPort?.postMessage({ lot: m.lot, erreur: e instanceof Error ? e.message : String(e) }),
  );
});

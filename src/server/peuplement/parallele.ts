import { Worker } from 'node:worker_threads';
import type { ConfigGeneration, DossierGenere } from './generation.js';

export interface Generateur {
  /** The dossiers of batch `k`, in order; batches are consumed in increasing k. */
  lot(k: number): Promise<DossierGenere[]>;
  fermer(): Promise<void>;
}

/**
 * Generation spread over worker threads (the CPU-heavy part: CERFA, zip, digest, deflate) while
 * the main thread inserts. At most two batches per worker are in flight, so memory stays bounded
 * whatever the number of dossiers.
 */
export function generateurParallele(
  config: ConfigGeneration,
  nbTravailleurs: number,
  bornes: (k: number) => { debut: number; fin: number } | null,
): Generateur {
  // Same module format as this file: .ts under tsx (workers inherit its loader), .js once built.
  const extension = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  const url = new URL(`./travailleur${extension}`, import.meta.url);
  const attentes = new Map<number, { resoudre: (d: DossierGenere[]) => void; rejeter: (e: Error) => void }>();
  const promesses = new Map<number, Promise<DossierGenere[]>>();
  const echouer = (e: Error) => {
    for (const a of attentes.values()) a.rejeter(e);
    attentes.clear();
  };
  const travailleurs = Array.from({ length: nbTravailleurs }, () => {
    // Under tsx (sources run as .ts) a worker does not inherit the loader: register it first.
    const w =
      extension === '.ts'
        ? new Worker(
            `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); });`,
            { eval: true, workerData: config },
          )
        : new Worker(url, { workerData: config });
    w.on('message', (m: { lot: number; dossiers?: DossierGenere[]; erreur?: string }) => {
      const a = attentes.get(m.lot);
      attentes.delete(m.lot);
      if (m.dossiers) a?.resoudre(m.dossiers);
      else a?.rejeter(new Error(`Génération impossible : ${m.erreur ?? 'erreur inconnue'}`));
    });
    w.on('error', echouer);
    return w;
  });
  const demander = (k: number) => {
    const b = bornes(k);
    if (!b || promesses.has(k)) return;
    promesses.set(
      k,
      new Promise((resoudre, rejeter) => {
        attentes.set(k, { resoudre, rejeter });
        travailleurs[k % nbTravailleurs]?.postMessage({ lot: k, ...b });
      }),
    );
  };
  for (let k = 0; k < 2 * nbTravailleurs; k++) demander(k);
  return {
    lot(k) {
      demander(k);
      const p = promesses.get(k) ?? Promise.resolve([]);
      promesses.delete(k);
      demander(k + 2 * nbTravailleurs);
      return p;
    },
    async fermer() {
      await Promise.all(travailleurs.map((w) => w.terminate()));
    },
  };
}

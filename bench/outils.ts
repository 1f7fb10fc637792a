import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const RACINE = path.resolve(import.meta.dirname, '..');

export interface ServeurEnfant {
  url: string;
  enfant: ChildProcess;
  arreter(): Promise<void>;
}

/** The guichet in its own process (`npm run guichet -- serve`), so the app's RSS and CPU are its own. */
export function lancerServeur(fichierDb: string): Promise<ServeurEnfant> {
  const enfant = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(RACINE, 'src/server/cli.ts'), 'serve', '--db', fichierDb, '--port', '0'],
    {
      cwd: RACINE,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    let tampon = '';
    enfant.stdout?.on('data', (d: Buffer) => {
      tampon += d.toString();
      const m = /Guichet prêt sur (http:\/\/\S+)/.exec(tampon);
      if (m?.[1]) {
        resolve({
          url: m[1],
          enfant,
          arreter: () =>
            new Promise<void>((fin) => {
              enfant.once('exit', () => fin());
              enfant.kill('SIGTERM');
            }),
        });
      }
    });
    enfant.once('exit', (code) => reject(new Error(`Le serveur s'est arrêté (code ${code}).`)));
  });
}

export function percentile(valeurs: number[], p: number): number {
  const tri = [...valeurs].sort((a, b) => a - b);
  return tri[Math.min(tri.length - 1, Math.floor(tri.length * p))] ?? 0;
}

/** Samples the RSS every 20 ms while `f` runs; returns its result and the peak. */
export async function avecPicRss<T>(
  f: () => Promise<T>,
): Promise<{ resultat: T; picRss: number; rssAvant: number }> {
  const rssAvant = process.memoryUsage.rss();
  let pic = rssAvant;
  const minuteur = setInterval(() => (pic = Math.max(pic, process.memoryUsage.rss())), 20);
  try {
    const resultat = await f();
    pic = Math.max(pic, process.memoryUsage.rss());
    return { resultat, picRss: pic, rssAvant };
  } finally {
    clearInterval(minuteur);
  }
}

export const Mo = (octets: number) => Math.round(octets / 1024 / 1024);

import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { empreinteJeton } from './auth/jetons.js';

export const RACINE = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(RACINE, 'src/server/cli.ts');

/**
 * The guichet's own CLI (`npm run guichet -- <args>`) in a child process. `node --import tsx` rather
 * than the tsx binary: the child is the guichet itself, not a tsx wrapper around it, so its pid is
 * the one to stop and signals reach it directly.
 */
export function lancerCliGuichet(
  args: readonly string[],
  options: { stdio: StdioOptions; detache?: boolean },
): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    cwd: RACINE,
    stdio: options.stdio,
    // Own process group: the terminal's Ctrl+C reaches only the parent, which stops the guichet
    // itself (a guichet dying first would look like one the user killed). Not on Windows, where a
    // detached child gets its own console.
    detached: options.detache === true && process.platform !== 'win32',
    windowsHide: true,
  });
}

export interface OptionsServeCli {
  db: string;
  /** 0: a free port. */
  port: number;
  host?: string;
  /** Own process group (see lancerCliGuichet). */
  detache?: boolean;
  /** Each line the guichet prints once it is ready (its log, its errors). */
  surLigne?: (ligne: string, flux: 'stdout' | 'stderr') => void;
  /** Give up (and stop the child) when it is not ready by then. */
  delaiMs?: number;
}

export interface GuichetEnfant {
  url: string;
  port: number;
  pid: number;
  enfant: ChildProcess;
  /** Settles when the child has exited, with its code or signal. */
  fin: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM (the CLI closes the base cleanly), SIGKILL after `delaiMs` if it does not exit. */
  arreter(delaiMs?: number): Promise<void>;
}

/** `serve` could not start; `portOccupe` when its port was taken (the caller may take another). */
export class ErreurServeCli extends Error {
  constructor(
    message: string,
    readonly portOccupe: boolean,
  ) {
    super(message);
  }
}

/**
 * Starts `guichet serve` in a child process and resolves once it prints « Guichet prêt sur … »
 * (it only does once it listens). Rejects with the end of its stderr if it exits first.
 */
export function servirParLaCli(o: OptionsServeCli): Promise<GuichetEnfant> {
  const enfant = lancerCliGuichet(
    ['serve', '--db', o.db, '--port', String(o.port), '--host', o.host ?? '127.0.0.1'],
    { stdio: ['ignore', 'pipe', 'pipe'], ...(o.detache !== undefined ? { detache: o.detache } : {}) },
  );
  const fin = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    enfant.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let pret = false;
  let erreurs = '';
  return new Promise<GuichetEnfant>((resolve, reject) => {
    const minuteur = setTimeout(() => {
      enfant.kill('SIGKILL');
      echouer(`le guichet n'a pas démarré en ${Math.round((o.delaiMs ?? 60_000) / 1000)} s`);
    }, o.delaiMs ?? 60_000);
    function echouer(raison: string) {
      clearTimeout(minuteur);
      const detail = erreurs.trim().slice(-1500);
      reject(
        new ErreurServeCli(
          `${raison}${detail ? ` :\n${detail}` : '.'}`,
          /Le port \d+ est déjà utilisé/.test(erreurs),
        ),
      );
    }
    enfant.once('error', (e) => echouer(`guichet serve impossible à lancer (${e.message})`));
    // 'close', not 'exit': its stderr is read to the end, so the error shows the guichet's message.
    enfant.once('close', (code, signal) => {
      if (!pret) echouer(`guichet serve s'est arrêté avant d'être prêt (${signal ?? `code ${code}`})`);
    });
    createInterface({ input: enfant.stderr! }).on('line', (ligne) => {
      if (pret) o.surLigne?.(ligne, 'stderr');
      else erreurs += `${ligne}\n`;
    });
    createInterface({ input: enfant.stdout! }).on('line', (ligne) => {
      if (pret) {
        o.surLigne?.(ligne, 'stdout');
        return;
      }
      const m = /^Guichet prêt sur (http:\/\/\S+)$/.exec(ligne);
      if (!m?.[1] || enfant.pid === undefined) return;
      pret = true;
      clearTimeout(minuteur);
      const url = m[1];
      resolve({
        url,
        port: Number(new URL(url).port),
        pid: enfant.pid,
        enfant,
        fin,
        arreter: async (delaiMs = 10_000) => {
          if (enfant.exitCode !== null || enfant.signalCode !== null) return;
          enfant.kill('SIGTERM');
          const force = setTimeout(() => enfant.kill('SIGKILL'), delaiMs);
          await fin;
          clearTimeout(force);
        },
      });
    });
  });
}

/** One argument as a shell would need it typed (POSIX quotes, or double quotes on Windows). */
function citer(argument: string): string {
  if (/^[\w@%+=:,./\\-]+$/.test(argument)) return argument;
  if (process.platform === 'win32') return `"${argument.replace(/"/g, '""')}"`;
  return `'${argument.replace(/'/g, `'\\''`)}'`;
}

/** The command a user types to serve this base on this port, from the project's folder. */
export function commandeServe(o: { db: string; port: number }): string {
  return ['npm', 'run', 'guichet', '--', 'serve', '--db', path.resolve(o.db), '--port', String(o.port)]
    .map(citer)
    .join(' ');
}

export type EtatPort = 'libre' | 'cette-base' | 'occupe';

/**
 * What answers on 127.0.0.1:port: nothing, a guichet serving this very base file, or something else
 * (another program, or a guichet on other data). The proof is a session: logging in with an
 * account of this base must create its row in this file — the same accounts in another base
 * (same seed) do not pass. The session is closed afterwards.
 */
export async function etatPort(
  port: number,
  db: string,
  compte: { identifiant: string; motDePasse: string },
): Promise<EtatPort> {
  const api = `http://127.0.0.1:${port}/api/v1`;
  try {
    const r = await fetch(`${api}/openapi.json`, { signal: AbortSignal.timeout(5_000) });
    const description = (await r.json()) as { info?: { title?: unknown } };
    if (!r.ok || typeof description.info?.title !== 'string' || !description.info.title.includes('Guichet'))
      return 'occupe';
  } catch (e) {
    const code = (e as { cause?: { code?: unknown } }).cause?.code;
    return code === 'ECONNREFUSED' ? 'libre' : 'occupe';
  }
  let jeton: string;
  try {
    const r = await fetch(`${api}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(compte),
      // Password hashing is slow on purpose (scrypt), more so on a loaded machine.
      signal: AbortSignal.timeout(30_000),
    });
    if (!r.ok) return 'occupe';
    jeton = ((await r.json()) as { token: string }).token;
  } catch {
    return 'occupe';
  }
  let trouve = false;
  try {
    // Loaded here only: seederParLaCli's callers (benchmarks, Playwright) need no SQLite binding.
    const { default: Database } = await import('better-sqlite3');
    const base = new Database(db, { readonly: true, fileMustExist: true });
    try {
      trouve =
        base.prepare('SELECT 1 FROM sessions WHERE jeton_hash = ?').get(empreinteJeton(jeton)) !== undefined;
    } finally {
      base.close();
    }
  } catch {
    trouve = false;
  }
  await fetch(`${api}/auth/logout`, {
    method: 'POST',
    headers: { authorization: `Bearer ${jeton}` },
    signal: AbortSignal.timeout(5_000),
  }).catch(() => undefined);
  return trouve ? 'cette-base' : 'occupe';
}

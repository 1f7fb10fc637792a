import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const RACINE = path.resolve(import.meta.dirname, '../../..');

export interface ResultatCli {
  code: number | null;
  stdout: string;
  stderr: string;
  json: Record<string, unknown> | null;
}

/** Runs `npm run instructeur -- …` as the agent would (same entry point, without npm's overhead). */
export function lancerCli(
  args: string[],
  env: Record<string, string> = {},
): { enfant: ChildProcess; fin: Promise<ResultatCli> } {
  const enfant = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(RACINE, 'src/main/cli/index.ts'), ...args],
    {
      cwd: RACINE,
      env: { ...process.env, GUICHET_LOG_LENT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  enfant.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  enfant.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const fin = new Promise<ResultatCli>((resolve) => {
    enfant.on('close', (code) => {
      let json: Record<string, unknown> | null = null;
      try {
        json = JSON.parse(stdout) as Record<string, unknown>;
      } catch {
        json = null;
      }
      resolve({ code, stdout, stderr, json });
    });
  });
  return { enfant, fin };
}

export function cli(args: string[], env: Record<string, string> = {}): Promise<ResultatCli> {
  return lancerCli(args, env).fin;
}

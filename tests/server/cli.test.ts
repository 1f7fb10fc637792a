import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { dossierTemporaire, fichiersEml } from './aides.js';

const RACINE = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(RACINE, 'node_modules/tsx/dist/cli.mjs');
const CLI = path.join(RACINE, 'src/server/cli.ts');
const dir = dossierTemporaire('guichet-cli-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function guichet(...args: string[]) {
  const r = spawnSync(process.execPath, [TSX, CLI, ...args], {
    cwd: RACINE,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function numeros(db: string): string[] {
  const base = new Database(db, { readonly: true });
  try {
    return (base.prepare('SELECT numero FROM dossiers ORDER BY id').all() as { numero: string }[]).map(
      (l) => l.numero,
    );
  } finally {
    base.close();
  }
}

describe('CLI npm run guichet', () => {
  it('seed --json : un seul objet JSON sur stdout, déterministe pour une graine (même sur plusieurs threads)', () => {
    const a = path.join(dir, 'a.db');
    const b = path.join(dir, 'b.db');
    const r1 = guichet(
      'seed',
      '--db',
      a,
      '--dossiers',
      '510',
      '--seed',
      'graine-test',
      '--json',
      '--travailleurs',
      '0',
    );
    const r2 = guichet(
      'seed',
      '--db',
      b,
      '--dossiers',
      '510',
      '--seed',
      'graine-test',
      '--json',
      '--travailleurs',
      '2',
    );
    expect(r1.code, r1.stderr).toBe(0);
    expect(r2.code, r2.stderr).toBe(0);
    const j1 = JSON.parse(r1.stdout) as {
      services: { codeInsee: string; utilisateurs: { habilitation: string }[] }[];
    };
    expect(JSON.parse(r2.stdout)).toEqual(j1);
    expect(r1.stdout.trim().split('\n')).toHaveLength(1);
    expect(j1.services.length).toBeGreaterThanOrEqual(3);
    for (const s of j1.services) {
      expect(s.utilisateurs.filter((u) => u.habilitation === 'GESTION')).toHaveLength(1);
      expect(s.utilisateurs.filter((u) => u.habilitation === 'INSTRUCTION').length).toBeGreaterThanOrEqual(2);
    }
    const n1 = numeros(a);
    expect(n1).toHaveLength(510);
    expect(numeros(b)).toEqual(n1);
    const autre = guichet(
      'seed',
      '--db',
      path.join(dir, 'c.db'),
      '--dossiers',
      '5',
      '--seed',
      'autre-graine',
      '--json',
    );
    expect(numeros(path.join(dir, 'c.db'))).not.toEqual(n1.slice(0, 5));
    expect(JSON.parse(autre.stdout)).not.toEqual(j1);
    // Extending the database adds new dossiers, never the same ones again.
    expect(guichet('seed', '--db', a, '--dossiers', '10', '--seed', 'graine-test').code).toBe(0);
    const etendu = numeros(a);
    expect(etendu).toHaveLength(520);
    expect(new Set(etendu).size).toBe(520);
  });

  it('submit dépose des dossiers et écrit les courriels ; purge --now affiche ce qui est purgé', () => {
    const db = path.join(dir, 'a.db');
    const courriels = path.join(dir, 'mails');
    const s = guichet('submit', '--db', db, '--count', '2', '--courriels', courriels);
    expect(s.code, s.stderr).toBe(0);
    const deposes = [...s.stdout.matchAll(/Déposé : (A-5-[A-Z0-9]+)/g)].map((m) => m[1]!);
    expect(deposes).toHaveLength(2);
    for (const n of deposes) expect(fichiersEml(courriels).some((f) => f.nom.includes(n))).toBe(true);
    const p = guichet(
      'purge',
      '--db',
      db,
      '--now',
      new Date(Date.now() + 31 * 24 * 3600 * 1000).toISOString(),
    );
    expect(p.code, p.stderr).toBe(0);
    expect(p.stdout).toContain(`Purgé : ${deposes[0]}`);
    expect(p.stdout).toMatch(/522 télédossier\(s\) purgé\(s\)/);
    expect(numeros(db)).toEqual([]);
  });

  it('serve affiche une ligne avec son URL (port 0), répond, et s’arrête proprement sur SIGTERM', async () => {
    const db = path.join(dir, 'b.db');
    const enfant = spawn(process.execPath, [TSX, CLI, 'serve', '--db', db, '--port', '0'], {
      cwd: RACINE,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const ligne = await new Promise<string>((resolve, reject) => {
        createInterface({ input: enfant.stdout }).once('line', resolve);
        enfant.once('exit', (code) => reject(new Error(`serve terminé (${code})`)));
      });
      const m = /^Guichet prêt sur (http:\/\/127\.0\.0\.1:(\d+))$/.exec(ligne);
      expect(m, ligne).not.toBeNull();
      expect(Number(m![2])).toBeGreaterThan(0);
      const r = await fetch(`${m![1]}/api/v1/openapi.json`);
      expect(r.status).toBe(200);
      const fin = new Promise<number | null>((resolve) => enfant.once('exit', resolve));
      enfant.kill('SIGTERM');
      expect(await fin).toBe(0);
    } finally {
      if (enfant.exitCode === null) enfant.kill('SIGKILL');
    }
  });

  it('erreurs en français sur stderr avec un code de sortie non nul', () => {
    const sansDb = guichet('seed', '--dossiers', '3');
    expect(sansDb.code).toBe(2);
    expect(sansDb.stderr).toContain("L'option --db est obligatoire.");
    const inconnue = guichet('demolir');
    expect(inconnue.code).toBe(2);
    expect(inconnue.stderr).toContain('Commande inconnue : demolir');
    const absente = guichet('purge', '--db', path.join(dir, 'absente.db'));
    expect(absente.code).not.toBe(0);
    expect(absente.stderr).toContain("n'existe pas");
    const mauvaisNombre = guichet('seed', '--db', path.join(dir, 'x.db'), '--dossiers', 'beaucoup');
    expect(mauvaisNombre.code).toBe(2);
    expect(mauvaisNombre.stderr).toContain('--dossiers attend un entier');
  });
});

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed, type ResultatSeed } from '../../src/server/index.js';
import { dossierTemporaire, fichiersEml } from './aides.js';

const RACINE = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(RACINE, 'node_modules/tsx/dist/cli.mjs');
const CLI = path.join(RACINE, 'src/server/cli.ts');
const dir = dossierTemporaire('guichet-cli-submit-');
const db = path.join(dir, 'guichet.db');
let peuplement: ResultatSeed;

beforeAll(async () => {
  peuplement = await seed({ db, dossiers: 4, graine: 'submit-service' });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function guichet(...args: string[]) {
  const r = spawnSync(process.execPath, [TSX, CLI, ...args], {
    cwd: RACINE,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function dossier(numero: string): { codeInsee: string; deposeLe: number } {
  const base = new Database(db, { readonly: true });
  try {
    return base
      .prepare(
        `SELECT s.code_insee AS codeInsee, d.depose_le AS deposeLe
           FROM dossiers d JOIN services s ON s.id = d.service_id WHERE d.numero = ?`,
      )
      .get(numero) as { codeInsee: string; deposeLe: number };
  } finally {
    base.close();
  }
}

describe('guichet submit --service / --now', () => {
  it('dépose tous les dossiers dans le service demandé, à la date --now, et prévient ses agents', () => {
    const service = peuplement.services[1]!;
    const courriels = path.join(dir, 'mails');
    const now = '2026-11-03T08:30:00.000Z';
    const r = guichet(
      'submit',
      '--db',
      db,
      '--count',
      '6',
      '--service',
      service.codeInsee,
      '--now',
      now,
      '--courriels',
      courriels,
    );
    expect(r.code, r.stderr).toBe(0);
    const lignes = r.stdout.trim().split('\n');
    expect(lignes).toHaveLength(6);
    for (const ligne of lignes) {
      const m = /^Déposé : (A-5-[A-Z0-9]{8,9}) \([^)]+\) → service (\d{5})$/.exec(ligne);
      expect(m, ligne).not.toBeNull();
      expect(m![2]).toBe(service.codeInsee);
      expect(dossier(m![1]!)).toEqual({ codeInsee: service.codeInsee, deposeLe: Date.parse(now) });
      // One mail per account of that service (all active after a seed), none to the others.
      expect(fichiersEml(courriels).filter((f) => f.nom.includes(m![1]!))).toHaveLength(
        service.utilisateurs.length,
      );
    }
  });

  it('un code INSEE inconnu est une erreur d’utilisation en français (code 2), rien n’est déposé', () => {
    const nombre = () => {
      const base = new Database(db, { readonly: true });
      try {
        return (base.prepare('SELECT count(*) AS n FROM dossiers').get() as { n: number }).n;
      } finally {
        base.close();
      }
    };
    const n = nombre();
    const avant = guichet('submit', '--db', db, '--count', '1', '--service', '99999');
    expect(avant.code).toBe(2);
    expect(nombre()).toBe(n);
    const codes = peuplement.services.map((s) => s.codeInsee).join(', ');
    expect(avant.stderr).toContain(
      `Erreur : Aucun service de code INSEE 99999 dans la base (services présents : ${codes}).`,
    );
    expect(avant.stdout).toBe('');
    const vide = guichet('submit', '--db', db, '--service', ' ');
    expect(vide.code).toBe(2);
    expect(vide.stderr).toContain('Erreur : --service attend un code INSEE (par exemple 75056).');
  });

  it('--now invalide : erreur d’utilisation en français', () => {
    const r = guichet('submit', '--db', db, '--now', 'demain');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Erreur : --now attend une date ISO 8601 (reçu « demain »).');
  });
});

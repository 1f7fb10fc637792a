import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ListeFiltree, ListeIncrementale } from '../../src/shared/api/schemas.js';
import { seed, soumettreFichier } from '../../src/server/index.js';
import {
  appeler,
  arreterBanc,
  attendre,
  comptes,
  connecter,
  demarrerBanc,
  dossierTemporaire,
  type Banc,
} from './aides.js';

const RACINE = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(RACINE, 'node_modules/tsx/dist/cli.mjs');
const CLI = path.join(RACINE, 'src/server/cli.ts');
const JOUR = 24 * 60 * 60 * 1000;
const SESSION = 12 * 60 * 60 * 1000;

function guichet(...args: string[]) {
  const r = spawnSync(process.execPath, [TSX, CLI, ...args], {
    cwd: RACINE,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function existe(db: string, numero: string): boolean {
  const base = new Database(db, { readonly: true });
  try {
    return base.prepare('SELECT 1 FROM dossiers WHERE numero = ?').get(numero) !== undefined;
  } finally {
    base.close();
  }
}

/** The guichet's "now" as the server sees it: a session lasts 12 h from the login. */
async function heureDuGuichet(b: Banc): Promise<number> {
  const { agent } = comptes(b);
  const r = await appeler<{ expireLe: string }>(`${b.api}/auth/login`, {
    body: { identifiant: agent.identifiant, motDePasse: agent.motDePasse },
  });
  expect(r.status).toBe(200);
  return Date.parse(r.json.expireLe) - SESSION;
}

/** Within a few seconds (CLI processes take a moment to start). */
function environ(reel: number, attendu: number, margeMs = 15_000): void {
  expect(
    Math.abs(reel - attendu),
    `${new Date(reel).toISOString()} ≠ ${new Date(attendu).toISOString()}`,
  ).toBeLessThan(margeMs);
}

/** Same atomic replacement as `guichet horloge`, for a content written by hand. */
function ecrireAMain(fichier: string, contenu: string): void {
  const tmp = `${fichier}.main.tmp`;
  fs.writeFileSync(tmp, contenu);
  fs.renameSync(tmp, fichier);
}

const dossierHorloge = dossierTemporaire('guichet-horloge-');
const fichier = path.join(dossierHorloge, 'horloge.txt');
let b: Banc;

beforeAll(async () => {
  // No injected clock: the server follows the file, and the schedule (1 h) cannot be what purges.
  b = await demarrerBanc(6, {
    maintenant: undefined,
    horlogeFichier: fichier,
    purgeIntervalleMs: 60 * 60 * 1000,
  });
});
afterAll(async () => {
  await arreterBanc(b);
  fs.rmSync(dossierHorloge, { recursive: true, force: true });
});

describe('horloge de démonstration (serve --horloge-fichier, guichet horloge)', () => {
  let jeton: string;

  it('guichet horloge +12j : le dossier passé 30 jours est purgé aussitôt (pierre tombale « retention » datée), sans redémarrage', async () => {
    const { service, agent } = comptes(b);
    environ(await heureDuGuichet(b), Date.now(), 5000);
    const ilYa = (jours: number) => new Date(Date.now() - jours * JOUR);
    const [vieux] = await soumettreFichier({
      db: b.db,
      nombre: 1,
      codeInsee: service.codeInsee,
      maintenant: ilYa(20),
      courriels: b.courriels,
      journal: b.journal,
    });
    const [recent] = await soumettreFichier({
      db: b.db,
      nombre: 1,
      codeInsee: service.codeInsee,
      maintenant: ilYa(5),
      courriels: b.courriels,
      journal: b.journal,
    });
    jeton = await connecter(b.api, agent.identifiant, agent.motDePasse);
    const avant = (
      await appeler<ListeIncrementale>(`${b.api}/teledossiers?depuis=&limite=1000`, { token: jeton })
    ).json;
    expect(avant.elements.map((d) => d.numero)).toEqual(
      expect.arrayContaining([vieux!.numero, recent!.numero]),
    );

    const t0 = Date.now();
    const r = guichet('horloge', '--fichier', fichier, '+12j');
    const t1 = Date.now();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Horloge du guichet : \S+ \(machine \+ 12 j\) — fichier /);
    expect(fs.readdirSync(dossierHorloge)).toEqual(['horloge.txt']);

    // No request, no timer tick: the server saw the file change and purged by itself.
    await attendre(() => !existe(b.db, vieux!.numero), 5000);
    expect(existe(b.db, recent!.numero)).toBe(true);
    expect(b.journal.lignes.some((l) => l.includes('Purge de rétention'))).toBe(true);
    expect(b.journal.lignes.some((l) => l.startsWith('info Horloge du guichet : '))).toBe(true);

    // Sessions follow the clock too: 12 days later, the 12-hour token has expired.
    expect((await appeler(`${b.api}/teledossiers`, { token: jeton })).status).toBe(401);
    const heure = await heureDuGuichet(b);
    expect(heure).toBeGreaterThanOrEqual(t0 + 12 * JOUR - 1000);
    expect(heure).toBeLessThanOrEqual(Date.now() + 12 * JOUR);
    jeton = await connecter(b.api, agent.identifiant, agent.motDePasse);

    const apres = (
      await appeler<ListeIncrementale>(`${b.api}/teledossiers?depuis=${avant.curseur}&limite=1000`, {
        token: jeton,
      })
    ).json;
    const tombe = apres.supprimes.find((s) => s.numero === vieux!.numero);
    expect(tombe?.motif).toBe('retention');
    const le = Date.parse(tombe!.le!);
    expect(le).toBeGreaterThanOrEqual(t0 + 12 * JOUR - 1000);
    expect(le).toBeLessThanOrEqual(t1 + 12 * JOUR + 1000);
    expect(apres.elements.map((d) => d.numero)).not.toContain(vieux!.numero);
    expect(apres.supprimes.map((s) => s.numero)).not.toContain(recent!.numero);

    const liste = (await appeler<ListeFiltree>(`${b.api}/teledossiers?parPage=200`, { token: jeton })).json;
    expect(liste.elements.map((d) => d.numero)).toContain(recent!.numero);
    expect(liste.elements.map((d) => d.numero)).not.toContain(vieux!.numero);
    expect((await appeler(`${b.api}/teledossiers/${vieux!.numero}`, { token: jeton })).status).toBe(404);
  });

  it('l’heure ne recule pas sans --force ; avec --force elle recule et le journal le signale', async () => {
    const heure = await heureDuGuichet(b);
    const contenu = fs.readFileSync(fichier);
    const refus = guichet('horloge', '--fichier', fichier, '2020-01-01T00:00:00Z');
    expect(refus.code).toBe(2);
    expect(refus.stderr).toContain("est antérieur à l'horloge actuelle du guichet");
    expect(refus.stderr).toContain('--force');
    const refus2 = guichet('horloge', '--fichier', fichier, '-2j');
    expect(refus2.code).toBe(2);
    expect(refus2.stderr).toContain('antérieur');
    expect(fs.readFileSync(fichier)).toEqual(contenu);
    environ(await heureDuGuichet(b), heure, 5000);

    const force = guichet('horloge', '--fichier', fichier, '--force', '-2j');
    expect(force.code, force.stderr).toBe(0);
    environ(await heureDuGuichet(b), heure - 2 * JOUR);
    expect(
      b.journal.lignes.some((l) => l.startsWith('avertissement Horloge du guichet') && l.includes('RECULE')),
    ).toBe(true);
    // Without a value: prints the guichet's time.
    const lu = guichet('horloge', '--fichier', fichier);
    expect(lu.code, lu.stderr).toBe(0);
    environ(Date.parse(/^Horloge du guichet : (\S+) /.exec(lu.stdout)![1]!), heure - 2 * JOUR);
  });

  it('un contenu illisible écrit à la main : le guichet garde son heure et l’écrit dans le journal', async () => {
    const heure = await heureDuGuichet(b);
    ecrireAMain(fichier, 'dans une semaine\n');
    environ(await heureDuGuichet(b), heure, 5000);
    expect(
      b.journal.lignes.some(
        (l) => l.startsWith('avertissement') && l.includes('contient « dans une semaine »'),
      ),
    ).toBe(true);
    const r = guichet('horloge', '--fichier', fichier, '+1j');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--force');
  });
});

describe('sans surveillance du dossier (surveillerHorloge: false)', () => {
  const dir = dossierTemporaire('guichet-horloge-sans-surveillance-');
  const fichierC = path.join(dir, 'horloge');
  let c: Banc;
  let jeton: string;
  beforeAll(async () => {
    c = await demarrerBanc(2, {
      maintenant: undefined,
      horlogeFichier: fichierC,
      surveillerHorloge: false,
      purgeIntervalleMs: 60 * 60 * 1000,
    });
  });
  afterAll(async () => {
    await arreterBanc(c);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('une date ISO écrite à la main dans le fichier : la requête suivante voit déjà la purge, et l’horloge court depuis cette date', async () => {
    const { service, agent } = comptes(c);
    const heure = await heureDuGuichet(c);
    const [dossier] = await soumettreFichier({
      db: c.db,
      nombre: 1,
      codeInsee: service.codeInsee,
      maintenant: new Date(heure - 30 * JOUR + 60 * 60 * 1000),
      courriels: c.courriels,
      journal: c.journal,
    });
    jeton = await connecter(c.api, agent.identifiant, agent.motDePasse);
    const avant = (
      await appeler<ListeIncrementale>(`${c.api}/teledossiers?depuis=&limite=1000`, { token: jeton })
    ).json;
    expect(avant.elements.map((d) => d.numero)).toContain(dossier!.numero);

    // Two hours later (the session, 12 h, is still valid): the dossier is then past 30 days.
    const cible = heure + 2 * 60 * 60 * 1000;
    ecrireAMain(fichierC, `# à la main\n${new Date(cible).toISOString()}\n`);
    // No folder watch on this server: the request itself re-reads the file and purges before answering.
    const apres = (
      await appeler<ListeIncrementale>(`${c.api}/teledossiers?depuis=${avant.curseur}&limite=1000`, {
        token: jeton,
      })
    ).json;
    expect(apres.supprimes.find((s) => s.numero === dossier!.numero)?.motif).toBe('retention');
    environ(await heureDuGuichet(c), cible, 5000);
    await new Promise((r) => setTimeout(r, 1200));
    // It runs on: a written date is the guichet's time at the file's modification, not a frozen one.
    expect(await heureDuGuichet(c)).toBeGreaterThan(cible + 1000);
  });
});

describe('guichet horloge : erreurs d’utilisation', () => {
  const dir = dossierTemporaire('guichet-horloge-cli-');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('écrit le fichier (créé s’il manque) et refuse en français, code 2, ce qui n’est pas une heure', () => {
    const f = path.join(dir, 'h');
    const ok = guichet('horloge', '--fichier', f, '+3h');
    expect(ok.code, ok.stderr).toBe(0);
    expect(fs.readFileSync(f, 'utf8').split('\n')[0]).toBe('+10800000ms');
    const contenu = fs.readFileSync(f);
    for (const [valeur, message] of [
      ['demain', "« demain » n'est pas une valeur d'horloge"],
      ['+3x', "« +3x » n'est pas une valeur d'horloge"],
      ['2026-02-30T10:00:00Z', "« 2026-02-30T10:00:00Z » n'est pas une valeur d'horloge"],
      ['2030-12-31', 'date ISO 8601 avec fuseau'],
    ] as const) {
      const r = guichet('horloge', '--fichier', f, valeur);
      expect(r.code, valeur).toBe(2);
      expect(r.stderr, valeur).toContain(message);
    }
    const deux = guichet('horloge', '--fichier', f, '+1j', '+2j');
    expect(deux.code).toBe(2);
    expect(deux.stderr).toContain('une seule valeur');
    const sansFichier = guichet('horloge', '+1j');
    expect(sansFichier.code).toBe(2);
    expect(sansFichier.stderr).toContain("L'option --fichier est obligatoire.");
    const sansDossier = guichet('horloge', '--fichier', path.join(dir, 'absent', 'h'), '+1j');
    expect(sansDossier.code).toBe(2);
    expect(sansDossier.stderr).toContain("Le dossier du fichier d'horloge n'existe pas");
    expect(fs.readFileSync(f)).toEqual(contenu);
    expect(fs.readdirSync(dir)).toEqual(['h']);
  });

  it('serve --horloge-fichier démarre à l’heure du fichier ; submit --horloge-fichier dépose à cette heure', async () => {
    const db = path.join(dir, 'guichet.db');
    const f = path.join(dir, 'serve-horloge');
    const peuplement = await seed({ db, dossiers: 2, graine: 'horloge-serve' });
    const exclus = guichet('serve', '--db', db, '--horloge-fichier', f, '--decalage-jours', '2');
    expect(exclus.code).toBe(2);
    expect(exclus.stderr).toContain("s'excluent");
    fs.writeFileSync(f, 'bientôt\n');
    const illisible = guichet('serve', '--db', db, '--port', '0', '--horloge-fichier', f);
    expect(illisible.code).toBe(2);
    expect(illisible.stderr).toContain('contient « bientôt »');

    expect(guichet('horloge', '--fichier', f, '--force', '+40j').code).toBe(0);
    const service = peuplement.services[0]!;
    const s = guichet('submit', '--db', db, '--service', service.codeInsee, '--horloge-fichier', f);
    expect(s.code, s.stderr).toBe(0);
    const numero = /Déposé : (\S+)/.exec(s.stdout)![1]!;
    const base = new Database(db, { readonly: true });
    try {
      const { deposeLe } = base
        .prepare('SELECT depose_le AS deposeLe FROM dossiers WHERE numero = ?')
        .get(numero) as {
        deposeLe: number;
      };
      environ(deposeLe, Date.now() + 40 * JOUR);
    } finally {
      base.close();
    }

    const enfant = spawn(
      process.execPath,
      [TSX, CLI, 'serve', '--db', db, '--port', '0', '--horloge-fichier', f],
      {
        cwd: RACINE,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      const ligne = await new Promise<string>((resolve, reject) => {
        createInterface({ input: enfant.stdout }).once('line', resolve);
        enfant.once('exit', (code) => reject(new Error(`serve terminé (${code})`)));
      });
      const url = /^Guichet prêt sur (http:\/\/127\.0\.0\.1:\d+)$/.exec(ligne)![1]!;
      const u = service.utilisateurs[0]!;
      const r = await appeler<{ expireLe: string }>(`${url}/api/v1/auth/login`, {
        body: { identifiant: u.identifiant, motDePasse: u.motDePasse },
      });
      expect(r.status).toBe(200);
      environ(Date.parse(r.json.expireLe) - SESSION, Date.now() + 40 * JOUR);
      const fin = new Promise<number | null>((resolve) => enfant.once('exit', resolve));
      enfant.kill('SIGTERM');
      expect(await fin).toBe(0);
    } finally {
      if (enfant.exitCode === null) enfant.kill('SIGKILL');
    }
  });
});

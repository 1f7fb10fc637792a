import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ResultatSeed } from '../../src/server/index.js';
import { dossierTemporaire } from './aides.js';

/**
 * `npm start`'s demo guichet is its own process (issue #11): the banner gives its pid and the
 * command that starts it again; killing it leaves the app running; the printed command serves the
 * same data on the same port; npm start reuses a guichet already serving its base, and stops only
 * the one it started. Everything on 127.0.0.1, on a free port (never a user's 47800).
 */

const RACINE = path.resolve(import.meta.dirname, '../..');
const dir = dossierTemporaire('guichet-demo-processus-');
const demo = path.join(dir, 'demo');

/** Every process started here, stopped in afterAll whatever happened. */
const lances: { enfant: ChildProcess; groupe: boolean }[] = [];
const pidsGuichet: number[] = [];

afterAll(async () => {
  for (const { enfant, groupe } of lances) {
    if (enfant.exitCode !== null || enfant.signalCode !== null || enfant.pid === undefined) continue;
    try {
      process.kill(groupe ? -enfant.pid : enfant.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  for (const pid of pidsGuichet) if (vivant(pid)) process.kill(pid, 'SIGKILL');
  await new Promise((r) => setTimeout(r, 200));
  fs.rmSync(dir, { recursive: true, force: true });
});

function vivant(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function attendre(condition: () => boolean | Promise<boolean>, quoi: string, delaiMs = 20_000) {
  const fin = Date.now() + delaiMs;
  while (!(await condition())) {
    if (Date.now() > fin) throw new Error(`Délai dépassé : ${quoi}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function portLibre(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** True when nothing listens on 127.0.0.1:port any more. */
function refuse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = net.connect({ port, host: '127.0.0.1' });
    c.once('connect', () => {
      c.destroy();
      resolve(false);
    });
    c.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'));
  });
}

interface Suivi {
  enfant: ChildProcess;
  sortie: () => string;
  erreurs: () => string;
  fin: Promise<number | null>;
}

function suivre(enfant: ChildProcess, groupe: boolean): Suivi {
  lances.push({ enfant, groupe });
  let sortie = '';
  let erreurs = '';
  enfant.stdout?.on('data', (d: Buffer) => (sortie += d.toString()));
  enfant.stderr?.on('data', (d: Buffer) => (erreurs += d.toString()));
  const fin = new Promise<number | null>((resolve) => enfant.once('exit', (code) => resolve(code)));
  return { enfant, sortie: () => sortie, erreurs: () => erreurs, fin };
}

/** `npm start` itself (no npm/tsx wrapper, so SIGINT reaches it as Ctrl+C would), in the browser mode. */
async function npmStart(portGuichet: number): Promise<Suivi> {
  const env: NodeJS.ProcessEnv = { ...process.env, GUICHET_SANS_ELECTRON: '1' };
  // The test's demo only: no real guichet nor other data folder from the environment.
  for (const v of ['GUICHET_URL', 'GUICHET_INSTRUCTEUR_DONNEES', 'GUICHET_DEMO_DOSSIER']) delete env[v];
  const s = suivre(
    spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(RACINE, 'scripts/start.ts'),
        '--web',
        '--sans-construction',
        '--dossiers',
        '30',
        '--donnees-demo',
        demo,
        '--port-guichet',
        String(portGuichet),
      ],
      { cwd: RACINE, stdio: ['ignore', 'pipe', 'pipe'], env },
    ),
    false,
  );
  let termine = false;
  void s.fin.then(() => (termine = true));
  await attendre(
    () => {
      if (termine) throw new Error(`npm start s'est arrêté :\n${s.sortie()}\n${s.erreurs()}`);
      return s.sortie().includes('Ctrl+C pour arrêter.');
    },
    'bannière de npm start',
    90_000,
  );
  return s;
}

function banniere(sortie: string) {
  const url = /Guichet de démonstration : (http:\/\/127\.0\.0\.1:(\d+))/.exec(sortie);
  const pid = /processus (\d+), lancé par npm start/.exec(sortie);
  const commande = /^ {3}(npm run guichet -- serve .+)$/m.exec(sortie);
  const comptes = /\(Tous les comptes : (.+)\)/.exec(sortie);
  return {
    url: url?.[1],
    port: url ? Number(url[2]) : undefined,
    pid: pid ? Number(pid[1]) : undefined,
    commande: commande?.[1],
    identifiants: comptes?.[1],
    reutilise: sortie.includes('réutilisé, npm start ne l’arrêtera pas'),
  };
}

async function connexion(api: string, compte: { identifiant: string; motDePasse: string }): Promise<string> {
  const r = await fetch(`${api}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ identifiant: compte.identifiant, motDePasse: compte.motDePasse }),
  });
  expect(r.status).toBe(200);
  return ((await r.json()) as { token: string }).token;
}

async function total(api: string, jeton: string): Promise<number> {
  const r = await fetch(`${api}/teledossiers?parPage=1`, { headers: { authorization: `Bearer ${jeton}` } });
  expect(r.status).toBe(200);
  return ((await r.json()) as { total: number }).total;
}

describe('npm start : le guichet de démonstration est un processus à part', () => {
  let port = 0;
  let api = '';
  let commande = '';
  let compte = { identifiant: '', motDePasse: '' };
  let totalAvant = 0;
  let jetonAvant = '';
  let relance: Suivi | undefined;

  it('affiche le pid du guichet et sa commande de relance ; le tuer laisse npm start en vie ; la commande le relance sur le même port avec les mêmes données', async () => {
    const portChoisi = await portLibre();
    const start = await npmStart(portChoisi);
    const b = banniere(start.sortie());
    expect(b.port, start.sortie()).toBe(portChoisi);
    expect(b.pid).toBeGreaterThan(0);
    expect(b.reutilise).toBe(false);
    port = b.port!;
    api = `${b.url!}/api/v1`;
    pidsGuichet.push(b.pid!);
    expect(start.sortie()).toContain(`kill ${b.pid}`);
    commande = b.commande!;
    expect(commande).toBe(
      `npm run guichet -- serve --db ${path.join(demo, 'guichet.db')} --port ${portChoisi}`,
    );
    expect(b.pid).not.toBe(start.enfant.pid);

    expect(b.identifiants).toBe(path.join(demo, 'identifiants.json'));
    const seed = JSON.parse(fs.readFileSync(b.identifiants!, 'utf8')) as ResultatSeed;
    const agent = seed.services[0]!.utilisateurs.find((u) => u.habilitation === 'INSTRUCTION')!;
    compte = agent;
    expect(start.sortie()).toContain(`identifiant « ${agent.identifiant} »`);
    jetonAvant = await connexion(api, compte);
    totalAvant = await total(api, jetonAvant);
    expect(totalAvant).toBeGreaterThan(0);

    // The user stops the guichet from another terminal to see offline work.
    process.kill(b.pid!, 'SIGTERM');
    await attendre(() => refuse(port), 'le port refuse les connexions');
    await attendre(() => start.erreurs().includes("s'est arrêté"), 'message sur la sortie d’erreur');
    await new Promise((r) => setTimeout(r, 500));
    expect(start.enfant.exitCode).toBeNull();
    expect(start.erreurs()).toContain(commande);
    // Said once.
    expect(start.erreurs().split('Le guichet de démonstration (processus').length).toBe(2);

    // The printed command, as typed in another terminal (in its own group, to stop npm and its children).
    relance = suivre(
      spawn(commande, { cwd: RACINE, shell: true, detached: true, stdio: ['ignore', 'pipe', 'pipe'] }),
      true,
    );
    await attendre(
      () => relance!.sortie().includes(`Guichet prêt sur http://127.0.0.1:${port}`),
      `guichet relancé :\n${relance.erreurs()}`,
      60_000,
    );
    // Same base: the session opened before the stop is still known, and the data is the same.
    expect(await total(api, jetonAvant)).toBe(totalAvant);
    expect(await total(api, await connexion(api, compte))).toBe(totalAvant);

    start.enfant.kill('SIGINT');
    expect(await start.fin).toBe(0);
    expect(vivant(b.pid!)).toBe(false);
    // npm start stops only what it started: the guichet restarted by hand still answers.
    expect(await total(api, jetonAvant)).toBe(totalAvant);
  }, 180_000);

  it('réutilise le guichet déjà lancé sur ses données, sans l’arrêter en partant', async () => {
    expect(relance).toBeDefined();
    const start = await npmStart(port);
    const b = banniere(start.sortie());
    expect(b.port).toBe(port);
    expect(b.reutilise, start.sortie()).toBe(true);
    expect(b.pid).toBeUndefined();
    expect(b.commande).toBe(commande);
    start.enfant.kill('SIGINT');
    expect(await start.fin).toBe(0);
    expect(await total(api, jetonAvant)).toBe(totalAvant);

    // The test's own guichet: stopped here (SIGTERM to its group: npm, sh, tsx and the server).
    const finRelance = relance!.fin;
    process.kill(-relance!.enfant.pid!, 'SIGTERM');
    await finRelance;
    await attendre(() => refuse(port), 'le guichet relancé est arrêté');
  }, 180_000);

  it('arrête à Ctrl+C le guichet qu’il a lancé', async () => {
    const start = await npmStart(port);
    const b = banniere(start.sortie());
    expect(b.reutilise).toBe(false);
    expect(b.port).toBe(port);
    pidsGuichet.push(b.pid!);
    expect(vivant(b.pid!)).toBe(true);
    expect(await total(api, await connexion(api, compte))).toBe(totalAvant);
    start.enfant.kill('SIGINT');
    expect(await start.fin).toBe(0);
    await attendre(() => !vivant(b.pid!), 'le guichet de npm start est arrêté', 15_000);
    expect(await refuse(port)).toBe(true);
    // Our own stop is not reported as the user's.
    expect(start.erreurs()).not.toContain("s'est arrêté");
  }, 180_000);

  it('port pris par un autre programme : un port libre, et la commande de relance porte ce port', async () => {
    const autre = http.createServer((_req, res) => res.writeHead(404).end());
    await new Promise<void>((resolve) => autre.listen(port, '127.0.0.1', resolve));
    try {
      const start = await npmStart(port);
      const b = banniere(start.sortie());
      expect(start.sortie()).toContain(`Le port ${port} est pris`);
      expect(b.port).toBeGreaterThan(0);
      expect(b.port).not.toBe(port);
      pidsGuichet.push(b.pid!);
      expect(b.commande).toBe(
        `npm run guichet -- serve --db ${path.join(demo, 'guichet.db')} --port ${b.port}`,
      );
      expect(await total(`${b.url!}/api/v1`, await connexion(`${b.url!}/api/v1`, compte))).toBe(totalAvant);
      start.enfant.kill('SIGINT');
      expect(await start.fin).toBe(0);
      await attendre(() => !vivant(b.pid!), 'le guichet de npm start est arrêté', 15_000);
    } finally {
      await new Promise((resolve) => autre.close(resolve));
    }
  }, 180_000);
});

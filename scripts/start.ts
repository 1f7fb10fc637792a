/**
 * `npm start`: the app, ready to try.
 *
 *   npm start                                  demo guichet (seeded once in .donnees-demo/) + the app
 *   npm start -- --guichet https://guichet.exemple.fr   a real guichet (or env GUICHET_URL)
 *   npm start -- --web                         force the browser UI even if Electron is available
 *   npm start -- --port 5173                   fixed port for the web host (default: free port)
 *   npm start -- --dossiers 5000               size of the demo guichet when it is first seeded
 *   npm start -- --reinitialiser               start again from a fresh demo (deletes .donnees-demo/)
 *   npm start -- --donnees-demo <dossier>      demo folder (or env GUICHET_DEMO_DOSSIER)
 *   npm start -- --port-guichet <n>            port of the demo guichet (default 47800, 0: free port)
 *   npm start -- --sans-construction           do not rebuild the interface (tests)
 *
 * The demo guichet runs in its own process (`guichet serve`), so that stopping it from another
 * terminal shows the app working offline; the banner gives its pid and the command that starts it
 * again on the same port and data. Builds the renderer when its sources are newer than
 * out/renderer. Launches Electron when its binary is installed and runs; otherwise serves the same
 * UI and API on 127.0.0.1 and prints the address (with its per-launch token) to open in a browser.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Coeur } from '../src/main/app/coeur.js';
import { creerCoeur } from '../src/main/app/creer-coeur.js';
import { demarrerHoteWeb } from '../src/main/web-host/index.js';
import {
  commandeServe,
  ErreurServeCli,
  etatPort,
  servirParLaCli,
  type GuichetEnfant,
} from '../src/server/cli-enfant.js';
import type { ResultatSeed } from '../src/server/index.js';
import { seederParLaCli } from '../src/server/seed-cli.js';

const RACINE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const GRAINE_DEMO = 'guichet-instructeur-demo';
const RENDERER = path.join(RACINE, 'out/renderer');
const VERSION = (JSON.parse(readFileSync(path.join(RACINE, 'package.json'), 'utf8')) as { version: string })
  .version;

const { values: opts } = parseArgs({
  options: {
    guichet: { type: 'string' },
    web: { type: 'boolean', default: false },
    port: { type: 'string' },
    dossiers: { type: 'string', default: '3000' },
    donnees: { type: 'string' },
    reinitialiser: { type: 'boolean', default: false },
    'donnees-demo': { type: 'string' },
    'port-guichet': { type: 'string', default: '47800' },
    'sans-construction': { type: 'boolean', default: false },
  },
  allowPositionals: false,
});

const DEMO = path.resolve(
  opts['donnees-demo'] ?? process.env.GUICHET_DEMO_DOSSIER ?? path.join(RACINE, '.donnees-demo'),
);
const DB_DEMO = path.join(DEMO, 'guichet.db');
const IDENTIFIANTS_DEMO = path.join(DEMO, 'identifiants.json');
const PORT_DEMO = Number(opts['port-guichet']);
if (!Number.isInteger(PORT_DEMO) || PORT_DEMO < 0 || PORT_DEMO > 65_535) {
  process.stderr.write(
    `--port-guichet attend un port entre 0 et 65535 (reçu « ${opts['port-guichet']} »).\n`,
  );
  process.exit(2);
}

function dire(texte = '') {
  process.stdout.write(`${texte}\n`);
}

/** A start-up failure explained in French: printed as is, without a stack trace. */
class ErreurDemarrage extends Error {}

function signaler(texte: string) {
  process.stderr.write(`${texte}\n`);
}

/** Newest modification time under a folder (sources of the renderer). */
function plusRecent(dossier: string): number {
  let max = 0;
  for (const entree of readdirSync(dossier, { withFileTypes: true })) {
    const chemin = path.join(dossier, entree.name);
    max = Math.max(max, entree.isDirectory() ? plusRecent(chemin) : statSync(chemin).mtimeMs);
  }
  return max;
}

function aConstruire(sortie: string, sources: string[]): boolean {
  if (!existsSync(sortie)) return true;
  const construit = statSync(sortie).mtimeMs;
  return sources.some((s) => existsSync(s) && plusRecent(s) > construit);
}

/** The Electron binary, if installed and able to run here (never triggers a download). */
function electronDisponible(): string | null {
  if (process.env.GUICHET_SANS_ELECTRON === '1') return null;
  const paquet = path.join(RACINE, 'node_modules/electron');
  const fichierChemin = path.join(paquet, 'path.txt');
  if (!existsSync(fichierChemin)) return null;
  const binaire = path.join(paquet, 'dist', readFileSync(fichierChemin, 'utf8').trim());
  if (!existsSync(binaire)) return null;
  const essai = spawnSync(binaire, ['--version'], {
    timeout: 15_000,
    encoding: 'utf8',
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
  return essai.status === 0 ? binaire : null;
}

async function construire(avecElectron: boolean) {
  const sources = ['src/renderer', 'src/shared'].map((s) => path.join(RACINE, s));
  if (avecElectron) {
    const tout = [...sources, path.join(RACINE, 'src/main'), path.join(RACINE, 'src/preload')];
    if (
      !aConstruire(path.join(RACINE, 'out/main/index.js'), tout) &&
      !aConstruire(path.join(RENDERER, 'index.html'), tout)
    )
      return;
    dire('Construction de l’application (electron-vite build)…');
    execFileSync(
      process.execPath,
      [path.join(RACINE, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'],
      {
        cwd: RACINE,
        stdio: 'inherit',
      },
    );
    return;
  }
  if (!aConstruire(path.join(RENDERER, 'index.html'), sources)) return;
  dire('Construction de l’interface (vite build)…');
  const { build } = await import('vite');
  const config = (await import('../electron.vite.config.js')).default as {
    renderer: Parameters<typeof build>[0];
  };
  await build({ ...config.renderer, configFile: false, logLevel: 'error' });
}

async function seeder(dossiers: number): Promise<ResultatSeed> {
  dire(`Création du guichet de démonstration (${dossiers} télédossiers, graine fixe)…`);
  mkdirSync(DEMO, { recursive: true });
  const seed = await seederParLaCli({
    db: DB_DEMO,
    dossiers,
    graine: GRAINE_DEMO,
    afficherProgression: true,
  });
  writeFileSync(IDENTIFIANTS_DEMO, JSON.stringify(seed, null, 2), { mode: 0o600 });
  return seed;
}

interface GuichetDemo {
  url: string;
  port: number;
  /** The guichet npm start started (and stops); null when it reused one already serving the base. */
  enfant: GuichetEnfant | null;
  seed: ResultatSeed;
}

function lireIdentifiants(): ResultatSeed | null {
  if (!existsSync(DB_DEMO) || !existsSync(IDENTIFIANTS_DEMO)) return null;
  return JSON.parse(readFileSync(IDENTIFIANTS_DEMO, 'utf8')) as ResultatSeed;
}

/** An account of the demo base, used to prove that a guichet on the port serves this very base. */
function compteDeVerification(seed: ResultatSeed) {
  const { admin, agent } = choisirComptes(seed);
  const compte = agent ?? admin;
  if (!compte) throw new Error('Le guichet de démonstration ne contient aucun compte.');
  return compte;
}

/** `--reinitialiser`: never delete the base under a guichet that still serves it. */
async function reinitialiserDemo() {
  const ancien = lireIdentifiants();
  if (
    ancien &&
    PORT_DEMO !== 0 &&
    (await etatPort(PORT_DEMO, DB_DEMO, compteDeVerification(ancien))) === 'cette-base'
  )
    throw new ErreurDemarrage(
      `un guichet de démonstration sert encore ${DB_DEMO} sur le port ${PORT_DEMO} : ` +
        'arrêtez-le d’abord (Ctrl+C dans son terminal), puis relancez npm start -- --reinitialiser.',
    );
  rmSync(DEMO, { recursive: true, force: true });
}

/** The guichet's own lines, marked as such; its start-up summary is already in the banner. */
function relayerGuichet(ligne: string) {
  if (ligne.startsWith('API : ')) return;
  signaler(`[guichet] ${ligne}`);
}

async function lancerGuichet(port: number): Promise<GuichetEnfant> {
  return servirParLaCli({ db: DB_DEMO, port, detache: true, surLigne: relayerGuichet }).catch(
    (e: unknown) => {
      if (e instanceof ErreurServeCli && e.portOccupe) throw e;
      throw new ErreurDemarrage(
        `le guichet de démonstration n'a pas démarré : ${e instanceof Error ? e.message : String(e)}`,
      );
    },
  );
}

async function demarrerGuichetDemo(): Promise<GuichetDemo> {
  let seed = lireIdentifiants();
  if (!seed) {
    for (const suffixe of ['', '-wal', '-shm']) rmSync(DB_DEMO + suffixe, { force: true });
    seed = await seeder(Math.max(1, Number(opts.dossiers) || 3000));
  }
  if (PORT_DEMO !== 0) {
    const etat = await etatPort(PORT_DEMO, DB_DEMO, compteDeVerification(seed));
    if (etat === 'cette-base')
      return { url: `http://127.0.0.1:${PORT_DEMO}`, port: PORT_DEMO, enfant: null, seed };
    if (etat === 'libre') {
      try {
        const enfant = await lancerGuichet(PORT_DEMO);
        return { url: enfant.url, port: enfant.port, enfant, seed };
      } catch (e) {
        // Taken between the check and the start: same as taken, below.
        if (!(e instanceof ErreurServeCli && e.portOccupe)) throw e;
      }
    }
    dire(
      `Le port ${PORT_DEMO} est pris (par un autre programme, ou un guichet sur d’autres données) : le guichet de démonstration prend un port libre.`,
    );
  }
  const enfant = await lancerGuichet(0);
  return { url: enfant.url, port: enfant.port, enfant, seed };
}

/** How to stop our own guichet from another terminal. */
function commandeArret(pid: number): string {
  return process.platform === 'win32' ? `taskkill /F /PID ${pid}` : `kill ${pid}`;
}

/** The banner's offline walk-through: stop the guichet, work, start it again on the same port and data. */
function expliquerHorsLigne(demo: GuichetDemo) {
  dire();
  if (demo.enfant) {
    dire(' Travail hors ligne : depuis un autre terminal, arrêtez le guichet de démonstration');
    dire(`   ${commandeArret(demo.enfant.pid)}`);
  } else {
    dire(' Travail hors ligne : arrêtez le guichet de démonstration par Ctrl+C dans son terminal.');
  }
  dire(' L’application passe « Hors ligne » : vos actions (changement d’état, pièce jointe, clôture)');
  dire(' attendent dans sa file d’attente. Relancez ensuite le guichet, même port et mêmes données :');
  dire(`   cd ${RACINE}`);
  dire(`   ${commandeServe({ db: DB_DEMO, port: demo.port })}`);
  dire(' À son retour, l’application rejoue la file d’attente (Ctrl+C arrête ce guichet relancé).');
}

function choisirComptes(seed: ResultatSeed) {
  const service = seed.services[0];
  if (!service) throw new Error('Le guichet de démonstration ne contient aucun service.');
  const admin = service.utilisateurs.find((u) => u.habilitation === 'GESTION');
  const agent = service.utilisateurs.find((u) => u.habilitation === 'INSTRUCTION');
  return { service, admin, agent };
}

/** Creates (or points again) the demo profile at the demo guichet. */
async function preparerProfil(coeur: Coeur, url: string, nom: string, identifiant: string) {
  const { profils } = await coeur.appeler('profils.lister', {});
  const existant = profils.find((p) => p.nom === nom);
  await coeur.appeler('profils.enregistrer', {
    ...(existant ? { id: existant.id } : {}),
    nom,
    urlGuichet: url,
    identifiant: existant?.identifiant ?? identifiant,
  });
}

async function main() {
  const urlReelle = opts.guichet ?? process.env.GUICHET_URL;
  const binaireElectron = opts.web ? null : electronDisponible();
  const dossierDonnees = path.resolve(
    opts.donnees ??
      process.env.GUICHET_INSTRUCTEUR_DONNEES ??
      (urlReelle ? path.join(DEMO, 'app-reel') : path.join(DEMO, 'app')),
  );
  if (opts.reinitialiser && !urlReelle) await reinitialiserDemo();

  if (!opts['sans-construction']) await construire(binaireElectron !== null);

  const aFermer: (() => Promise<void>)[] = [];
  let fermeture = false;
  const fermer = async (code = 0) => {
    if (fermeture) return;
    fermeture = true;
    for (const f of aFermer.reverse()) await f().catch(() => undefined);
    process.exit(code);
  };
  process.on('SIGINT', () => void fermer(0));
  process.on('SIGTERM', () => void fermer(0));

  let comptes: ReturnType<typeof choisirComptes> | null = null;
  let demo: GuichetDemo | null = null;
  let urlGuichet: string;
  if (urlReelle) {
    urlGuichet = new URL(urlReelle).toString().replace(/\/$/, '');
  } else {
    demo = await demarrerGuichetDemo();
    const enfant = demo.enfant;
    if (enfant) {
      aFermer.push(() => enfant.arreter());
      // Any other way out (an error below, process.exit) must not leave our guichet behind:
      // it is in its own process group, so nothing else would stop it.
      process.on('exit', () => {
        if (enfant.enfant.exitCode === null && enfant.enfant.signalCode === null)
          enfant.enfant.kill('SIGTERM');
      });
      const port = demo.port;
      void enfant.fin.then(({ code, signal }) => {
        if (fermeture) return;
        // The user stopped it to see offline work: the app goes on, and is told how to restart it.
        signaler('');
        signaler(
          `Le guichet de démonstration (processus ${enfant.pid}) s'est arrêté (${signal ?? `code ${code}`}). ` +
            'L’application continue « Hors ligne » et garde vos actions dans sa file d’attente.',
        );
        signaler(`Pour le relancer, même port et mêmes données, depuis un autre terminal :`);
        signaler(`  cd ${RACINE}`);
        signaler(`  ${commandeServe({ db: DB_DEMO, port })}`);
      });
    }
    urlGuichet = demo.url;
    comptes = choisirComptes(demo.seed);
  }

  const plateforme = { hote: 'web' as const };
  const coeur: Coeur = await creerCoeur({ dossierDonnees, plateforme, version: VERSION });
  if (comptes) {
    const identifiant = comptes.agent?.identifiant ?? comptes.admin?.identifiant ?? 'agent';
    await preparerProfil(coeur, urlGuichet, `Démo — ${comptes.service.nom}`, identifiant);
  } else {
    // No identifiant is known for a real guichet: the agent types theirs at the first login.
    await preparerProfil(coeur, urlGuichet, new URL(urlGuichet).host, '');
  }

  dire();
  dire('════════════════════════════════════════════════════════════════════');
  dire(' Guichet Instructeur');
  dire('════════════════════════════════════════════════════════════════════');
  if (comptes && demo) {
    dire(` Guichet de démonstration : ${urlGuichet}`);
    if (demo.enfant)
      dire(`   processus ${demo.enfant.pid}, lancé par npm start et arrêté avec lui ; base ${DB_DEMO}`);
    else
      dire(
        `   déjà lancé hors de npm start sur cette base (${DB_DEMO}) : réutilisé, npm start ne l’arrêtera pas`,
      );
    dire(` Service : ${comptes.service.nom} (code INSEE ${comptes.service.codeInsee})`);
    if (comptes.admin)
      dire(
        ` Administrateur : identifiant « ${comptes.admin.identifiant} », mot de passe « ${comptes.admin.motDePasse} »`,
      );
    if (comptes.agent)
      dire(
        ` Agent          : identifiant « ${comptes.agent.identifiant} », mot de passe « ${comptes.agent.motDePasse} »`,
      );
    dire(` (Tous les comptes : ${IDENTIFIANTS_DEMO})`);
  } else {
    dire(` Guichet : ${urlGuichet}`);
  }
  dire(` Données de l'application : ${dossierDonnees}`);
  if (demo) expliquerHorsLigne(demo);

  if (binaireElectron) {
    await coeur.fermer();
    dire(' Lancement de la fenêtre Electron…');
    dire('════════════════════════════════════════════════════════════════════');
    const enfant = spawn(binaireElectron, [RACINE], {
      stdio: 'inherit',
      env: { ...process.env, GUICHET_INSTRUCTEUR_DONNEES: dossierDonnees },
    });
    enfant.on('exit', (code) => void fermer(code ?? 0));
    return;
  }

  const hote = await demarrerHoteWeb({
    coeur,
    dossierRenderer: RENDERER,
    ...(opts.port ? { port: Number(opts.port) } : {}),
    journal: (m) => process.stderr.write(`${m}\n`),
  });
  aFermer.push(async () => {
    await hote.close();
    await coeur.fermer();
  });
  dire();
  dire(' Electron n’est pas disponible sur ce poste (binaire absent ou impossible à lancer) :');
  dire(' l’application est servie dans votre navigateur, avec la même interface et la même API.');
  dire();
  dire(' Ouvrez cette adresse dans votre navigateur (elle contient le jeton de cette session) :');
  dire();
  dire(`   ${hote.url}`);
  dire();
  dire(' Accessible depuis ce poste uniquement (127.0.0.1). Ctrl+C pour arrêter.');
  dire('════════════════════════════════════════════════════════════════════');
}

main().catch((e: unknown) => {
  const detail =
    e instanceof ErreurDemarrage ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e);
  process.stderr.write(`Démarrage impossible : ${detail}\n`);
  process.exit(1);
});

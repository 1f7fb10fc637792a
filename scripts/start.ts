/**
 * `npm start`: the app, ready to try.
 *
 *   npm start                                  demo guichet (seeded once in .donnees-demo/) + the app
 *   npm start -- --guichet https://guichet.exemple.fr   a real guichet (or env GUICHET_URL)
 *   npm start -- --web                         force the browser UI even if Electron is available
 *   npm start -- --port 5173                   fixed port for the web host (default: free port)
 *   npm start -- --dossiers 5000               size of the demo guichet when it is first seeded
 *   npm start -- --reinitialiser               start again from a fresh demo (deletes .donnees-demo/)
 *
 * Builds the renderer when its sources are newer than out/renderer. Launches Electron when its
 * binary is installed and runs; otherwise serves the same UI and API on 127.0.0.1 and prints the
 * address (with its per-launch token) to open in a browser.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Coeur } from '../src/main/app/coeur.js';
import { creerCoeur } from '../src/main/app/creer-coeur.js';
import { demarrerHoteWeb } from '../src/main/web-host/index.js';
import { demarrerServeur, type ResultatSeed } from '../src/server/index.js';
import { seederParLaCli } from '../src/server/seed-cli.js';

const RACINE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEMO = path.join(RACINE, '.donnees-demo');
const DB_DEMO = path.join(DEMO, 'guichet.db');
const IDENTIFIANTS_DEMO = path.join(DEMO, 'identifiants.json');
const PORT_DEMO = 47_800;
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
  },
  allowPositionals: false,
});

function dire(texte = '') {
  process.stdout.write(`${texte}\n`);
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

async function demarrerGuichetDemo(): Promise<{
  url: string;
  close: () => Promise<void>;
  seed: ResultatSeed;
}> {
  if (opts.reinitialiser) rmSync(DEMO, { recursive: true, force: true });
  let seed: ResultatSeed;
  if (existsSync(DB_DEMO) && existsSync(IDENTIFIANTS_DEMO)) {
    seed = JSON.parse(readFileSync(IDENTIFIANTS_DEMO, 'utf8')) as ResultatSeed;
  } else {
    rmSync(DB_DEMO, { force: true });
    seed = await seeder(Math.max(1, Number(opts.dossiers) || 3000));
  }
  let serveur: { url: string; close: () => Promise<void> };
  try {
    serveur = await demarrerServeur({ db: DB_DEMO, port: PORT_DEMO, host: '127.0.0.1' });
  } catch {
    serveur = await demarrerServeur({ db: DB_DEMO, port: 0, host: '127.0.0.1' });
  }
  return { ...serveur, seed };
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
  if (opts.reinitialiser && !urlReelle) rmSync(DEMO, { recursive: true, force: true });

  await construire(binaireElectron !== null);

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
  let urlGuichet: string;
  if (urlReelle) {
    urlGuichet = new URL(urlReelle).toString().replace(/\/$/, '');
  } else {
    const demo = await demarrerGuichetDemo();
    aFermer.push(() => demo.close());
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
  if (comptes) {
    dire(` Guichet de démonstration : ${urlGuichet}`);
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
  process.stderr.write(`Démarrage impossible : ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});

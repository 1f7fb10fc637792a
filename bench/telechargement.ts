/**
 * Benchmark of the mass download: the same N archives fetched by `curl --parallel` (no
 * verification, no fsync: the fastest honest baseline) and by `telechargerArchives` (SHA-256
 * while streaming, durable writes, atomic rename, folder sync). Target: ours ≥ 0.8 × curl.
 *
 * As a module: `benchTelechargement(ctx)` (called by bench/run.ts). Alone:
 * `npx tsx bench/telechargement.ts [--archives 2000] [--concurrence 4]` seeds its own guichet,
 * prints the table and writes bench/results/telechargement.json.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { telechargerArchives, type ElementArchive } from '../src/main/archive/index.js';
import { listeIncrementaleSchema, loginResponseSchema, type Dossier } from '../src/shared/api/schemas.js';

const RACINE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface ContexteBench {
  /** Guichet base URL, with or without `/api/v1`. */
  url: string;
  token: string;
  numeros: string[];
  dossierTemp: string;
  /** Parallel transfers for both tools (default 4, the app's default). */
  concurrence?: number;
  /** Timed rounds per tool, alternated (default 5). */
  tours?: number;
}

export interface ResultatBench {
  nom: string;
  resultats: Record<string, number>;
  ratio: number;
  commentaire: string;
}

function baseApi(url: string): string {
  return url.replace(/\/+$/, '').replace(/\/api\/v1$/, '') + '/api/v1';
}

async function listerTout(api: string, token: string): Promise<Dossier[]> {
  const tous: Dossier[] = [];
  let curseur = '';
  for (;;) {
    const r = await fetch(`${api}/teledossiers?depuis=${encodeURIComponent(curseur)}&limite=1000`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!r.ok) throw new Error(`Liste des télédossiers : HTTP ${r.status}`);
    const page = listeIncrementaleSchema.parse(await r.json());
    tous.push(...page.elements);
    curseur = page.curseur;
    if (!page.encore) return tous;
  }
}

async function tailleDossier(dossier: string): Promise<{ fichiers: number; octets: number }> {
  let fichiers = 0;
  let octets = 0;
  for (const nom of await fs.readdir(dossier, { recursive: true })) {
    const s = await fs.stat(path.join(dossier, nom));
    if (s.isFile() && nom.endsWith('.zip')) {
      fichiers++;
      octets += s.size;
    }
  }
  return { fichiers, octets };
}

/** One curl process, every URL in a config file, `--parallel-max` transfers at once. */
async function tourCurl(
  api: string,
  token: string,
  numeros: string[],
  dossier: string,
  concurrence: number,
): Promise<number> {
  await fs.mkdir(dossier, { recursive: true });
  const config = path.join(dossier, '..', `${path.basename(dossier)}.curlrc`);
  const lignes = numeros.map(
    (n) => `url = "${api}/teledossiers/${n}/archive"\noutput = "${path.join(dossier, `${n}.zip`)}"\n`,
  );
  await fs.writeFile(config, lignes.join(''));
  const debut = performance.now();
  await new Promise<void>((resolve, reject) => {
    const p = spawn(
      'curl',
      [
        '--parallel',
        '--parallel-max',
        String(concurrence),
        '--silent',
        '--show-error',
        '--fail',
        '-H',
        `Authorization: Bearer ${token}`,
        '--config',
        config,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let erreurs = '';
    p.stderr.on('data', (b: Buffer) => (erreurs += b.toString()));
    p.on('error', reject);
    p.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`curl a échoué (${code}) : ${erreurs.slice(0, 500)}`)),
    );
  });
  return (performance.now() - debut) / 1000;
}

interface ParametresExecutant {
  api: string;
  token: string;
  elements: ElementArchive[];
  dossier: string;
  concurrence: number;
}

/**
 * Our side runs in its own Node process, like curl: when bench/run.ts hosts the guichet in its
 * own process, an in-process download would share the server's event loop and be measured
 * against a handicap curl does not have. The child times `telechargerArchives` itself (tsx start-up
 * and module loading excluded; curl's own start-up, a few ms, stays in its time).
 */
async function tourNous(p: ParametresExecutant, dossierTemp: string): Promise<number> {
  const fichier = path.join(dossierTemp, `executant-${path.basename(p.dossier)}.json`);
  await fs.writeFile(fichier, JSON.stringify(p));
  const sortie = await executer(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), '--executant', fichier],
    RACINE,
  );
  const r = JSON.parse(sortie.slice(sortie.lastIndexOf('{'))) as {
    secondes: number;
    archives: number;
    echecs: string[];
  };
  if (r.echecs.length > 0 || r.archives !== p.elements.length) {
    throw new Error(`telechargerArchives : ${r.echecs.length} échecs (${r.echecs[0] ?? '?'})`);
  }
  return r.secondes;
}

/** Child side of `tourNous`. */
async function executant(fichier: string): Promise<void> {
  const p = JSON.parse(await fs.readFile(fichier, 'utf8')) as ParametresExecutant;
  const source = {
    urlArchive: (n: string) => `${p.api}/teledossiers/${n}/archive`,
    entetes: async () => ({ authorization: `Bearer ${p.token}` }),
  };
  // The app's main process is long-lived: warm V8 up on 100 archives (untimed, thrown away) so
  // that each round measures the download path, not the JIT of a process started seconds ago.
  const chauffe = `${p.dossier}-chauffe`;
  await telechargerArchives({
    source,
    elements: p.elements.slice(0, 100),
    dossierArchives: chauffe,
    concurrence: p.concurrence,
  });
  await fs.rm(chauffe, { recursive: true, force: true });
  const debut = performance.now();
  const r = await telechargerArchives({
    source,
    elements: p.elements,
    dossierArchives: p.dossier,
    concurrence: p.concurrence,
  });
  const secondes = (performance.now() - debut) / 1000;
  process.stdout.write(
    JSON.stringify({
      secondes,
      archives: r.archives.length,
      echecs: r.echecs.map((e) => `${e.numero} : ${e.message}`),
    }) + '\n',
  );
}

export async function benchTelechargement(ctx: ContexteBench): Promise<ResultatBench> {
  const api = baseApi(ctx.url);
  const concurrence = ctx.concurrence ?? 4;
  const tours = ctx.tours ?? 5;
  const voulus = new Set(ctx.numeros);
  const elements: ElementArchive[] = (await listerTout(api, ctx.token))
    .filter((d) => voulus.has(d.numero))
    .map((d) => ({
      numero: d.numero,
      demarche: d.demarche.intitule,
      deposeLe: d.deposeLe,
      sha256: d.archive.sha256,
      taille: d.archive.taille,
    }));
  if (elements.length === 0) throw new Error('Aucun des numéros demandés dans la liste du guichet.');
  const numeros = elements.map((e) => e.numero);
  const octets = elements.reduce((s, e) => s + e.taille, 0);
  const racine = await fs.mkdtemp(path.join(ctx.dossierTemp, 'bench-telechargement-'));
  try {
    // Warm-up (untimed): the guichet builds each archive once then serves it from its cache;
    // without this the first tool measured would pay for the server's work.
    await tourCurl(api, ctx.token, numeros, path.join(racine, 'chauffe'), concurrence);
    const curl: number[] = [];
    const nous: number[] = [];
    for (let t = 0; t < tours; t++) {
      const dCurl = path.join(racine, `curl-${t}`);
      curl.push(await tourCurl(api, ctx.token, numeros, dCurl, concurrence));
      const verif = await tailleDossier(dCurl);
      if (verif.fichiers !== elements.length || verif.octets !== octets)
        throw new Error('curl : fichiers manquants ou incomplets.');
      nous.push(
        await tourNous(
          { api, token: ctx.token, elements, dossier: path.join(racine, `nous-${t}`), concurrence },
          racine,
        ),
      );
      await fs.rm(dCurl, { recursive: true, force: true });
      await fs.rm(path.join(racine, `nous-${t}`), { recursive: true, force: true });
    }
    // The machine is shared and noisy: each curl round is paired with the round of ours that
    // follows it (same load, seconds apart) and the headline ratio is the median of those pairs.
    const ratios = curl.map((c, i) => c / nous[i]!);
    const ratio = mediane(ratios);
    const medCurl = mediane(curl);
    const medNous = mediane(nous);
    return {
      nom: 'telechargement',
      resultats: {
        archives: elements.length,
        octets,
        concurrence,
        tours,
        curl_secondes_mediane: arrondir(medCurl, 3),
        nous_secondes_mediane: arrondir(medNous, 3),
        curl_secondes_min: arrondir(Math.min(...curl), 3),
        nous_secondes_min: arrondir(Math.min(...nous), 3),
        curl_octets_par_s: Math.round(octets / medCurl),
        nous_octets_par_s: Math.round(octets / medNous),
        curl_archives_par_s: arrondir(elements.length / medCurl, 1),
        nous_archives_par_s: arrondir(elements.length / medNous, 1),
        ratio_min: arrondir(Math.min(...curl) / Math.min(...nous), 3),
      },
      ratio: arrondir(ratio, 3),
      commentaire:
        `${elements.length} archives (${(octets / 1048576).toFixed(1)} Mo), ${concurrence} transferts parallèles, ` +
        `${tours} tours alternés curl/nous après une chauffe du guichet, chaque outil dans son propre processus ` +
        `(le nôtre chauffé sur 100 archives non chronométrées, comme le processus principal de l'app qui dure). ` +
        `Nous : SHA-256 + Repr-Digest/ETag vérifiés, données durables (syncfs groupé ou fsync), renommage atomique, ` +
        `fsync du dossier ; curl : écriture simple. Ratio = médiane des ratios par paire de tours ` +
        `${ratio.toFixed(2)} (objectif ≥ 0,8 ; paires ${ratios.map((r) => r.toFixed(2)).join('/')}) ; ` +
        `tours curl ${curl.map((x) => x.toFixed(2)).join('/')} s, nous ${nous.map((x) => x.toFixed(2)).join('/')} s.`,
    };
  } finally {
    await fs.rm(racine, { recursive: true, force: true });
  }
}

function mediane(valeurs: number[]): number {
  const t = [...valeurs].sort((a, b) => a - b);
  const m = Math.floor(t.length / 2);
  return t.length % 2 === 1 ? t[m]! : (t[m - 1]! + t[m]!) / 2;
}

function arrondir(x: number, chiffres: number): number {
  const f = 10 ** chiffres;
  return Math.round(x * f) / f;
}

/** Standalone run: its own guichet (CLI seed, CLI serve in another process), its own token. */
async function principal(): Promise<void> {
  const { values } = parseArgs({
    options: {
      archives: { type: 'string', default: '2000' },
      concurrence: { type: 'string', default: '4' },
      tours: { type: 'string', default: '5' },
      executant: { type: 'string' },
    },
  });
  if (values.executant) return executant(values.executant);
  const voulues = Number(values.archives);
  const temp = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-guichet-'));
  const db = path.join(temp, 'guichet.db');
  let serveur: ChildProcess | null = null;
  try {
    // Dossiers are spread over the demo services: seed enough for one service to hold N.
    const sortie = await executer(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/server/cli.ts',
        'seed',
        '--db',
        db,
        '--dossiers',
        String(voulues * 8),
        '--seed',
        'bench',
        '--json',
      ],
      RACINE,
    );
    const seed = JSON.parse(sortie.slice(sortie.indexOf('{'))) as {
      services: { utilisateurs: { identifiant: string; motDePasse: string; habilitation: string }[] }[];
    };
    const agent = seed.services[0]!.utilisateurs.find((u) => u.habilitation === 'INSTRUCTION')!;
    const lance = await lancerServeur(db, temp);
    serveur = lance.processus;
    const r = await fetch(`${lance.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ identifiant: agent.identifiant, motDePasse: agent.motDePasse }),
    });
    const { token } = loginResponseSchema.parse(await r.json());
    const numeros = (await listerTout(`${lance.url}/api/v1`, token)).slice(0, voulues).map((d) => d.numero);
    const res = await benchTelechargement({
      url: lance.url,
      token,
      numeros,
      dossierTemp: temp,
      concurrence: Number(values.concurrence),
      tours: Number(values.tours),
    });
    console.table(res.resultats);
    console.log(`ratio nous/curl = ${res.ratio}\n${res.commentaire}`);
    const sortieJson = path.join(RACINE, 'bench', 'results', 'telechargement.json');
    await fs.mkdir(path.dirname(sortieJson), { recursive: true });
    await fs.writeFile(
      sortieJson,
      JSON.stringify(
        {
          date: new Date().toISOString(),
          commande: `npx tsx bench/telechargement.ts --archives ${voulues} --concurrence ${values.concurrence} --tours ${values.tours}`,
          machine: { cpus: os.cpus().length, node: process.version, chargeMoyenne1min: os.loadavg()[0] },
          ...res,
        },
        null,
        2,
      ) + '\n',
    );
    console.log(`Résultat écrit dans ${path.relative(process.cwd(), sortieJson)}`);
  } finally {
    serveur?.kill('SIGTERM');
    if (serveur && serveur.exitCode === null) await new Promise((r) => serveur!.once('close', r));
    await fs.rm(temp, { recursive: true, force: true });
  }
}

/** `guichet serve --port 0` in a child process; resolves with its URL once it listens. */
function lancerServeur(db: string, temp: string): Promise<{ url: string; processus: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const p = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/server/cli.ts',
        'serve',
        '--db',
        db,
        '--port',
        '0',
        '--courriels',
        path.join(temp, 'courriels'),
      ],
      { cwd: RACINE, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let journal = '';
    const lire = (b: Buffer): void => {
      journal += b.toString();
      const m = /Guichet prêt sur (http:\/\/[^\s]+)/.exec(journal);
      if (m?.[1]) resolve({ url: m[1], processus: p });
    };
    p.stdout.on('data', lire);
    p.stderr.on('data', lire);
    p.on('error', reject);
    p.on('close', (code) => reject(new Error(`Le guichet s'est arrêté (${code}) : ${journal.slice(-500)}`)));
  });
}

function executer(commande: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(commande, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'] });
    let sortie = '';
    p.stdout.on('data', (b: Buffer) => (sortie += b.toString()));
    p.on('error', reject);
    p.on('close', (code) =>
      code === 0 ? resolve(sortie) : reject(new Error(`${commande} a échoué (${code})`)),
    );
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  principal().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}

/**
 * Benchmark of the mass download: the same N archives fetched by `curl --parallel` (no
 * verification, no fsync: the fastest honest baseline) and by `telechargerArchives` (SHA-256
 * while streaming, durable writes, atomic rename, folder sync). Target: ours ≥ 0.8 × curl.
 *
 * As a module: `benchTelechargement(ctx)` (called by bench/run.ts). Alone:
 * `npx tsx bench/telechargement.ts [--archives 2000] [--concurrence 4]` seeds its own guichet,
 * prints the table and writes bench/results/telechargement.json.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { telechargerArchives, type ElementArchive } from '../src/main/archive/index.js';
import { seederParLaCli } from '../src/server/seed-cli.js';
import { lancerServeur, RACINE, type ServeurEnfant } from './outils.js';
import { listeIncrementaleSchema, loginResponseSchema, type Dossier } from '../src/shared/api/schemas.js';

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
  /** The guichet's process, to count the CPU it spends serving each tool (Linux). */
  pidServeur?: number;
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
): Promise<{ secondes: number; cpuSecondes: number | null }> {
  await fs.mkdir(dossier, { recursive: true });
  const config = path.join(dossier, '..', `${path.basename(dossier)}.curlrc`);
  const lignes = numeros.map(
    (n) => `url = "${api}/teledossiers/${n}/archive"\noutput = "${path.join(dossier, `${n}.zip`)}"\n`,
  );
  await fs.writeFile(config, lignes.join(''));
  const debut = performance.now();
  let cpuSecondes: number | null = null;
  await new Promise<void>((resolve, reject) => {
    // Through sh for its `times` builtin: the CPU curl used (user + system), printed on stderr.
    const p = spawn(
      '/bin/sh',
      [
        '-c',
        'curl "$@"; s=$?; times >&2; exit $s',
        'sh',
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
    p.on('close', (code) => {
      // Second line of `times`: the children's user and system time, e.g. "0m0.150s 0m0.250s".
      const m = /(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s\s*$/.exec(erreurs.trim());
      if (m) cpuSecondes = Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) * 60 + Number(m[4]);
      if (code === 0) resolve();
      else reject(new Error(`curl a échoué (${code}) : ${erreurs.slice(0, 500)}`));
    });
  });
  return { secondes: (performance.now() - debut) / 1000, cpuSecondes };
}

/** CPU seconds (user + system) used so far by a process, from /proc (Linux); null elsewhere. */
function cpuProcessus(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const champs = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime, in clock ticks of 1/100 s (USER_HZ on Linux).
    return (Number(champs[11]) + Number(champs[12])) / 100;
  } catch {
    return null;
  }
}

interface ParametresExecutant {
  /** `nous`: telechargerArchives; `brut`: a bare Node loop (http.get + writeFile, nothing checked). */
  mode: 'nous' | 'brut';
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
async function tourNous(
  p: ParametresExecutant,
  dossierTemp: string,
): Promise<{ secondes: number; froidSecondes: number; cpuSecondes: number }> {
  const fichier = path.join(dossierTemp, `executant-${path.basename(p.dossier)}.json`);
  await fs.writeFile(fichier, JSON.stringify(p));
  const sortie = await executer(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), '--executant', fichier],
    RACINE,
  );
  const r = JSON.parse(sortie.slice(sortie.lastIndexOf('{'))) as {
    secondes: number;
    froidSecondes: number;
    cpuSecondes: number;
    archives: number;
    echecs: string[];
  };
  if (r.echecs.length > 0 || r.archives !== p.elements.length) {
    throw new Error(`telechargerArchives : ${r.echecs.length} échecs (${r.echecs[0] ?? '?'})`);
  }
  return { secondes: r.secondes, froidSecondes: r.froidSecondes, cpuSecondes: r.cpuSecondes };
}

/** Child side of `tourNous`. */
async function executant(fichier: string): Promise<void> {
  const p = JSON.parse(await fs.readFile(fichier, 'utf8')) as ParametresExecutant;
  const source = {
    urlArchive: (n: string) => `${p.api}/teledossiers/${n}/archive`,
    entetes: async () => ({ authorization: `Bearer ${p.token}` }),
  };
  const passage = async (dossier: string) => {
    const cpu = process.cpuUsage();
    const debut = performance.now();
    const r =
      p.mode === 'brut'
        ? await boucleBrute(p, dossier)
        : await telechargerArchives({
            source,
            elements: p.elements,
            dossierArchives: dossier,
            concurrence: p.concurrence,
          });
    const c = process.cpuUsage(cpu);
    // Every thread of this process (the writer thread included), not the `sync` helper's children.
    return { secondes: (performance.now() - debut) / 1000, cpuSecondes: (c.user + c.system) / 1e6, r };
  };
  // First pass in a fresh process: V8 compiles the download path as it goes (the first few hundred
  // archives run unoptimised code). Timed and reported, then thrown away: the headline is the
  // steady state of the long-lived main process, whose HTTP stack the sync keeps warm and which
  // reaches that state within the first batch of any big archiving job.
  // Left in place until the end of the bench: see the note on deletions in benchTelechargement.
  const froid = await passage(`${p.dossier}-froid`);
  const { secondes, cpuSecondes, r } = await passage(p.dossier);
  process.stdout.write(
    JSON.stringify({
      secondes,
      cpuSecondes,
      froidSecondes: froid.secondes,
      archives: r.archives.length,
      echecs: [...froid.r.echecs, ...r.echecs].map((e) => `${e.numero} : ${e.message}`),
    }) + '\n',
  );
}

/**
 * What a naive Node downloader does, as a second reference: Node's own HTTP client on keep-alive
 * sockets, each body written with writeFile, nothing verified, nothing made durable. The gap between
 * it and curl is Node's; the gap between it and us is the cost of our guarantees.
 */
async function boucleBrute(
  p: ParametresExecutant,
  dossier: string,
): Promise<{ archives: unknown[]; echecs: { numero: string; message: string }[] }> {
  await fs.mkdir(dossier, { recursive: true });
  const agent = new http.Agent({ keepAlive: true, maxSockets: p.concurrence });
  const entetes = { authorization: `Bearer ${p.token}` };
  let suivant = 0;
  const archives: string[] = [];
  const un = (numero: string) =>
    new Promise<Buffer>((resolve, reject) => {
      http
        .get(`${p.api}/teledossiers/${numero}/archive`, { agent, headers: entetes }, (res) => {
          const morceaux: Buffer[] = [];
          res.on('data', (b: Buffer) => morceaux.push(b));
          res.on('end', () => resolve(Buffer.concat(morceaux)));
          res.on('error', reject);
        })
        .on('error', reject);
    });
  await Promise.all(
    Array.from({ length: p.concurrence }, async () => {
      while (suivant < p.elements.length) {
        const numero = p.elements[suivant++]!.numero;
        await fs.writeFile(path.join(dossier, `${numero}.zip`), await un(numero));
        archives.push(numero);
      }
    }),
  );
  agent.destroy();
  return { archives, echecs: [] };
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
    // Nothing is deleted before the end: right after thousands of files are removed, ext4 spends
    // its time skipping their "recently deleted" inodes when creating new files (seen with perf:
    // ext4_create → recently_deleted), and whichever tool ran next paid for the previous one's
    // clean-up. A few hundred MB of temporary files are cheaper than a biased measure.
    const curl: number[] = [];
    const nous: number[] = [];
    const nousFroid: number[] = [];
    const brut: number[] = [];
    // CPU seconds per round: the tool's own, and the guichet's while serving it.
    const cpu = { curl: [] as number[], nous: [] as number[], brut: [] as number[] };
    const cpuServeur = { curl: [] as number[], nous: [] as number[], brut: [] as number[] };
    const serveurAvant = () => cpuProcessus(ctx.pidServeur);
    const noterServeur = (outil: 'curl' | 'nous' | 'brut', avant: number | null) => {
      const apres = serveurAvant();
      if (avant !== null && apres !== null) cpuServeur[outil].push(apres - avant);
    };
    for (let t = 0; t < tours; t++) {
      const dCurl = path.join(racine, `curl-${t}`);
      const s0 = serveurAvant();
      const rc = await tourCurl(api, ctx.token, numeros, dCurl, concurrence);
      noterServeur('curl', s0);
      curl.push(rc.secondes);
      if (rc.cpuSecondes !== null) cpu.curl.push(rc.cpuSecondes);
      const verif = await tailleDossier(dCurl);
      if (verif.fichiers !== elements.length || verif.octets !== octets)
        throw new Error('curl : fichiers manquants ou incomplets.');
      for (const mode of ['nous', 'brut'] as const) {
        const dossier = path.join(racine, `${mode}-${t}`);
        // The child's first (cold) pass also hits the guichet: its CPU is counted over both passes
        // and halved, an approximation good enough for the order of magnitude it is used for.
        const s1 = serveurAvant();
        const r = await tourNous({ mode, api, token: ctx.token, elements, dossier, concurrence }, racine);
        const fait = await tailleDossier(dossier);
        if (fait.fichiers !== elements.length || fait.octets !== octets)
          throw new Error(`${mode} : fichiers manquants ou incomplets.`);
        const s2 = serveurAvant();
        if (s1 !== null && s2 !== null) cpuServeur[mode].push((s2 - s1) / 2);
        cpu[mode].push(r.cpuSecondes);
        (mode === 'nous' ? nous : brut).push(r.secondes);
        if (mode === 'nous') nousFroid.push(r.froidSecondes);
      }
    }
    // The machine is shared and noisy: each curl round is paired with the rounds that follow it
    // (same load, seconds apart) and each headline ratio is the median of those pairs.
    const ratios = curl.map((c, i) => c / nous[i]!);
    const ratio = mediane(ratios);
    const ratiosFroid = curl.map((c, i) => c / nousFroid[i]!);
    const ratiosBrut = curl.map((c, i) => c / brut[i]!);
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
        nous_froid_secondes_mediane: arrondir(mediane(nousFroid), 3),
        ratio_froid: arrondir(mediane(ratiosFroid), 3),
        node_brut_secondes_mediane: arrondir(mediane(brut), 3),
        ratio_node_brut: arrondir(mediane(ratiosBrut), 3),
        ...(cpu.curl.length > 0 ? { curl_cpu_secondes_mediane: arrondir(mediane(cpu.curl), 3) } : {}),
        nous_cpu_secondes_mediane: arrondir(mediane(cpu.nous), 3),
        node_brut_cpu_secondes_mediane: arrondir(mediane(cpu.brut), 3),
        ...(cpuServeur.curl.length > 0
          ? {
              guichet_cpu_secondes_pour_curl: arrondir(mediane(cpuServeur.curl), 3),
              guichet_cpu_secondes_pour_nous: arrondir(mediane(cpuServeur.nous), 3),
              guichet_cpu_secondes_pour_node_brut: arrondir(mediane(cpuServeur.brut), 3),
            }
          : {}),
      },
      ratio: arrondir(ratio, 3),
      commentaire:
        `${elements.length} archives (${(octets / 1048576).toFixed(1)} Mo), ${concurrence} transferts parallèles, ` +
        `${tours} tours alternés curl / nous / Node brut après une chauffe du guichet, chaque outil dans son propre ` +
        `processus. Nous : SHA-256 + Repr-Digest/ETag vérifiés, données durables (syncfs groupé ou fsync), renommage ` +
        `atomique, fsync du dossier ; mesuré au second passage du processus (régime établi, comme le processus ` +
        `principal de l'app qui dure), le premier passage, à froid, est donné à part. curl : écriture simple. ` +
        `Node brut : http.get + writeFile, rien de vérifié ni de rendu durable, second passage aussi. ` +
        `Ratio = médiane des ratios par tour ${ratio.toFixed(2)} (objectif ≥ 0,8 ; tours ` +
        `${ratios.map((r) => r.toFixed(2)).join('/')}) ; à froid ${mediane(ratiosFroid).toFixed(2)} ; Node brut ` +
        `${mediane(ratiosBrut).toFixed(2)}. Secondes : curl ${curl.map((x) => x.toFixed(2)).join('/')}, ` +
        `nous ${nous.map((x) => x.toFixed(2)).join('/')} (à froid ${nousFroid.map((x) => x.toFixed(2)).join('/')}), ` +
        `Node brut ${brut.map((x) => x.toFixed(2)).join('/')}.` +
        ` CPU par passage (médianes, outil + guichet, sur ${os.cpus().length} cœurs partagés) : curl ` +
        `${cpuTexte(cpu.curl, cpuServeur.curl)}, nous ${cpuTexte(cpu.nous, cpuServeur.nous)}, Node brut ` +
        `${cpuTexte(cpu.brut, cpuServeur.brut)}.`,
    };
  } finally {
    await fs.rm(racine, { recursive: true, force: true });
  }
}

function cpuTexte(outil: number[], guichet: number[]): string {
  const f = (v: number[]) => (v.length > 0 ? `${mediane(v).toFixed(2)} s` : '?');
  return `${f(outil)} + ${f(guichet)}`;
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
  let serveur: ServeurEnfant | null = null;
  try {
    // Dossiers are spread over the demo services: seed enough for one service to hold N.
    const seed = await seederParLaCli({
      db,
      dossiers: voulues * 8,
      graine: 'bench',
      afficherProgression: true,
    });
    const agent = seed.services[0]!.utilisateurs.find((u) => u.habilitation === 'INSTRUCTION')!;
    // Courriels go next to the database, i.e. into `temp` too.
    const lance = await lancerServeur(db);
    serveur = lance;
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
      ...(lance.enfant.pid !== undefined ? { pidServeur: lance.enfant.pid } : {}),
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
    await serveur?.arreter();
    await fs.rm(temp, { recursive: true, force: true });
  }
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

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  demarrerServeur,
  seed,
  type OptionsServeur,
  type ResultatSeed,
  type Serveur,
} from '../../src/server/index.js';
import type { Journal } from '../../src/server/journal.js';

/** Collects server log lines instead of printing them (and lets a test assert on them). */
export function journalMemoire(): Journal & { lignes: string[] } {
  const lignes: string[] = [];
  return {
    lignes,
    info: (m) => lignes.push(`info ${m}`),
    avertir: (m) => lignes.push(`avertissement ${m}`),
    erreur: (m, e) => lignes.push(`erreur ${m} ${e instanceof Error ? e.message : ''}`),
  };
}

export function dossierTemporaire(prefixe = 'guichet-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefixe));
}

/** A movable clock: tests jump forward in time (session expiry, retention). */
export class HorlogeTest {
  decalageMs = 0;
  maintenant = (): Date => new Date(Date.now() + this.decalageMs);
  avancerJours(jours: number): void {
    this.decalageMs += jours * 24 * 60 * 60 * 1000;
  }
}

export interface Banc {
  dir: string;
  db: string;
  courriels: string;
  seed: ResultatSeed;
  serveur: Serveur;
  api: string;
  horloge: HorlogeTest;
  journal: ReturnType<typeof journalMemoire>;
}

/** A seeded database and a real server on 127.0.0.1, port 0. */
export async function demarrerBanc(dossiers = 40, options: Partial<OptionsServeur> = {}): Promise<Banc> {
  const dir = dossierTemporaire();
  const db = path.join(dir, 'guichet.db');
  const courriels = path.join(dir, 'courriels');
  const resultat = await seed({ db, dossiers, graine: 'tests' });
  const horloge = new HorlogeTest();
  const journal = journalMemoire();
  const serveur = await demarrerServeur({
    db,
    port: 0,
    host: '127.0.0.1',
    courriels,
    maintenant: horloge.maintenant,
    journal,
    ...options,
  });
  return { dir, db, courriels, seed: resultat, serveur, api: `${serveur.url}/api/v1`, horloge, journal };
}

export async function arreterBanc(b: Banc | undefined): Promise<void> {
  if (!b) return;
  await b.serveur.close();
  fs.rmSync(b.dir, { recursive: true, force: true });
}

export interface Reponse<T = unknown> {
  status: number;
  headers: Headers;
  json: T;
  octets: Buffer;
}

/** One HTTP call; the body is parsed as JSON when it is JSON. */
export async function appeler<T = Record<string, unknown>>(
  url: string,
  o: {
    method?: string;
    token?: string;
    body?: unknown;
    headers?: Record<string, string>;
    form?: FormData;
  } = {},
): Promise<Reponse<T>> {
  const headers: Record<string, string> = { ...o.headers };
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  let body: string | FormData | undefined;
  if (o.form) body = o.form;
  else if (o.body !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
  }
  const r = await fetch(url, {
    method: o.method ?? (body ? 'POST' : 'GET'),
    headers,
    ...(body ? { body } : {}),
  });
  const octets = Buffer.from(await r.arrayBuffer());
  const estJson = (r.headers.get('content-type') ?? '').includes('json');
  return {
    status: r.status,
    headers: r.headers,
    json: (estJson && octets.length ? JSON.parse(octets.toString('utf8')) : null) as T,
    octets,
  };
}

export async function connecter(api: string, identifiant: string, motDePasse: string): Promise<string> {
  const r = await appeler<{ token: string }>(`${api}/auth/login`, { body: { identifiant, motDePasse } });
  if (r.status !== 200)
    throw new Error(`Connexion de ${identifiant} impossible : ${r.status} ${JSON.stringify(r.json)}`);
  return r.json.token;
}

export function comptes(b: Banc, indexService = 0) {
  const service = b.seed.services[indexService];
  if (!service) throw new Error('service absent');
  const admin = service.utilisateurs.find((u) => u.habilitation === 'GESTION');
  const agents = service.utilisateurs.filter((u) => u.habilitation === 'INSTRUCTION');
  if (!admin || agents.length < 2) throw new Error('comptes de démonstration incomplets');
  return { service, admin, agent: agents[0]!, agent2: agents[1]! };
}

let compteurCle = 0;
/** A fresh idempotency key. */
export function cle(): string {
  compteurCle += 1;
  return `cle-test-${process.pid}-${Date.now()}-${compteurCle}`;
}

/** Waits until `condition` holds (mails are written in the background). */
export async function attendre(condition: () => boolean, delaiMs = 5000): Promise<void> {
  const fin = Date.now() + delaiMs;
  while (!condition()) {
    if (Date.now() > fin) throw new Error('Condition non atteinte à temps.');
    await new Promise((r) => setTimeout(r, 25));
  }
}

export function fichiersEml(dossier: string): { nom: string; contenu: string }[] {
  if (!fs.existsSync(dossier)) return [];
  return fs
    .readdirSync(dossier)
    .filter((n) => n.endsWith('.eml'))
    .map((nom) => ({ nom, contenu: fs.readFileSync(path.join(dossier, nom), 'utf8') }));
}

/** The text of a quoted-printable mail (nodemailer encodes accented French that way). */
export function decoderQuotedPrintable(eml: string): string {
  const sansCoupures = eml.replace(/=\r?\n/g, '');
  return Buffer.from(
    sansCoupures.replace(/=([0-9A-F]{2})/g, (_, h: string) => `%${h}`).replace(/%(?![0-9A-F]{2})/g, '%25'),
    'utf8',
  )
    .toString('utf8')
    .replace(/(%[0-9A-F]{2})+/g, (m) => {
      try {
        return decodeURIComponent(m);
      } catch {
        return m;
      }
    });
}

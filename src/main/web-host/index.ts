/**
 * The web host: the same UI and the same API as the Electron window, served to a browser on the
 * loopback interface. Plain Node http, no electron.
 *
 * - binds 127.0.0.1 only; a random per-launch token (32 bytes) is required on every API request
 *   (header `ENTETE_JETON`, or `?jeton=` for the EventSource), compared in constant time;
 * - rejects non-loopback Host headers (DNS rebinding) and cross-origin requests;
 * - serves the built renderer with a strict CSP;
 * - POST WEB_APPEL → coeur.appeler → JSON shaped like `reponseAppSchema`;
 * - GET WEB_EVENEMENTS → Server-Sent Events of coeur.ecouterTout.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ENTETE_JETON, WEB_APPEL, WEB_EVENEMENTS } from '../../shared/app-api/ipc.js';
import type { Coeur } from '../app/coeur.js';
import { executerAppel } from '../hote/appel.js';
import { CSP } from '../hote/csp.js';

export { CSP } from '../hote/csp.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

const TAILLE_MAX_CORPS = 40 * 1024 * 1024; // actions.joindre carries up to 30 MB of base64

export interface OptionsHoteWeb {
  coeur: Coeur;
  /** 0 or absent: a free port chosen by the system. */
  port?: number;
  /** The built renderer (out/renderer). */
  dossierRenderer: string;
  /** Imposed token (tests); by default 32 random bytes. */
  jeton?: string;
  /** Called for each handled error (logging). */
  journal?: (message: string) => void;
}

export interface HoteWeb {
  /** Address to open, with the token in the fragment: http://127.0.0.1:port/#jeton=… */
  url: string;
  /** Address without the token. */
  origine: string;
  port: number;
  jeton: string;
  close(): Promise<void>;
}

const HOTES_LOCAUX = new Set(['127.0.0.1', 'localhost', '[::1]']);

function empreinte(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

function entetesSecurite(res: ServerResponse) {
  res.setHeader('Content-Security-Policy', CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
}

function repondreJson(res: ServerResponse, statut: number, corps: unknown) {
  const texte = JSON.stringify(corps);
  res.writeHead(statut, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(texte),
  });
  res.end(texte);
}

function refuser(res: ServerResponse, statut: number, code: string, message: string) {
  repondreJson(res, statut, { ok: false, erreur: { code, message } });
}

function lireCorps(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const morceaux: Buffer[] = [];
    let taille = 0;
    req.on('data', (m: Buffer) => {
      taille += m.length;
      if (taille > TAILLE_MAX_CORPS) {
        reject(new Error('trop_gros'));
        req.destroy();
        return;
      }
      morceaux.push(m);
    });
    req.on('end', () => resolve(Buffer.concat(morceaux).toString('utf8')));
    req.on('error', reject);
  });
}

export async function demarrerHoteWeb(options: OptionsHoteWeb): Promise<HoteWeb> {
  const { coeur } = options;
  const jeton = options.jeton ?? randomBytes(32).toString('base64url');
  const empreinteJeton = empreinte(jeton);
  const racine = path.resolve(options.dossierRenderer);
  const journal = options.journal ?? (() => undefined);
  const flux = new Set<ServerResponse>();
  let port = 0;

  function jetonValide(candidat: string | null | undefined): boolean {
    if (typeof candidat !== 'string' || candidat.length === 0 || candidat.length > 200) return false;
    return timingSafeEqual(empreinte(candidat), empreinteJeton);
  }

  /** Host must be loopback with our port; Origin, when sent, must be ourselves. */
  function requeteLocale(req: IncomingMessage): boolean {
    const hote = req.headers.host;
    if (!hote) return false;
    let url: URL;
    try {
      url = new URL(`http://${hote}`);
    } catch {
      return false;
    }
    if (!HOTES_LOCAUX.has(url.hostname) || url.port !== String(port)) return false;
    const origine = req.headers.origin;
    if (origine !== undefined) {
      let o: URL;
      try {
        o = new URL(origine);
      } catch {
        return false;
      }
      if (o.protocol !== 'http:' || !HOTES_LOCAUX.has(o.hostname) || o.port !== String(port)) return false;
    }
    const site = req.headers['sec-fetch-site'];
    if (site === 'cross-site' || site === 'same-site') return false;
    return true;
  }

  async function servirFichier(req: IncomingMessage, res: ServerResponse, chemin: string) {
    let relatif: string;
    try {
      relatif = decodeURIComponent(chemin);
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (relatif.includes('\0')) {
      res.writeHead(400).end();
      return;
    }
    if (relatif === '/' || relatif === '') relatif = '/index.html';
    let fichier = path.resolve(racine, '.' + path.posix.normalize(relatif));
    if (fichier !== racine && !fichier.startsWith(racine + path.sep)) {
      res.writeHead(404).end();
      return;
    }
    let infos = await stat(fichier).catch(() => null);
    if (!infos?.isFile()) {
      // Single-page app: unknown paths without an extension get index.html.
      if (path.extname(relatif) !== '') {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Introuvable');
        return;
      }
      fichier = path.join(racine, 'index.html');
      infos = await stat(fichier).catch(() => null);
      if (!infos?.isFile()) {
        res
          .writeHead(503, { 'content-type': 'text/plain; charset=utf-8' })
          .end("L'interface n'est pas construite : lancez « npm run build ».");
        return;
      }
    }
    const ext = path.extname(fichier).toLowerCase();
    res.writeHead(200, {
      'content-type': TYPES[ext] ?? 'application/octet-stream',
      'content-length': infos.size,
      'cache-control': ext === '.html' ? 'no-store' : 'public, max-age=3600, immutable',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(fichier).pipe(res);
  }

  async function traiterAppel(req: IncomingMessage, res: ServerResponse) {
    const type = req.headers['content-type'] ?? '';
    if (!type.toLowerCase().startsWith('application/json')) {
      refuser(res, 415, 'type_invalide', 'Le corps doit être du JSON.');
      return;
    }
    let corps: unknown;
    try {
      corps = JSON.parse(await lireCorps(req));
    } catch (e) {
      if (e instanceof Error && e.message === 'trop_gros') {
        refuser(res, 413, 'trop_gros', 'La requête est trop volumineuse.');
      } else {
        refuser(res, 400, 'requete_invalide', 'Requête illisible.');
      }
      return;
    }
    const reponse = await executerAppel(coeur, corps, journal);
    repondreJson(res, 200, reponse);
  }

  function ouvrirFlux(req: IncomingMessage, res: ServerResponse) {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 2000\n\n');
    flux.add(res);
    const battement = setInterval(() => res.write(': battement\n\n'), 20_000);
    req.on('close', () => {
      clearInterval(battement);
      flux.delete(res);
    });
  }

  const arreterEcoute = coeur.ecouterTout((evenement, donnees) => {
    const texte = `data: ${JSON.stringify({ evenement, donnees })}\n\n`;
    for (const res of flux) res.write(texte);
  });

  const serveur = createServer((req, res) => {
    entetesSecurite(res);
    if (!requeteLocale(req)) {
      res.writeHead(421, { 'content-type': 'text/plain; charset=utf-8' }).end('Hôte ou origine refusés.');
      return;
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const chemin = url.pathname;
    if (chemin === WEB_APPEL || chemin === WEB_EVENEMENTS) {
      const candidat = chemin === WEB_EVENEMENTS ? url.searchParams.get('jeton') : req.headers[ENTETE_JETON];
      if (!jetonValide(Array.isArray(candidat) ? candidat[0] : candidat)) {
        refuser(res, 401, 'jeton_invalide', 'Jeton absent ou invalide.');
        return;
      }
      if (chemin === WEB_APPEL) {
        if (req.method !== 'POST') {
          res.writeHead(405, { allow: 'POST' }).end();
          return;
        }
        traiterAppel(req, res).catch((e: unknown) => {
          journal(`Erreur de l'hôte web : ${String(e)}`);
          if (!res.headersSent) refuser(res, 500, 'interne', 'Erreur interne.');
        });
        return;
      }
      if (req.method !== 'GET') {
        res.writeHead(405, { allow: 'GET' }).end();
        return;
      }
      ouvrirFlux(req, res);
      return;
    }
    if (chemin.startsWith('/_app/')) {
      res.writeHead(404).end();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    servirFichier(req, res, chemin).catch((e: unknown) => {
      journal(`Erreur de l'hôte web : ${String(e)}`);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  serveur.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    serveur.once('error', reject);
    serveur.listen(options.port ?? 0, '127.0.0.1', () => {
      serveur.off('error', reject);
      resolve();
    });
  });
  port = (serveur.address() as AddressInfo).port;
  const origine = `http://127.0.0.1:${port}`;

  return {
    url: `${origine}/#jeton=${jeton}`,
    origine,
    port,
    jeton,
    async close() {
      arreterEcoute();
      for (const res of flux) res.end();
      flux.clear();
      await new Promise<void>((resolve) => {
        serveur.close(() => resolve());
        serveur.closeAllConnections();
      });
    },
  };
}

import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fault-injecting proxy on 127.0.0.1 in front of the real guichet: it forwards every request, and
 * the rules added by a test alter the answers of the requests they match (cut them, drip them,
 * replace them, rewrite their JSON). The reference server stays honest; the faults live here.
 */
export type Panne =
  /** Forwarded, then only the head and `octets` bytes of the body are sent before a clean close (FIN). */
  | { type: 'couper'; octets?: number }
  /** Forwarded, then the body is sent one byte every `intervalleMs` (a slow-drip line). */
  | { type: 'goutte'; intervalleMs: number }
  /** Not forwarded: this answer instead. */
  | { type: 'repondre'; statut: number; entetes?: Record<string, string>; corps?: string | Buffer }
  /** Forwarded, then the JSON body is replaced by what `reecrire` returns (Content-Length updated). */
  | { type: 'reecrire'; reecrire: (json: unknown, requete: RequeteVue) => unknown }
  /** Not forwarded: the socket is destroyed without an answer (RST). */
  | { type: 'raccrocher' };

export interface Regle {
  methode?: string;
  /** Matched against the path and query (e.g. /api/v1/teledossiers?depuis=…). */
  chemin: RegExp;
  /** How many matching requests this rule alters (default: all of them). */
  fois?: number;
  panne: Panne;
}

export interface RequeteVue {
  methode: string;
  chemin: string;
  /** The request body as received (the proxy forwards it unchanged). */
  corps: Buffer;
  /** The rule that altered it, if any. */
  panne: Panne['type'] | null;
}

export interface ProxyPannes {
  url: string;
  requetes: RequeteVue[];
  ajouter(regle: Regle): void;
  /** Removes every rule: the proxy forwards faithfully again. */
  vider(): void;
  fermer(): Promise<void>;
}

export async function demarrerProxy(cible: string): Promise<ProxyPannes> {
  const amont = new URL(cible);
  const regles: { regle: Regle; restantes: number }[] = [];
  const requetes: RequeteVue[] = [];
  const minuteries = new Set<NodeJS.Timeout>();

  const trouver = (methode: string, chemin: string): Panne | null => {
    const r = regles.find(
      (x) =>
        x.restantes > 0 && (!x.regle.methode || x.regle.methode === methode) && x.regle.chemin.test(chemin),
    );
    if (!r) return null;
    r.restantes--;
    return r.regle.panne;
  };

  const transmettre = (req: http.IncomingMessage, corps: Buffer) =>
    new Promise<{ statut: number; entetes: http.IncomingHttpHeaders; corps: Buffer }>((resolve, reject) => {
      const entetes = { ...req.headers, host: amont.host };
      const sortie = http.request(
        { hostname: amont.hostname, port: amont.port, path: req.url, method: req.method, headers: entetes },
        (res) => {
          const morceaux: Buffer[] = [];
          res.on('data', (m: Buffer) => morceaux.push(m));
          res.on('end', () =>
            resolve({ statut: res.statusCode ?? 502, entetes: res.headers, corps: Buffer.concat(morceaux) }),
          );
          res.on('error', reject);
        },
      );
      sortie.on('error', reject);
      sortie.end(corps);
    });

  const serveur = http.createServer((req, res) => {
    const morceaux: Buffer[] = [];
    req.on('data', (m: Buffer) => morceaux.push(m));
    req.on('end', () => {
      const methode = req.method ?? 'GET';
      const chemin = req.url ?? '/';
      const corpsRequete = Buffer.concat(morceaux);
      const panne = trouver(methode, chemin);
      const vue: RequeteVue = { methode, chemin, corps: corpsRequete, panne: panne?.type ?? null };
      requetes.push(vue);
      if (panne?.type === 'raccrocher') {
        req.socket.destroy();
        return;
      }
      if (panne?.type === 'repondre') {
        res.writeHead(panne.statut, panne.entetes ?? {});
        res.end(panne.corps ?? '');
        return;
      }
      transmettre(req, corpsRequete).then(
        (r) => {
          // Hop-by-hop and length headers are ours to set: the body may have changed.
          const entetes = { ...r.entetes };
          delete entetes['transfer-encoding'];
          delete entetes.connection;
          delete entetes['keep-alive'];
          let corps = r.corps;
          if (panne?.type === 'reecrire') {
            corps = Buffer.from(JSON.stringify(panne.reecrire(JSON.parse(corps.toString('utf8')), vue)));
            delete entetes.etag;
          }
          entetes['content-length'] = String(corps.length);
          if (panne?.type === 'couper') {
            // The head promises the whole body; a clean FIN after part of it.
            res.writeHead(r.statut, entetes);
            res.write(corps.subarray(0, panne.octets ?? Math.floor(corps.length / 2)));
            res.socket?.end();
            return;
          }
          if (panne?.type === 'goutte') {
            res.writeHead(r.statut, entetes);
            let i = 0;
            const suivant = () => {
              if (res.destroyed) return;
              if (i >= corps.length) {
                res.end();
                return;
              }
              res.write(corps.subarray(i, i + 1));
              i++;
              const t = setTimeout(() => {
                minuteries.delete(t);
                suivant();
              }, panne.intervalleMs);
              minuteries.add(t);
            };
            suivant();
            return;
          }
          res.writeHead(r.statut, entetes);
          res.end(corps);
        },
        () => {
          res.writeHead(502);
          res.end();
        },
      );
    });
  });
  await new Promise<void>((resolve) => serveur.listen(0, '127.0.0.1', resolve));
  const port = (serveur.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requetes,
    ajouter(regle) {
      regles.push({ regle, restantes: regle.fois ?? Infinity });
    },
    vider() {
      regles.length = 0;
    },
    async fermer() {
      for (const t of minuteries) clearTimeout(t);
      serveur.closeAllConnections();
      await new Promise<void>((resolve) => serveur.close(() => resolve()));
    },
  };
}

import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A throwaway loopback server for protocol edge cases our real guichet never produces on purpose
 * (lying digest, cut connections, ignored Range, 5xx bursts). Not a copy of the guichet.
 */
export interface Comportement {
  corps: Buffer;
  /** Bytes actually sent instead of `corps` (tampering), headers still describe `corps`. */
  corpsServi?: Buffer;
  /** Overrides the ETag / Repr-Digest computed from `corps` (null: header absent). */
  etag?: string | null;
  reprDigest?: string | null;
  /** Status codes answered (in order) before behaving normally. */
  statutsAvant?: number[];
  /** For the first N requests, send only this many body bytes then destroy the socket. */
  couperApres?: { octets: number; fois: number };
  /** For the first N requests, send this many bytes then hang until the client gives up. */
  bloquerApres?: { octets: number; fois: number };
  /** Answer 200 with the whole body even to a Range request. */
  ignorerRange?: boolean;
  /** Chunked answer, no Content-Length (the client cannot know the size in advance). */
  sansLongueur?: boolean;
  /** Token expected in Authorization (otherwise 401). */
  jeton?: string;
  /** Retry-After sent with the `statutsAvant` answers (default '0'). */
  retryAfter?: string;
  /** For the first N requests, the body trickles: `octets` bytes every `intervalleMs` (slow-drip line). */
  goutte?: { octets: number; intervalleMs: number; fois: number };
  /** For the first N requests, no answer at all (not even the head) until the client gives up. */
  muetAvantEntete?: { fois: number };
  /** Overrides the Content-Length header (a lie about the size); the body sent is unchanged. */
  contentLength?: number;
}

export interface RequeteVue {
  numero: string;
  range: string | undefined;
  ifRange: string | undefined;
  autorisation: string | undefined;
  statut: number;
  octetsEnvoyes: number;
}

export interface ServeurFixture {
  url: string;
  requetes: RequeteVue[];
  definir(numero: string, c: Comportement): void;
  fermer(): Promise<void>;
}

export function sha256(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}

export async function demarrerFixture(): Promise<ServeurFixture> {
  const comportements = new Map<string, Comportement>();
  const requetes: RequeteVue[] = [];
  const bloquees = new Set<http.ServerResponse>();
  const minuteries = new Set<NodeJS.Timeout>();
  const serveur = http.createServer((req, res) => {
    const numero = /\/teledossiers\/([^/]+)\/archive$/.exec(req.url ?? '')?.[1] ?? '';
    const c = comportements.get(numero);
    const vue: RequeteVue = {
      numero,
      range: req.headers.range,
      ifRange: req.headers['if-range'] as string | undefined,
      autorisation: req.headers.authorization,
      statut: 0,
      octetsEnvoyes: 0,
    };
    requetes.push(vue);
    const repondre = (statut: number, entetes: Record<string, string | number>, corps?: Buffer): void => {
      vue.statut = statut;
      res.writeHead(statut, entetes);
      vue.octetsEnvoyes = corps?.length ?? 0;
      res.end(corps);
    };
    if (!c)
      return repondre(404, { 'content-type': 'application/json' }, Buffer.from('{"erreur":"introuvable"}'));
    if (c.jeton && req.headers.authorization !== `Bearer ${c.jeton}`) {
      return repondre(
        401,
        { 'content-type': 'application/json' },
        Buffer.from('{"erreur":"non_authentifie"}'),
      );
    }
    const statutAvant = c.statutsAvant?.shift();
    if (statutAvant !== undefined)
      return repondre(statutAvant, { 'retry-after': c.retryAfter ?? '0' }, Buffer.from('{}'));
    if (c.muetAvantEntete && c.muetAvantEntete.fois > 0) {
      c.muetAvantEntete.fois--;
      bloquees.add(res);
      res.on('close', () => bloquees.delete(res));
      return;
    }

    const digest = sha256(c.corps);
    const etag = c.etag === undefined ? `"${digest}"` : c.etag;
    const repr =
      c.reprDigest === undefined
        ? `sha-256=:${Buffer.from(digest, 'hex').toString('base64')}:`
        : c.reprDigest;
    const servi = c.corpsServi ?? c.corps;
    const entetes: Record<string, string | number> = {
      'content-type': 'application/zip',
      'accept-ranges': 'bytes',
    };
    if (etag !== null) entetes['etag'] = etag;
    if (repr !== null) entetes['repr-digest'] = repr;
    let debut = 0;
    const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const ifRangeOk = !req.headers['if-range'] || req.headers['if-range'] === etag;
    if (m && !c.ignorerRange && ifRangeOk) {
      debut = Number(m[1]);
      if (debut >= servi.length) return repondre(416, { 'content-range': `bytes */${servi.length}` });
      entetes['content-range'] = `bytes ${debut}-${servi.length - 1}/${servi.length}`;
    }
    const morceau = servi.subarray(debut);
    if (!c.sansLongueur) entetes['content-length'] = c.contentLength ?? morceau.length;
    vue.statut = debut > 0 ? 206 : 200;
    res.writeHead(vue.statut, entetes);
    if (c.couperApres && c.couperApres.fois > 0) {
      c.couperApres.fois--;
      const n = Math.min(c.couperApres.octets, morceau.length);
      vue.octetsEnvoyes = n;
      res.write(morceau.subarray(0, n), () => setTimeout(() => res.socket?.destroy(), 20));
      return;
    }
    if (c.bloquerApres && c.bloquerApres.fois > 0) {
      c.bloquerApres.fois--;
      const n = Math.min(c.bloquerApres.octets, morceau.length);
      vue.octetsEnvoyes = n;
      bloquees.add(res);
      res.on('close', () => bloquees.delete(res));
      res.write(morceau.subarray(0, n));
      return;
    }
    if (c.goutte && c.goutte.fois > 0) {
      c.goutte.fois--;
      const { octets, intervalleMs } = c.goutte;
      let i = 0;
      const minuterie = setInterval(() => {
        if (res.destroyed || i >= morceau.length) {
          clearInterval(minuterie);
          minuteries.delete(minuterie);
          if (!res.destroyed) res.end();
          return;
        }
        res.write(morceau.subarray(i, i + octets));
        i += octets;
        vue.octetsEnvoyes = Math.min(i, morceau.length);
      }, intervalleMs);
      minuteries.add(minuterie);
      return;
    }
    vue.octetsEnvoyes = morceau.length;
    res.end(morceau);
  });
  await new Promise<void>((r) => serveur.listen(0, '127.0.0.1', r));
  const { port } = serveur.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requetes,
    definir: (numero, c) => comportements.set(numero, c),
    fermer: async () => {
      for (const m of minuteries) clearInterval(m);
      for (const r of bloquees) r.socket?.destroy();
      serveur.closeAllConnections();
      await new Promise<void>((r) => serveur.close(() => r()));
    },
  };
}

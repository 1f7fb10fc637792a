import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { listeIncrementaleSchema, loginResponseSchema, type Dossier } from '../../src/shared/api/schemas.js';
import { demarrerServeur } from '../../src/server/index.js';
import { seederParLaCli } from '../../src/server/seed-cli.js';
import type { SourceArchives } from '../../src/main/archive/index.js';

export interface GuichetReel {
  url: string;
  token: string;
  codeInsee: string;
  dossiers: Dossier[];
  dossierTemp: string;
  source(base?: string): SourceArchives;
  fermer(): Promise<void>;
}

/**
 * The real guichet: seeded with its own CLI into a temp folder, served on 127.0.0.1 port 0, logged
 * in as an agent of the first service, whose dossiers are listed with the incremental listing.
 */
export async function demarrerGuichetReel(nombreDossiers: number, graine: string): Promise<GuichetReel> {
  const dossierTemp = await fs.mkdtemp(path.join(os.tmpdir(), 'archive-guichet-'));
  const db = path.join(dossierTemp, 'guichet.db');
  const seed = await seederParLaCli({ db, dossiers: nombreDossiers, graine });
  const service = seed.services[0]!;
  const agent =
    service.utilisateurs.find((u) => u.habilitation === 'INSTRUCTION') ?? service.utilisateurs[0]!;
  const serveur = await demarrerServeur({
    db,
    port: 0,
    host: '127.0.0.1',
    courriels: path.join(dossierTemp, 'courriels'),
  });
  try {
    const token = await connecter(serveur.url, agent.identifiant, agent.motDePasse);
    const dossiers = await listerTout(serveur.url, token);
    return {
      url: serveur.url,
      token,
      codeInsee: service.codeInsee,
      dossiers,
      dossierTemp,
      source: (base = serveur.url) => ({
        urlArchive: (n) => `${base}/api/v1/teledossiers/${n}/archive`,
        entetes: async () => ({ authorization: `Bearer ${token}` }),
      }),
      fermer: async () => {
        await serveur.close();
        await fs.rm(dossierTemp, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await serveur.close();
    throw e;
  }
}

export async function connecter(url: string, identifiant: string, motDePasse: string): Promise<string> {
  const r = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ identifiant, motDePasse }),
  });
  if (!r.ok) throw new Error(`login ${r.status}`);
  return loginResponseSchema.parse(await r.json()).token;
}

export async function listerTout(url: string, token: string): Promise<Dossier[]> {
  const tous: Dossier[] = [];
  let curseur = '';
  for (;;) {
    const r = await fetch(`${url}/api/v1/teledossiers?depuis=${encodeURIComponent(curseur)}&limite=1000`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!r.ok) throw new Error(`liste ${r.status}`);
    const page = listeIncrementaleSchema.parse(await r.json());
    tous.push(...page.elements);
    curseur = page.curseur;
    if (!page.encore) return tous;
  }
}

/**
 * A loopback TCP relay that trickles the server's answers (small pieces, short pauses), so that a
 * cancellation reliably lands in the middle of bodies. It forwards bytes, nothing else.
 */
export async function relaisLent(
  cible: string,
  octetsParPas = 1024,
  pauseMs = 3,
): Promise<{ url: string; fermer(): Promise<void> }> {
  const { hostname, port } = new URL(cible);
  const sockets = new Set<net.Socket>();
  const serveur = net.createServer((client) => {
    const amont = net.connect(Number(port), hostname);
    sockets.add(client).add(amont);
    client.pipe(amont);
    let file: Buffer[] = [];
    let enCours = false;
    const pomper = (): void => {
      if (enCours) return;
      enCours = true;
      const pas = (): void => {
        const tete = file.shift();
        if (!tete || client.destroyed) {
          enCours = false;
          return;
        }
        if (tete.length > octetsParPas) file.unshift(tete.subarray(octetsParPas));
        client.write(tete.subarray(0, octetsParPas));
        setTimeout(pas, pauseMs);
      };
      pas();
    };
    amont.on('data', (b: Buffer) => {
      file.push(b);
      pomper();
    });
    const fin = (): void => {
      file = [];
      client.destroy();
      amont.destroy();
    };
    client.on('error', fin).on('close', fin);
    amont.on('error', fin).on('close', () => setTimeout(fin, 1000));
  });
  await new Promise<void>((r) => serveur.listen(0, '127.0.0.1', r));
  const adresse = serveur.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${adresse.port}`,
    fermer: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => serveur.close(() => r()));
    },
  };
}

import { createHash } from 'node:crypto';
import http from 'node:http';
import AdmZip from 'adm-zip';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ListeIncrementale } from '../../src/shared/api/schemas.js';
import { demarrerServeur } from '../../src/server/index.js';
import {
  appeler,
  arreterBanc,
  comptes,
  connecter,
  demarrerBanc,
  journalMemoire,
  type Banc,
} from './aides.js';

let b: Banc;
let token: string;
let dossiers: ListeIncrementale['elements'];
beforeAll(async () => {
  b = await demarrerBanc(24);
  const c = comptes(b);
  token = await connecter(b.api, c.agent.identifiant, c.agent.motDePasse);
  dossiers = (await appeler<ListeIncrementale>(`${b.api}/teledossiers?depuis=`, { token })).json.elements;
});
afterAll(() => arreterBanc(b));

const url = (numero: string) => `${b.api}/teledossiers/${numero}/archive`;
const sha = (o: Buffer) => createHash('sha256').update(o).digest();

describe('archives', () => {
  it('sert un vrai zip dont taille et empreinte égalent la liste, avec ses en-têtes', async () => {
    for (const d of dossiers.slice(0, 4)) {
      const r = await appeler(url(d.numero), { token });
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('application/zip');
      expect(Number(r.headers.get('content-length'))).toBe(d.archive.taille);
      expect(r.octets.length).toBe(d.archive.taille);
      expect(sha(r.octets).toString('hex')).toBe(d.archive.sha256);
      expect(r.headers.get('etag')).toBe(`"${d.archive.sha256}"`);
      expect(r.headers.get('repr-digest')).toBe(`sha-256=:${sha(r.octets).toString('base64')}:`);
      expect(r.headers.get('accept-ranges')).toBe('bytes');
      expect(r.headers.get('content-disposition')).toContain(`${d.numero}.zip`);
      const zip = new AdmZip(r.octets);
      const noms = zip.getEntries().map((e) => e.entryName);
      expect(noms[0]).toBe(`cerfa-${d.numero}.pdf`);
      expect(noms.slice(-2)).toEqual(['entete.xml', 'donnees.xml']);
      expect(zip.readAsText('entete.xml')).toContain(`<numero>${d.numero}</numero>`);
      expect(zip.getEntry(noms[0]!)!.getData().subarray(0, 5).toString()).toBe('%PDF-');
    }
  });

  it('honore Range (206, Content-Range), refuse une plage hors taille (416), et If-None-Match (304)', async () => {
    const d = dossiers[0]!;
    const entier = (await appeler(url(d.numero), { token })).octets;
    const r = await appeler(url(d.numero), { token, headers: { range: 'bytes=10-99' } });
    expect(r.status).toBe(206);
    expect(r.headers.get('content-range')).toBe(`bytes 10-99/${entier.length}`);
    expect(r.octets.equals(entier.subarray(10, 100))).toBe(true);
    const fin = await appeler(url(d.numero), { token, headers: { range: 'bytes=-20' } });
    expect(fin.octets.equals(entier.subarray(entier.length - 20))).toBe(true);
    const reprise = await appeler(url(d.numero), {
      token,
      headers: { range: `bytes=${entier.length - 5}-` },
    });
    expect(reprise.status).toBe(206);
    expect(Buffer.concat([entier.subarray(0, entier.length - 5), reprise.octets]).equals(entier)).toBe(true);
    const hors = await appeler(url(d.numero), { token, headers: { range: `bytes=${entier.length}-` } });
    expect(hors.status).toBe(416);
    expect(hors.headers.get('content-range')).toBe(`bytes */${entier.length}`);
    expect(hors.json).toMatchObject({ erreur: 'plage_invalide' });
    const inm = await appeler(url(d.numero), {
      token,
      headers: { 'if-none-match': `"${d.archive.sha256}"` },
    });
    expect(inm.status).toBe(304);
    expect(inm.octets.length).toBe(0);
    const autre = await appeler(url(d.numero), { token, headers: { 'if-none-match': '"autre"' } });
    expect(autre.status).toBe(200);
    const ifRangePerime = await appeler(url(d.numero), {
      token,
      headers: { range: 'bytes=0-9', 'if-range': '"perime"' },
    });
    expect(ifRangePerime.status).toBe(200);
    expect(ifRangePerime.octets.length).toBe(entier.length);
  });

  it('est déterministe : deux téléchargements et une reconstruction à froid donnent les mêmes octets', async () => {
    const d = dossiers[1]!;
    const un = (await appeler(url(d.numero), { token })).octets;
    const deux = (await appeler(url(d.numero), { token })).octets;
    expect(deux.equals(un)).toBe(true);
    // A second server on the same database starts with an empty cache: it rebuilds the zip.
    const journal = journalMemoire();
    const autre = await demarrerServeur({ db: b.db, port: 0, courriels: b.courriels, journal });
    try {
      const c = comptes(b);
      const t = await connecter(`${autre.url}/api/v1`, c.agent.identifiant, c.agent.motDePasse);
      const reconstruit = await appeler(`${autre.url}/api/v1/teledossiers/${d.numero}/archive`, { token: t });
      expect(reconstruit.octets.equals(un)).toBe(true);
      expect(journal.lignes.filter((l) => l.includes('régénérée'))).toEqual([]);
    } finally {
      await autre.close();
    }
    // Stopped, it frees its port and its database: a restart on the same port and file works.
    const encore = await demarrerServeur({ db: b.db, port: autre.port, courriels: b.courriels, journal });
    try {
      expect(encore.url).toBe(autre.url);
      // A fresh connection: fetch's pool may still hold a socket to the stopped server.
      const statut = await new Promise<number | undefined>((resolve, reject) =>
        http
          .get(`${encore.url}/api/v1/openapi.json`, { agent: false }, (r) => resolve(r.resume().statusCode))
          .on('error', reject),
      );
      expect(statut).toBe(200);
    } finally {
      await encore.close();
    }
  });

  it('sert des archives en parallèle, chacune conforme à son empreinte', async () => {
    const reponses = await Promise.all(dossiers.map((d) => appeler(url(d.numero), { token })));
    reponses.forEach((r, i) => expect(sha(r.octets).toString('hex')).toBe(dossiers[i]!.archive.sha256));
  });

  it('HEAD donne les en-têtes sans le corps', async () => {
    const d = dossiers[0]!;
    const r = await fetch(url(d.numero), { method: 'HEAD', headers: { authorization: `Bearer ${token}` } });
    expect(r.status).toBe(200);
    expect(r.headers.get('etag')).toBe(`"${d.archive.sha256}"`);
    expect(Buffer.from(await r.arrayBuffer()).length).toBe(0);
  });

  it('se répare si l’empreinte enregistrée ne correspond plus aux octets régénérés (nouvelle version du dossier)', async () => {
    const d = dossiers.at(-1)!;
    const avant = await appeler<ListeIncrementale>(`${b.api}/teledossiers?depuis=&limite=1000`, { token });
    const db = new Database(b.db);
    db.prepare('UPDATE dossiers SET archive_sha256 = ? WHERE numero = ?').run(Buffer.alloc(32, 7), d.numero);
    db.close();
    const r = await appeler(url(d.numero), { token });
    expect(r.status).toBe(200);
    expect(r.headers.get('etag')).toBe(`"${d.archive.sha256}"`);
    expect(b.journal.lignes.some((l) => l.includes(d.numero) && l.includes('régénérée'))).toBe(true);
    const suite = await appeler<ListeIncrementale>(`${b.api}/teledossiers?depuis=${avant.json.curseur}`, {
      token,
    });
    expect(suite.json.elements).toEqual([expect.objectContaining({ numero: d.numero, archive: d.archive })]);
  });
});

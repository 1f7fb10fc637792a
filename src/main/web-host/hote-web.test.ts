import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTETE_JETON, ErreurApp, WEB_APPEL, WEB_EVENEMENTS } from '../../shared/app-api/index.js';
import type { Coeur } from '../app/coeur.js';
import { demarrerHoteWeb, type HoteWeb } from './index.js';

type Ecouteur = (evenement: never, donnees: unknown) => void;

function coeurFactice() {
  const ecouteurs = new Set<Ecouteur>();
  const coeur: Coeur = {
    async appeler(methode, args) {
      if (methode === 'app.info') {
        return { version: 't', hote: 'web', peutOuvrirFichiers: false, peutChoisirDossier: false } as never;
      }
      if (methode === 'session.courante') throw new ErreurApp('hors_ligne', 'Le guichet est injoignable.');
      if (methode === 'profils.lister') throw new Error('panne imprévue');
      return { recu: args } as never;
    },
    ecouter: () => () => undefined,
    ecouterTout(f) {
      ecouteurs.add(f as Ecouteur);
      return () => ecouteurs.delete(f as Ecouteur);
    },
    async fermer() {},
  };
  const emettre = (e: string, d: unknown) => ecouteurs.forEach((f) => f(e as never, d));
  return { coeur, emettre };
}

interface Reponse {
  statut: number;
  entetes: Record<string, string | string[] | undefined>;
  corps: string;
}

function envoyer(
  port: number,
  chemin: string,
  options: { methode?: string; entetes?: Record<string, string>; corps?: string } = {},
): Promise<Reponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: chemin, method: options.methode ?? 'GET', headers: options.entetes },
      (res) => {
        let corps = '';
        res.setEncoding('utf8');
        res.on('data', (m: string) => (corps += m));
        res.on('end', () => resolve({ statut: res.statusCode ?? 0, entetes: res.headers, corps }));
      },
    );
    req.on('error', reject);
    if (options.corps) req.write(options.corps);
    req.end();
  });
}

describe('hôte web', () => {
  let hote: HoteWeb;
  const { coeur, emettre } = coeurFactice();
  const jsonAppel = (methode: string, args: unknown = {}) => JSON.stringify({ methode, args });

  beforeAll(async () => {
    const dossier = mkdtempSync(path.join(tmpdir(), 'hote-web-'));
    writeFileSync(path.join(dossier, 'index.html'), '<!doctype html><title>t</title>');
    hote = await demarrerHoteWeb({ coeur, dossierRenderer: dossier, journal: () => undefined });
  });
  afterAll(() => hote.close());

  it('écoute sur 127.0.0.1 et donne une adresse avec un jeton de 32 octets', () => {
    expect(hote.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#jeton=[A-Za-z0-9_-]{43}$/);
  });

  it('sert l’interface avec une CSP stricte', async () => {
    const r = await envoyer(hote.port, '/', { entetes: { host: `127.0.0.1:${hote.port}` } });
    expect(r.statut).toBe(200);
    expect(r.entetes['content-security-policy']).toContain("default-src 'self'");
    expect(r.entetes['content-security-policy']).toContain('frame-src blob:');
    // The in-app viewer needs blob: for the PDF frame and the images, nothing else loosened.
    expect(r.entetes['content-security-policy']).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; frame-src blob:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
  });

  it('refuse un appel sans jeton ou avec un mauvais jeton (401)', async () => {
    const sans = await envoyer(hote.port, WEB_APPEL, {
      methode: 'POST',
      entetes: { 'content-type': 'application/json' },
      corps: jsonAppel('app.info'),
    });
    expect(sans.statut).toBe(401);
    const faux = await envoyer(hote.port, WEB_APPEL, {
      methode: 'POST',
      entetes: { 'content-type': 'application/json', [ENTETE_JETON]: 'x'.repeat(43) },
      corps: jsonAppel('app.info'),
    });
    expect(faux.statut).toBe(401);
  });

  it('transmet un appel valide au cœur, et ses erreurs sous la forme du contrat', async () => {
    const entetes = { 'content-type': 'application/json', [ENTETE_JETON]: hote.jeton };
    const ok = await envoyer(hote.port, WEB_APPEL, {
      methode: 'POST',
      entetes,
      corps: jsonAppel('app.info'),
    });
    expect(JSON.parse(ok.corps)).toMatchObject({ ok: true, resultat: { hote: 'web' } });
    const ko = await envoyer(hote.port, WEB_APPEL, {
      methode: 'POST',
      entetes,
      corps: jsonAppel('session.courante'),
    });
    expect(JSON.parse(ko.corps)).toEqual({
      ok: false,
      erreur: { code: 'hors_ligne', message: 'Le guichet est injoignable.' },
    });
    const interne = await envoyer(hote.port, WEB_APPEL, {
      methode: 'POST',
      entetes,
      corps: jsonAppel('profils.lister'),
    });
    expect(JSON.parse(interne.corps)).toMatchObject({ ok: false, erreur: { code: 'interne' } });
    const inconnue = await envoyer(hote.port, WEB_APPEL, {
      methode: 'POST',
      entetes,
      corps: jsonAppel('fs.lire'),
    });
    expect(JSON.parse(inconnue.corps)).toMatchObject({ ok: false, erreur: { code: 'methode_inconnue' } });
  });

  it('refuse un en-tête Host qui n’est pas local (DNS rebinding) et les requêtes d’une autre origine', async () => {
    const rebinding = await envoyer(hote.port, '/', { entetes: { host: `attaquant.example:${hote.port}` } });
    expect(rebinding.statut).toBe(421);
    const origine = await envoyer(hote.port, WEB_APPEL, {
      methode: 'POST',
      entetes: {
        'content-type': 'application/json',
        [ENTETE_JETON]: hote.jeton,
        origin: 'https://attaquant.example',
      },
      corps: jsonAppel('app.info'),
    });
    expect(origine.statut).toBe(421);
  });

  it('ne sert rien hors du dossier de l’interface', async () => {
    // Encoded "../" stays inside the folder: the single-page fallback answers, never /etc/passwd.
    const r = await envoyer(hote.port, '/..%2f..%2f..%2fetc%2fpasswd');
    expect(r.corps).not.toContain('root:');
    expect(r.corps).toContain('<title>t</title>');
    const r2 = await envoyer(hote.port, '/../../etc/passwd.txt');
    expect(r2.statut).toBe(404);
  });

  it('diffuse les événements du cœur en Server-Sent Events, jeton requis', async () => {
    const refuse = await envoyer(hote.port, `${WEB_EVENEMENTS}?jeton=mauvais`);
    expect(refuse.statut).toBe(401);
    const message = await new Promise<string>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: hote.port, path: `${WEB_EVENEMENTS}?jeton=${hote.jeton}` },
        (res) => {
          expect(res.headers['content-type']).toContain('text/event-stream');
          let tampon = '';
          res.setEncoding('utf8');
          res.on('data', (m: string) => {
            tampon += m;
            const ligne = tampon.split('\n').find((l) => l.startsWith('data: '));
            if (ligne) {
              req.destroy();
              resolve(ligne.slice(6));
            }
          });
          setTimeout(() => emettre('notification', { titre: 'T', corps: 'C' }), 50);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(JSON.parse(message)).toEqual({ evenement: 'notification', donnees: { titre: 'T', corps: 'C' } });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_BASE, routes } from '../../src/shared/api/routes.js';
import { appeler, arreterBanc, comptes, connecter, demarrerBanc, type Banc } from './aides.js';

let b: Banc;
let token: string;
beforeAll(async () => {
  b = await demarrerBanc(2);
  const c = comptes(b);
  token = await connecter(b.api, c.agent.identifiant, c.agent.motDePasse);
});
afterAll(() => arreterBanc(b));

describe('contrat HTTP', () => {
  it('publie la description OpenAPI 3.1 avec chaque route de la table', async () => {
    const r = await appeler<{
      openapi: string;
      paths: Record<string, Record<string, { operationId: string }>>;
    }>(`${b.api}/openapi.json`);
    expect(r.status).toBe(200);
    expect(r.json.openapi).toBe('3.1.0');
    for (const [nom, def] of Object.entries(routes)) {
      const chemin = API_BASE + def.path.replace(/:([a-zA-Z]+)/g, '{$1}');
      expect(r.json.paths[chemin]?.[def.method.toLowerCase()]?.operationId, nom).toBe(nom);
    }
  });

  it('enregistre chaque route de la table (aucune ne tombe sur le 404 générique)', async () => {
    for (const def of Object.values(routes)) {
      const chemin = def.path.replace(':numero', 'A-5-AAAAAAAA').replace(':identifiant', 'personne');
      const r = await appeler(`${b.api}${chemin}`, {
        method: def.method,
        ...(def.method === 'GET' ? {} : { body: {} }),
      });
      expect(r.json, `${def.method} ${def.path}`).not.toMatchObject({ erreur: 'route_inconnue' });
      expect(r.status).toBeGreaterThanOrEqual(200);
    }
  });

  it('répond en français au format {erreur, message} pour les routes inconnues et les erreurs de fastify', async () => {
    const inconnue = await appeler(`${b.api}/nulle-part`, { token });
    expect(inconnue.status).toBe(404);
    expect(inconnue.json).toMatchObject({
      erreur: 'route_inconnue',
      message: expect.stringContaining('Aucune adresse'),
    });
    const casse = await appeler(`${b.api}/auth/login`, { body: '{pas du json' });
    expect(casse.status).toBe(400);
    expect(casse.json).toMatchObject({ erreur: 'json_invalide' });
    const gros = await appeler(`${b.api}/auth/login`, {
      body: JSON.stringify({ identifiant: 'x'.repeat(2 * 1024 * 1024), motDePasse: 'y' }),
    });
    expect(gros.status).toBe(413);
    expect(gros.json).toMatchObject({ erreur: 'trop_volumineux' });
    const type = await appeler(`${b.api}/auth/login`, {
      body: 'identifiant=x',
      headers: { 'content-type': 'text/plain' },
    });
    expect(type.status).toBe(415);
    expect(type.json).toMatchObject({ erreur: 'type_non_supporte' });
    const vide = await appeler(`${b.api}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    expect(vide.status).toBe(400);
    // An empty body with a JSON Content-Type is "no body": logout works.
    const sortie = await appeler(`${b.api}/auth/logout`, {
      method: 'POST',
      token,
      headers: { 'content-type': 'application/json' },
    });
    expect(sortie.status).toBe(200);
    for (const r of [inconnue, casse, gros, type, vide])
      expect(typeof (r.json as { message: unknown }).message).toBe('string');
  });

  it('ne renvoie jamais une réponse non conforme au contrat : 500 propre à la place', async () => {
    const { envoyerJson } = await import('../../src/server/http/enregistrement.js');
    const { loginResponseSchema } = await import('../../src/shared/api/schemas.js');
    const envoye: { code?: number; corps?: unknown } = {};
    const reponse = {
      code(c: number) {
        envoye.code = c;
        return this;
      },
      header() {
        return this;
      },
      send(c: unknown) {
        envoye.corps = c;
        return this;
      },
    };
    const lignes: string[] = [];
    const g = {
      journal: { erreur: (m: string) => lignes.push(m), info: () => undefined, avertir: () => undefined },
    };
    // Minimal stand-ins: only what envoyerJson touches.
    envoyerJson(g as never, reponse as never, 200, loginResponseSchema, { token: 'court' }, 'login');
    expect(envoye.code).toBe(500);
    expect(envoye.corps).toMatchObject({ erreur: 'reponse_invalide' });
    expect(lignes[0]).toContain('login');
  });
});

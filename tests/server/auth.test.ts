import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appeler,
  arreterBanc,
  attendre,
  comptes,
  connecter,
  demarrerBanc,
  fichiersEml,
  type Banc,
} from './aides.js';

let b: Banc;
beforeAll(async () => {
  b = await demarrerBanc(5, { limites: { parIdentifiant: 5, parIp: 50 } });
});
afterAll(() => arreterBanc(b));

describe('authentification', () => {
  it('ouvre une session et renvoie le compte avec son service', async () => {
    const { admin, service } = comptes(b);
    const r = await appeler<{ token: string; expireLe: string; utilisateur: Record<string, unknown> }>(
      `${b.api}/auth/login`,
      {
        body: { identifiant: admin.identifiant, motDePasse: admin.motDePasse },
      },
    );
    expect(r.status).toBe(200);
    expect(r.json.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(r.json.expireLe) - Date.now()).toBeGreaterThan(11 * 3600 * 1000);
    expect(r.json.utilisateur).toMatchObject({
      identifiant: admin.identifiant,
      habilitation: 'GESTION',
      service: { codeInsee: service.codeInsee, nom: service.nom },
    });
    expect(JSON.stringify(r.json)).not.toMatch(/motDePasse|scrypt/);
  });

  it('répond le même 401 pour un inconnu, un mauvais mot de passe et un compte désactivé', async () => {
    const { admin, agent2 } = comptes(b);
    const tokenAdmin = await connecter(b.api, admin.identifiant, admin.motDePasse);
    const desactive = await appeler(`${b.api}/utilisateurs/${agent2.identifiant}`, {
      method: 'PATCH',
      token: tokenAdmin,
      body: { active: false },
    });
    expect(desactive.status).toBe(200);
    const corps = [];
    for (const [identifiant, motDePasse] of [
      ['personne.inconnue', 'nimporte-quoi-123'],
      [admin.identifiant, 'mauvais-mot-de-passe'],
      [agent2.identifiant, agent2.motDePasse],
    ] as const) {
      const r = await appeler(`${b.api}/auth/login`, { body: { identifiant, motDePasse } });
      expect(r.status).toBe(401);
      corps.push(r.json);
    }
    expect(corps[0]).toEqual(corps[1]);
    expect(corps[1]).toEqual(corps[2]);
    expect(corps[0]).toMatchObject({ erreur: 'identifiants_invalides' });
    await appeler(`${b.api}/utilisateurs/${agent2.identifiant}`, {
      method: 'PATCH',
      token: tokenAdmin,
      body: { active: true },
    });
  });

  it('bloque un identifiant après 5 échecs avec 429 et Retry-After, même avec le bon mot de passe', async () => {
    const { agent } = comptes(b);
    for (let i = 0; i < 5; i++) {
      const r = await appeler(`${b.api}/auth/login`, {
        body: { identifiant: agent.identifiant, motDePasse: `faux-${i}-xxxxxx` },
      });
      expect(r.status).toBe(401);
    }
    const bloque = await appeler(`${b.api}/auth/login`, {
      body: { identifiant: agent.identifiant, motDePasse: agent.motDePasse },
    });
    expect(bloque.status).toBe(429);
    const attente = Number(bloque.headers.get('retry-after'));
    expect(attente).toBeGreaterThan(0);
    expect(attente).toBeLessThanOrEqual(15 * 60);
    expect(bloque.json).toMatchObject({ erreur: 'trop_de_tentatives' });
    // The window slides: 16 minutes later the account can log in again.
    b.horloge.avancerJours(16 / (24 * 60));
    expect(await connecter(b.api, agent.identifiant, agent.motDePasse)).toBeTruthy();
  });

  it('limite les demandes de réinitialisation par adresse IP (429 + Retry-After)', async () => {
    let derniere = await appeler(`${b.api}/auth/mot-de-passe-perdu`, {
      body: { identifiant: 'x.y', courriel: 'x@y.fr' },
    });
    for (let i = 0; i < 60 && derniere.status === 202; i++) {
      derniere = await appeler(`${b.api}/auth/mot-de-passe-perdu`, {
        body: { identifiant: 'x.y', courriel: 'x@y.fr' },
      });
    }
    expect(derniere.status).toBe(429);
    expect(Number(derniere.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(derniere.json).toMatchObject({ erreur: 'trop_de_tentatives' });
    b.horloge.avancerJours(16 / (24 * 60));
  });

  it('exige un jeton valide (401 sans, avec un faux, après déconnexion et après expiration)', async () => {
    const { agent } = comptes(b);
    expect((await appeler(`${b.api}/workflows`)).status).toBe(401);
    const faux = await appeler(`${b.api}/workflows`, { token: 'x'.repeat(43) });
    expect(faux.status).toBe(401);
    expect(faux.json).toMatchObject({ erreur: 'non_authentifie' });
    expect(faux.headers.get('www-authenticate')).toContain('Bearer');

    const token = await connecter(b.api, agent.identifiant, agent.motDePasse);
    expect((await appeler(`${b.api}/workflows`, { token })).status).toBe(200);
    expect((await appeler(`${b.api}/auth/logout`, { method: 'POST', token })).json).toEqual({ ok: true });
    expect((await appeler(`${b.api}/workflows`, { token })).status).toBe(401);

    const token2 = await connecter(b.api, agent.identifiant, agent.motDePasse);
    b.horloge.avancerJours(0.6); // > 12 h
    const expire = await appeler(`${b.api}/workflows`, { token: token2 });
    expect(expire.status).toBe(401);
    expect(expire.json).toMatchObject({ erreur: 'session_expiree' });
  });

  it('change son mot de passe (vérifie l’actuel, ferme les autres sessions)', async () => {
    const { agent } = comptes(b, 1);
    const autreAppareil = await connecter(b.api, agent.identifiant, agent.motDePasse);
    const token = await connecter(b.api, agent.identifiant, agent.motDePasse);
    const mauvais = await appeler(`${b.api}/auth/mot-de-passe`, {
      token,
      body: { actuel: 'pas-le-bon', nouveau: 'nouveau-mot-de-passe-1' },
    });
    expect(mauvais.status).toBe(422);
    expect(mauvais.json).toMatchObject({ erreur: 'mot_de_passe_incorrect' });
    const court = await appeler(`${b.api}/auth/mot-de-passe`, {
      token,
      body: { actuel: agent.motDePasse, nouveau: 'court' },
    });
    expect(court.status).toBe(400);
    const ok = await appeler(`${b.api}/auth/mot-de-passe`, {
      token,
      body: { actuel: agent.motDePasse, nouveau: 'nouveau-mot-de-passe-1' },
    });
    expect(ok.status).toBe(200);
    expect((await appeler(`${b.api}/workflows`, { token })).status).toBe(200);
    expect((await appeler(`${b.api}/workflows`, { token: autreAppareil })).status).toBe(401);
    expect(
      (
        await appeler(`${b.api}/auth/login`, {
          body: { identifiant: agent.identifiant, motDePasse: agent.motDePasse },
        })
      ).status,
    ).toBe(401);
    expect(await connecter(b.api, agent.identifiant, 'nouveau-mot-de-passe-1')).toBeTruthy();
  });

  it('réinitialise un mot de passe perdu par un jeton reçu par courriel, à usage unique', async () => {
    const { agent2: agent } = comptes(b, 2);
    const session = await connecter(b.api, agent.identifiant, agent.motDePasse);
    const courriel = `${agent.identifiant}@${await domaine(agent.identifiant, session)}`;
    const pourLui = () =>
      fichiersEml(b.courriels).filter(
        (f) => f.nom.includes('reinitialisation') && f.contenu.includes(`To: ${courriel}`),
      );
    // Wrong courriel: same 202, no mail.
    const faux = await appeler(`${b.api}/auth/mot-de-passe-perdu`, {
      body: { identifiant: agent.identifiant, courriel: 'autre@example.com' },
    });
    expect(faux.status).toBe(202);
    const r = await appeler<{ message: string }>(`${b.api}/auth/mot-de-passe-perdu`, {
      body: { identifiant: agent.identifiant, courriel: courriel.toUpperCase() },
    });
    expect(r.status).toBe(202);
    expect(r.json).toEqual(faux.json);
    await attendre(() => pourLui().length > 0);
    const mails = pourLui();
    expect(mails).toHaveLength(1);
    expect(mails[0]!.contenu).toContain(courriel);
    const jeton = /\n([A-Za-z0-9_-]{43})\n/.exec(mails[0]!.contenu)?.[1];
    expect(jeton).toBeDefined();

    const invalide = await appeler(`${b.api}/auth/reinitialisation`, {
      body: { jeton: 'a'.repeat(43), nouveau: 'mot-de-passe-neuf-2' },
    });
    expect(invalide.status).toBe(422);
    expect(invalide.json).toMatchObject({ erreur: 'jeton_invalide' });
    const ok = await appeler(`${b.api}/auth/reinitialisation`, {
      body: { jeton, nouveau: 'mot-de-passe-neuf-2' },
    });
    expect(ok.status).toBe(200);
    const rejoue = await appeler(`${b.api}/auth/reinitialisation`, {
      body: { jeton, nouveau: 'mot-de-passe-neuf-3' },
    });
    expect(rejoue.status).toBe(422);
    expect((await appeler(`${b.api}/workflows`, { token: session })).status).toBe(401);
    expect(await connecter(b.api, agent.identifiant, 'mot-de-passe-neuf-2')).toBeTruthy();
  });
});

/** The domain of an account's courriel, read through the API (the seed JSON does not carry it). */
async function domaine(identifiant: string, _token: string): Promise<string> {
  const { admin } = comptes(b, 2);
  const tokenAdmin = await connecter(b.api, admin.identifiant, admin.motDePasse);
  const r = await appeler<{ courriel: string }>(`${b.api}/utilisateurs/${identifiant}`, {
    token: tokenAdmin,
  });
  return r.json.courriel.split('@')[1] ?? '';
}

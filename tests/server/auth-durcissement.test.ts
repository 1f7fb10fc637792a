import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hacherMotDePasse, verifierMotDePasse } from '../../src/server/auth/motDePasse.js';
import { proxys } from '../../src/server/cli/arguments.js';
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

const RACINE = path.resolve(import.meta.dirname, '../..');

/** The stored hash and modification date of an account, read straight from the server's base. */
function ligneCompte(b: Banc, identifiant: string): { hache: string; modifieLe: number } {
  const db = new Database(b.db, { readonly: true });
  try {
    return db
      .prepare(
        'SELECT mot_de_passe AS hache, modifie_le AS modifieLe FROM utilisateurs WHERE identifiant = ?',
      )
      .get(identifiant) as { hache: string; modifieLe: number };
  } finally {
    db.close();
  }
}

const login = (b: Banc, identifiant: string, motDePasse: string, ip?: string) =>
  appeler(`${b.api}/auth/login`, {
    body: { identifiant, motDePasse },
    ...(ip ? { headers: { 'x-forwarded-for': ip } } : {}),
  });

describe('limites de connexion et de réinitialisation', () => {
  let b: Banc;
  beforeAll(async () => {
    b = await demarrerBanc(3, {
      limites: { parIdentifiant: 5, parIp: 8, courrielsParIdentifiant: 3 },
    });
  });
  afterAll(() => arreterBanc(b));

  it('des connexions parallèles ne dépassent pas la limite : au plus 5 évaluées, les autres 429', async () => {
    const { agent } = comptes(b);
    const reponses = await Promise.all(
      Array.from({ length: 12 }, (_, i) => login(b, agent.identifiant, `faux-parallele-${i}`)),
    );
    const statuts = reponses.map((r) => r.status);
    const evaluees = statuts.filter((s) => s === 401).length;
    expect(evaluees).toBeGreaterThan(0);
    expect(evaluees).toBeLessThanOrEqual(5);
    expect(statuts.filter((s) => s === 429)).toHaveLength(12 - evaluees);
    for (const r of reponses.filter((x) => x.status === 429))
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    b.horloge.avancerJours(16 / (24 * 60));
  });

  it('un jeton de réinitialisation faux est refusé, puis la même tentative est limitée (429)', async () => {
    const faux = 'b'.repeat(43);
    for (let i = 0; i < 5; i++) {
      const r = await appeler(`${b.api}/auth/reinitialisation`, {
        body: { jeton: faux, nouveau: 'mot-de-passe-neuf-1' },
      });
      expect(r.status).toBe(422);
      expect(r.json).toMatchObject({
        erreur: 'jeton_invalide',
        message:
          'Ce code de réinitialisation est invalide, expiré ou déjà utilisé : demandez-en un nouveau avec « Mot de passe perdu ».',
      });
    }
    const memeJeton = await appeler(`${b.api}/auth/reinitialisation`, {
      body: { jeton: faux, nouveau: 'mot-de-passe-neuf-1' },
    });
    expect(memeJeton.status).toBe(429);
    expect(memeJeton.json).toMatchObject({ erreur: 'trop_de_tentatives' });
    // Another token from the same IP: still evaluated until the IP's own limit (8).
    const autres = [];
    for (let i = 0; i < 4; i++) {
      autres.push(
        (
          await appeler(`${b.api}/auth/reinitialisation`, {
            body: { jeton: `${'c'.repeat(42)}${i}`, nouveau: 'mot-de-passe-neuf-1' },
          })
        ).status,
      );
    }
    expect(autres).toEqual([422, 422, 422, 429]);
    b.horloge.avancerJours(16 / (24 * 60));
  });

  it('limite les courriels de réinitialisation par identifiant, pas seulement par adresse IP', async () => {
    const { agent, agent2 } = comptes(b);
    const demande = (identifiant: string) =>
      appeler(`${b.api}/auth/mot-de-passe-perdu`, { body: { identifiant, courriel: 'x@exemple.fr' } });
    expect([
      (await demande(agent.identifiant)).status,
      (await demande(agent.identifiant)).status,
      (await demande(agent.identifiant)).status,
    ]).toEqual([202, 202, 202]);
    const quatrieme = await demande(agent.identifiant);
    expect(quatrieme.status).toBe(429);
    expect(quatrieme.json).toMatchObject({ erreur: 'trop_de_tentatives' });
    // The IP (limit 8) is not blocked: another identifiant still gets its answer.
    expect((await demande(agent2.identifiant)).status).toBe(202);
    b.horloge.avancerJours(16 / (24 * 60));
  });

  it('réinitialise avec un vrai jeton, et refuse de le rejouer', async () => {
    const { agent2: agent } = comptes(b, 1);
    const admin = comptes(b, 1).admin;
    const tokenAdmin = await connecter(b.api, admin.identifiant, admin.motDePasse);
    const fiche = await appeler<{ courriel: string }>(`${b.api}/utilisateurs/${agent.identifiant}`, {
      token: tokenAdmin,
    });
    await appeler(`${b.api}/auth/mot-de-passe-perdu`, {
      body: { identifiant: agent.identifiant, courriel: fiche.json.courriel },
    });
    const mail = () =>
      fichiersEml(b.courriels).find(
        (f) => f.nom.includes('reinitialisation') && f.contenu.includes(`To: ${fiche.json.courriel}`),
      );
    await attendre(() => mail() !== undefined);
    const jeton = /\n([A-Za-z0-9_-]{43})\n/.exec(mail()!.contenu)?.[1];
    expect(jeton).toBeDefined();
    const ok = await appeler(`${b.api}/auth/reinitialisation`, {
      body: { jeton, nouveau: 'mot-de-passe-neuf-9' },
    });
    expect(ok.status).toBe(200);
    const rejoue = await appeler(`${b.api}/auth/reinitialisation`, {
      body: { jeton, nouveau: 'mot-de-passe-neuf-8' },
    });
    expect(rejoue.status).toBe(422);
    expect(ligneCompte(b, agent.identifiant).hache).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(await connecter(b.api, agent.identifiant, 'mot-de-passe-neuf-9')).toBeTruthy();
  });
});

describe('scrypt aux paramètres OWASP, avec rehachage à la connexion', () => {
  let b: Banc;
  beforeAll(async () => {
    b = await demarrerBanc(3);
  });
  afterAll(() => arreterBanc(b));

  it('un nouveau haché porte N=2^17, r=8, p=1 et se vérifie ; un haché mal formé ne correspond jamais', async () => {
    const hache = await hacherMotDePasse('un-mot-de-passe-long');
    expect(hache).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(await verifierMotDePasse('un-mot-de-passe-long', hache)).toBe(true);
    expect(await verifierMotDePasse('un-autre-mot-de-passe', hache)).toBe(false);
    expect(await verifierMotDePasse('un-mot-de-passe-long', hache.replace('$131072$', '$3$'))).toBe(false);
    expect(await verifierMotDePasse('x', 'bcrypt$abc')).toBe(false);
  });

  it('la graine écrit les anciens paramètres ; la première connexion réussie les remplace', async () => {
    const { agent } = comptes(b);
    const avant = ligneCompte(b, agent.identifiant);
    expect(avant.hache).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect((await login(b, agent.identifiant, 'pas-le-bon-mot-de-passe')).status).toBe(401);
    expect(ligneCompte(b, agent.identifiant).hache).toBe(avant.hache);

    expect(await connecter(b.api, agent.identifiant, agent.motDePasse)).toBeTruthy();
    // Rehashed right after the answer.
    await attendre(() => ligneCompte(b, agent.identifiant).hache !== avant.hache, 30_000);
    const apres = ligneCompte(b, agent.identifiant);
    expect(apres.hache).toMatch(/^scrypt\$131072\$8\$1\$/);
    // Same password, stronger hash: not a modification of the account.
    expect(apres.modifieLe).toBe(avant.modifieLe);
    expect(await connecter(b.api, agent.identifiant, agent.motDePasse)).toBeTruthy();
    expect(ligneCompte(b, agent.identifiant).hache).toBe(apres.hache);
  });
});

describe('--trust-proxy', () => {
  it('sans l’option, X-Forwarded-For est ignoré : la limite par IP vaut pour la socket', async () => {
    const b = await demarrerBanc(3, { limites: { parIdentifiant: 100, parIp: 3 } });
    try {
      const statuts = [];
      for (const ip of ['203.0.113.1', '203.0.113.2', '203.0.113.3', '203.0.113.4'])
        statuts.push((await login(b, 'inconnu.x', 'mauvais-mot-de-passe', ip)).status);
      expect(statuts).toEqual([401, 401, 401, 429]);
    } finally {
      await arreterBanc(b);
    }
  });

  it('avec l’option, la limite par IP suit X-Forwarded-For venant du proxy déclaré', async () => {
    const b = await demarrerBanc(3, {
      limites: { parIdentifiant: 100, parIp: 3 },
      proxysDeConfiance: ['127.0.0.1'],
    });
    try {
      const statuts = [];
      for (let i = 0; i < 4; i++)
        statuts.push((await login(b, `inconnu.${i}`, 'mauvais-mot-de-passe', '203.0.113.1')).status);
      expect(statuts).toEqual([401, 401, 401, 429]);
      // Another client behind the same proxy is not blocked by the first one.
      expect((await login(b, 'inconnu.z', 'mauvais-mot-de-passe', '203.0.113.2')).status).toBe(401);
    } finally {
      await arreterBanc(b);
    }
  });

  it('guichet serve refuse une valeur de --trust-proxy qui n’est pas une adresse', () => {
    expect(proxys('127.0.0.1, 10.0.0.0/8,loopback')).toEqual(['127.0.0.1', '10.0.0.0/8', 'loopback']);
    expect(proxys('::1')).toEqual(['::1']);
    const r = spawnSync(
      process.execPath,
      [
        path.join(RACINE, 'node_modules/tsx/dist/cli.mjs'),
        path.join(RACINE, 'src/server/cli.ts'),
        'serve',
        '--db',
        // Never created: the option is refused before the base is opened.
        path.join(os.tmpdir(), 'guichet-jamais-cree.db'),
        '--trust-proxy',
        '10.0.0.0/99',
      ],
      { cwd: RACINE, encoding: 'utf8', timeout: 60_000 },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      "--trust-proxy : « 10.0.0.0/99 » n'est ni une adresse IP, ni une plage CIDR, ni loopback, linklocal ou uniquelocal.",
    );
  });
});

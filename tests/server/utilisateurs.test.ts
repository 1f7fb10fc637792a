import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Utilisateur } from '../../src/shared/api/schemas.js';
import { appeler, arreterBanc, comptes, connecter, demarrerBanc, type Banc } from './aides.js';

let b: Banc;
let admin: string;
beforeAll(async () => {
  b = await demarrerBanc(4);
  const c = comptes(b);
  admin = await connecter(b.api, c.admin.identifiant, c.admin.motDePasse);
});
afterAll(() => arreterBanc(b));

const nouveau = {
  identifiant: 'camille.roux',
  motDePasse: 'un-mot-de-passe-solide',
  nom: 'Roux',
  prenom: 'Camille',
  courriel: 'camille.roux@example.fr',
  habilitation: 'INSTRUCTION',
  active: true,
};

describe('comptes du service (administrateurs)', () => {
  it('liste, crée (409 si l’identifiant existe), consulte et ne renvoie jamais de mot de passe', async () => {
    const { service } = comptes(b);
    const liste = await appeler<{ utilisateurs: Utilisateur[] }>(`${b.api}/utilisateurs`, { token: admin });
    expect(liste.status).toBe(200);
    expect(liste.json.utilisateurs.map((u) => u.identifiant).sort()).toEqual(
      service.utilisateurs.map((u) => u.identifiant).sort(),
    );
    const cree = await appeler<Utilisateur>(`${b.api}/utilisateurs`, { token: admin, body: nouveau });
    expect(cree.status).toBe(201);
    expect(cree.json).toEqual({
      identifiant: 'camille.roux',
      nom: 'Roux',
      prenom: 'Camille',
      courriel: 'camille.roux@example.fr',
      habilitation: 'INSTRUCTION',
      active: true,
    });
    expect((await appeler(`${b.api}/utilisateurs`, { token: admin, body: nouveau })).status).toBe(409);
    // An identifiant taken in another service is taken too (logins are global).
    const autre = comptes(b, 1).agent.identifiant;
    expect(
      (await appeler(`${b.api}/utilisateurs`, { token: admin, body: { ...nouveau, identifiant: autre } }))
        .status,
    ).toBe(409);
    const lu = await appeler(`${b.api}/utilisateurs/camille.roux`, { token: admin });
    expect(lu.json).toEqual(cree.json);
    expect(JSON.stringify((await appeler(`${b.api}/utilisateurs`, { token: admin })).json)).not.toMatch(
      /motDePasse|scrypt/,
    );
    expect(await connecter(b.api, 'camille.roux', nouveau.motDePasse)).toBeTruthy();
    // Another service's account is invisible (404), like its dossiers.
    expect((await appeler(`${b.api}/utilisateurs/${autre}`, { token: admin })).status).toBe(404);
    const invalide = await appeler(`${b.api}/utilisateurs`, {
      token: admin,
      body: { ...nouveau, identifiant: 'X', courriel: 'pas-un-courriel' },
    });
    expect(invalide.status).toBe(400);
  });

  it('403 pour un agent (habilitation INSTRUCTION), 401 sans jeton', async () => {
    const { agent } = comptes(b);
    const t = await connecter(b.api, agent.identifiant, agent.motDePasse);
    const r = await appeler(`${b.api}/utilisateurs`, { token: t });
    expect(r.status).toBe(403);
    expect(r.json).toMatchObject({ erreur: 'acces_refuse' });
    expect((await appeler(`${b.api}/utilisateurs`, { token: t, body: nouveau })).status).toBe(403);
    expect((await appeler(`${b.api}/utilisateurs`)).status).toBe(401);
  });

  it('modifie un compte ; désactiver révoque ses sessions ; règle du dernier administrateur', async () => {
    const { admin: compteAdmin, agent } = comptes(b);
    const t = await connecter(b.api, agent.identifiant, agent.motDePasse);
    const modifie = await appeler<Utilisateur>(`${b.api}/utilisateurs/${agent.identifiant}`, {
      method: 'PATCH',
      token: admin,
      body: { nom: 'Nouveau-Nom' },
    });
    expect(modifie.status).toBe(200);
    expect(modifie.json.nom).toBe('Nouveau-Nom');
    const desactive = await appeler<Utilisateur>(`${b.api}/utilisateurs/${agent.identifiant}`, {
      method: 'PATCH',
      token: admin,
      body: { active: false },
    });
    expect(desactive.json.active).toBe(false);
    expect((await appeler(`${b.api}/workflows`, { token: t })).status).toBe(401);

    // The only active administrator can neither demote nor disable himself.
    for (const corps of [{ habilitation: 'INSTRUCTION' }, { active: false }]) {
      const r = await appeler(`${b.api}/utilisateurs/${compteAdmin.identifiant}`, {
        method: 'PATCH',
        token: admin,
        body: corps,
      });
      expect(r.status).toBe(422);
      expect(r.json).toMatchObject({ erreur: 'dernier_administrateur' });
    }
    // With a second administrator, the first may step down.
    const promu = await appeler(`${b.api}/utilisateurs/camille.roux`, {
      method: 'PATCH',
      token: admin,
      body: { habilitation: 'GESTION' },
    });
    expect(promu.status).toBe(200);
    const retrograde = await appeler<Utilisateur>(`${b.api}/utilisateurs/${compteAdmin.identifiant}`, {
      method: 'PATCH',
      token: admin,
      body: { habilitation: 'INSTRUCTION' },
    });
    expect(retrograde.status).toBe(200);
    expect(retrograde.json.habilitation).toBe('INSTRUCTION');
    // His session now lacks the habilitation: 403.
    expect((await appeler(`${b.api}/utilisateurs`, { token: admin })).status).toBe(403);
    const camille = await connecter(b.api, 'camille.roux', nouveau.motDePasse);
    expect(
      (
        await appeler(`${b.api}/utilisateurs/camille.roux`, {
          method: 'PATCH',
          token: camille,
          body: { active: false },
        })
      ).status,
    ).toBe(422);
    // An administrator resets an agent's password.
    const reinit = await appeler(`${b.api}/utilisateurs/${agent.identifiant}`, {
      method: 'PATCH',
      token: camille,
      body: { active: true, motDePasse: 'mot-de-passe-fixe-par-admin' },
    });
    expect(reinit.status).toBe(200);
    expect(await connecter(b.api, agent.identifiant, 'mot-de-passe-fixe-par-admin')).toBeTruthy();
  });
});

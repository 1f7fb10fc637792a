import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creerCoeur } from '../../src/main/app/creer-coeur.js';
import type { Coeur } from '../../src/main/app/coeur.js';
import type { Trousseau } from '../../src/main/credentials/index.js';
import { dossierTemporaire, GuichetDeTest } from './aide/guichet.js';

let guichet: GuichetDeTest;
let coeur: Coeur;
/** An empty keychain that works (nothing memorised yet). */
const vide: Trousseau = {
  lire: async () => null,
  ecrire: async () => undefined,
  effacer: async () => undefined,
};

beforeAll(async () => {
  // The server's real login limits: 5 failures per identifiant, then 429 + Retry-After.
  guichet = await GuichetDeTest.creer(20, 'session', { limites: { parIdentifiant: 5, parIp: 1000 } });
  coeur = await creerCoeur({
    dossierDonnees: dossierTemporaire(),
    plateforme: { hote: 'web' },
    version: 't',
    synchroAutomatique: false,
    trousseau: vide,
    client: { tentatives: 1 },
  });
});

afterAll(async () => {
  await coeur?.fermer();
  await guichet?.nettoyer();
});

describe('profils et session', () => {
  it('valide les arguments et exige une session', async () => {
    await expect(
      coeur.appeler('dossiers.lister', {
        filtre: {},
        tri: { colonne: 'numero', sens: 'asc' },
        offset: 0,
        limite: 0,
      }),
    ).rejects.toMatchObject({
      code: 'validation',
    });
    await expect(coeur.appeler('tableauDeBord.lire', {})).rejects.toMatchObject({ code: 'non_connecte' });
    expect(await coeur.appeler('session.courante', {})).toBeNull();
  });

  it('enregistre, liste, refuse un doublon et supprime des profils', async () => {
    const p = await coeur.appeler('profils.enregistrer', {
      nom: 'Mairie A',
      urlGuichet: `${guichet.url}/`,
      identifiant: 'quelqu.un',
    });
    expect(p.urlGuichet).toBe(guichet.url);
    expect(p.motDePasseMemorise).toBe(false);
    await expect(
      coeur.appeler('profils.enregistrer', { nom: 'Bis', urlGuichet: guichet.url, identifiant: 'quelqu.un' }),
    ).rejects.toMatchObject({
      code: 'validation',
    });
    const renomme = await coeur.appeler('profils.enregistrer', {
      id: p.id,
      nom: 'Mairie B',
      urlGuichet: guichet.url,
      identifiant: 'quelqu.un',
    });
    expect(renomme.id).toBe(p.id);
    expect((await coeur.appeler('profils.lister', {})).profils.map((x) => x.nom)).toEqual(['Mairie B']);
    await coeur.appeler('profils.supprimer', { id: p.id });
    expect((await coeur.appeler('profils.lister', {})).profils).toEqual([]);
  });

  it('mot de passe absent du trousseau, identifiants invalides, puis trop de tentatives', async () => {
    const { agent } = guichet.comptes();
    const p = await coeur.appeler('profils.enregistrer', {
      nom: 'M',
      urlGuichet: guichet.url,
      identifiant: agent.identifiant,
    });
    await expect(
      coeur.appeler('session.connecter', { profilId: p.id, memoriser: false }),
    ).rejects.toMatchObject({ code: 'mot_de_passe_requis' });
    const codes: string[] = [];
    for (let i = 0; i < 7; i++) {
      const e = (await coeur
        .appeler('session.connecter', {
          profilId: p.id,
          motDePasse: 'pas-le-bon-mot-de-passe',
          memoriser: false,
        })
        .catch((x: unknown) => x)) as {
        code: string;
        message: string;
      };
      codes.push(e.code);
      expect(e.message.length).toBeGreaterThan(10);
    }
    expect(codes.slice(0, 5)).toEqual(Array(5).fill('identifiants_invalides'));
    expect(codes.at(-1)).toBe('trop_de_tentatives');
    expect(await coeur.appeler('session.courante', {})).toBeNull();
  });

  it('guichet injoignable sans données locales : pas de lecture seule possible', async () => {
    const p = await coeur.appeler('profils.enregistrer', {
      nom: 'Ailleurs',
      urlGuichet: 'http://127.0.0.1:9',
      identifiant: 'agent.x',
    });
    await expect(
      coeur.appeler('session.connecter', { profilId: p.id, motDePasse: 'x', memoriser: false }),
    ).rejects.toMatchObject({
      code: 'guichet_injoignable',
    });
    await expect(
      coeur.appeler('session.ouvrirLectureSeule', { profilId: p.id, motDePasse: 'x' }),
    ).rejects.toMatchObject({
      code: 'introuvable',
      message: "Aucune donnée locale pour ce profil : il faut s'être connecté une première fois au guichet.",
    });
  });
});

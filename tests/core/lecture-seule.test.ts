import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creerTrousseau, type Trousseau } from '../../src/main/credentials/index.js';
import { ouvrirApp, TOUT } from './aide/app.js';
import { dossierTemporaire, GuichetDeTest } from './aide/guichet.js';

/** Set by scripts/test.sh: there, a missing Secret Service is a failure, not a reason to skip. */
const OBLIGATOIRE = process.env.GUICHET_TESTS_TROUSSEAU === '1';

/** A keychain that stores nothing: the agent has never ticked « Se souvenir du mot de passe ». */
const vide: Trousseau = {
  lire: async () => null,
  ecrire: async () => undefined,
  effacer: async () => undefined,
};

const INCORRECT =
  'Mot de passe incorrect : saisissez celui de votre dernière connexion au guichet sur ce poste.';
const IMPOSSIBLE =
  'Ce poste ne peut pas encore vérifier votre mot de passe hors ligne : connectez-vous une première fois au guichet en ligne, avec ce profil, puis vous pourrez ouvrir les données locales sans lui.';

let guichet: GuichetDeTest;
beforeAll(async () => {
  guichet = await GuichetDeTest.creer(20, 'lecture-seule');
});
afterAll(async () => {
  await guichet?.nettoyer();
});

function store(donnees: string): string {
  const trouve = fs
    .readdirSync(donnees, { recursive: true, withFileTypes: true })
    .find((e) => e.isFile() && e.name === 'store.sqlite');
  if (!trouve) throw new Error('store.sqlite absent');
  return path.join(trouve.parentPath, trouve.name);
}

function meta(fichier: string, cle: string): string | null {
  const db = new Database(fichier, { readonly: true });
  try {
    return (
      (db.prepare('SELECT valeur FROM meta WHERE cle = ?').get(cle) as { valeur: string } | undefined)
        ?.valeur ?? null
    );
  } finally {
    db.close();
  }
}

describe('lecture seule hors ligne : le mot de passe de l’agent est exigé', () => {
  it('refuse sans mot de passe et avec un faux, ouvre avec celui de la dernière connexion', async () => {
    const { agent } = guichet.comptes();
    const donnees = dossierTemporaire();
    const app = await ouvrirApp(donnees, guichet.url, agent, { trousseau: vide });
    await app.coeur.appeler('synchro.lancer', {});
    await app.coeur.appeler('session.deconnecter', {});
    const verificateur = meta(store(donnees), 'session.verificateur-hors-ligne');
    expect(verificateur).toMatch(/"N":131072/);
    expect(verificateur).not.toContain(agent.motDePasse);
    await guichet.arreter();
    try {
      await expect(
        app.coeur.appeler('session.ouvrirLectureSeule', { profilId: app.profilId }),
      ).rejects.toMatchObject({
        code: 'mot_de_passe_requis',
        message: 'Saisissez votre mot de passe pour ouvrir les données locales en lecture seule.',
      });
      await expect(
        app.coeur.appeler('session.ouvrirLectureSeule', {
          profilId: app.profilId,
          motDePasse: 'pas-le-bon-mot-de-passe',
        }),
      ).rejects.toMatchObject({ code: 'mot_de_passe_incorrect', message: INCORRECT });
      expect(await app.coeur.appeler('session.courante', {})).toBeNull();

      const s = await app.coeur.appeler('session.ouvrirLectureSeule', {
        profilId: app.profilId,
        motDePasse: agent.motDePasse,
      });
      expect(s.mode).toBe('lecture-seule');
      expect((await app.coeur.appeler('dossiers.lister', TOUT)).total).toBeGreaterThan(0);
    } finally {
      await app.coeur.fermer();
      await guichet.demarrer();
    }
  });

  it('sans vérificateur (données d’une version précédente, ou autre identifiant) : connexion en ligne d’abord', async () => {
    const { collegue } = guichet.comptes();
    const donnees = dossierTemporaire();
    const app = await ouvrirApp(donnees, guichet.url, collegue, { trousseau: vide });
    await app.coeur.appeler('session.deconnecter', {});
    await guichet.arreter();
    try {
      // A store written before the verifier existed.
      const db = new Database(store(donnees));
      db.prepare("DELETE FROM meta WHERE cle = 'session.verificateur-hors-ligne'").run();
      db.close();
      await expect(
        app.coeur.appeler('session.ouvrirLectureSeule', {
          profilId: app.profilId,
          motDePasse: collegue.motDePasse,
        }),
      ).rejects.toMatchObject({ code: 'verification_hors_ligne_impossible', message: IMPOSSIBLE });
      expect(await app.coeur.appeler('session.courante', {})).toBeNull();
    } finally {
      await app.coeur.fermer();
      await guichet.demarrer();
    }
  });

  it('un changement de mot de passe en ligne remplace le vérificateur', async () => {
    const { admin } = guichet.comptes();
    const donnees = dossierTemporaire();
    const app = await ouvrirApp(donnees, guichet.url, admin, { trousseau: vide });
    const nouveau = 'nouveau-mot-de-passe-admin-1';
    await app.coeur.appeler('compte.changerMotDePasse', { actuel: admin.motDePasse, nouveau });
    await app.coeur.appeler('session.deconnecter', {});
    await guichet.arreter();
    try {
      await expect(
        app.coeur.appeler('session.ouvrirLectureSeule', {
          profilId: app.profilId,
          motDePasse: admin.motDePasse,
        }),
      ).rejects.toMatchObject({ code: 'mot_de_passe_incorrect', message: INCORRECT });
      const s = await app.coeur.appeler('session.ouvrirLectureSeule', {
        profilId: app.profilId,
        motDePasse: nouveau,
      });
      expect(s.mode).toBe('lecture-seule');
    } finally {
      await app.coeur.fermer();
      await guichet.demarrer();
    }
  });
});

describe('lecture seule hors ligne avec le mot de passe mémorisé dans le trousseau', () => {
  let disponible = false;
  beforeAll(async () => {
    try {
      const t = creerTrousseau();
      await t.ecrire('sonde|lecture-seule', 'sonde');
      disponible = (await t.lire('sonde|lecture-seule')) === 'sonde';
      await t.effacer('sonde|lecture-seule');
    } catch {
      disponible = false;
    }
  });

  it('ouvre sans saisie, ou avec la saisie égale au trousseau même sans vérificateur', async (ctx) => {
    if (!OBLIGATOIRE && !disponible) ctx.skip();
    const { agent } = guichet.comptes();
    const donnees = dossierTemporaire();
    const app = await ouvrirApp(donnees, guichet.url, agent);
    await app.coeur.appeler('session.connecter', {
      profilId: app.profilId,
      motDePasse: agent.motDePasse,
      memoriser: true,
    });
    await app.coeur.appeler('session.deconnecter', {});
    await guichet.arreter();
    try {
      const db = new Database(store(donnees));
      db.prepare("DELETE FROM meta WHERE cle = 'session.verificateur-hors-ligne'").run();
      db.close();
      const sansSaisie = await app.coeur.appeler('session.ouvrirLectureSeule', { profilId: app.profilId });
      expect(sansSaisie.mode).toBe('lecture-seule');
      const saisie = await app.coeur.appeler('session.ouvrirLectureSeule', {
        profilId: app.profilId,
        motDePasse: agent.motDePasse,
      });
      expect(saisie.mode).toBe('lecture-seule');
      // Not the keychain's, and nothing local to check it against: refused.
      await expect(
        app.coeur.appeler('session.ouvrirLectureSeule', {
          profilId: app.profilId,
          motDePasse: 'pas-le-bon-mot-de-passe',
        }),
      ).rejects.toMatchObject({ code: 'verification_hors_ligne_impossible', message: IMPOSSIBLE });
    } finally {
      await app.coeur.appeler('profils.supprimer', { id: app.profilId }).catch(() => undefined);
      await app.coeur.fermer();
      await guichet.demarrer();
    }
  });
});

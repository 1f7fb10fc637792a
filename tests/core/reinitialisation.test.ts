import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creerCoeur } from '../../src/main/app/creer-coeur.js';
import type { Coeur } from '../../src/main/app/coeur.js';
import type { Trousseau } from '../../src/main/credentials/index.js';
import { attendre } from './aide/attendre.js';
import { dossierTemporaire, GuichetDeTest } from './aide/guichet.js';

let guichet: GuichetDeTest;
let coeur: Coeur;
/** A working keychain in memory: shows whether the stale password is forgotten. */
const contenu = new Map<string, string>();
const trousseau: Trousseau = {
  lire: async (c) => contenu.get(c) ?? null,
  ecrire: async (c, m) => void contenu.set(c, m),
  effacer: async (c) => void contenu.delete(c),
};

beforeAll(async () => {
  guichet = await GuichetDeTest.creer(10, 'reinitialisation');
  coeur = await creerCoeur({
    dossierDonnees: dossierTemporaire(),
    plateforme: { hote: 'web' },
    version: 't',
    synchroAutomatique: false,
    trousseau,
    client: { tentatives: 1 },
  });
});
afterAll(async () => {
  await coeur?.fermer();
  await guichet?.nettoyer();
});

/** The code of the last reset mail to `courriel` (the test guichet writes .eml files). */
function codeRecu(courriel: string): string | undefined {
  const dossier = path.join(guichet.dossier, 'courriels');
  if (!fs.existsSync(dossier)) return undefined;
  const mail = fs
    .readdirSync(dossier)
    .filter((n) => n.includes('reinitialisation'))
    .map((n) => fs.readFileSync(path.join(dossier, n), 'utf8'))
    .find((t) => t.includes(`To: ${courriel}`));
  return mail ? /\n([A-Za-z0-9_-]{43})\r?\n/.exec(mail)?.[1] : undefined;
}

describe('réinitialisation du mot de passe depuis l’application', () => {
  it('refuse un faux code, accepte le vrai, oublie le mot de passe mémorisé devenu faux', async () => {
    const { agent } = guichet.comptes();
    const p = await coeur.appeler('profils.enregistrer', {
      nom: 'Mairie',
      urlGuichet: guichet.url,
      identifiant: agent.identifiant,
    });
    await coeur.appeler('session.connecter', {
      profilId: p.id,
      motDePasse: agent.motDePasse,
      memoriser: true,
    });
    const courriel = (await coeur.appeler('session.courante', {}))!.utilisateur.courriel;
    await coeur.appeler('session.deconnecter', {});
    expect(contenu.size).toBe(1);

    await coeur.appeler('session.motDePassePerdu', {
      profilId: p.id,
      identifiant: agent.identifiant,
      courriel,
    });
    await attendre(() => codeRecu(courriel) !== undefined);
    const code = codeRecu(courriel)!;

    await expect(
      coeur.appeler('session.reinitialiserMotDePasse', {
        profilId: p.id,
        jeton: 'z'.repeat(43),
        nouveau: 'nouveau-mot-de-passe-1',
      }),
    ).rejects.toMatchObject({
      code: 'code_reinitialisation_invalide',
      message:
        'Ce code de réinitialisation est invalide, expiré ou déjà utilisé : demandez-en un nouveau avec « Mot de passe perdu ».',
    });
    expect(
      await coeur.appeler('session.reinitialiserMotDePasse', {
        profilId: p.id,
        jeton: code,
        nouveau: 'nouveau-mot-de-passe-1',
      }),
    ).toEqual({ ok: true });
    expect(contenu.size).toBe(0);
    expect((await coeur.appeler('profils.lister', {})).profils[0]?.motDePasseMemorise).toBe(false);
    // The old password no longer opens the local data offline: an online login comes first.
    await expect(
      coeur.appeler('session.ouvrirLectureSeule', { profilId: p.id, motDePasse: agent.motDePasse }),
    ).rejects.toMatchObject({ code: 'verification_hors_ligne_impossible' });
    const s = await coeur.appeler('session.connecter', {
      profilId: p.id,
      motDePasse: 'nouveau-mot-de-passe-1',
      memoriser: false,
    });
    expect(s.mode).toBe('en-ligne');
    await coeur.appeler('session.deconnecter', {});
  });

  it('guichet injoignable : le dit, sans parler de file d’attente', async () => {
    const p = await coeur.appeler('profils.enregistrer', {
      nom: 'Nulle part',
      urlGuichet: 'http://127.0.0.1:9',
      identifiant: 'agent.y',
    });
    await expect(
      coeur.appeler('session.reinitialiserMotDePasse', {
        profilId: p.id,
        jeton: 'z'.repeat(43),
        nouveau: 'nouveau-mot-de-passe-1',
      }),
    ).rejects.toMatchObject({
      code: 'guichet_injoignable',
      message: 'Le guichet http://127.0.0.1:9 est injoignable : réessayez quand la connexion sera revenue.',
    });
  });
});

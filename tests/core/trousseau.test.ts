import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  creerTrousseau,
  SERVICE_TROUSSEAU,
  TrousseauIndisponible,
  type Trousseau,
} from '../../src/main/credentials/index.js';
import { creerCoeur } from '../../src/main/app/creer-coeur.js';
import { ouvrirApp } from './aide/app.js';
import { dossierTemporaire, GuichetDeTest } from './aide/guichet.js';

/** Set by scripts/test.sh: there, a missing Secret Service is a failure, not a reason to skip. */
const OBLIGATOIRE = process.env.GUICHET_TESTS_TROUSSEAU === '1';

let guichet: GuichetDeTest;
let disponible = false;

/** Every file under `dossier` whose bytes contain `secret` (UTF-8 or UTF-16). */
function fichiersContenant(dossier: string, secret: string): string[] {
  const motifs = [Buffer.from(secret, 'utf8'), Buffer.from(secret, 'utf16le')];
  const trouves: string[] = [];
  for (const e of fs.readdirSync(dossier, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const chemin = path.join(e.parentPath, e.name);
    const contenu = fs.readFileSync(chemin);
    if (motifs.some((m) => contenu.includes(m))) trouves.push(chemin);
  }
  return trouves;
}

beforeAll(async () => {
  guichet = await GuichetDeTest.creer(50, 'trousseau');
  try {
    const t = creerTrousseau();
    await t.ecrire('sonde|test', 'sonde');
    disponible = (await t.lire('sonde|test')) === 'sonde';
    await t.effacer('sonde|test');
  } catch {
    disponible = false;
  }
});

afterAll(async () => {
  await guichet?.nettoyer();
});

describe('trousseau du système (keytar, Secret Service)', () => {
  it('un Secret Service est joignable (obligatoire sous scripts/test.sh)', (ctx) => {
    if (!OBLIGATOIRE && !disponible) ctx.skip();
    expect(
      disponible,
      'Aucun Secret Service joignable : lancez les tests via scripts/test.sh (dbus-run-session + gnome-keyring)',
    ).toBe(true);
  });

  it('mémorise le mot de passe dans le trousseau, jamais sur disque, et le relit à la connexion suivante', async (ctx) => {
    if (!OBLIGATOIRE && !disponible) ctx.skip();
    const { agent } = guichet.comptes();
    const donnees = dossierTemporaire();
    const app = await ouvrirApp(donnees, guichet.url, { ...agent, motDePasse: agent.motDePasse }, {});
    // ouvrirApp logs in without memorising: do it again with memoriser.
    const s = await app.coeur.appeler('session.connecter', {
      profilId: app.profilId,
      motDePasse: agent.motDePasse,
      memoriser: true,
    });
    expect(s.profil.motDePasseMemorise).toBe(true);
    await app.coeur.appeler('synchro.lancer', {});
    const compte = `${guichet.url}|${agent.identifiant}`;
    expect(await creerTrousseau().lire(compte)).toBe(agent.motDePasse);
    await app.coeur.fermer();

    const coeur = await creerCoeur({
      dossierDonnees: donnees,
      plateforme: { hote: 'web' },
      version: 't',
      synchroAutomatique: false,
    });
    const s2 = await coeur.appeler('session.connecter', { profilId: app.profilId, memoriser: true });
    expect(s2.mode).toBe('en-ligne');
    expect(fichiersContenant(donnees, agent.motDePasse)).toEqual([]);
    await coeur.appeler('profils.supprimer', { id: app.profilId });
    expect(await creerTrousseau().lire(compte)).toBeNull();
    await coeur.fermer();
    expect(SERVICE_TROUSSEAU).toBe('guichet-instructeur');
  });
});

describe('trousseau indisponible', () => {
  const enPanne: Trousseau = {
    lire: () => Promise.reject(new TrousseauIndisponible(new Error('pas de D-Bus'))),
    ecrire: () => Promise.reject(new TrousseauIndisponible(new Error('pas de D-Bus'))),
    effacer: () => Promise.reject(new TrousseauIndisponible(new Error('pas de D-Bus'))),
  };

  it('le dit, demande le mot de passe à chaque fois et n’écrit rien sur disque', async () => {
    const { collegue } = guichet.comptes();
    const donnees = dossierTemporaire();
    const coeur = await creerCoeur({
      dossierDonnees: donnees,
      plateforme: { hote: 'web' },
      version: 't',
      synchroAutomatique: false,
      trousseau: enPanne,
    });
    const notifications: string[] = [];
    coeur.ecouter('notification', (n) => notifications.push(n.titre));
    const p = await coeur.appeler('profils.enregistrer', {
      nom: 'M',
      urlGuichet: guichet.url,
      identifiant: collegue.identifiant,
    });
    await expect(
      coeur.appeler('session.connecter', { profilId: p.id, memoriser: false }),
    ).rejects.toMatchObject({
      code: 'trousseau_indisponible',
    });
    const s = await coeur.appeler('session.connecter', {
      profilId: p.id,
      motDePasse: collegue.motDePasse,
      memoriser: true,
    });
    expect(s.mode).toBe('en-ligne');
    expect(s.profil.motDePasseMemorise).toBe(false);
    expect(notifications).toContain('Trousseau indisponible');
    await coeur.appeler('synchro.lancer', {});
    await coeur.fermer();
    expect(fichiersContenant(donnees, collegue.motDePasse)).toEqual([]);
  });
});

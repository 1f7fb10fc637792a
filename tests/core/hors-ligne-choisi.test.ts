/**
 * « Travailler hors ligne » (issue #11): chosen, not suffered. Not one request reaches the guichet
 * (counted by a proxy in front of the real one), every action waits, a download under way stops;
 * « Se reconnecter » sends each queued action exactly once, then syncs. And when the guichet itself
 * went away, the app sees it back on its own, without waiting for a long probe interval.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { delaiSonde } from '../../src/main/app/noyau.js';
import type { ClientGuichet } from '../../src/main/guichet-client/index.js';
import type { ResultatArchives } from '../../src/shared/app-api/index.js';
import { ouvrirApp, TOUT, type AppDeTest } from './aide/app.js';
import { attendre } from './aide/attendre.js';
import { dossierTemporaire, GuichetDeTest } from './aide/guichet.js';
import { demarrerProxy, type ProxyPannes } from './aide/proxy-pannes.js';

let guichet: GuichetDeTest;
let proxy: ProxyPannes;
let app: AppDeTest;
let temoin: ClientGuichet;

beforeAll(async () => {
  guichet = await GuichetDeTest.creer(240, 'hors-ligne-choisi');
  proxy = await demarrerProxy(guichet.url);
  const { agent, admin } = guichet.comptes();
  temoin = await guichet.client(admin);
  app = await ouvrirApp(dossierTemporaire(), proxy.url, agent);
  await app.coeur.appeler('synchro.lancer', {});
});

afterAll(async () => {
  await app?.coeur.fermer();
  temoin?.fermer();
  await proxy?.fermer();
  await guichet?.nettoyer();
});

async function dossiersA(etat: number, n: number): Promise<string[]> {
  const l = await app.coeur.appeler('dossiers.lister', { ...TOUT, filtre: { etat, onglet: 'a-traiter' } });
  const numeros = l.elements.filter((d) => d.actionsEnAttente === 0).map((d) => d.numero);
  expect(numeros.length).toBeGreaterThanOrEqual(n);
  return numeros.slice(0, n);
}

const dormir = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('« Travailler hors ligne » puis « Se reconnecter »', () => {
  it('aucune requête ne part tant que l’agent travaille hors ligne ; chaque action part une fois au retour', async () => {
    const numeros = await dossiersA(5, 3);
    const etat = await app.coeur.appeler('connexion.travaillerHorsLigne', {});
    expect(etat).toMatchObject({ mode: 'hors-ligne', horsLigneChoisi: true });
    const avant = proxy.requetes.length;

    const ids: string[] = [];
    for (const numero of numeros) {
      const a = await app.coeur.appeler('actions.changerEtat', {
        numero,
        etat: 15,
        commentaire: 'Hors ligne.',
      });
      ids.push(a.id);
    }
    // What the agent may still ask for says why it cannot, and sends nothing either.
    await expect(app.coeur.appeler('synchro.lancer', {})).rejects.toThrow(/Vous travaillez hors ligne/);
    await expect(app.coeur.appeler('fileAttente.rejouer', {})).rejects.toThrow(/Vous travaillez hors ligne/);
    await expect(app.coeur.appeler('archives.telecharger', { selection: { numeros } })).rejects.toThrow(
      /Vous travaillez hors ligne/,
    );
    await expect(app.coeur.appeler('utilisateurs.lister', {})).rejects.toThrow(/Vous travaillez hors ligne/);
    // Longer than the first probe (1 s) would wait: a chosen offline does not probe.
    await dormir(2500);
    expect(proxy.requetes.length).toBe(avant);
    const file = await app.coeur.appeler('fileAttente.lister', {});
    expect(file.actions.filter((a) => ids.includes(a.id)).map((a) => [a.statut, a.tentatives])).toEqual(
      ids.map(() => ['en-attente', 0]),
    );
    for (const numero of numeros)
      expect((await temoin.appel('teledossier', { params: { numero } })).etat).toBe(5);
    expect(app.evenements.some((e) => e.nom === 'synchro.erreur')).toBe(false);

    const retour = await app.coeur.appeler('connexion.seReconnecter', {});
    expect(retour).toMatchObject({ mode: 'en-ligne', horsLigneChoisi: false });
    await attendre(async () => (await app.coeur.appeler('fileAttente.lister', {})).actions.length === 0);
    for (const numero of numeros) {
      const envois = proxy.requetes.filter(
        (r) => r.methode === 'POST' && r.chemin === `/api/v1/teledossiers/${numero}/etat`,
      );
      expect(envois).toHaveLength(1);
      const d = await temoin.appel('teledossier', { params: { numero } });
      expect(d.etat).toBe(15);
      expect(d.historique.filter((h) => h.commentaire === 'Hors ligne.')).toHaveLength(1);
    }
    // Then the sync: the cursor walk reached the guichet again.
    await attendre(() =>
      proxy.requetes.slice(avant).some((r) => r.chemin.startsWith('/api/v1/teledossiers?')),
    );
  });

  it('un téléchargement en cours s’arrête dès que l’agent passe hors ligne, sans autre requête', async () => {
    // Every archive drips: the download is surely still running when the agent goes offline.
    proxy.ajouter({ methode: 'GET', chemin: /\/archive(\?|$)/, panne: { type: 'goutte', intervalleMs: 50 } });
    try {
      const numeros = (await app.coeur.appeler('dossiers.lister', TOUT)).elements
        .slice(0, 6)
        .map((d) => d.numero);
      const n = app.evenements.length;
      const { tacheId } = await app.coeur.appeler('archives.telecharger', { selection: { numeros } });
      await attendre(() => proxy.requetes.some((r) => r.chemin.endsWith('/archive')));
      await app.coeur.appeler('connexion.travaillerHorsLigne', {});
      const fin = (
        await attendre(() =>
          app.evenements
            .slice(n)
            .find(
              (e) => e.nom === 'archives.terminee' && (e.donnees as ResultatArchives).tacheId === tacheId,
            ),
        )
      ).donnees as ResultatArchives;
      expect(fin.annule).toBe(true);
      const apres = proxy.requetes.length;
      await dormir(1500);
      expect(proxy.requetes.length).toBe(apres);
    } finally {
      proxy.vider();
      await app.coeur.appeler('connexion.seReconnecter', {});
    }
  });
});

describe('le guichet revient de lui-même', () => {
  it('les sondes commencent à 1 s et doublent jusqu’au plafond', () => {
    const sans = (essai: number) => [0.8, 1.2].map((f) => Math.round(Math.min(5000, 1000 * 2 ** essai) * f));
    for (const essai of [0, 1, 2, 3, 10, 50]) {
      const [min, max] = sans(essai);
      for (let i = 0; i < 20; i++) {
        const d = delaiSonde(essai, 5000);
        expect(d).toBeGreaterThanOrEqual(min ?? 0);
        expect(d).toBeLessThanOrEqual(max ?? 0);
      }
    }
  });

  it('après une coupure du guichet, l’action en attente part sans que l’agent ne demande rien', async () => {
    const direct = await ouvrirApp(dossierTemporaire(), guichet.url, guichet.comptes().collegue, {
      intervalleSondeMs: 2000,
    });
    try {
      await direct.coeur.appeler('synchro.lancer', {});
      const l = await direct.coeur.appeler('dossiers.lister', { ...TOUT, filtre: { etat: 5 } });
      const numero = l.elements.find((d) => d.actionsEnAttente === 0)?.numero;
      if (!numero) throw new Error('Aucun dossier à l’état 5.');
      await guichet.arreter();
      await expect(direct.coeur.appeler('synchro.lancer', {})).rejects.toThrow();
      await attendre(
        async () => (await direct.coeur.appeler('tableauDeBord.lire', {})).connexion.mode === 'hors-ligne',
      );
      await direct.coeur.appeler('actions.changerEtat', { numero, etat: 15, commentaire: 'Au retour.' });
      await dormir(1500);
      await guichet.demarrer();
      // No call from the agent: the probe sees the guichet back, the file d'attente leaves.
      await attendre(
        async () => (await direct.coeur.appeler('fileAttente.lister', {})).actions.length === 0,
        20_000,
      );
      expect((await direct.coeur.appeler('tableauDeBord.lire', {})).connexion.mode).toBe('en-ligne');
      const d = await temoin.appel('teledossier', { params: { numero } });
      expect(d.historique.filter((h) => h.commentaire === 'Au retour.')).toHaveLength(1);
    } finally {
      await direct.coeur.fermer();
    }
  });
});

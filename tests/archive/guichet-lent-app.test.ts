import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ouvrirApp, TOUT, type AppDeTest } from '../core/aide/app.js';
import { attendre } from '../core/aide/attendre.js';
import { dossierTemporaire, GuichetDeTest } from '../core/aide/guichet.js';
import { demarrerProxy, type ProxyPannes } from '../core/aide/proxy-pannes.js';

/**
 * The real guichet behind the fault-injecting proxy, one archive dripped byte by byte: the app's
 * archiving task gives up on it (throughput window shortened through the core's options), names
 * it among the failures, and still archives the others.
 */
let guichet: GuichetDeTest;
let proxy: ProxyPannes;
let app: AppDeTest;

beforeAll(async () => {
  guichet = await GuichetDeTest.creer(20, 'archives-lentes');
  proxy = await demarrerProxy(guichet.url);
  app = await ouvrirApp(dossierTemporaire(), proxy.url, guichet.comptes().agent, {
    archives: { debitMinOctetsParSeconde: 4096, fenetreDebitMs: 400, tentatives: 2, pauseInitialeMs: 10 },
  });
});

afterAll(async () => {
  await app?.coeur.fermer();
  await proxy?.fermer();
  await guichet?.nettoyer();
});

describe('archivage face à un guichet au goutte-à-goutte', () => {
  it('le dossier servi goutte à goutte est abandonné et nommé ; les autres sont archivés', async () => {
    await app.coeur.appeler('synchro.lancer', {});
    const { elements } = await app.coeur.appeler('dossiers.lister', {
      ...TOUT,
      filtre: { supprimes: 'exclure' },
    });
    const [lent, normal] = elements.map((e) => e.numero);
    proxy.ajouter({
      methode: 'GET',
      chemin: new RegExp(`/teledossiers/${lent!}/archive$`),
      panne: { type: 'goutte', intervalleMs: 50 },
    });
    const { tacheId } = await app.coeur.appeler('archives.telecharger', {
      selection: { numeros: [lent!, normal!] },
    });
    const fin = await attendre(
      () =>
        app.evenements.find(
          (e) => e.nom === 'archives.terminee' && (e.donnees as { tacheId: string }).tacheId === tacheId,
        ),
      60_000,
    );
    expect(fin.donnees).toMatchObject({
      archives: 1,
      annule: false,
      echecs: [
        {
          numero: lent,
          message: `Archive ${lent!} : le guichet l'envoie trop lentement (moins de 4 Ko/s en moyenne sur 0,4 s) ; téléchargement interrompu. Vérifiez la connexion puis relancez l'archivage.`,
        },
      ],
    });
    const essais = proxy.requetes.filter((q) => q.chemin.endsWith(`/teledossiers/${lent!}/archive`));
    expect(essais.map((q) => q.panne)).toEqual(['goutte', 'goutte']);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgerFichier } from '../../src/server/index.js';
import { ouvrirApp, TOUT, type AppDeTest } from './aide/app.js';
import { attendre } from './aide/attendre.js';
import { dossierTemporaire, GuichetDeTest } from './aide/guichet.js';

let guichet: GuichetDeTest;
let app: AppDeTest;

beforeAll(async () => {
  guichet = await GuichetDeTest.creer(60, 'guichet-404');
  app = await ouvrirApp(dossierTemporaire('guichet-404-'), guichet.url, guichet.comptes().agent);
});
afterAll(async () => {
  await app?.coeur.fermer();
  await guichet?.nettoyer();
});

describe('un guichet qui répond 404 pour un dossier qu’il vient de lister', () => {
  it('ne change rien localement, nomme le dossier, puis la pierre tombale en fait une perte', async () => {
    await app.coeur.appeler('synchro.lancer', {});
    const liste = await app.coeur.appeler('dossiers.lister', { ...TOUT, filtre: { supprimes: 'exclure' } });
    const numero = liste.elements[0]!.numero;
    // Purged on the guichet after the listing; this workstation has not synced since.
    await purgerFichier(guichet.fichierDb, new Date(Date.now() + 90 * 86_400_000));

    await expect(app.coeur.appeler('dossiers.rafraichir', { numero })).rejects.toMatchObject({
      message: expect.stringContaining(numero) as unknown,
    });
    const detail = await app.coeur.appeler('dossiers.detail', { numero });
    expect(detail.supprimeDuGuichet).toBeNull();
    expect(detail.perte).toBeNull();

    const { tacheId } = await app.coeur.appeler('archives.telecharger', { selection: { numeros: [numero] } });
    const fin = await attendre(
      () =>
        app.evenements.find(
          (e) => e.nom === 'archives.terminee' && (e.donnees as { tacheId: string }).tacheId === tacheId,
        ),
      30_000,
    );
    expect(fin.donnees).toMatchObject({
      archives: 0,
      perdus: [],
      echecs: [{ numero, message: expect.stringMatching(/liste pourtant encore/) as unknown }],
    });

    // The tombstone arrives: now it is a recorded loss, named everywhere.
    const r = await app.coeur.appeler('synchro.lancer', {});
    expect(r.perdus).toContain(numero);
    const bilan = await app.coeur.appeler('archives.bilan', {});
    expect(bilan.perdusNonAcquittes).toContain(numero);
    const apres = await app.coeur.appeler('dossiers.detail', { numero });
    expect(apres.perte?.motif).toBe('retention');
  });
});

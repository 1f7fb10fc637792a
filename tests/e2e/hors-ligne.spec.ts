/**
 * Issue #11, « Travailler hors ligne »: the header's switch stops every request to the guichet
 * (counted by a proxy on loopback in front of the real one), the actions wait in the file
 * d'attente, and « Se reconnecter » sends each of them exactly once, then syncs.
 */
import { demarrerProxy } from '../core/aide/proxy-pannes.js';
import {
  attendreFinSynchro,
  changerEtat,
  demarcheSansPieceRequise,
  dossiersA,
  ouvrirDossier,
  profilVers,
  type DossierApi,
} from './aides.js';
import { allerA, capturer, expect, seConnecter, test, verifierAccessibilite } from './fixtures.js';

test('« Travailler hors ligne » : aucune requête, actions en file ; « Se reconnecter » les envoie une fois', async ({
  page,
  env,
}) => {
  test.setTimeout(180_000);
  const demarche = await demarcheSansPieceRequise(env);
  const [a, b] = await dossiersA(env, 5, demarche.code);
  if (!a || !b) throw new Error('Pas assez de dossiers à l’état 5.');
  const proxy = await demarrerProxy(env.urlGuichet);
  await profilVers(env, proxy.url);
  try {
    await seConnecter(page, env, env.agent);
    await attendreFinSynchro(page);
    const entete = page.getByRole('banner');

    await entete.getByRole('button', { name: 'Travailler hors ligne' }).click();
    await expect(entete.getByRole('status')).toHaveText(/Hors ligne/);
    await expect(
      page.getByText(/Vous travaillez hors ligne : aucune requête ne part au guichet/),
    ).toBeVisible();
    await expect(entete.getByRole('button', { name: 'Synchroniser' })).toBeDisabled();
    const avant = proxy.requetes.length;

    await ouvrirDossier(page, a.numero);
    await changerEtat(page, 'Dossier reçu par le service traitant', 'Reçu, travail hors ligne (1).');
    await expect(page.getByText(/en file d'attente/).first()).toBeVisible({ timeout: 30_000 });
    await ouvrirDossier(page, b.numero);
    await changerEtat(page, 'Dossier reçu par le service traitant', 'Reçu, travail hors ligne (2).');
    await expect(page.getByText(/en file d'attente/).first()).toBeVisible({ timeout: 30_000 });
    await capturer(page, '27-travail-hors-ligne');
    await verifierAccessibilite(page, 'Dossier, travail hors ligne choisi');

    await allerA(page, "File d'attente");
    await expect(page.locator('.table-file tbody tr')).toHaveCount(2);
    // « Tout renvoyer maintenant » while offline by choice says why nothing leaves.
    await page.getByRole('button', { name: 'Tout renvoyer maintenant' }).click();
    await expect(
      page.getByText(/Vous travaillez hors ligne : rien n'est envoyé au guichet/).first(),
    ).toBeVisible();
    // Not one request reached the guichet: no action, no sync, no probe.
    expect(proxy.requetes.slice(avant).map((r) => `${r.methode} ${r.chemin}`)).toEqual([]);
    for (const d of [a, b])
      expect((await env.apiGuichet<DossierApi>(`/teledossiers/${d.numero}`)).etat).toBe(5);

    await entete.getByRole('button', { name: 'Se reconnecter' }).click();
    await expect(entete.getByRole('status')).toHaveText(/En ligne/, { timeout: 30_000 });
    await expect(page.locator('.table-file tbody tr')).toHaveCount(0, { timeout: 30_000 });
    for (const [i, d] of [a, b].entries()) {
      const chemin = `/api/v1/teledossiers/${d.numero}/etat`;
      await expect
        .poll(() => proxy.requetes.filter((r) => r.methode === 'POST' && r.chemin === chemin).length)
        .toBe(1);
      const surGuichet = await env.apiGuichet<DossierApi>(`/teledossiers/${d.numero}`);
      expect(surGuichet.etat).toBe(15);
      expect(surGuichet.dernierCommentaire).toBe(`Reçu, travail hors ligne (${i + 1}).`);
    }
    // Then the sync: the cursor walk went out again.
    await expect
      .poll(() => proxy.requetes.slice(avant).some((r) => r.chemin.startsWith('/api/v1/teledossiers?')))
      .toBe(true);
    await expect(entete.getByRole('button', { name: 'Travailler hors ligne' })).toBeVisible();
  } finally {
    await profilVers(env, env.urlGuichet);
    await proxy.fermer();
  }
});

import { allerA, expect, seConnecter, test, verifierAccessibilite } from './fixtures.js';

test('Paramètres : taille maximale d’une archive, vérifiée puis enregistrée', async ({ page, env }) => {
  await seConnecter(page, env, env.agent);
  await allerA(page, 'Paramètres');
  const champ = page.getByLabel("Taille maximale d'une archive (Mo)");
  await expect(champ).toHaveValue('2048');

  await champ.fill('0');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(
    page.getByText(
      "La taille maximale d'une archive doit être un nombre entier de mégaoctets entre 1 et 1048576.",
    ),
  ).toBeVisible();
  expect((await env.coeur.appeler('parametres.lire', {})).tailleMaxArchiveMo).toBe(2048);

  await champ.fill('500');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.locator('.toast', { hasText: 'Paramètres enregistrés.' })).toBeVisible();
  expect((await env.coeur.appeler('parametres.lire', {})).tailleMaxArchiveMo).toBe(500);
  await verifierAccessibilite(page, 'Paramètres (taille maximale)');

  // The environment is shared by the worker's other tests: back to the default.
  await env.coeur.appeler('parametres.enregistrer', { tailleMaxArchiveMo: 2048 });
});

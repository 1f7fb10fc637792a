/**
 * Issue #11, item 7 (smaller ones): F1 opens the help, Échap gives focus back to the button that
 * opened a dialog, one « Synchroniser » on the dashboard, slots by their libellés.
 */
import { allerA, expect, seConnecter, test } from './fixtures.js';

test('F1 ouvre et ferme l’aide, où que soit le focus', async ({ page, env }) => {
  await seConnecter(page, env, env.agent);
  const aide = page.getByRole('dialog', { name: 'Aide : raccourcis clavier' });
  await expect(aide).toHaveCount(0);
  await page.keyboard.press('F1');
  await expect(aide).toBeVisible();
  await expect(aide).toBeFocused();
  await expect(aide).toContainText('Ouvrir ou fermer cette aide');
  await page.keyboard.press('F1');
  await expect(aide).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Aide' })).toBeFocused();
});

test('Échap sur une fenêtre rend le focus au bouton qui l’a ouverte', async ({ page, env }) => {
  await seConnecter(page, env, env.agent);
  await allerA(page, 'Télédossiers');
  await expect(page.getByText(/Nombre de télédossiers correspondant à la recherche : \d/)).toBeVisible();
  await page.locator('.grille-ligne[data-index="0"]').getByRole('checkbox').check();
  const telecharger = page.getByRole('toolbar', { name: 'Actions sur la sélection' }).getByRole('button', {
    name: 'Télécharger',
  });
  await telecharger.focus();
  await page.keyboard.press('Enter');
  const dialogue = page.getByRole('dialog');
  await expect(dialogue).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialogue).toHaveCount(0);
  await expect(telecharger).toBeFocused();
});

test('tableau de bord : un seul bouton « Synchroniser », celui de l’en-tête', async ({ page, env }) => {
  await seConnecter(page, env, env.agent);
  await expect(page.getByRole('button', { name: 'Synchroniser' })).toHaveCount(1);
  await expect(page.getByRole('banner').getByRole('button', { name: 'Synchroniser' })).toBeVisible();
});

test('les emplacements de pièces sont nommés par leur libellé, jamais par leur nom technique', async ({
  page,
  env,
}) => {
  await seConnecter(page, env, env.agent);
  await allerA(page, 'Télédossiers');
  await page
    .getByLabel('État', { exact: true })
    .selectOption({ label: 'Dossier reçu par le service traitant' });
  await expect(page.getByText(/Nombre de télédossiers correspondant à la recherche : \d/)).toBeVisible();
  const premier = page.locator('.grille-ligne[data-index="0"]');
  await premier.getByRole('button').first().click();
  await expect(page.getByRole('heading', { name: /^Dossier A-5-/ })).toBeVisible();
  const slots = page.locator('.slot');
  await expect(slots.first()).toBeVisible();
  await expect(slots.locator('strong').first()).not.toHaveText(/^[a-z][a-z0-9-]*$/);
  await expect(page.locator('.slot strong', { hasText: /^attestation$|^recepisse$/ })).toHaveCount(0);
  await expect(page.getByText('Attestation, certificat ou récépissé').first()).toBeVisible();
});

test('l’historique nomme les agents par leur prénom et leur nom, pas par leur identifiant', async ({
  page,
  env,
}) => {
  await seConnecter(page, env, env.agent);
  await allerA(page, 'Télédossiers');
  await page.getByLabel('État', { exact: true }).selectOption({ label: 'Dossier en cours de traitement' });
  await expect(page.getByText(/Nombre de télédossiers correspondant à la recherche : \d/)).toBeVisible();
  await page.locator('.grille-ligne[data-index="0"]').getByRole('button').first().click();
  const historique = page.getByRole('region', { name: 'Historique' });
  await expect(historique.getByRole('row').nth(1)).toBeVisible();
  const par = await historique.locator('tbody tr td:nth-child(2)').allTextContents();
  const agents = par.filter((p) => p !== 'usager / système');
  expect(agents.length).toBeGreaterThan(0);
  for (const nom of agents) {
    expect(nom).toMatch(/^\p{Lu}[\p{L}'-]* \p{Lu}/u);
    expect(nom).not.toMatch(/^[a-z0-9._-]+$/);
  }
});

/**
 * Issue #11, item 1: coming back to the list (« Retour à la liste » or the menu) finds it where it
 * was, rows drawn, with the opened dossier in view and focused, and the keyboard still in the list.
 */
import type { Page } from '@playwright/test';
import { allerA, expect, seConnecter, test } from './fixtures.js';

const defilement = (page: Page) =>
  page.locator('.grille-defilement').evaluate((el) => (el as HTMLElement).scrollTop);

/** Scrolls well down the list and opens a dossier from the middle of the window. */
async function ouvrirPlusBas(page: Page): Promise<{ numero: string; avant: number }> {
  await allerA(page, 'Télédossiers');
  // « Tous »: the longest list of the service.
  await page.getByRole('tab', { name: /^Tous/ }).click();
  await expect(page.getByText(/Nombre de télédossiers correspondant à la recherche : \d{3}/)).toBeVisible();
  await page.locator('.grille-defilement').evaluate((el) => {
    (el as HTMLElement).scrollTop = 4000;
  });
  // A few rows below the top of the window (rows are 36 px high; those above are drawn out of view).
  const rangee = page.locator(`.grille-ligne[data-index="${Math.floor(4000 / 36) + 3}"][data-numero]`);
  await expect(rangee).toBeInViewport();
  const numero = (await rangee.getAttribute('data-numero'))!;
  const avant = await defilement(page);
  expect(avant).toBeGreaterThan(3000);
  await rangee.getByRole('button', { name: numero }).click();
  await expect(page.getByRole('heading', { name: `Dossier ${numero}` })).toBeVisible();
  return { numero, avant };
}

async function verifierRetour(page: Page, numero: string, avant: number) {
  const rangee = page.locator(`.grille-ligne[data-numero="${numero}"]`);
  await expect(rangee).toBeInViewport();
  await expect(rangee).toBeFocused();
  expect(Math.abs((await defilement(page)) - avant)).toBeLessThan(40);
  // Rows are drawn around it, not placeholders.
  await expect(page.locator('.grille-ligne.chargement')).toHaveCount(0);
  expect(await page.locator('.grille-ligne[data-numero]').count()).toBeGreaterThan(10);
  // The keyboard goes on from there.
  const index = Number(await rangee.getAttribute('data-index'));
  await page.keyboard.press('ArrowDown');
  await expect(page.locator(`.grille-ligne[data-index="${index + 1}"]`)).toBeFocused();
}

test('« Retour à la liste » : même place, le dossier ouvert visible et focalisé', async ({ page, env }) => {
  await seConnecter(page, env, env.agent);
  const { numero, avant } = await ouvrirPlusBas(page);
  await page.getByRole('button', { name: 'Retour à la liste' }).click();
  await verifierRetour(page, numero, avant);
});

test('retour par le menu : même place aussi', async ({ page, env }) => {
  await seConnecter(page, env, env.agent);
  const { numero, avant } = await ouvrirPlusBas(page);
  await allerA(page, 'Télédossiers');
  await verifierRetour(page, numero, avant);
});

test('la liste reste atteignable au clavier quand la ligne active est hors de vue', async ({ page, env }) => {
  await seConnecter(page, env, env.agent);
  const { numero } = await ouvrirPlusBas(page);
  await page.getByRole('button', { name: 'Retour à la liste' }).click();
  await expect(page.locator(`.grille-ligne[data-numero="${numero}"]`)).toBeFocused();
  await page.locator('.grille-defilement').evaluate((el) => {
    (el as HTMLElement).scrollTop = 0;
  });
  await expect(page.locator('.grille-ligne[data-index="0"]')).toBeInViewport();
  // One row of the drawn window takes Tab, so focus can come back into the list from outside it.
  await expect(page.locator('.grille-ligne[tabindex="0"]')).toHaveCount(1);
  await expect(page.locator('.grille-ligne[data-index="0"]')).toHaveAttribute('tabindex', '0');
});

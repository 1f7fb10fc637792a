/**
 * Issue #11, item 6: the list opens on « À traiter » (neither closed nor deleted), its tabs say their
 * counts, which match the guichet's, and the other filters apply inside the chosen tab.
 */
import type { Page } from '@playwright/test';
import { allerA, capturer, expect, seConnecter, test, type Environnement } from './fixtures.js';
import { synchroniser } from './aides.js';

interface EtatApi {
  code: number;
  terminal: boolean;
  attentePieces?: boolean;
}

/** The open states of every workflow the guichet serves, and those where it waits for pièces. */
async function etatsOuverts(env: Environnement): Promise<{ ouverts: number[]; attente: number[] }> {
  const { workflows } = await env.apiGuichet<{ workflows: { etats: EtatApi[] }[] }>('/workflows');
  const etats = workflows.flatMap((w) => w.etats);
  return {
    ouverts: etats.filter((e) => !e.terminal).map((e) => e.code),
    attente: etats.filter((e) => e.attentePieces).map((e) => e.code),
  };
}

async function totalGuichet(env: Environnement, criteres: Record<string, string>): Promise<number> {
  const q = new URLSearchParams({ ...criteres, parPage: '1' });
  return (await env.apiGuichet<{ total: number }>(`/teledossiers?${q}`)).total;
}

async function compteOnglet(page: Page, nom: string): Promise<number> {
  const texte = await page
    .getByRole('tab', { name: new RegExp(`^${nom}`) })
    .locator('.compte')
    .textContent();
  return Number((texte ?? '').replace(/\D/g, ''));
}

interface DossierApi {
  numero: string;
}

/** A colleague closes one open dossier from another workstation, through the guichet. */
async function cloturerParUnCollegue(env: Environnement): Promise<string> {
  const q = new URLSearchParams({ etat: '16', parPage: '50' });
  const { elements } = await env.apiGuichet<{ elements: DossierApi[] }>(`/teledossiers?${q}`);
  for (const d of elements) {
    const r = await env.apiGuichet<{ resultats: { numero: string; ok: boolean }[] }>(
      '/teledossiers/cloture',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          numeros: [d.numero],
          commentaire: 'Clos par un collègue.',
          cle: crypto.randomUUID(),
        }),
      },
    );
    if (r.resultats[0]?.ok) return d.numero;
  }
  throw new Error('Aucun dossier en cours de traitement ne peut être clos.');
}

test('les onglets : « À traiter » par défaut, comptes égaux à ceux du guichet, filtres appliqués dedans', async ({
  page,
  env,
}) => {
  const closParUnCollegue = await cloturerParUnCollegue(env);
  await seConnecter(page, env, env.agent);
  await synchroniser(page);
  await allerA(page, 'Télédossiers');
  const aTraiter = page.getByRole('tab', { name: /^À traiter/ });
  await expect(aTraiter).toHaveAttribute('aria-selected', 'true');
  await expect(aTraiter.locator('.compte')).toHaveText(/\d/);

  const ETATS = await etatsOuverts(env);
  let ouverts = 0;
  for (const etat of ETATS.ouverts) ouverts += await totalGuichet(env, { etat: String(etat) });
  let attente = 0;
  for (const etat of ETATS.attente) attente += await totalGuichet(env, { etat: String(etat) });
  expect(ouverts).toBeGreaterThan(0);
  expect(await compteOnglet(page, 'À traiter')).toBe(ouverts);
  expect(await compteOnglet(page, 'En attente de pièces')).toBe(attente);
  const clos = await compteOnglet(page, 'Clos');
  const supprimes = await compteOnglet(page, 'Supprimés du guichet');
  expect(clos).toBeGreaterThan(0);
  // Each dossier is in exactly one of « À traiter », « Clos » and « Supprimés du guichet ».
  expect(await compteOnglet(page, 'Tous')).toBe(ouverts + clos + supprimes);
  await expect(
    page.getByText(`Nombre de télédossiers correspondant à la recherche : ${ouverts}`),
  ).toBeVisible();
  await expect(page.locator('.grille-ligne .c-etat', { hasText: 'Dossier clos' })).toHaveCount(0);
  await expect(page.locator('.grille-ligne .perte')).toHaveCount(0);
  await capturer(page, '26-onglets-a-traiter');

  // « Clos » holds the dossier a colleague closed, which the guichet no longer lists.
  await page.getByRole('tab', { name: /^Clos/ }).click();
  await expect(page.getByText(`Nombre de télédossiers correspondant à la recherche : ${clos}`)).toBeVisible();
  await page.getByLabel('Rechercher').fill(closParUnCollegue);
  await page.getByLabel('Rechercher').press('Enter');
  await expect(page.getByText('Nombre de télédossiers correspondant à la recherche : 1')).toBeVisible();
  await expect(page.getByRole('tab', { name: /^Clos/ }).locator('.compte')).toHaveText('1');
  await expect(page.getByRole('tab', { name: /^À traiter/ }).locator('.compte')).toHaveText('0');
  await page.getByLabel('Rechercher').fill('');
  await page.getByLabel('Rechercher').press('Enter');

  // A démarche filter applies inside the tab, and to every tab's count.
  await page.getByRole('tab', { name: /^À traiter/ }).click();
  const { demarches } = await env.apiGuichet<{ demarches: { code: string; intitule: string }[] }>(
    '/demarches',
  );
  const demarche = demarches[0]!;
  await page.getByLabel('Démarche').selectOption({ label: demarche.intitule });
  let ouvertsDemarche = 0;
  for (const etat of ETATS.ouverts)
    ouvertsDemarche += await totalGuichet(env, { etat: String(etat), demarche: demarche.code });
  await expect(
    page.getByText(`Nombre de télédossiers correspondant à la recherche : ${ouvertsDemarche}`),
  ).toBeVisible();
  await expect.poll(() => compteOnglet(page, 'À traiter')).toBe(ouvertsDemarche);

  // Arrows move between tabs (ARIA tabs).
  await page.getByRole('tab', { name: /^Clos/ }).click();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: /^Supprimés du guichet/ })).toBeFocused();
  await expect(page.getByRole('tab', { name: /^Supprimés du guichet/ })).toHaveAttribute(
    'aria-selected',
    'true',
  );
});

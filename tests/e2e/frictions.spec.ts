/**
 * Issue #11, item 7 (smaller ones): F1 opens the help, Échap gives focus back to the button that
 * opened a dialog, one « Synchroniser » on the dashboard, slots by their libellés.
 */
import { ouvrirPremierA } from './aides.js';
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
  await ouvrirPremierA(page, 'Dossier reçu par le service traitant');
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
  await ouvrirPremierA(page, 'Dossier en cours de traitement');
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

test('la colonne État montre le libellé entier, à 1280 px comme à 200 %', async ({ page, env }) => {
  await seConnecter(page, env, env.agent);
  await allerA(page, 'Télédossiers');
  await page.getByRole('tab', { name: /^Tous/ }).click();
  await expect(page.locator('.grille-ligne[data-index="0"] .c-etat')).toHaveText(/\S/);
  const coupees = () =>
    page
      .locator('.grille-defilement .grille-ligne[data-numero] .c-etat')
      .evaluateAll((cellules) =>
        cellules
          .filter((c) => c.scrollHeight > c.clientHeight + 1 || c.scrollWidth > c.clientWidth + 1)
          .map((c) => c.textContent),
      );
  expect(await coupees()).toEqual([]);
  // 200 %: a 1280×720 window is 640×360 CSS pixels.
  await page.setViewportSize({ width: 640, height: 360 });
  await expect(page.locator('.grille-ligne[data-index="0"] .c-etat')).toBeVisible();
  expect(await coupees()).toEqual([]);
  // The full libellé is also there on hover.
  const titre = await page.locator('.grille-ligne[data-index="0"] .c-etat').getAttribute('title');
  expect(titre).toMatch(/^Dossier /);
});

test('de la recherche à la liste en une touche, et un lien d’évitement avant les filtres', async ({
  page,
  env,
}) => {
  await seConnecter(page, env, env.agent);
  await allerA(page, 'Télédossiers');
  await expect(page.locator('.grille-ligne[data-index="0"][data-numero]')).toBeVisible();
  await page.getByLabel('Rechercher').focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('.grille-ligne[data-index="0"]')).toBeFocused();

  // From the menu, the first Tab lands on the skip link, and Entrée goes to the list.
  await page
    .getByRole('navigation', { name: 'Menu principal' })
    .getByRole('button', { name: 'Paramètres', exact: true })
    .focus();
  await page.keyboard.press('Tab');
  const lien = page.getByRole('link', { name: 'Aller à la liste des dossiers' });
  await expect(lien).toBeFocused();
  await expect(lien).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('.grille-ligne[tabindex="0"]')).toBeFocused();
});

test('connexion : le nom du profil se lit en entier', async ({ page, env }) => {
  await page.goto(env.urlApp);
  const profil = page.getByLabel('Profil (guichet)');
  await expect(profil).toBeVisible();
  await expect(profil.locator('option:checked')).toHaveText(`Test — ${env.service.nom}`);
  // The select is as wide as its text needs: nothing cut.
  const { largeur, necessaire } = await profil.evaluate((s) => {
    const select = s as HTMLSelectElement;
    const mesure = document.createElement('span');
    mesure.style.font = getComputedStyle(select).font;
    mesure.style.whiteSpace = 'pre';
    mesure.textContent = select.selectedOptions[0]?.textContent ?? '';
    document.body.append(mesure);
    const necessaire = mesure.getBoundingClientRect().width;
    mesure.remove();
    return { largeur: select.clientWidth, necessaire };
  });
  expect(necessaire).toBeGreaterThan(100);
  expect(largeur).toBeGreaterThan(necessaire + 24); // room for the arrow
  await expect(page.getByRole('button', { name: 'Nouveau profil' })).toBeVisible();
});

test('une seule façon d’écrire les dates sur le détail d’un dossier', async ({ page, env }) => {
  await seConnecter(page, env, env.agent);
  await allerA(page, 'Télédossiers');
  await page.locator('.grille-ligne[data-index="0"]').getByRole('button').first().click();
  const suivi = page.getByRole('region', { name: 'Suivi de la démarche' });
  await expect(suivi).toContainText('Expire le');
  const texte = (await suivi.textContent()) ?? '';
  expect(texte).not.toMatch(
    /janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre/,
  );
  expect(texte.match(/\d{2}\/\d{2}\/\d{4}/g)?.length ?? 0).toBeGreaterThanOrEqual(2);
});

test('un profil préparé sans identifiant attend celui de l’agent, sans mot inventé', async ({
  page,
  env,
}) => {
  const prepare = await env.coeur.appeler('profils.enregistrer', {
    nom: 'Guichet réel (préparé)',
    urlGuichet: env.urlGuichet,
    identifiant: '',
  });
  try {
    await page.goto(env.urlApp);
    await page.getByLabel('Profil (guichet)').selectOption({ label: 'Guichet réel (préparé)' });
    const identifiant = page.getByLabel('Identifiant', { exact: true });
    await expect(identifiant).toHaveValue('');
    // The administrator: the agent already has the test profile on this guichet.
    await page.getByLabel('Mot de passe', { exact: true }).fill(env.admin.motDePasse);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    // The browser stops the form on the empty field; the core refuses it too.
    expect(await identifiant.evaluate((el) => (el as HTMLInputElement).validity.valueMissing)).toBe(true);
    await expect(page.getByRole('heading', { name: 'Connexion' })).toBeVisible();
    await expect(
      env.coeur.appeler('session.connecter', {
        profilId: prepare.id,
        motDePasse: env.admin.motDePasse,
        memoriser: false,
      }),
    ).rejects.toMatchObject({ message: 'Saisissez votre identifiant pour ce profil.' });
    // Typed once, it is kept with the profile.
    await identifiant.fill(env.admin.identifiant);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await expect(page.getByRole('heading', { name: 'Tableau de bord' })).toBeVisible({ timeout: 30_000 });
    const { profils } = await env.coeur.appeler('profils.lister', {});
    expect(profils.find((p) => p.id === prepare.id)?.identifiant).toBe(env.admin.identifiant);
  } finally {
    await env.coeur.appeler('session.deconnecter', {}).catch(() => undefined);
    await env.coeur.appeler('profils.supprimer', { id: prepare.id });
  }
});

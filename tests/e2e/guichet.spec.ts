import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import {
  allerA,
  capturer,
  expect,
  numerosAffiches,
  seConnecter,
  test,
  verifierAccessibilite,
} from './fixtures.js';
import {
  type DossierApi,
  dossiersA,
  synchroniser,
  ouvrirDossier,
  changerEtat,
  pdf,
  demarcheSansPieceRequise,
} from './aides.js';

async function ouvrirListe(page: Page) {
  await allerA(page, 'Télédossiers');
  await expect(page.getByRole('heading', { name: 'Télédossiers à traiter' })).toBeVisible();
  await expect(page.getByText(/Nombre de télédossiers correspondant à la recherche : \d/)).toBeVisible();
}

async function rechercher(page: Page, texte: string) {
  await page.getByLabel('Rechercher').fill(texte);
  await page.getByLabel('Rechercher').press('Enter');
}

/** Ticks `n` rows from the top of the list with the keyboard (Space, ArrowDown). */
async function cocherLignes(page: Page, n: number) {
  await page.locator('#ligne-0 .c-date').first().click();
  for (let i = 0; i < n; i++) {
    await page.keyboard.press('Space');
    if (i < n - 1) await page.keyboard.press('ArrowDown');
  }
  await expect(page.getByText(`${n} dossiers sélectionnés`)).toBeVisible();
}

function zipsSur(dossier: string): string[] {
  const trouves: string[] = [];
  const parcourir = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) parcourir(p);
      else if (e.name.endsWith('.zip')) trouves.push(p);
    }
  };
  try {
    parcourir(dossier);
  } catch {
    /* pas encore créé */
  }
  return trouves;
}

test('connexion : erreurs claires, mot de passe perdu, puis connexion de l’agent', async ({ page, env }) => {
  await page.goto(env.urlApp);
  await expect(page.getByRole('heading', { name: 'Connexion' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await page.getByLabel('Identifiant', { exact: true }).fill(env.agent.identifiant);
  await capturer(page, '01-connexion');
  await verifierAccessibilite(page, 'Connexion');

  await page.getByLabel('Mot de passe', { exact: true }).fill('mauvais-mot-de-passe');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await capturer(page, '02-connexion-erreur');

  await page.getByRole('button', { name: 'Mot de passe perdu' }).click();
  await expect(page.getByRole('heading', { name: 'Mot de passe perdu' })).toBeVisible();
  await verifierAccessibilite(page, 'Mot de passe perdu');
  await page.getByRole('button', { name: 'Retour à la connexion' }).click();

  await page.getByLabel('Identifiant', { exact: true }).fill(env.agent.identifiant);
  await page.getByLabel('Mot de passe', { exact: true }).fill(env.agent.motDePasse);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.getByRole('heading', { name: 'Tableau de bord' })).toBeVisible({ timeout: 30_000 });
  await synchroniser(page);
  await expect(page.getByText('télédossiers connus')).toBeVisible();
  await expect(page.locator('.pastille')).toHaveText(/En ligne/);
  await capturer(page, '03-tableau-de-bord');
  await verifierAccessibilite(page, 'Tableau de bord');

  await page.getByRole('button', { name: 'Aide' }).click();
  await expect(page.getByRole('dialog', { name: /raccourcis clavier/ })).toBeVisible();
  await capturer(page, '04-aide');
  await verifierAccessibilite(page, 'Aide');
  await page.keyboard.press('Escape');
  // Alt+2 opens the list, Ctrl+K focuses the search box.
  await page.keyboard.press('Alt+2');
  await expect(page.getByRole('heading', { name: 'Télédossiers à traiter' })).toBeVisible();
  await page.keyboard.press('Alt+1');
  await page.keyboard.press('Control+k');
  await expect(page.getByLabel('Rechercher')).toBeFocused();
});

test('liste : filtres, tri et recherche par numéro', async ({ page, env }) => {
  await seConnecter(page, env, env.agent);
  await synchroniser(page);
  await ouvrirListe(page);
  const tous = await numerosAffiches(page);
  expect(tous.length).toBeGreaterThan(5);
  await capturer(page, '05-teledossiers');
  await verifierAccessibilite(page, 'Télédossiers');

  // Filter by démarche: every row shows it.
  const demarche = await demarcheSansPieceRequise(env);
  await page.getByLabel('Démarche').selectOption({ label: demarche.intitule });
  await expect(page.locator('.grille-defilement [role="row"] .c-demarche').first()).toHaveText(
    demarche.intitule,
  );
  const demarches = await page.locator('.grille-defilement [role="row"] .c-demarche').allTextContents();
  expect(new Set(demarches)).toEqual(new Set([demarche.intitule]));

  // Filter by état.
  await page.getByLabel('État').selectOption({ label: 'Dossier transmis au service traitant' });
  await expect(page.locator('.grille-defilement [role="row"] .c-etat').first()).toHaveText(
    'Dossier transmis au service traitant',
  );
  const etats = await page.locator('.grille-defilement [role="row"] .c-etat').allTextContents();
  expect(new Set(etats)).toEqual(new Set(['Dossier transmis au service traitant']));
  await page.getByRole('button', { name: 'Réinitialiser' }).click();

  // Sort by numéro, both ways.
  await page.getByRole('columnheader', { name: 'Numéro' }).getByRole('button').click();
  await expect(page.getByRole('columnheader', { name: 'Numéro' })).toHaveAttribute('aria-sort', 'ascending');
  await expect
    .poll(async () => {
      const n = await numerosAffiches(page);
      return n.length > 2 && n.every((x, i) => i === 0 || (n[i - 1] ?? '') <= x);
    })
    .toBe(true);
  await page.getByRole('columnheader', { name: 'Numéro' }).getByRole('button').click();
  await expect(page.getByRole('columnheader', { name: 'Numéro' })).toHaveAttribute('aria-sort', 'descending');

  // « Tout sélectionner » covers the whole filtered set, not only the rows on screen.
  const total = Number(
    (
      (await page.getByText(/Nombre de télédossiers correspondant à la recherche/).textContent()) ?? ''
    ).replace(/\D/g, ''),
  );
  await page.getByLabel('Tout sélectionner').check();
  await expect(page.getByText(`${total} dossiers sélectionnés`)).toBeVisible();
  await page.locator('#ligne-0').getByRole('checkbox').uncheck();
  await expect(page.getByText(`${total - 1} dossiers sélectionnés`)).toBeVisible();
  await page.getByLabel('Tout sélectionner').check();
  await page.getByLabel('Tout sélectionner').uncheck();
  await expect(page.getByText('Aucun dossier sélectionné')).toBeVisible();

  // Search by numéro (lower case, as typed by an agent).
  const cible = tous[3] ?? '';
  await rechercher(page, cible.toLowerCase());
  await expect(page.getByText('Nombre de télédossiers correspondant à la recherche : 1')).toBeVisible();
  expect(await numerosAffiches(page)).toEqual([cible]);
});

test('détail : lire les données d’un dossier, puis le retrouver par un mot de ses données', async ({
  page,
  env,
}) => {
  await seConnecter(page, env, env.agent);
  await synchroniser(page);
  const [dossier] = await dossiersA(env, 15);
  if (!dossier) throw new Error('Aucun dossier à l’état 15.');
  await ouvrirDossier(page, dossier.numero);
  await expect(page.getByText(dossier.demarche.intitule).first()).toBeVisible();
  await page.getByRole('button', { name: 'Télécharger les éléments du dossier' }).click();
  await expect(page.getByText(/Téléchargement terminé/).first()).toBeVisible({ timeout: 30_000 });
  const section = page.locator('.section-donnees').first();
  await expect(section).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole('heading', { name: 'Historique' })).toBeVisible();
  await expect(page.getByText('Archivé le')).toBeVisible();
  await capturer(page, '06-detail-dossier');
  await verifierAccessibilite(page, 'Détail d’un dossier');

  // A distinctive word typed by the citizen (a name, a street…).
  const valeurs = await page.locator('.section-donnees dd').allTextContents();
  const mot = valeurs
    .flatMap((v) => v.split(/[\s,;:()/]+/))
    .find((m) => /^[A-Za-zÀ-ÿ-]{6,}$/.test(m) && !/^(non|renseign)/i.test(m));
  expect(mot, 'un mot des données').toBeTruthy();

  // The embedded PDF viewer: the CERFA opens inside the app.
  const cerfa = page.locator('.fichiers li', { hasText: '.pdf' }).first();
  if (await cerfa.count()) {
    await cerfa.getByRole('button').click();
    await expect(page.locator('.apercu iframe')).toBeVisible();
    await page.locator('.apercu').scrollIntoViewIfNeeded();
    await page.waitForTimeout(1500);
    await capturer(page, '07-apercu-pdf');
    await page
      .getByRole('button', { name: 'Fermer l’aperçu' })
      .or(page.getByRole('button', { name: "Fermer l'aperçu" }))
      .click();
  }

  await ouvrirListe(page);
  await rechercher(page, mot ?? '');
  await expect.poll(async () => numerosAffiches(page)).toContain(dossier.numero);
});

test('téléchargement en masse de 50 dossiers : les zips sont sur le disque', async ({ page, env }) => {
  await seConnecter(page, env, env.agent);
  await synchroniser(page);
  await ouvrirListe(page);
  await page.getByLabel('Archivé').selectOption({ label: 'Non' });
  await page.getByRole('tab', { name: /^À traiter/ }).click();
  await expect(page.locator('#ligne-0')).toBeVisible();
  await cocherLignes(page, 50);
  const choisis = await page
    .locator('.grille-defilement [role="row"][aria-selected="true"] button.numero')
    .allTextContents();
  await page.getByRole('toolbar').getByRole('button', { name: 'Télécharger' }).click();
  await expect(page.getByRole('dialog')).toContainText('50 dossiers');
  await capturer(page, '08-confirmation-telechargement');
  await page.getByRole('dialog').getByRole('button', { name: 'Télécharger 50 dossiers' }).click();
  await expect(
    page.getByText('Téléchargement des archives').or(page.getByText('Téléchargement terminé').first()),
  ).toBeVisible();
  await capturer(page, '09-telechargement-en-cours');
  await expect(page.getByText(/Téléchargement terminé/).first()).toBeVisible({ timeout: 60_000 });

  const dossier = await env.dossierArchives();
  const zips = zipsSur(dossier);
  expect(zips.length).toBeGreaterThanOrEqual(50);
  for (const numero of choisis) expect(zips.some((z) => path.basename(z).includes(numero))).toBe(true);
});

test('changer l’état d’un dossier avec un commentaire', async ({ page, env }) => {
  await seConnecter(page, env, env.agent);
  await synchroniser(page);
  const [dossier] = await dossiersA(env, 5);
  if (!dossier) throw new Error('Aucun dossier à l’état 5.');
  await ouvrirDossier(page, dossier.numero);
  const options = await page.getByLabel('Nouvel état du dossier').locator('option').allTextContents();
  // Only the workflow's transitions from « transmis » (5 → 15, 100).
  expect(options.slice(1).sort()).toEqual(['Dossier clos', 'Dossier reçu par le service traitant']);
  const commentaire = 'Dossier bien reçu : instruction en cours.';
  await changerEtat(page, 'Dossier reçu par le service traitant', commentaire);
  await expect(page.getByText(/Nouvel état envoyé/)).toBeVisible();
  await expect(page.locator('.fiche').first()).toContainText('Dossier reçu par le service traitant');
  await capturer(page, '10-etat-change');
  const apres = await env.apiGuichet<DossierApi>(`/teledossiers/${dossier.numero}`);
  expect(apres.etat).toBe(15);
  expect(apres.dernierCommentaire).toBe(commentaire);
});

test('joindre une attestation PDF puis clôturer le dossier', async ({ page, env }) => {
  await seConnecter(page, env, env.agent);
  await synchroniser(page);
  const [dossier] = await dossiersA(env, 16);
  if (!dossier) throw new Error('Aucun dossier à l’état 16.');
  await ouvrirDossier(page, dossier.numero);
  await expect(page.getByRole('heading', { name: 'Pièces jointes déposables' })).toBeVisible();
  await expect(page.locator('.slot', { hasText: 'attestation' })).toContainText('taille maximum');

  // Checked before upload: a file that is not a PDF is refused by its content.
  await page.locator('#slot-attestation').setInputFiles({
    name: 'faux.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('pas un pdf du tout'),
  });
  await expect(page.locator('.slot', { hasText: 'attestation' }).getByRole('alert')).toContainText(
    "n'est pas un PDF",
  );

  await page.locator('#slot-attestation').setInputFiles({
    name: 'attestation.pdf',
    mimeType: 'application/pdf',
    buffer: await pdf(`Attestation — dossier ${dossier.numero}`),
  });
  await expect(page.getByText(/Pièce jointe « attestation.pdf » déposée/)).toBeVisible();
  await changerEtat(page, 'Dossier clos', 'Votre attestation est disponible.');
  await expect(page.getByText(/Nouvel état envoyé/)).toBeVisible();
  await capturer(page, '11-dossier-clos');
  const apres = await env.apiGuichet<DossierApi>(`/teledossiers/${dossier.numero}`);
  expect(apres.etat).toBe(100);
  expect(apres.piecesDeposees?.some((p) => p.slot === 'attestation')).toBe(true);
});

test('clôture en masse de 10 dossiers', async ({ page, env }) => {
  await seConnecter(page, env, env.agent);
  await synchroniser(page);
  const demarche = await demarcheSansPieceRequise(env);
  await ouvrirListe(page);
  await page.getByLabel('Démarche').selectOption({ label: demarche.intitule });
  await page.getByRole('tab', { name: /^À traiter/ }).click();
  await expect(page.locator('#ligne-0 .c-demarche')).toHaveText(demarche.intitule);
  await cocherLignes(page, 10);
  const choisis = await page
    .locator('.grille-defilement [role="row"][aria-selected="true"] button.numero')
    .allTextContents();
  expect(choisis).toHaveLength(10);
  await page.getByRole('toolbar').getByRole('button', { name: 'Clôturer' }).click();
  await expect(page.getByRole('dialog')).toContainText('Clôturer 10 dossiers ?');
  await page.getByLabel('Commentaire (facultatif)').fill('Démarche traitée.');
  await capturer(page, '12-cloture-en-masse');
  await verifierAccessibilite(page, 'Clôture en masse');
  await page.getByRole('dialog').getByRole('button', { name: 'Clôturer 10 dossiers' }).click();
  await expect(page.getByText(/Clôture envoyée pour 10 dossiers/)).toBeVisible({ timeout: 30_000 });
  for (const numero of choisis) {
    expect((await env.apiGuichet<DossierApi>(`/teledossiers/${numero}`)).etat).toBe(100);
  }
});

test('hors ligne : deux actions en file d’attente, rejouées au retour du guichet', async ({ page, env }) => {
  await seConnecter(page, env, env.agent);
  await synchroniser(page);
  const demarche = await demarcheSansPieceRequise(env);
  const [a, b] = await dossiersA(env, 5, demarche.code);
  if (!a || !b) throw new Error('Pas assez de dossiers à l’état 5.');

  await env.arreterGuichet();
  await ouvrirDossier(page, a.numero);
  await changerEtat(page, 'Dossier reçu par le service traitant', 'Reçu hors ligne (1).');
  await expect(page.getByText(/en file d'attente/).first()).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('.pastille')).toHaveText(/Hors ligne/);
  await expect(
    page.getByRole('heading', { name: 'Actions non encore acquittées par le guichet' }),
  ).toBeVisible();
  await capturer(page, '13-dossier-action-en-attente');

  await ouvrirDossier(page, b.numero);
  await changerEtat(page, 'Dossier clos', 'Clos hors ligne (2).');
  await expect(page.getByText(/en file d'attente/).first()).toBeVisible({ timeout: 30_000 });

  await allerA(page, "File d'attente");
  await expect(page.getByRole('heading', { name: "File d'attente" })).toBeVisible();
  await expect(page.locator('.table-file tbody tr')).toHaveCount(2);
  await capturer(page, '14-file-attente');
  await verifierAccessibilite(page, "File d'attente");

  await env.redemarrerGuichet();
  await page.getByRole('button', { name: 'Tout renvoyer maintenant' }).click();
  await expect
    .poll(async () => (await env.apiGuichet<DossierApi>(`/teledossiers/${a.numero}`)).etat, {
      timeout: 45_000,
    })
    .toBe(15);
  await expect
    .poll(async () => (await env.apiGuichet<DossierApi>(`/teledossiers/${b.numero}`)).etat, {
      timeout: 45_000,
    })
    .toBe(100);
  expect((await env.apiGuichet<DossierApi>(`/teledossiers/${a.numero}`)).dernierCommentaire).toBe(
    'Reçu hors ligne (1).',
  );
  await expect(page.locator('.pastille')).toHaveText(/En ligne/, { timeout: 30_000 });
});

test('guichet injoignable à la connexion : données locales en lecture seule', async ({ page, env }) => {
  // A first online session leaves local data on this workstation.
  await seConnecter(page, env, env.agent);
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await env.arreterGuichet();
  await page.goto(env.urlApp);
  await page.getByLabel('Identifiant', { exact: true }).fill(env.agent.identifiant);
  await page.getByLabel('Mot de passe', { exact: true }).fill(env.agent.motDePasse);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  const bouton = page.getByRole('button', { name: 'Ouvrir les données locales en lecture seule' });
  await expect(bouton).toBeVisible({ timeout: 30_000 });
  await capturer(page, '15-connexion-guichet-injoignable');
  await bouton.click();
  await expect(page.getByRole('heading', { name: 'Tableau de bord' })).toBeVisible();
  await expect(page.locator('.pastille')).toHaveText(/Lecture seule/);
  await ouvrirListe(page);
  const [premier] = await numerosAffiches(page);
  expect(premier).toBeTruthy();
  await page
    .locator('.grille-defilement')
    .getByRole('button', { name: premier ?? '' })
    .click();
  await expect(page.getByRole('button', { name: 'Envoyer' }).or(page.getByText('état final'))).toBeVisible();
  if (await page.getByRole('button', { name: 'Envoyer' }).count()) {
    await expect(page.getByRole('button', { name: 'Envoyer' })).toBeDisabled();
  }
});

test('un administrateur crée un agent, qui se connecte ensuite', async ({ page, env }) => {
  await seConnecter(page, env, env.admin);
  await allerA(page, 'Utilisateurs');
  await expect(page.getByRole('heading', { name: 'Utilisateurs' })).toBeVisible();
  await expect(page.getByRole('cell', { name: env.agent.identifiant, exact: true })).toBeVisible();
  await capturer(page, '16-utilisateurs');
  await verifierAccessibilite(page, 'Utilisateurs');

  const identifiant = `agent.e2e${Date.now() % 100000}`;
  const motDePasse = 'mot-de-passe-e2e-2026';
  await page.getByRole('button', { name: 'Ajouter' }).click();
  await page.getByLabel('Identifiant').fill(identifiant);
  await page.getByLabel('Nom', { exact: true }).fill('Kerhervé');
  await page.getByLabel('Prénom').fill('Maël');
  await page.getByLabel('Adresse courriel').fill(`${identifiant}@mairie.example.fr`);
  await page.getByLabel('Instruction des dossiers', { exact: true }).check();
  await page.getByLabel('Mot de passe', { exact: true }).fill(motDePasse);
  await page.getByLabel('Confirmation du mot de passe').fill(motDePasse);
  await capturer(page, '17-ajouter-utilisateur');
  await verifierAccessibilite(page, 'Ajouter un utilisateur');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.getByRole('cell', { name: identifiant, exact: true })).toBeVisible();

  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await seConnecter(page, env, { identifiant, motDePasse, habilitation: 'INSTRUCTION' });
  await expect(page.getByRole('banner')).toContainText('Maël Kerhervé');
  // Put the test profile back on the seeded agent.
  await env.coeur.appeler('profils.enregistrer', {
    id: env.profilId,
    nom: `Test — ${env.service.nom}`,
    urlGuichet: env.urlGuichet,
    identifiant: env.agent.identifiant,
  });
});

test('un agent ne voit pas « Utilisateurs » ; Mon compte et Paramètres', async ({ page, env }) => {
  await seConnecter(page, env, env.agent);
  const menu = page.getByRole('navigation', { name: 'Menu principal' });
  await expect(menu.getByRole('button', { name: 'Tableau de bord' })).toBeVisible();
  await expect(menu.getByRole('button', { name: 'Utilisateurs' })).toHaveCount(0);
  await page.keyboard.press('Alt+4');
  await expect(page.getByRole('heading', { name: 'Utilisateurs' })).toHaveCount(0);

  await page.keyboard.press('Alt+5');
  await expect(page.getByRole('heading', { name: 'Mon compte' })).toBeVisible();
  await capturer(page, '18-mon-compte');
  await verifierAccessibilite(page, 'Mon compte');

  await allerA(page, 'Paramètres');
  await expect(page.getByRole('heading', { name: 'Paramètres' })).toBeVisible();
  await expect(page.getByLabel('Dossier des archives')).toHaveValue(/archives/);
  await capturer(page, '19-parametres');
  await verifierAccessibilite(page, 'Paramètres');

  await allerA(page, "File d'attente");
  await expect(page.getByRole('heading', { name: "File d'attente" })).toBeVisible();
  await verifierAccessibilite(page, "File d'attente (vide)");
});

test('un message se met en pause sous le pointeur ou le focus, puis repart', async ({ page, env }) => {
  // DUREE_TOAST_MS in src/renderer/src/composants/Toasts.tsx: a success message closes after 6 s.
  const dureeToast = 6000;
  await seConnecter(page, env, env.agent);
  await allerA(page, 'Paramètres');
  const enregistrer = page.getByRole('button', { name: 'Enregistrer' });
  const message = page.locator('.toast', { hasText: 'Paramètres enregistrés.' });

  await enregistrer.click();
  await expect(message).toBeVisible();
  await message.hover();
  await page.waitForTimeout(dureeToast + 2000);
  await expect(message).toBeVisible();
  await page.mouse.move(0, 0);
  await expect(message).toBeHidden({ timeout: dureeToast + 5000 });

  // Same with keyboard focus on its close button, the pointer staying away.
  await enregistrer.focus();
  await page.keyboard.press('Enter');
  await expect(message).toBeVisible();
  const fermer = message.getByRole('button', { name: 'Fermer le message' });
  await fermer.focus();
  await page.waitForTimeout(dureeToast + 2000);
  await expect(message).toBeVisible();
  await enregistrer.focus();
  await expect(message).toBeHidden({ timeout: dureeToast + 5000 });
});

test.describe('zoom 200 %', () => {
  // A 1280×720 screen at 200 %: 640×360 CSS pixels, rendered at twice the density.
  test.use({ viewport: { width: 640, height: 360 }, deviceScaleFactor: 2 });

  test('l’interface reste utilisable', async ({ page, env }) => {
    await seConnecter(page, env, env.agent);
    await ouvrirListe(page);
    await expect(page.getByLabel('Rechercher')).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Menu principal' })).toBeVisible();
    await capturer(page, '20-zoom-200');
    await verifierAccessibilite(page, 'Télédossiers à 200 %');
  });
});

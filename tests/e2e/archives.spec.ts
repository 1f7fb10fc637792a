import { readFileSync } from 'node:fs';
import path from 'node:path';
import { purgerFichier, soumettreFichier } from '../../src/server/index.js';
import { allerA, capturer, expect, seConnecter, test, verifierAccessibilite } from './fixtures.js';
import { synchroniser } from './aides.js';

const JOUR = 86_400_000;

test('tableau de bord : « À risque » compte les dossiers qui expirent et ouvre la liste filtrée', async ({
  page,
  env,
}) => {
  await seConnecter(page, env, env.agent);
  await synchroniser(page);
  const { aRisque } = await env.coeur.appeler('archives.bilan', {});
  const { elements } = await env.apiGuichet<{ elements: { numero: string; expireLe: string }[] }>(
    '/teledossiers?depuis=&limite=1000',
  );
  const limite = Date.now() + 7 * JOUR;
  const attendus = elements.filter((d) => new Date(d.expireLe).getTime() <= limite).length;
  expect(aRisque.length).toBeGreaterThanOrEqual(attendus);
  const tuile = page.getByRole('alert').filter({ hasText: 'À risque' });
  await expect(tuile).toContainText(String(aRisque.length));
  await expect(tuile).toContainText('7 jours');
  await capturer(page, '03-tableau-de-bord');
  await verifierAccessibilite(page, 'Tableau de bord (archivage)');
  await tuile.getByRole('button', { name: 'Voir les dossiers à risque' }).click();
  await expect(page.getByLabel('Archivage')).toHaveValue('risque');
  await expect(
    page.getByText(`Nombre de télédossiers correspondant à la recherche : ${aRisque.length}`),
  ).toBeVisible();
});

test('« Contrôler les archives » contrôle et rend compte', async ({ page, env }) => {
  await seConnecter(page, env, env.agent);
  await synchroniser(page);
  const { elements } = await env.apiGuichet<{ elements: { numero: string }[] }>('/teledossiers?parPage=5');
  const r = await env.coeur.appeler('archives.telecharger', {
    selection: { numeros: elements.map((e) => e.numero) },
  });
  expect(r.total).toBeGreaterThan(0);
  await expect
    .poll(async () => (await env.coeur.appeler('tableauDeBord.lire', {})).archives)
    .toBeGreaterThan(0);
  await page.reload();
  await page.getByRole('button', { name: 'Contrôler les archives' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Contrôle terminé' })).toBeVisible({
    timeout: 60_000,
  });
  await expect(page.getByText(/Dernier contrôle des archives : \d/)).toBeVisible();
  await verifierAccessibilite(page, 'Contrôle des archives');
});

test('Paramètres : changer de dossier et déplacer les archives ; registre CSV', async ({ page, env }) => {
  await seConnecter(page, env, env.agent);
  await synchroniser(page);
  const { elements } = await env.apiGuichet<{ elements: { numero: string }[] }>('/teledossiers?parPage=3');
  await env.coeur.appeler('archives.telecharger', { selection: { numeros: elements.map((e) => e.numero) } });
  await expect
    .poll(async () => (await env.coeur.appeler('tableauDeBord.lire', {})).archives)
    .toBeGreaterThan(0);
  await allerA(page, 'Paramètres');
  const nouveau = path.join(env.dossier, `archives-${Date.now()}`);
  await page.getByLabel('Dossier des archives').fill(nouveau);
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  const dialogue = page.getByRole('dialog', { name: 'Changer de dossier des archives' });
  await expect(dialogue).toBeVisible();
  await capturer(page, '21-changer-dossier-archives');
  await verifierAccessibilite(page, 'Changer de dossier des archives');
  await dialogue
    .getByRole('button', { name: 'Déplacer les archives existantes vers le nouveau dossier' })
    .click();
  await expect(dialogue.getByText(/Déplacement terminé/).first()).toBeVisible({ timeout: 60_000 });
  await dialogue.getByRole('button', { name: 'Fermer' }).click();
  await expect(page.getByLabel('Dossier des archives')).toHaveValue(nouveau);
  await expect(page.getByRole('cell', { name: nouveau })).toBeVisible();
  await capturer(page, '19-parametres');
  await verifierAccessibilite(page, 'Paramètres');

  const [telechargement] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Exporter le registre (CSV)' }).click(),
  ]);
  const fichier = await telechargement.path();
  const premiere = readFileSync(fichier, 'utf8').split(/\r?\n/)[0] ?? '';
  // UTF-8 with BOM (Excel), `;`-separated, the numéro first.
  expect(premiere.startsWith('\uFEFFnuméro;')).toBe(true);
  expect(premiere.split(/[;,]/).length).toBeGreaterThan(3);

  // The list still shows the dossiers archived.
  await allerA(page, 'Télédossiers');
  await page.getByLabel('Archivé', { exact: true }).selectOption({ label: 'Oui' });
  await expect(page.locator('#ligne-0')).toBeVisible();
});

test('un dossier perdu : bandeau dans le détail et « Pris connaissance »', async ({ page, env }) => {
  await seConnecter(page, env, env.agent);
  await synchroniser(page);
  // Submitted 31 days ago, never archived here, then purged by the guichet.
  const [perdu] = await soumettreFichier({
    db: path.join(env.dossier, 'guichet.db'),
    nombre: 1,
    maintenant: new Date(Date.now() - 31 * JOUR),
    codeInsee: env.service.codeInsee,
    courriels: path.join(env.dossier, 'courriels'),
  });
  if (!perdu) throw new Error('Aucun dépôt simulé.');
  await purgerFichier(path.join(env.dossier, 'guichet.db'), new Date());
  await synchroniser(page);
  await allerA(page, 'Tableau de bord');
  const tuile = page.getByRole('alert').filter({ hasText: 'Perdus' });
  await expect(tuile).toBeVisible({ timeout: 30_000 });
  await tuile.getByRole('button', { name: 'Voir les dossiers perdus' }).click();
  await expect(page.getByText('Supprimé du guichet sans archive locale').first()).toBeVisible();
  await capturer(page, '05-teledossiers');
  await page.locator('.grille-defilement').getByRole('button', { name: perdu.numero }).click();
  const bandeau = page.getByRole('alert').filter({ hasText: 'Supprimé du guichet sans archive locale' });
  await expect(bandeau).toBeVisible();
  await capturer(page, '22-dossier-perdu');
  await verifierAccessibilite(page, 'Dossier perdu');
  await bandeau.getByRole('button', { name: 'Pris connaissance' }).click();
  await expect(page.getByText(/Pris connaissance le/)).toBeVisible();
});

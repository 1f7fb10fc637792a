/**
 * Pièces in the web host: a PDF shown by the in-app viewer, an executable refused with the warning
 * and saved only on request. The demo guichet never serves hostile entries: the dossier's archive
 * is downloaded from it, then its local copy is replaced by one built here (test data only).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  DONNEES_VALIDES,
  ENTETE_VALIDE,
  entreeStockee,
  fabriquerZip,
  PDF_MINIMAL,
} from '../archive/zip-fabrique.js';
import { allerA, expect, seConnecter, test, verifierAccessibilite } from './fixtures.js';

const PE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62)]);

test('pièces : un PDF dans la visionneuse, un exécutable refusé puis enregistré sur demande', async ({
  page,
  env,
}) => {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await seConnecter(page, env, env.agent);
  await expect(page.getByRole('banner').getByRole('button', { name: 'Synchroniser' })).toBeEnabled({
    timeout: 60_000,
  });
  const { elements } = await env.apiGuichet<{ elements: { numero: string }[] }>('/teledossiers?parPage=1');
  const numero = elements[0]!.numero;
  await env.coeur.appeler('archives.telecharger', { selection: { numeros: [numero] } });
  await expect
    .poll(async () => (await env.coeur.appeler('dossiers.detail', { numero })).archiveLocale !== null)
    .toBe(true);
  const dossierArchives = await env.dossierArchives();
  const relatif = readdirSync(dossierArchives, { recursive: true })
    .map(String)
    .find((f) => f.endsWith(`${numero}.zip`));
  const pour = (xml: string) => xml.replaceAll('A-5-ABCD1234', numero);
  writeFileSync(
    path.join(dossierArchives, relatif!),
    fabriquerZip([
      entreeStockee('entete.xml', pour(ENTETE_VALIDE)),
      entreeStockee('donnees.xml', pour(DONNEES_VALIDES)),
      entreeStockee('justificatif.pdf', PDF_MINIMAL),
      entreeStockee('facture.exe', PE),
      entreeStockee('facture\u202Efdp.exe', PE),
    ]),
  );

  await allerA(page, 'Télédossiers');
  await page.getByLabel('Rechercher').fill(numero);
  await page.getByLabel('Rechercher').press('Enter');
  await page.locator('.grille-defilement').getByRole('button', { name: numero }).click();
  await expect(page.getByRole('heading', { name: `Dossier ${numero}` })).toBeVisible();
  const pieces = page.locator('section', { has: page.getByRole('heading', { name: 'Pièces du dossier' }) });
  // The bidi override is gone from what the agent reads.
  await expect(pieces.getByText('facturefdp.exe', { exact: true })).toBeVisible();

  await pieces.getByRole('button', { name: 'Afficher justificatif.pdf' }).click();
  const cadre = page.locator('iframe[title="Aperçu de justificatif.pdf"]');
  await expect(cadre).toBeVisible();
  expect(await cadre.getAttribute('src')).toMatch(/^blob:/);
  await page.getByRole('button', { name: "Fermer l'aperçu" }).click();
  await expect(cadre).toHaveCount(0);

  await pieces.getByRole('button', { name: 'Ouvrir facture.exe', exact: true }).click();
  const alerte = pieces.getByRole('alert');
  await expect(alerte).toHaveText(
    new RegExp(
      `Le fichier « facture\\.exe » du dossier ${numero} n'a pas été ouvert : son contenu \\(programme Windows\\) ne fait pas partie des documents que l'application ouvre`,
    ),
  );
  await expect(alerte).toContainText('utilisez « Enregistrer sous… » pour le conserver');
  await verifierAccessibilite(page, 'Pièce refusée');
  const [telechargement] = await Promise.all([
    page.waitForEvent('download'),
    alerte.getByRole('button', { name: 'Enregistrer sous…' }).click(),
  ]);
  expect(telechargement.suggestedFilename()).toBe('facture.exe');
  expect(readFileSync(await telechargement.path()).equals(PE)).toBe(true);
  await expect(page.getByText('Fichier enregistré : « facture.exe ».')).toBeVisible();
  expect(violations).toEqual([]);
});

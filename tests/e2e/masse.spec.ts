import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import {
  allerA,
  expect,
  numerosAffiches,
  seConnecter,
  test,
  verifierAccessibilite,
  type Environnement,
} from './fixtures.js';
import { type DossierApi, synchroniser } from './aides.js';

const RECENSEMENT = 'Recensement citoyen obligatoire';

/** Numéro and démarche of the rows on screen. */
async function lignesVisibles(page: Page): Promise<{ numero: string; demarche: string }[]> {
  await expect(page.locator('#ligne-0 button.numero')).toBeVisible();
  const lignes = page.locator('.grille-defilement [role="row"]:has(button.numero)');
  const numeros = await lignes.locator('button.numero').allTextContents();
  const demarches = await lignes.locator('.c-demarche').allTextContents();
  return numeros.map((numero, i) => ({ numero, demarche: demarches[i] ?? '' }));
}

/** On screen, in the list filtered on one state: a recensement without its attestation and two others. */
async function choisirTrois(
  page: Page,
  env: Environnement,
): Promise<{ sansPiece: string; autres: string[] }> {
  for (const etat of ['Dossier en cours de traitement', 'Dossier reçu par le service traitant']) {
    await page.getByLabel('État').selectOption({ label: etat });
    await expect(page.locator('#ligne-0 .c-etat')).toHaveText(etat);
    const lignes = await lignesVisibles(page);
    const autres = lignes.filter((l) => l.demarche !== RECENSEMENT).map((l) => l.numero);
    for (const l of lignes.filter((x) => x.demarche === RECENSEMENT)) {
      const d = await env.apiGuichet<DossierApi>(`/teledossiers/${l.numero}`);
      if (!d.piecesDeposees?.some((p) => p.slot === 'attestation') && autres.length >= 2)
        return { sansPiece: l.numero, autres: autres.slice(0, 2) };
    }
  }
  throw new Error('Pas de recensement sans attestation à côté de deux autres dossiers.');
}

test('clôture en masse : le dossier sans attestation est annoncé, laissé de côté et montré', async ({
  page,
  env,
}) => {
  await seConnecter(page, env, env.agent);
  await synchroniser(page);
  await allerA(page, 'Télédossiers');
  await page.getByRole('tab', { name: /^À traiter/ }).click();
  const { sansPiece, autres } = await choisirTrois(page, env);
  for (const n of [sansPiece, ...autres])
    await page.getByRole('checkbox', { name: `Sélectionner ${n}` }).check();
  await expect(page.getByRole('toolbar')).toContainText('3 dossiers sélectionnés');

  const raison = `Le dossier ${sansPiece} ne peut pas être clôturé sans la pièce jointe « Attestation, certificat ou récépissé » : déposez-la d'abord, puis clôturez-le.`;
  await page.getByRole('toolbar').getByRole('button', { name: 'Clôturer' }).click();
  const dialogue = page.getByRole('dialog');
  await expect(dialogue).toContainText('2 dossiers sur 3 peuvent être clôturés.');
  await expect(dialogue).toContainText('1 dossier ne peut pas être clôturé et sera laissé de côté :');
  const annonces = dialogue.getByRole('list', { name: 'Dossiers qui ne peuvent pas être clôturés' });
  await expect(annonces.getByRole('listitem')).toHaveText([`${sansPiece} — ${raison}`]);
  await verifierAccessibilite(page, 'Clôture en masse avec un dossier laissé de côté');
  await dialogue.getByRole('button', { name: 'Clôturer 2 dossiers' }).click();

  const resultat = page.getByRole('region', { name: 'Résultat de la clôture' });
  await expect(resultat).toContainText('Clôture envoyée au guichet pour 2 dossiers.', { timeout: 30_000 });
  await expect(resultat).toContainText('1 dossier laissé de côté');
  await expect(
    resultat.getByRole('list', { name: 'Dossiers laissés de côté' }).getByRole('listitem'),
  ).toHaveText([`${sansPiece} — ${raison}`]);
  for (const n of autres) expect((await env.apiGuichet<DossierApi>(`/teledossiers/${n}`)).etat).toBe(100);
  expect((await env.apiGuichet<DossierApi>(`/teledossiers/${sansPiece}`)).etat).not.toBe(100);

  await resultat.getByRole('button', { name: 'Afficher ces dossiers' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Affichage limité à 1 dossier' })).toBeVisible();
  await expect(page.getByText('Nombre de télédossiers correspondant à la recherche : 1')).toBeVisible();
  expect(await numerosAffiches(page)).toEqual([sansPiece]);
  await page.getByRole('button', { name: 'Afficher tous les dossiers' }).click();
  await expect(
    page.getByText(/Nombre de télédossiers correspondant à la recherche : (\d{2,}|[2-9])/),
  ).toBeVisible();
});

/** Every zip under a folder. */
function zips(dossier: string): string[] {
  if (!existsSync(dossier)) return [];
  return readdirSync(dossier, { recursive: true, encoding: 'utf8' }).filter(
    (f) => f.endsWith('.zip') && statSync(path.join(dossier, f)).isFile(),
  );
}

test('téléchargement en masse : le dossier en échec est nommé, « Réessayer » ne relance que lui', async ({
  page,
  env,
}) => {
  await seConnecter(page, env, env.agent);
  await synchroniser(page);
  await allerA(page, 'Télédossiers');
  await page.getByRole('tab', { name: /^À traiter/ }).click();
  await page.getByLabel('Archivé').selectOption({ label: 'Non' });
  const lignes = await lignesVisibles(page);
  const bloque = lignes[0]!;
  const autre = lignes.find((l) => l.demarche !== bloque.demarche);
  if (!autre) throw new Error('Deux démarches attendues parmi les lignes affichées.');
  // The first dossier's archive cannot be put in place: a folder, not empty, holds its name (the
  // démarche's folder may already exist, made by the automatic archiving of an earlier test).
  const archives = await env.dossierArchives();
  const d = await env.apiGuichet<DossierApi>(`/teledossiers/${bloque.numero}`);
  const obstacle = path.join(archives, d.demarche.code, d.deposeLe.slice(0, 7), `${bloque.numero}.zip`);
  mkdirSync(obstacle, { recursive: true });
  writeFileSync(path.join(obstacle, 'obstacle.txt'), 'pas une archive');
  const avant = zips(archives).length;

  for (const n of [bloque.numero, autre.numero])
    await page.getByRole('checkbox', { name: `Sélectionner ${n}` }).check();
  await page.getByRole('toolbar').getByRole('button', { name: 'Télécharger' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Télécharger 2 dossiers' }).click();

  const echecs = page.getByRole('region', { name: 'Dossiers non téléchargés' });
  await expect(echecs).toContainText('1 dossier non téléchargé', { timeout: 60_000 });
  const items = echecs.getByRole('list', { name: 'Dossiers non téléchargés' }).getByRole('listitem');
  await expect(items).toHaveCount(1);
  await expect(items.first()).toContainText(`${bloque.numero} — `);
  expect(zips(archives).length).toBe(avant + 1);

  await echecs.getByRole('button', { name: 'Afficher ces dossiers' }).click();
  await expect(page.getByText('Nombre de télédossiers correspondant à la recherche : 1')).toBeVisible();
  expect(await numerosAffiches(page)).toEqual([bloque.numero]);

  rmSync(obstacle, { recursive: true });
  await echecs.getByRole('button', { name: 'Réessayer' }).click();
  const progression = page.getByRole('region', { name: 'Téléchargement des archives' });
  await expect(progression).toContainText('Téléchargement terminé', { timeout: 60_000 });
  // Only the dossier that failed was asked for again.
  await expect(progression).toContainText('1 / 1 dossier');
  await expect(echecs).toHaveCount(0);
  expect(zips(archives).filter((f) => f.endsWith(`${bloque.numero}.zip`))).toHaveLength(1);
  expect(zips(archives).length).toBe(avant + 2);
});

test('clôture en masse : un dossier refusé par le guichet après l’envoi est nommé avec sa raison', async ({
  page,
  env,
}) => {
  await seConnecter(page, env, env.agent);
  await synchroniser(page);
  await allerA(page, 'Télédossiers');
  await page.getByRole('tab', { name: /^À traiter/ }).click();
  await page.getByLabel('État').selectOption({ label: 'Dossier reçu par le service traitant' });
  await expect(page.locator('#ligne-0 .c-etat')).toHaveText('Dossier reçu par le service traitant');
  const [refuse, accepte] = (await lignesVisibles(page)).filter((l) => l.demarche !== RECENSEMENT);
  if (!refuse || !accepte) throw new Error('Deux dossiers hors recensement attendus.');
  for (const n of [refuse.numero, accepte.numero])
    await page.getByRole('checkbox', { name: `Sélectionner ${n}` }).check();
  await page.getByRole('toolbar').getByRole('button', { name: 'Clôturer' }).click();
  const dialogue = page.getByRole('dialog');
  await expect(dialogue).toContainText('Clôturer 2 dossiers ?');
  // A colleague closes one of them meanwhile: this workstation cannot know before sending.
  await env.apiGuichet('/teledossiers/cloture', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ numeros: [refuse.numero], cle: `collegue-${refuse.numero}` }),
  });
  await dialogue.getByRole('button', { name: 'Clôturer 2 dossiers' }).click();

  const resultat = page.getByRole('region', { name: 'Résultat de la clôture' });
  await expect(resultat).toContainText('Clôture envoyée au guichet pour 1 dossier.', { timeout: 30_000 });
  await expect(resultat).toContainText("1 dossier non clôturé après l'envoi");
  await expect(
    resultat.getByRole('list', { name: "Dossiers non clôturés après l'envoi" }).getByRole('listitem'),
  ).toHaveText([
    `${refuse.numero} — Le guichet a refusé de clôturer le dossier ${refuse.numero} : Le dossier ${refuse.numero} est déjà clos.`,
  ]);
  await resultat.getByRole('button', { name: 'Afficher ces dossiers' }).click();
  expect(await numerosAffiches(page)).toEqual([refuse.numero]);
  await page.getByRole('button', { name: 'Afficher tous les dossiers' }).click();
  await resultat.getByRole('button', { name: 'Fermer' }).click();
  await expect(resultat).toHaveCount(0);
});

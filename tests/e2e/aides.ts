/**
 * What several scenarios do the same way: read the guichet's side, sync, open a dossier, change
 * its state, make a PDF, point the test profile elsewhere. One copy, so a change of screen is
 * followed everywhere at once.
 */
import type { Page } from '@playwright/test';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { allerA, expect, type Environnement } from './fixtures.js';

/** A dossier as the guichet's API returns it (the fields the scenarios read). */
export interface DossierApi {
  numero: string;
  etat: number;
  dernierCommentaire: string | null;
  demarche: { code: string; intitule: string };
  deposeLe: string;
  piecesDeposees?: { slot: string; nom: string }[];
}

/** Dossiers of the service in a given state, from the guichet's own list. */
export async function dossiersA(env: Environnement, etat: number, demarche?: string): Promise<DossierApi[]> {
  const q = new URLSearchParams({ etat: String(etat), parPage: '200' });
  if (demarche) q.set('demarche', demarche);
  return (await env.apiGuichet<{ elements: DossierApi[] }>(`/teledossiers?${q}`)).elements;
}

export interface DemarcheApi {
  code: string;
  intitule: string;
  piecesRequises: { etat: number; slot: string }[];
}

/** The démarche with the most open dossiers among those that require no attachment. */
export async function demarcheSansPieceRequise(env: Environnement): Promise<DemarcheApi> {
  const { demarches } = await env.apiGuichet<{ demarches: DemarcheApi[] }>('/demarches');
  let meilleure: { d: DemarcheApi; total: number } | null = null;
  for (const d of demarches.filter((x) => x.piecesRequises.length === 0)) {
    const { total } = await env.apiGuichet<{ total: number }>(`/teledossiers?demarche=${d.code}&parPage=1`);
    if (!meilleure || total > meilleure.total) meilleure = { d, total };
  }
  if (!meilleure) throw new Error('Aucune démarche sans pièce requise.');
  return meilleure.d;
}

/** « Synchroniser » in the header, after the sync the core starts on its own after login. */
export async function synchroniser(page: Page): Promise<void> {
  const bouton = page.getByRole('banner').getByRole('button', { name: 'Synchroniser' });
  await expect(bouton).toBeEnabled({ timeout: 60_000 });
  await bouton.click();
  // The toast of an earlier sync may still be there: the newest one, then the button back.
  await expect(page.getByText(/Synchronisation terminée/).last()).toBeVisible({ timeout: 30_000 });
  await expect(bouton).toBeEnabled({ timeout: 60_000 });
}

/** The sync the core starts on its own after login is over. */
export async function attendreFinSynchro(page: Page): Promise<void> {
  await expect(page.getByRole('banner').getByRole('button', { name: 'Synchroniser' })).toBeEnabled({
    timeout: 60_000,
  });
}

/** Finds the dossier by its numéro in the list and opens it. */
export async function ouvrirDossier(page: Page, numero: string): Promise<void> {
  await allerA(page, 'Télédossiers');
  await expect(page.getByText(/Nombre de télédossiers correspondant à la recherche : \d/)).toBeVisible();
  await page.getByLabel('Rechercher').fill(numero);
  await page.getByLabel('Rechercher').press('Enter');
  await expect(page.getByText('Nombre de télédossiers correspondant à la recherche : 1')).toBeVisible();
  await page.locator('.grille-defilement').getByRole('button', { name: numero }).click();
  await expect(page.getByRole('heading', { name: `Dossier ${numero}` })).toBeVisible();
}

/** The list filtered on one state (by its libellé), then the first dossier of it opened. */
export async function ouvrirPremierA(page: Page, libelleEtat: string): Promise<void> {
  await allerA(page, 'Télédossiers');
  await page.getByLabel('État', { exact: true }).selectOption({ label: libelleEtat });
  await expect(page.getByText(/Nombre de télédossiers correspondant à la recherche : \d/)).toBeVisible();
  await page.locator('.grille-ligne[data-index="0"]').getByRole('button').first().click();
}

/** On the detail screen: the new state, its comment, « Envoyer ». */
export async function changerEtat(page: Page, libelle: string, commentaire?: string): Promise<void> {
  await page.getByLabel('Nouvel état du dossier').selectOption({ label: libelle });
  if (commentaire) await page.getByLabel(/^Commentaire/).fill(commentaire);
  await page.getByRole('button', { name: 'Envoyer' }).click();
}

/** A real one-page PDF saying `texte`. */
export async function pdf(texte: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const p = doc.addPage([595, 842]);
  p.drawText(texte, { x: 60, y: 760, size: 16, font: await doc.embedFont(StandardFonts.Helvetica) });
  return Buffer.from(await doc.save());
}

/** The test profile, on the seeded agent, pointed at `url` (the guichet or a proxy in front of it). */
export async function profilVers(env: Environnement, url: string): Promise<void> {
  await env.coeur.appeler('profils.enregistrer', {
    id: env.profilId,
    nom: `Test — ${env.service.nom}`,
    urlGuichet: url,
    identifiant: env.agent.identifiant,
  });
}

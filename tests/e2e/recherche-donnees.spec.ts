/**
 * Issue #11, item 2: what the citizen typed (donnees.xml) is searchable for every dossier whose
 * archive is on this workstation, opened or not: the core indexes each archive in the background
 * as it lands.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { lireDonneesArchive } from '../../src/main/archive/index.js';
import { attendreFinSynchro, dossiersA } from './aides.js';
import { allerA, capturer, expect, seConnecter, test } from './fixtures.js';

function zipDe(dossier: string, numero: string): string | null {
  for (const e of readdirSync(dossier, { withFileTypes: true, recursive: true })) {
    if (e.isFile() && e.name.endsWith('.zip') && e.name.includes(numero))
      return path.join(e.parentPath, e.name);
  }
  return null;
}

test('un mot des données d’un dossier jamais ouvert est trouvé une fois son archive sur le poste', async ({
  page,
  env,
}) => {
  test.setTimeout(180_000);
  // At the end of the guichet's list of one state: no other scenario opens them.
  const cibles = (await dossiersA(env, 16)).slice(-3).map((d) => d.numero);
  expect(cibles).toHaveLength(3);
  await seConnecter(page, env, env.agent);
  await attendreFinSynchro(page);

  // Downloaded as the automatic archiving does it: nobody opens these dossiers.
  const { tacheId } = await env.coeur.appeler('archives.telecharger', { selection: { numeros: cibles } });
  expect(tacheId).toBeTruthy();
  const dossier = await env.dossierArchives();
  await expect.poll(() => cibles.every((n) => zipDe(dossier, n) !== null), { timeout: 60_000 }).toBe(true);

  // The longest value of the first target's données that the other two do not share.
  const donnees = await Promise.all(cibles.map((n) => lireDonneesArchive(zipDe(dossier, n) ?? '')));
  const valeurs = (i: number) =>
    donnees[i]?.donnees?.sections.flatMap((s) => s.champs.map((c) => c.valeur)) ?? [];
  const autres = new Set([...valeurs(1), ...valeurs(2)]);
  const mot = valeurs(0)
    .filter((v) => /\p{L}{3}/u.test(v) && !autres.has(v) && !v.includes('@'))
    .sort((a, b) => b.length - a.length)[0];
  if (!mot) throw new Error(`Aucune valeur propre au dossier ${cibles[0]} dans ses données.`);

  await allerA(page, 'Télédossiers');
  await page.getByRole('tab', { name: /^Tous/ }).click();
  const rechercher = async (texte: string) => {
    await page.getByLabel('Rechercher').fill(texte);
    await page.getByLabel('Rechercher').press('Enter');
  };
  const compte = page.getByText(/Nombre de télédossiers correspondant à la recherche : \d+/);
  // Indexed in the background: the value alone finds dossiers, never opened…
  await expect(async () => {
    await rechercher(mot);
    await expect(compte).not.toHaveText(/: 0$/, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  // … and with the numéro, exactly this one: the numéro is in its row, the value only in its données.
  await rechercher(`${mot} ${cibles[0] ?? ''}`);
  await expect(page.getByText('Nombre de télédossiers correspondant à la recherche : 1')).toBeVisible();
  await expect(
    page.locator('.grille-defilement').getByRole('button', { name: cibles[0] ?? '' }),
  ).toBeVisible();
  await capturer(page, '28-recherche-donnees');
});

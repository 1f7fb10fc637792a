import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, seConnecter, test, type Environnement } from './fixtures.js';

/** The code of the reset mail sent to `courriel` (the guichet of the tests writes .eml files). */
function codeRecu(env: Environnement, courriel: string): string | null {
  const dossier = path.join(env.dossier, 'courriels');
  let noms: string[];
  try {
    noms = readdirSync(dossier).filter((n) => n.includes('reinitialisation'));
  } catch {
    return null;
  }
  const mail = noms
    .map((n) => readFileSync(path.join(dossier, n), 'utf8'))
    .find((t) => t.includes(`To: ${courriel}`));
  return (mail && /\n([A-Za-z0-9_-]{43})\r?\n/.exec(mail)?.[1]) ?? null;
}

async function alerte(page: Page): Promise<ReturnType<Page['getByRole']>> {
  const a = page.locator('.carte-connexion').getByRole('alert');
  await expect(a).toBeVisible();
  return a;
}

test('mot de passe perdu : le code reçu par courriel se saisit dans l’application', async ({ page, env }) => {
  const { courriel } = await env.apiGuichet<{ courriel: string }>(`/utilisateurs/${env.agent.identifiant}`);
  const nouveau = 'mot-de-passe-choisi-e2e';
  try {
    await page.goto(env.urlApp);
    await page.getByRole('button', { name: 'Mot de passe perdu' }).click();
    await page.getByLabel('Adresse courriel').fill(courriel);
    await page.getByRole('button', { name: 'Envoyer' }).click();
    await expect(page.locator('.carte-connexion').getByRole('status')).toContainText(
      'un courriel de réinitialisation',
    );
    await expect.poll(() => codeRecu(env, courriel), { timeout: 15_000 }).not.toBeNull();
    const code = codeRecu(env, courriel) ?? '';

    await page.getByRole('button', { name: "J'ai reçu un code de réinitialisation" }).click();
    await expect(page.getByRole('heading', { name: 'Réinitialiser le mot de passe' })).toBeVisible();
    const envoyer = page.getByRole('button', { name: 'Changer le mot de passe' });
    await envoyer.click();
    await expect(await alerte(page)).toHaveText('Saisissez le code de réinitialisation reçu par courriel.');
    await page.getByLabel('Code de réinitialisation').fill(code.slice(0, 10));
    await envoyer.click();
    await expect(await alerte(page)).toHaveText(
      'Ce code de réinitialisation est incomplet : copiez-le en entier depuis le courriel.',
    );
    await page.getByLabel('Code de réinitialisation').fill(` ${code} `);
    await page.getByLabel('Nouveau mot de passe', { exact: true }).fill('court');
    await envoyer.click();
    await expect(await alerte(page)).toHaveText('Le mot de passe doit contenir au moins 10 caractères.');
    await page.getByLabel('Nouveau mot de passe', { exact: true }).fill(nouveau);
    await page.getByLabel('Confirmer le nouveau mot de passe').fill(`${nouveau}-autre`);
    await envoyer.click();
    await expect(await alerte(page)).toHaveText(
      'Le nouveau mot de passe et sa confirmation sont différents.',
    );
    await page.getByLabel('Confirmer le nouveau mot de passe').fill(nouveau);
    await envoyer.click();

    // Back on the login screen, which says what happened.
    await expect(page.getByRole('heading', { name: 'Connexion' })).toBeVisible();
    await expect(page.locator('.carte-connexion').getByRole('status')).toHaveText(
      'Votre mot de passe a été changé. Connectez-vous avec le nouveau mot de passe.',
    );
    // The code is single-use: entered again, the guichet refuses it in French.
    await page.getByRole('button', { name: "J'ai reçu un code de réinitialisation" }).click();
    await page.getByLabel('Code de réinitialisation').fill(code);
    await page.getByLabel('Nouveau mot de passe', { exact: true }).fill(nouveau);
    await page.getByLabel('Confirmer le nouveau mot de passe').fill(nouveau);
    await page.getByRole('button', { name: 'Changer le mot de passe' }).click();
    await expect(await alerte(page)).toHaveText(
      'Ce code de réinitialisation est invalide, expiré ou déjà utilisé : demandez-en un nouveau avec « Mot de passe perdu ».',
    );
    await page.getByRole('button', { name: 'Retour à la connexion' }).click();
    await seConnecter(page, env, { ...env.agent, motDePasse: nouveau });
  } finally {
    // Other specs of this worker log in with the seed's password.
    await env.apiGuichet(`/utilisateurs/${env.agent.identifiant}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ motDePasse: env.agent.motDePasse }),
    });
  }
});

test('hors ligne, un mauvais mot de passe n’ouvre pas les données locales', async ({ page, env }) => {
  // A first online session records what the password is checked against offline.
  await seConnecter(page, env, env.agent);
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await env.arreterGuichet();
  await page.goto(env.urlApp);
  await page.getByLabel('Mot de passe', { exact: true }).fill('pas-le-bon-mot-de-passe');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  const lectureSeule = page.getByRole('button', { name: 'Ouvrir les données locales en lecture seule' });
  await lectureSeule.click({ timeout: 30_000 });
  await expect(await alerte(page)).toHaveText(
    'Mot de passe incorrect : saisissez celui de votre dernière connexion au guichet sur ce poste.',
  );
  await expect(page.getByRole('heading', { name: 'Connexion' })).toBeVisible();

  await page.getByLabel('Mot de passe', { exact: true }).fill(env.agent.motDePasse);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await lectureSeule.click({ timeout: 30_000 });
  await expect(page.getByRole('heading', { name: 'Tableau de bord' })).toBeVisible();
  await expect(page.locator('.pastille')).toHaveText(/Lecture seule/);
});

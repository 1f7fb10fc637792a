/**
 * One environment per Playwright worker: a guichet seeded with the CLI in a temporary folder and
 * started on 127.0.0.1, the real core with its own data folder, and the web host serving the UI.
 * Tests drive the UI; they check the guichet's side through its HTTP API.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Coeur } from '../../src/main/app/coeur.js';
import { creerCoeur } from '../../src/main/app/creer-coeur.js';
import { demarrerHoteWeb, type HoteWeb } from '../../src/main/web-host/index.js';
import { demarrerServeur } from '../../src/server/index.js';
import { seederParLaCli } from '../../src/server/seed-cli.js';
import type { ContexteUsager } from '../../src/server/usager/index.js';

export interface Compte {
  identifiant: string;
  motDePasse: string;
  habilitation: 'GESTION' | 'INSTRUCTION';
}
export interface ServiceSeed {
  codeInsee: string;
  nom: string;
  utilisateurs: Compte[];
}

const RACINE = path.resolve(import.meta.dirname, '../..');
export const DOSSIERS_SEED = 600;

export interface Environnement {
  dossier: string;
  urlApp: string;
  urlGuichet: string;
  service: ServiceSeed;
  admin: Compte;
  agent: Compte;
  profilId: string;
  coeur: Coeur;
  hote: HoteWeb;
  dossierArchives: () => Promise<string>;
  arreterGuichet: () => Promise<void>;
  redemarrerGuichet: () => Promise<void>;
  /** The running guichet, for the citizen's side of portal demandes (src/server/usager). */
  usager: () => ContexteUsager;
  /** Authenticated call to the guichet API (as the administrator of the service). */
  apiGuichet: <T>(chemin: string, init?: RequestInit) => Promise<T>;
}

async function connecterApi(urlGuichet: string, compte: Compte): Promise<string> {
  const r = await fetch(`${urlGuichet}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ identifiant: compte.identifiant, motDePasse: compte.motDePasse }),
  });
  if (!r.ok) throw new Error(`Connexion API ${r.status}`);
  return ((await r.json()) as { token: string }).token;
}

export const test = base.extend<{ propre: void }, { env: Environnement }>({
  env: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const dossier = mkdtempSync(path.join(tmpdir(), 'guichet-e2e-'));
      const db = path.join(dossier, 'guichet.db');
      const seed = await seederParLaCli({ db, dossiers: DOSSIERS_SEED, graine: 'e2e' });
      const service = seed.services[0];
      const admin = service?.utilisateurs.find((u) => u.habilitation === 'GESTION');
      const agent = service?.utilisateurs.find((u) => u.habilitation === 'INSTRUCTION');
      if (!service || !admin || !agent)
        throw new Error('Seed inattendu : service, administrateur ou agent manquant.');

      // The guichet's own log stays quiet unless something goes wrong.
      const journal = {
        info: () => undefined,
        avertir: (m: string) => process.stderr.write(`[guichet] ${m}\n`),
        erreur: (m: string) => process.stderr.write(`[guichet] ${m}\n`),
      };
      const optionsServeur = {
        db,
        port: 0,
        host: '127.0.0.1',
        journal,
        courriels: path.join(dossier, 'courriels'),
      };
      let serveur = await demarrerServeur(optionsServeur);
      const port = serveur.port;
      const urlGuichet = serveur.url;
      let guichetActif = true;

      const coeur = await creerCoeur({
        dossierDonnees: path.join(dossier, 'app'),
        plateforme: { hote: 'web' },
        version: 'e2e',
      });
      const profil = await coeur.appeler('profils.enregistrer', {
        nom: `Test — ${service.nom}`,
        urlGuichet,
        identifiant: agent.identifiant,
      });
      await coeur.appeler('parametres.enregistrer', {
        dossierArchives: path.join(dossier, 'archives'),
        autoArchive: false,
      });
      const hote = await demarrerHoteWeb({
        coeur,
        dossierRenderer: path.join(RACINE, 'out/renderer'),
        journal: (m) => process.stderr.write(`[hôte web] ${m}\n`),
      });

      let jeton: string | null = null;
      const env: Environnement = {
        dossier,
        urlApp: hote.url,
        urlGuichet,
        service,
        admin,
        agent,
        profilId: profil.id,
        coeur,
        hote,
        dossierArchives: async () => (await coeur.appeler('parametres.lire', {})).dossierArchives,
        arreterGuichet: async () => {
          if (!guichetActif) return;
          guichetActif = false;
          await serveur.close();
        },
        usager: () => serveur.guichet,
        redemarrerGuichet: async () => {
          if (guichetActif) return;
          serveur = await demarrerServeur({ ...optionsServeur, port });
          guichetActif = true;
        },
        apiGuichet: async <T>(chemin: string, init: RequestInit = {}) => {
          jeton ??= await connecterApi(urlGuichet, admin);
          const r = await fetch(`${urlGuichet}/api/v1${chemin}`, {
            ...init,
            headers: { authorization: `Bearer ${jeton}`, ...(init.headers ?? {}) },
          });
          if (!r.ok) throw new Error(`${chemin} : HTTP ${r.status}`);
          return (await r.json()) as T;
        },
      };
      await use(env);
      await hote.close();
      await coeur.fermer();
      if (guichetActif) await serveur.close();
      rmSync(dossier, { recursive: true, force: true });
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  // Each test starts logged out, with the guichet up.
  propre: [
    async ({ env }, use) => {
      await env.redemarrerGuichet();
      await env.coeur.appeler('session.deconnecter', {}).catch(() => undefined);
      await use();
    },
    { auto: true },
  ],
});

export { expect };

/** Opens the app and logs in with the given account (the test profile is preselected). */
export async function seConnecter(page: Page, env: Environnement, compte: Compte): Promise<void> {
  await page.goto(env.urlApp);
  await expect(page.getByRole('heading', { name: 'Connexion' })).toBeVisible();
  await page.getByLabel('Identifiant', { exact: true }).fill(compte.identifiant);
  await page.getByLabel('Mot de passe', { exact: true }).fill(compte.motDePasse);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.getByRole('heading', { name: 'Tableau de bord' })).toBeVisible({ timeout: 30_000 });
}

export async function allerA(page: Page, ecran: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Menu principal' })
    .getByRole('button', { name: ecran, exact: true })
    .click();
}

/** No serious or critical axe-core violation on the current screen. */
export async function verifierAccessibilite(page: Page, ecran: string): Promise<void> {
  const resultat = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const graves = resultat.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    graves.map(
      (v) => `${v.id} (${v.impact}) : ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    ),
    `Accessibilité de l'écran « ${ecran} »`,
  ).toEqual([]);
}

/** Screenshot of the whole 1280×720 window for docs/screenshots. */
export async function capturer(page: Page, nom: string): Promise<void> {
  await page.waitForTimeout(150);
  await page.screenshot({ path: path.join(RACINE, 'docs/screenshots', `${nom}.png`) });
}

/** Numéros shown in the list, in order. */
export async function numerosAffiches(page: Page): Promise<string[]> {
  return page.locator('.grille-defilement [role="row"] button.numero').allTextContents();
}

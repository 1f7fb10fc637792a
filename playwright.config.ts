import { defineConfig } from '@playwright/test';

/**
 * End-to-end suite: the real UI served by the web host, the real core, a real guichet seeded in a
 * temporary folder and started on 127.0.0.1 — in Debian's Chromium, headless, 1280×720.
 */
export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  globalSetup: './tests/e2e/global-setup.ts',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    headless: true,
    viewport: { width: 1280, height: 720 },
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    acceptDownloads: true,
    screenshot: 'only-on-failure',
    trace: 'off',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      // On Linux Chromium takes its locale (and so the jj/mm/aaaa of <input type="date">) from
      // LANG/LANGUAGE, not from --lang nor the context's locale, and falls back to en-US unless
      // locales/fr.pak is installed: Debian's chromium-l10n package (see .ci/run).
      env: { ...process.env, LANG: 'fr_FR.UTF-8', LANGUAGE: 'fr' },
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--lang=fr-FR',
      ],
    },
  },
});

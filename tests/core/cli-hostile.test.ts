import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './aide/cli.js';
import { dossierTemporaire, GuichetDeTest, type Compte } from './aide/guichet.js';
import { demarrerProxy, type ProxyPannes } from './aide/proxy-pannes.js';

let guichet: GuichetDeTest;
let proxy: ProxyPannes;
let agent: Compte;
let donnees: string;

// OSC « set window title », clear screen, cursor home, and a right-to-left override.
const HOSTILE = '\u001b]0;Guichet piraté\u0007\u001b[2J\u001b[HAccès \u202eesuféR';

beforeAll(async () => {
  guichet = await GuichetDeTest.creer(20, 'cli-hostile');
  agent = guichet.comptes().agent;
  proxy = await demarrerProxy(guichet.url);
  donnees = dossierTemporaire();
});

afterAll(async () => {
  await proxy?.fermer();
  await guichet?.nettoyer();
});

describe('CLI face à un guichet hostile', () => {
  it("un message d'erreur du guichet avec des séquences ANSI est affiché échappé, jamais interprété", async () => {
    proxy.ajouter({
      methode: 'GET',
      chemin: /^\/api\/v1\/workflows/,
      panne: {
        type: 'repondre',
        statut: 403,
        entetes: { 'content-type': 'application/json' },
        corps: JSON.stringify({ erreur: 'interdit', message: HOSTILE }),
      },
    });
    const env = { GUICHET_MOT_DE_PASSE: agent.motDePasse };
    const args = ['sync', '--guichet', proxy.url, '--identifiant', agent.identifiant, '--donnees', donnees];
    for (const json of [false, true]) {
      const r = await cli(json ? [...args, '--json'] : args, env);
      expect(r.code).toBe(1);
      const sortie = r.stdout + r.stderr;
      // No raw control or bidi character reaches the terminal; each is shown as its escape.
      // eslint-disable-next-line no-control-regex -- control characters are what is looked for
      expect(sortie).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
      expect(r.stderr).toContain(
        'Erreur : \\u001b]0;Guichet piraté\\u0007\\u001b[2J\\u001b[HAccès \\u202eesuféR',
      );
    }
  });
});

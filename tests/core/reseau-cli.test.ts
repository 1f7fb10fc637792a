import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POLITIQUE_REPRISE } from '../../src/main/commun/reprise.js';
import { cli } from './aide/cli.js';
import { dossierTemporaire, GuichetDeTest } from './aide/guichet.js';
import { demarrerProxy, type ProxyPannes } from './aide/proxy-pannes.js';

let guichet: GuichetDeTest;
let proxy: ProxyPannes;

beforeAll(async () => {
  guichet = await GuichetDeTest.creer(40, 'reseau-cli');
  proxy = await demarrerProxy(guichet.url);
});

afterAll(async () => {
  await proxy?.fermer();
  await guichet?.nettoyer();
});

describe('CLI face à un guichet qui coupe ses réponses', () => {
  it('reprend chaque appel autant de fois que l’application (POLITIQUE_REPRISE)', async () => {
    const { agent } = guichet.comptes();
    const liste = /^\/api\/v1\/teledossiers\?depuis=/;
    // Every attempt but the last one is cut: one attempt fewer than the policy and the sync fails.
    const coupees = POLITIQUE_REPRISE.tentatives - 1;
    proxy.ajouter({ methode: 'GET', chemin: liste, fois: coupees, panne: { type: 'couper' } });
    const s = await cli(
      [
        'sync',
        '--guichet',
        proxy.url,
        '--identifiant',
        agent.identifiant,
        '--donnees',
        dossierTemporaire(),
        '--json',
      ],
      { GUICHET_MOT_DE_PASSE: agent.motDePasse },
    );
    expect(s.json, s.stderr).toMatchObject({ ok: true, commande: 'sync', mode: 'en-ligne' });
    expect(s.code).toBe(s.json?.alerte ? 3 : 0);
    const premiers = proxy.requetes.filter((r) => liste.test(r.chemin)).slice(0, coupees + 1);
    expect(premiers.map((r) => r.panne)).toEqual([...Array<string>(coupees).fill('couper'), null]);
  });
});

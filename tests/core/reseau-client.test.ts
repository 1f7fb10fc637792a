import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  creerClientGuichet,
  ErreurGuichet,
  ErreurReponse,
  ErreurReseau,
  type ClientGuichet,
  type OptionsClient,
} from '../../src/main/guichet-client/index.js';
import { attendre } from './aide/attendre.js';
import { GuichetDeTest } from './aide/guichet.js';
import { demarrerProxy, type ProxyPannes } from './aide/proxy-pannes.js';

let guichet: GuichetDeTest;
let proxy: ProxyPannes;
let numero: string;
/** One login for the whole file: the guichet hashes passwords slowly, on purpose. */
let jeton: string;
const ouverts: ClientGuichet[] = [];

/** A logged-in client going through the proxy, with fast backoff (the policy, not its delays, is tested). */
function client(options: Partial<OptionsClient> = {}): ClientGuichet {
  const c = creerClientGuichet({ urlGuichet: proxy.url, backoffBaseMs: 5, backoffMaxMs: 20, ...options });
  ouverts.push(c);
  c.token = jeton;
  return c;
}

const DETAIL = () => new RegExp(`^/api/v1/teledossiers/${numero}$`);
const detail = (c: ClientGuichet, signal?: AbortSignal) =>
  c.appel('teledossier', { params: { numero }, signal });
const vus = (chemin: RegExp) => proxy.requetes.filter((r) => chemin.test(r.chemin));

beforeAll(async () => {
  guichet = await GuichetDeTest.creer(30, 'reseau-client');
  proxy = await demarrerProxy(guichet.url);
  const c = creerClientGuichet({ urlGuichet: proxy.url });
  jeton = (await c.appel('login', { body: guichet.comptes().agent })).token;
  c.token = jeton;
  const page = await c.appel('listerTeledossiers', { query: { depuis: '', limite: 5 } });
  c.fermer();
  proxy.requetes.length = 0;
  if (!('curseur' in page) || !page.elements[0]) throw new Error('Liste incrémentale vide.');
  numero = page.elements[0].numero;
});

afterEach(() => {
  proxy.vider();
  proxy.requetes.length = 0;
  for (const c of ouverts.splice(0)) c.fermer();
});

afterAll(async () => {
  await proxy?.fermer();
  await guichet?.nettoyer();
});

describe('client du guichet face à un guichet défaillant', () => {
  it('reprend une page de liste coupée net après l’en-tête, et la rend entière', async () => {
    const c = client();
    const liste = /^\/api\/v1\/teledossiers\?/;
    const query = { depuis: '', limite: 3 };
    const entiere = await c.appel('listerTeledossiers', { query });
    proxy.ajouter({ methode: 'GET', chemin: liste, fois: 1, panne: { type: 'couper' } });
    expect(await c.appel('listerTeledossiers', { query })).toEqual(entiere);
    expect(vus(liste).map((r) => r.panne)).toEqual([null, 'couper', null]);
  });

  it('dit en français qu’une réponse coupée est une panne réseau quand les essais sont épuisés', async () => {
    const c = client({ tentatives: 2 });
    proxy.ajouter({ chemin: DETAIL(), panne: { type: 'couper', octets: 10 } });
    const e = await detail(c).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ErreurReseau);
    expect((e as Error).message).toBe(
      `La réponse du guichet pour « Détail d'un télédossier » du dossier ${numero} a été interrompue avant la fin (connexion coupée).`,
    );
    expect(vus(DETAIL())).toHaveLength(2);
  });

  it('abandonne une réponse au goutte-à-goutte au bout du délai total, puis réessaie', async () => {
    const c = client({ delaiTotalMs: 1000, tentatives: 2 });
    proxy.ajouter({ chemin: DETAIL(), fois: 1, panne: { type: 'goutte', intervalleMs: 300 } });
    expect((await detail(c)).numero).toBe(numero);
    expect(vus(DETAIL()).map((r) => r.panne)).toEqual(['goutte', null]);

    proxy.ajouter({ chemin: DETAIL(), panne: { type: 'goutte', intervalleMs: 300 } });
    const e = await detail(c).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ErreurReseau);
    expect((e as Error).message).toBe(
      `Le guichet n'a pas répondu entièrement en 1 s pour « Détail d'un télédossier » du dossier ${numero} : la connexion est trop lente ou le guichet est surchargé.`,
    );
  });

  it('laisse l’abandon de l’appelant être un abandon : ni ErreurReseau, ni nouvel essai', async () => {
    const c = client({ delaiTotalMs: 60_000 });
    proxy.ajouter({ chemin: DETAIL(), panne: { type: 'goutte', intervalleMs: 300 } });
    const abandon = new AbortController();
    const appel = detail(c, abandon.signal).catch((x: unknown) => x);
    await attendre(() => vus(DETAIL()).length === 1);
    const raison = new Error('Annulé par l’agent');
    abandon.abort(raison);
    expect(await appel).toBe(raison);
    expect(vus(DETAIL())).toHaveLength(1);
  });

  it('obéit à un Retry-After démesuré sur 503 jusqu’au plafond seulement', async () => {
    const c = client({ retryAfterMaxMs: 200 });
    proxy.ajouter({
      chemin: DETAIL(),
      fois: 1,
      panne: {
        type: 'repondre',
        statut: 503,
        entetes: { 'retry-after': '999999', 'content-type': 'application/json' },
        corps: JSON.stringify({ erreur: 'indisponible', message: 'Maintenance.' }),
      },
    });
    // Far beyond the 200 ms cap, far below what Retry-After asks: the call must be done by then.
    const borne = AbortSignal.timeout(20_000);
    expect((await detail(c, borne)).numero).toBe(numero);
    expect(vus(DETAIL()).map((r) => r.panne)).toEqual(['repondre', null]);
  });

  it('interrompt l’attente d’un Retry-After dès que l’appelant abandonne', async () => {
    // Capped at ten minutes: only an abortable wait lets this test end.
    const c = client({ retryAfterMaxMs: 600_000 });
    proxy.ajouter({
      chemin: DETAIL(),
      panne: { type: 'repondre', statut: 503, entetes: { 'retry-after': '999999' }, corps: '' },
    });
    const abandon = new AbortController();
    const appel = detail(c, abandon.signal).catch((x: unknown) => x);
    await attendre(() => vus(DETAIL()).length === 1);
    const raison = new Error('Application fermée');
    abandon.abort(raison);
    expect(await appel).toBe(raison);
    expect(vus(DETAIL())).toHaveLength(1);
  });

  it('refuse une réponse trop volumineuse pendant qu’elle arrive, sans la réessayer', async () => {
    const c = client({ tailleMaxOctets: 1024 * 1024 });
    const enorme = JSON.stringify({ numero, bourrage: 'x'.repeat(2 * 1024 * 1024) });
    proxy.ajouter({
      chemin: DETAIL(),
      panne: {
        type: 'repondre',
        statut: 200,
        entetes: { 'content-type': 'application/json' },
        corps: enorme,
      },
    });
    const e = await detail(c).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ErreurReponse);
    expect((e as Error).message).toBe(
      `Réponse du guichet trop volumineuse (plus de 1 Mo) pour « Détail d'un télédossier » du dossier ${numero}. Signalez-le à l'administrateur du guichet.`,
    );
    expect(vus(DETAIL())).toHaveLength(1);
  });

  it('lit le statut avant le corps : une page HTML en 503 est une erreur du guichet, réessayée', async () => {
    const c = client({ tentatives: 2 });
    const html = { 'content-type': 'text/html' };
    proxy.ajouter({
      chemin: DETAIL(),
      panne: { type: 'repondre', statut: 503, entetes: html, corps: '<html><h1>503</h1></html>' },
    });
    const e = await detail(c).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ErreurReseau);
    expect((e as Error).message).toBe('Le guichet a rencontré une erreur (HTTP 503).');
    expect(vus(DETAIL())).toHaveLength(2);

    proxy.vider();
    proxy.ajouter({
      chemin: DETAIL(),
      panne: { type: 'repondre', statut: 200, entetes: html, corps: '<html>' },
    });
    const f = await detail(c).catch((x: unknown) => x);
    expect(f).toBeInstanceOf(ErreurReponse);
    expect((f as Error).message).toBe(
      `Réponse du guichet illisible pour « Détail d'un télédossier » du dossier ${numero} : ce n'est pas du JSON. Signalez-le à l'administrateur du guichet.`,
    );
  });

  it('nomme en français le champ non conforme d’une réponse', async () => {
    const c = client();
    proxy.ajouter({
      chemin: DETAIL(),
      panne: {
        type: 'reecrire',
        reecrire: (json) => {
          const d = json as { historique: { le: string }[] };
          d.historique[0] = { ...d.historique[0], le: 'hier matin' } as { le: string };
          return d;
        },
      },
    });
    const e = await detail(c).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ErreurReponse);
    expect((e as Error).message).toBe(
      `Réponse du guichet non conforme pour « Détail d'un télédossier » du dossier ${numero} : champ « historique[0].le » — date et heure ISO invalide. Signalez-le à l'administrateur du guichet.`,
    );
  });

  it('reçoit du guichet lui-même des refus de requête en français', async () => {
    const c = client();
    const e = await c
      .appel('changerEtat', {
        params: { numero },
        body: { etat: 'deux' as unknown as number, revision: 1, cle: 'reseau-client-fr' },
      })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ErreurGuichet);
    expect((e as Error).message).toBe(
      'Requête invalide dans le corps de la requête (etat : Entrée invalide : nombre attendu, chaîne de caractères reçu).',
    );
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientGuichet } from '../../src/main/guichet-client/index.js';
import { ouvrirApp, TOUT, type AppDeTest } from './aide/app.js';
import { attendre } from './aide/attendre.js';
import { dossierTemporaire, GuichetDeTest } from './aide/guichet.js';
import { demarrerProxy, type ProxyPannes } from './aide/proxy-pannes.js';

let guichet: GuichetDeTest;
let proxy: ProxyPannes;
/** One request per call, as the tests of the core do: a cut answer leaves the action queued. */
let sansReprise: AppDeTest;
/** The app's own retry policy (fast backoff): the client itself takes the request again. */
let avecReprise: AppDeTest;
/** Straight to the guichet, behind the proxy's back: what the guichet really holds. */
let temoin: ClientGuichet;
const utilises = new Set<string>();

async function unDossier(app: AppDeTest, etat: number): Promise<string> {
  const l = await app.coeur.appeler('dossiers.lister', { ...TOUT, filtre: { etat, supprimes: 'exclure' } });
  const d = l.elements.find((e) => !utilises.has(e.numero) && e.actionsEnAttente === 0);
  if (!d) throw new Error(`Aucun dossier disponible à l'état ${etat}`);
  utilises.add(d.numero);
  return d.numero;
}

const surGuichet = (numero: string) => temoin.appel('teledossier', { params: { numero } });
const action = async (app: AppDeTest, id: string) =>
  (await app.coeur.appeler('fileAttente.lister', {})).actions.find((a) => a.id === id);
const jamaisRefusee = (app: AppDeTest) =>
  app.evenements
    .filter((e) => e.nom === 'fileAttente.changee')
    .every((e) => (e.donnees as { refusee: number }).refusee === 0);

beforeAll(async () => {
  guichet = await GuichetDeTest.creer(120, 'reseau-file-attente');
  proxy = await demarrerProxy(guichet.url);
  const { agent, collegue } = guichet.comptes();
  temoin = await guichet.client(agent);
  sansReprise = await ouvrirApp(dossierTemporaire(), proxy.url, agent);
  avecReprise = await ouvrirApp(dossierTemporaire(), proxy.url, collegue, {
    client: { backoffBaseMs: 5, backoffMaxMs: 20 },
  });
});

afterAll(async () => {
  await sansReprise?.coeur.fermer();
  await avecReprise?.coeur.fermer();
  temoin?.fermer();
  await proxy?.fermer();
  await guichet?.nettoyer();
});

describe('file d’attente et synchronisation face à des réponses coupées', () => {
  it('synchronise malgré une page de liste coupée net : le client la redemande', async () => {
    const liste = /^\/api\/v1\/teledossiers\?depuis=/;
    proxy.ajouter({ methode: 'GET', chemin: liste, fois: 1, panne: { type: 'couper' } });
    await avecReprise.coeur.appeler('synchro.lancer', {});
    expect(proxy.requetes.filter((r) => r.panne === 'couper')).toHaveLength(1);
    const local = await avecReprise.coeur.appeler('dossiers.lister', {
      ...TOUT,
      filtre: { supprimes: 'exclure' },
    });
    const page = await temoin.appel('listerTeledossiers', { query: { depuis: '', limite: 1000 } });
    if (!('curseur' in page) || page.encore) throw new Error('Liste incrémentale complète attendue.');
    const numeros = (l: { numero: string }[]) => l.map((d) => d.numero).sort();
    expect(numeros(local.elements)).toEqual(numeros(page.elements));
  });

  it('ne marque jamais « refusée » un changement d’état appliqué dont la réponse a été coupée', async () => {
    await sansReprise.coeur.appeler('synchro.lancer', {});
    const numero = await unDossier(sansReprise, 5);
    const avant = await surGuichet(numero);
    const route = new RegExp(`^/api/v1/teledossiers/${numero}/etat$`);
    proxy.ajouter({ methode: 'POST', chemin: route, fois: 1, panne: { type: 'couper' } });

    const a = await sansReprise.coeur.appeler('actions.changerEtat', {
      numero,
      etat: 15,
      commentaire: 'Reçu, réponse coupée.',
    });
    // The first send: applied by the guichet, its answer cut on the way back.
    const enAttente = await attendre(async () => {
      const x = await action(sansReprise, a.id);
      return x?.erreur ? x : null;
    });
    expect(enAttente.statut).toBe('en-attente');
    expect(enAttente.erreur).toBe(
      `La réponse du guichet pour « Changer l'état d'un télédossier » du dossier ${numero} a été interrompue avant la fin (connexion coupée).`,
    );
    expect((await surGuichet(numero)).etat).toBe(15);
    expect((await sansReprise.coeur.appeler('dossiers.detail', { numero })).etat).toBe(15);

    const compteurs = await sansReprise.coeur.appeler('fileAttente.rejouer', {});
    expect(compteurs).toEqual({ enAttente: 0, conflit: 0, refusee: 0 });
    expect(await action(sansReprise, a.id)).toBeUndefined();
    expect(jamaisRefusee(sansReprise)).toBe(true);
    // Sent twice with the same key; the guichet applied it once.
    const envois = proxy.requetes.filter((r) => route.test(r.chemin));
    expect(envois.map((r) => r.panne)).toEqual(['couper', null]);
    const cles = envois.map((r) => (JSON.parse(r.corps.toString('utf8')) as { cle: string }).cle);
    expect(cles[1]).toBe(cles[0]);
    const apres = await surGuichet(numero);
    expect(apres.etat).toBe(15);
    expect(apres.historique).toHaveLength(avant.historique.length + 1);
    expect(apres.historique.filter((h) => h.commentaire === 'Reçu, réponse coupée.')).toHaveLength(1);
    const local = await sansReprise.coeur.appeler('dossiers.detail', { numero });
    expect(local.etat).toBe(15);
    expect(local.revision).toBe(apres.revision);
  });

  it('clôt une fois, sans refus, quand la réponse de la clôture est coupée et reprise par le client', async () => {
    await avecReprise.coeur.appeler('synchro.lancer', {});
    const numero = await unDossier(avecReprise, 16);
    const avant = await surGuichet(numero);
    const route = /^\/api\/v1\/teledossiers\/cloture$/;
    proxy.ajouter({ methode: 'POST', chemin: route, fois: 1, panne: { type: 'couper' } });

    const r = await avecReprise.coeur.appeler('actions.cloturer', {
      selection: { numeros: [numero] },
      commentaire: 'Clôture, réponse coupée.',
    });
    const id = r.actions[0]?.id;
    if (!id) throw new Error('Clôture non mise en file.');
    await avecReprise.coeur.appeler('fileAttente.rejouer', {});
    await attendre(async () => (await action(avecReprise, id)) === undefined);
    expect(jamaisRefusee(avecReprise)).toBe(true);
    const envois = proxy.requetes.filter((r) => route.test(r.chemin));
    expect(envois.map((x) => x.panne)).toEqual(['couper', null]);
    const apres = await surGuichet(numero);
    expect(apres.etat).toBe(100);
    expect(apres.historique).toHaveLength(avant.historique.length + 1);
    expect((await avecReprise.coeur.appeler('dossiers.detail', { numero })).etat).toBe(100);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErreurApp } from '../../src/shared/app-api/index.js';
import { ouvrirApp, TOUT, type AppDeTest } from '../core/aide/app.js';
import { cli } from '../core/aide/cli.js';
import { dossierTemporaire, GuichetDeTest, type Compte } from '../core/aide/guichet.js';
import { demarrerProxy, type ProxyPannes } from '../core/aide/proxy-pannes.js';

/**
 * A guichet announcing an archive bigger than the limit set in Paramètres, seen from the app
 * (opening a dossier not archived yet) and from the CLI (`archive --tout`): named, never « interne ».
 */
let guichet: GuichetDeTest;
let proxy: ProxyPannes;
let agent: Compte;
let app: AppDeTest | null = null;

const CONSEIL =
  "Si cette archive est légitime, augmentez « Taille maximale d'une archive (Mo) » dans Paramètres puis relancez l'archivage.";
const refus = (numero: string): string =>
  `Archive ${numero} refusée : le guichet annonce 2 Mo, au-delà de la taille maximale autorisée (1 Mo). ${CONSEIL}`;

beforeAll(async () => {
  guichet = await GuichetDeTest.creer(30, 'archives-hostiles');
  agent = guichet.comptes().agent;
  proxy = await demarrerProxy(guichet.url);
  // Every archive answer claims 2 Mio (and carries nothing): the downloader must refuse on the head.
  proxy.ajouter({
    methode: 'GET',
    chemin: /\/teledossiers\/[^/]+\/archive$/,
    panne: { type: 'repondre', statut: 200, entetes: { 'content-length': String(2 * 1024 * 1024) } },
  });
});

afterAll(async () => {
  await app?.coeur.fermer();
  await proxy?.fermer();
  await guichet?.nettoyer();
});

describe('archive refusée par la taille maximale des Paramètres', () => {
  it('ouvrir un dossier non archivé : erreur « archive_trop_grande » nommant le dossier, pas « interne »', async () => {
    app = await ouvrirApp(dossierTemporaire(), proxy.url, agent);
    await app.coeur.appeler('parametres.enregistrer', { tailleMaxArchiveMo: 1 });
    expect((await app.coeur.appeler('parametres.lire', {})).tailleMaxArchiveMo).toBe(1);
    await app.coeur.appeler('synchro.lancer', {});
    const { elements } = await app.coeur.appeler('dossiers.lister', {
      ...TOUT,
      filtre: { supprimes: 'exclure' },
    });
    const numero = elements[0]!.numero;
    const erreur = await app.coeur.appeler('dossiers.contenu', { numero }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(erreur).toBeInstanceOf(ErreurApp);
    expect(erreur).toMatchObject({ code: 'archive_trop_grande', message: refus(numero) });
  });

  it('une taille maximale hors limites est refusée à l’enregistrement', async () => {
    const erreur = await app!.coeur.appeler('parametres.enregistrer', { tailleMaxArchiveMo: 0 }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(erreur).toBeInstanceOf(ErreurApp);
    expect((await app!.coeur.appeler('parametres.lire', {})).tailleMaxArchiveMo).toBe(1);
  });

  it('CLI archive --tout : chaque dossier refusé est nommé avec sa raison, code de sortie 1', async () => {
    const donnees = dossierTemporaire();
    // The setting as Paramètres stores it, read by the CLI like by the app.
    fs.writeFileSync(path.join(donnees, 'parametres.json'), JSON.stringify({ tailleMaxArchiveMo: 1 }));
    const args = ['--guichet', proxy.url, '--identifiant', agent.identifiant, '--donnees', donnees];
    const env = { GUICHET_MOT_DE_PASSE: agent.motDePasse };

    const j = await cli(['archive', '--tout', ...args, '--json'], env);
    expect(j.code, j.stderr).toBe(1);
    const echecs = j.json?.echecs as { numero: string; message: string }[];
    expect(echecs.length).toBeGreaterThan(5);
    expect(j.json).toMatchObject({ archives: 0, erreur: { code: 'archives' } });
    for (const e of echecs) expect(e.message).toBe(refus(e.numero));

    const texte = await cli(['archive', '--tout', ...args], env);
    expect(texte.code).toBe(1);
    expect(texte.stdout).toContain(`${echecs.length} dossier(s) non archivé(s) :`);
    for (const e of echecs) expect(texte.stdout).toContain(`  ${e.numero} : ${refus(e.numero)}`);
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ouvrirApp, TOUT, type AppDeTest } from './aide/app.js';
import { attendre } from './aide/attendre.js';
import { dossierTemporaire, GuichetDeTest } from './aide/guichet.js';

let guichet: GuichetDeTest;
let app: AppDeTest;
const ouverts: string[] = [];
const dossiersOuverts: string[] = [];

beforeAll(async () => {
  // Tokens live 1.5 s here: every step below also exercises the renewal on 401.
  guichet = await GuichetDeTest.creer(120, 'archives', { dureeSessionMs: 1500 });
  const { agent } = guichet.comptes();
  app = await ouvrirApp(dossierTemporaire(), guichet.url, agent, {
    plateforme: {
      hote: 'electron',
      ouvrirFichier: async (chemin) => void ouverts.push(chemin),
      ouvrirDossier: async (chemin) => void dossiersOuverts.push(chemin),
    },
    intervalleSondeMs: 300,
  });
  await app.coeur.appeler('parametres.enregistrer', { autoArchive: true });
});

afterAll(async () => {
  await app?.coeur.fermer();
  await guichet?.nettoyer();
});

describe('archives et contenu des dossiers', () => {
  it('archive automatiquement les nouveaux dossiers après la synchronisation', async () => {
    await new Promise((r) => setTimeout(r, 1700)); // the login token has expired by now
    const resume = await app.coeur.appeler('synchro.lancer', {});
    expect(resume.nouveaux).toBeGreaterThan(5);
    const fin = await attendre(() => app.evenements.find((e) => e.nom === 'archives.terminee'), 60_000);
    // Everything the guichet still serves, the dossiers closed before this first sync included.
    const tous = await app.coeur.appeler('dossiers.lister', TOUT);
    const servis = tous.elements.filter((e) => e.supprimeDuGuichet !== 'retention' && e.perte === null);
    expect(servis.length).toBeGreaterThanOrEqual(resume.nouveaux);
    expect(fin.donnees).toMatchObject({ archives: servis.length, echecs: [], annule: false });
    const archives = await app.coeur.appeler('dossiers.lister', { ...TOUT, filtre: { archive: true } });
    expect(archives.total).toBe(servis.length);
    const tableau = await app.coeur.appeler('tableauDeBord.lire', {});
    expect(tableau.archives).toBe(servis.length);
    // Known by a tombstone then read again: new to this workstation too.
    expect(tableau.nouveauxDepuisDerniereVisite).toBe(servis.length);
    const dossierArchives = (await app.coeur.appeler('parametres.lire', {})).dossierArchives;
    const ligne = archives.elements[0]!;
    expect(ligne.archiveLocale?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(
      fs
        .readdirSync(dossierArchives, { recursive: true })
        .some((f) => String(f).endsWith(`${ligne.numero}.zip`)),
    ).toBe(true);
  });

  it('lit le contenu de l’archive locale et indexe les données du formulaire', async () => {
    const { elements } = await app.coeur.appeler('dossiers.lister', { ...TOUT, filtre: { archive: true } });
    const numero = elements[3]!.numero;
    await new Promise((r) => setTimeout(r, 1600));
    const contenu = await app.coeur.appeler('dossiers.contenu', { numero });
    expect(contenu.entete?.numero).toBe(numero);
    expect(contenu.fichiers.length).toBeGreaterThan(0);
    const valeur = contenu.donnees?.sections
      .flatMap((s) => s.champs)
      .find((c) => c.valeur.length >= 4 && /^[\p{L}]+$/u.test(c.valeur))?.valeur;
    expect(valeur).toBeDefined();
    const trouves = await app.coeur.appeler('dossiers.lister', { ...TOUT, filtre: { recherche: valeur! } });
    expect(trouves.elements.map((e) => e.numero)).toContain(numero);

    // The CERFA comes first: a PDF, shown by the app itself and never handed to the system.
    const premier = contenu.fichiers[0]!;
    expect(premier).toMatchObject({ type: 'application/pdf', ouverture: 'apercu' });
    const ouvert = await app.coeur.appeler('dossiers.ouvrirFichier', { numero, nom: premier.nom });
    expect(ouvert).toMatchObject({ mode: 'apercu', type: 'application/pdf', nom: premier.nom });
    if (ouvert.mode !== 'apercu') throw new Error('aperçu attendu');
    expect(Buffer.from(ouvert.contenuBase64, 'base64').length).toBe(premier.taille);
    expect(ouverts).toEqual([]);
  });

  it('« Ouvrir le dossier des archives » : seulement un dossier des archives de ce poste', async () => {
    expect((await app.coeur.appeler('app.info', {})).peutOuvrirDossier).toBe(true);
    const { dossierArchives } = await app.coeur.appeler('parametres.lire', {});
    await app.coeur.appeler('archives.ouvrirDossier', {});
    await app.coeur.appeler('archives.ouvrirDossier', { dossierArchives: `${dossierArchives}/` });
    expect(dossiersOuverts).toEqual([path.resolve(dossierArchives), path.resolve(dossierArchives)]);
    // Whatever else the renderer may send is refused before the system sees it.
    for (const autre of ['/etc', path.join(dossierArchives, '..'), os.tmpdir()])
      await expect(app.coeur.appeler('archives.ouvrirDossier', { dossierArchives: autre })).rejects.toThrow(
        /n'est pas un dossier des archives de ce poste/,
      );
    expect(dossiersOuverts).toHaveLength(2);
  });

  it('lecture seule : rouvre les données locales avec le dernier utilisateur connu, sans le guichet', async () => {
    const session = await app.coeur.appeler('session.courante', {});
    await guichet.arreter();
    try {
      await expect(
        app.coeur.appeler('session.connecter', {
          profilId: app.profilId,
          motDePasse: guichet.comptes().agent.motDePasse,
          memoriser: false,
        }),
      ).rejects.toMatchObject({ code: 'guichet_injoignable' });
      const ls = await app.coeur.appeler('session.ouvrirLectureSeule', {
        profilId: app.profilId,
        motDePasse: guichet.comptes().agent.motDePasse,
      });
      expect(ls.mode).toBe('lecture-seule');
      expect(ls.utilisateur).toEqual(session?.utilisateur);
      const liste = await app.coeur.appeler('dossiers.lister', TOUT);
      expect(liste.total).toBeGreaterThan(5);
      // Archived content stays readable offline.
      const numero = liste.elements.find((e) => e.archiveLocale)!.numero;
      expect((await app.coeur.appeler('dossiers.contenu', { numero })).entete?.numero).toBe(numero);
    } finally {
      await guichet.demarrer();
    }
    // The periodic probe logs in with the password that opened the local data (in memory only):
    // the session goes back en-ligne by itself and says so.
    await attendre(
      async () => (await app.coeur.appeler('session.courante', {}))?.mode === 'en-ligne',
      10_000,
    );
    expect(app.evenements.filter((e) => e.nom === 'connexion.changee').at(-1)?.donnees).toMatchObject({
      mode: 'en-ligne',
    });
  });
});

/**
 * Opening the pièces of a hostile archive through the core, against the real guichet: the dossier
 * is archived from the guichet, then its local zip is replaced by one built here (what a hostile
 * or broken guichet could have served).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creerCoeur } from '../../src/main/app/creer-coeur.js';
import { racineOuvertures } from '../../src/main/archive/index.js';
import {
  DONNEES_VALIDES,
  ENTETE_VALIDE,
  entreeStockee,
  fabriquerZip,
  PDF_MINIMAL,
  PNG_MINIMAL,
} from '../archive/zip-fabrique.js';
import Database from 'better-sqlite3';
import { ouvrirApp, TOUT, type AppDeTest } from './aide/app.js';
import { attendre } from './aide/attendre.js';
import { dossierTemporaire, GuichetDeTest } from './aide/guichet.js';

const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(56)]);
const PE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62)]);
/** The smallest zip Word would recognise by its manifest. */
const DOCX = fabriquerZip([
  entreeStockee(
    '[Content_Types].xml',
    '<?xml version="1.0"?><Types><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  ),
  entreeStockee('word/document.xml', '<w:document/>'),
]);
const CONSEIL =
  "utilisez « Enregistrer sous… » pour le conserver, et ne l'ouvrez que si vous êtes sûr de sa provenance.";

let guichet: GuichetDeTest;
let app: AppDeTest;
let donnees: string;
let numero: string;
let zip: string;
const ouverts: string[] = [];
const enregistres: { nom: string; octets: Buffer }[] = [];

function pourLeDossier(xml: string, n: string): string {
  return xml.replaceAll('A-5-ABCD1234', n);
}

function remplacerArchive(entrees: [string, Buffer | string][]): void {
  fs.writeFileSync(zip, fabriquerZip(entrees.map(([nom, c]) => entreeStockee(nom, c))));
}

beforeAll(async () => {
  guichet = await GuichetDeTest.creer(20, 'pieces-hostiles');
  donnees = dossierTemporaire();
  app = await ouvrirApp(donnees, guichet.url, guichet.comptes().agent, {
    plateforme: {
      hote: 'electron',
      ouvrirFichier: async (chemin) => void ouverts.push(chemin),
      enregistrerFichier: async (nom, octets) => {
        enregistres.push({ nom, octets });
        return nom;
      },
    },
  });
  await app.coeur.appeler('synchro.lancer', {});
  const { elements } = await app.coeur.appeler('dossiers.lister', TOUT);
  numero = elements.find((e) => e.supprimeDuGuichet === null)!.numero;
  // Read once: the core downloads the archive from the guichet.
  expect((await app.coeur.appeler('dossiers.contenu', { numero })).entete?.numero).toBe(numero);
  const { dossierArchives } = await app.coeur.appeler('parametres.lire', {});
  const relatif = fs
    .readdirSync(dossierArchives, { recursive: true })
    .map(String)
    .find((f) => f.endsWith(`${numero}.zip`));
  zip = path.join(dossierArchives, relatif!);
  remplacerArchive([
    ['entete.xml', pourLeDossier(ENTETE_VALIDE, numero)],
    ['donnees.xml', pourLeDossier(DONNEES_VALIDES, numero)],
    ['facture.exe', PE],
    ['facture.pdf.bat', PDF_MINIMAL],
    ['lisez-moi.desktop', '[Desktop Entry]\nExec=sh -c "rm -rf ~"\n'],
    ['facture\u202Efdp.exe', PE],
    ['linux.pdf', ELF],
    ['windows.pdf', PE],
    ['script.pdf', '#!/bin/sh\necho pirate\n'],
    ['vrai.pdf', PDF_MINIMAL],
    ['photo.png', PNG_MINIMAL],
    ['note.txt', 'Bonjour,\nVoici mon justificatif.\n'],
    ['rapport.docx', DOCX],
  ]);
}, 60_000);

afterAll(async () => {
  await app?.coeur.fermer();
  await guichet?.nettoyer();
});

/** The folders of copies handed to the system (none until the first office document). */
function copies(): string[] {
  const racine = racineOuvertures(donnees);
  return fs.existsSync(racine) ? fs.readdirSync(racine) : [];
}

function refus(nom: string, pourquoi: string): string {
  return `Le fichier « ${nom} » du dossier ${numero} n'a pas été ouvert : ${pourquoi}`;
}
const contenuRefuse = (libelle: string) =>
  `son contenu (${libelle}) ne fait pas partie des documents que l'application ouvre (PDF, images, documents bureautiques, texte). Par sécurité, ${CONSEIL}`;

describe('pièces d’une archive hostile', () => {
  it('annonce par le contenu ce que chaque pièce deviendra, sous des noms nettoyés', async () => {
    const c = await app.coeur.appeler('dossiers.contenu', { numero });
    const annonce = Object.fromEntries(c.fichiers.map((f) => [f.nom, f.ouverture]));
    expect(annonce).toEqual({
      'facture.exe': 'refusee',
      'facture.pdf.bat': 'refusee',
      'lisez-moi.desktop': 'refusee',
      'facturefdp.exe': 'refusee',
      'linux.pdf': 'refusee',
      'windows.pdf': 'refusee',
      'script.pdf': 'refusee',
      'vrai.pdf': 'apercu',
      'photo.png': 'apercu',
      'note.txt': 'apercu',
      'rapport.docx': 'systeme',
    });
    expect(c.avertissements).toContain(
      "Le nom de l'entrée « facture[U+202E]fdp.exe » contenait des caractères invisibles ou de changement de sens d'écriture : ils ont été retirés (« facturefdp.exe »).",
    );
  });

  it('refuse d’ouvrir exécutables, scripts, raccourcis et faux PDF, avec le message exact', async () => {
    const attendus: [string, string][] = [
      ['facture.exe', refus('facture.exe', contenuRefuse('programme Windows'))],
      [
        'facture.pdf.bat',
        refus(
          'facture.pdf.bat',
          `son nom se termine par « .bat » alors que son contenu est un document PDF. Un nom qui ne correspond pas au contenu peut cacher un fichier dangereux : ${CONSEIL}`,
        ),
      ],
      ['lisez-moi.desktop', refus('lisez-moi.desktop', contenuRefuse('raccourci de bureau Linux'))],
      ['facture\u202Efdp.exe', refus('facturefdp.exe', contenuRefuse('programme Windows'))],
      ['facturefdp.exe', refus('facturefdp.exe', contenuRefuse('programme Windows'))],
      ['linux.pdf', refus('linux.pdf', contenuRefuse('programme Linux'))],
      ['windows.pdf', refus('windows.pdf', contenuRefuse('programme Windows'))],
      ['script.pdf', refus('script.pdf', contenuRefuse('script'))],
    ];
    for (const [nom, message] of attendus) {
      await expect(app.coeur.appeler('dossiers.ouvrirFichier', { numero, nom })).rejects.toMatchObject({
        code: 'ouverture_refusee',
        message,
      });
    }
    expect(ouverts).toEqual([]);
    // Nothing was written for them either.
    expect(copies()).toEqual([]);
  });

  it('« Enregistrer sous… » garde les octets et propose un nom sûr', async () => {
    const r = await app.coeur.appeler('dossiers.enregistrerFichier', { numero, nom: 'facture\u202Efdp.exe' });
    expect(r).toEqual({ mode: 'enregistre', nom: 'facturefdp.exe' });
    expect(enregistres.at(-1)?.nom).toBe('facturefdp.exe');
    expect(enregistres.at(-1)?.octets.equals(PE)).toBe(true);
    expect(ouverts).toEqual([]);
  });

  it('montre le PDF, l’image et le texte dans l’application, sans rien écrire ni confier au système', async () => {
    const pdf = await app.coeur.appeler('dossiers.ouvrirFichier', { numero, nom: 'vrai.pdf' });
    expect(pdf).toEqual({
      mode: 'apercu',
      nom: 'vrai.pdf',
      type: 'application/pdf',
      contenuBase64: PDF_MINIMAL.toString('base64'),
    });
    const png = await app.coeur.appeler('dossiers.ouvrirFichier', { numero, nom: 'photo.png' });
    expect(png).toMatchObject({ mode: 'apercu', type: 'image/png' });
    const txt = await app.coeur.appeler('dossiers.ouvrirFichier', { numero, nom: 'note.txt' });
    expect(txt).toMatchObject({ mode: 'apercu', type: 'text/plain' });
    expect(ouverts).toEqual([]);
    expect(copies()).toEqual([]);
  });

  it('confie au système un document bureautique vérifié, sous le dossier connu des copies', async () => {
    const r = await app.coeur.appeler('dossiers.ouvrirFichier', { numero, nom: 'rapport.docx' });
    expect(r).toEqual({ mode: 'systeme', nom: 'rapport.docx' });
    expect(ouverts).toHaveLength(1);
    const copie = ouverts[0]!;
    expect(path.dirname(path.dirname(copie))).toBe(racineOuvertures(donnees));
    expect(path.basename(copie)).toBe('rapport.docx');
    expect(fs.readFileSync(copie).equals(DOCX)).toBe(true);
    // The agent leaves the dossier's pièces.
    expect(await app.coeur.appeler('dossiers.fermerFichiers', {})).toEqual({ supprimees: 1, restantes: 0 });
    expect(fs.existsSync(copie)).toBe(false);
    expect(copies()).toEqual([]);
  });

  it('refuse une archive dont entete.xml nomme un autre dossier, la signale et ne l’indexe pas', async () => {
    const autre = 'A-5-ZZZZZZZZ';
    remplacerArchive([
      ['entete.xml', pourLeDossier(ENTETE_VALIDE, autre)],
      ['donnees.xml', pourLeDossier(DONNEES_VALIDES, autre).replace('Martin', 'Quenouillard')],
      ['vrai.pdf', PDF_MINIMAL],
    ]);
    const message = `L'archive enregistrée pour le dossier ${numero} est celle du dossier ${autre} (entete.xml) : elle n'est ni affichée ni indexée. Téléchargez à nouveau les éléments du dossier ${numero}.`;
    await expect(app.coeur.appeler('dossiers.contenu', { numero })).rejects.toMatchObject({
      code: 'archive_autre_dossier',
      message,
    });
    await expect(
      app.coeur.appeler('dossiers.ouvrirFichier', { numero, nom: 'vrai.pdf' }),
    ).rejects.toMatchObject({ code: 'archive_autre_dossier', message });
    await expect(
      app.coeur.appeler('dossiers.enregistrerFichier', { numero, nom: 'vrai.pdf' }),
    ).rejects.toMatchObject({ code: 'archive_autre_dossier', message });
    const detail = await app.coeur.appeler('dossiers.detail', { numero });
    expect(detail.archiveLocale?.defaut).toBe('endommagee');
    const aControler = await app.coeur.appeler('dossiers.lister', {
      ...TOUT,
      filtre: { archivesDefectueuses: true },
    });
    expect(aControler.elements.map((e) => e.numero)).toContain(numero);
    const trouves = await app.coeur.appeler('dossiers.lister', {
      ...TOUT,
      filtre: { recherche: 'Quenouillard' },
    });
    expect(trouves.total).toBe(0);
  });

  it('le contrôle des archives ne rend pas « intacte » l’archive d’un autre dossier aux bons octets', async () => {
    const autre = 'A-5-ZZZZZZZZ';
    remplacerArchive([
      ['entete.xml', pourLeDossier(ENTETE_VALIDE, autre)],
      ['vrai.pdf', PDF_MINIMAL],
    ]);
    // A guichet that announced this very zip: its SHA-256 is the one recorded, only entete.xml is wrong.
    const empreinte = createHash('sha256').update(fs.readFileSync(zip)).digest('hex');
    const db = new Database(path.join(donnees, 'profils', app.profilId, 'store.sqlite'));
    db.prepare('UPDATE dossiers SET archive_local_sha256 = ?, archive_defaut = NULL WHERE numero = ?').run(
      empreinte,
      numero,
    );
    db.close();
    const { tacheId } = await app.coeur.appeler('archives.verifier', {});
    const fin = await attendre(
      () =>
        app.evenements.find(
          (e) => e.nom === 'verification.terminee' && (e.donnees as { tacheId: string }).tacheId === tacheId,
        ) ?? null,
      30_000,
    );
    expect(fin.donnees).toMatchObject({ endommagees: [numero], retelechargees: [numero] });
    // Downloaded again from the guichet: the dossier's own archive is back.
    expect((await app.coeur.appeler('dossiers.contenu', { numero })).entete?.numero).toBe(numero);
  });

  it('nomme donnees.xml quand il est imbriqué trop profondément', async () => {
    remplacerArchive([
      ['entete.xml', pourLeDossier(ENTETE_VALIDE, numero)],
      ['donnees.xml', `<donnees>${'<a>'.repeat(200)}${'</a>'.repeat(200)}</donnees>`],
    ]);
    const c = await app.coeur.appeler('dossiers.contenu', { numero });
    expect(c.donnees).toBeNull();
    expect(c.avertissements).toContain(
      "donnees.xml est imbriqué sur plus de 100 niveaux, ce que le guichet n'écrit jamais : ignoré. Téléchargez à nouveau les éléments du dossier ; si l'avertissement revient, signalez-le à l'administrateur du guichet.",
    );
    expect(c.avertissements.join(' ')).not.toMatch(/Maximum nested/);
  });
});

describe('copies temporaires des pièces', () => {
  it('sont supprimées à la fermeture et balayées au démarrage', async () => {
    remplacerArchive([
      ['entete.xml', pourLeDossier(ENTETE_VALIDE, numero)],
      ['rapport.docx', DOCX],
    ]);
    await app.coeur.appeler('dossiers.ouvrirFichier', { numero, nom: 'rapport.docx' });
    const copie = ouverts.at(-1)!;
    expect(fs.existsSync(copie)).toBe(true);
    await app.coeur.fermer();
    expect(fs.existsSync(copie)).toBe(false);
    expect(copies()).toEqual([]);

    // What a crash leaves behind is gone at the next start.
    const reste = path.join(racineOuvertures(donnees), 'ouverture-crash');
    fs.mkdirSync(reste, { recursive: true });
    fs.writeFileSync(path.join(reste, 'piece.docx'), DOCX);
    const coeur = await creerCoeur({ dossierDonnees: donnees, plateforme: { hote: 'web' }, version: 'test' });
    try {
      expect(fs.existsSync(reste)).toBe(false);
    } finally {
      await coeur.fermer();
    }
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  extraireDocument,
  lireContenuArchive,
  messageRefusOuverture,
  RefusOuverture,
} from '../../src/main/archive/index.js';
import {
  extensionDangereuse,
  nettoyerNomAffiche,
  reconnaitreOctets,
} from '../../src/main/archive/types-fichiers.js';
import { nettoyerNom } from '../../src/shared/noms.js';
import { entreeStockee, fabriquerZip, PDF_MINIMAL, PNG_MINIMAL } from './zip-fabrique.js';

const NUMERO = 'A-5-ABCDEFGH';
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(56)]);
const PE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62)]);

function zipDe(entrees: [string, Buffer | string][]): string {
  const dossier = fs.mkdtempSync(path.join(os.tmpdir(), 'ouverture-'));
  const chemin = path.join(dossier, 'a.zip');
  fs.writeFileSync(chemin, fabriquerZip(entrees.map(([n, c]) => entreeStockee(n, c))));
  return chemin;
}

async function refus(zip: string, nom: string): Promise<string> {
  const cible = fs.mkdtempSync(path.join(os.tmpdir(), 'cible-'));
  try {
    await extraireDocument(zip, nom, cible);
  } catch (e) {
    expect(e).toBeInstanceOf(RefusOuverture);
    expect(fs.readdirSync(cible)).toEqual([]); // nothing left for an opener
    return messageRefusOuverture(NUMERO, e as RefusOuverture);
  }
  throw new Error(`${nom} aurait dû être refusé`);
}

describe('ouverture des pièces : liste blanche par le contenu', () => {
  const zip = zipDe([
    ['facture.exe', PE],
    ['facture.pdf.bat', PDF_MINIMAL],
    ['lisez-moi.desktop', '[Desktop Entry]\nExec=sh -c "rm -rf ~"\n'],
    ['facture\u202Efdp.exe', PE],
    ['faux.pdf', ELF],
    ['script.pdf', '#!/bin/sh\necho pirate\n'],
    ['vrai.pdf', PDF_MINIMAL],
    ['photo.png', PNG_MINIMAL],
  ]);

  it('refuse exécutables, doubles extensions, .desktop, U+202E et faux PDF, avec un message exact', async () => {
    expect(await refus(zip, 'facture.exe')).toBe(
      `Le fichier « facture.exe » du dossier ${NUMERO} n'a pas été ouvert : son contenu (programme Windows) ne fait pas partie des documents que l'application ouvre (PDF, images, documents bureautiques, texte). Par sécurité, utilisez « Enregistrer sous… » pour le conserver, et ne l'ouvrez que si vous êtes sûr de sa provenance.`,
    );
    expect(await refus(zip, 'facture.pdf.bat')).toBe(
      `Le fichier « facture.pdf.bat » du dossier ${NUMERO} n'a pas été ouvert : son nom se termine par « .bat » alors que son contenu est un document PDF. Un nom qui ne correspond pas au contenu peut cacher un fichier dangereux : utilisez « Enregistrer sous… » pour le conserver, et ne l'ouvrez que si vous êtes sûr de sa provenance.`,
    );
    expect(await refus(zip, 'lisez-moi.desktop')).toContain('son contenu (raccourci de bureau Linux)');
    expect(await refus(zip, 'facture\u202Efdp.exe')).toContain('« facturefdp.exe »');
    expect(await refus(zip, 'faux.pdf')).toContain('son contenu (programme Linux)');
    expect(await refus(zip, 'script.pdf')).toContain('son contenu (script)');
  });

  it('extrait un vrai PDF et un PNG sous l’extension de leur contenu', async () => {
    const cible = fs.mkdtempSync(path.join(os.tmpdir(), 'cible-'));
    const pdf = await extraireDocument(zip, 'vrai.pdf', cible);
    expect(path.basename(pdf.chemin)).toBe('vrai.pdf');
    expect(fs.readFileSync(pdf.chemin).equals(PDF_MINIMAL)).toBe(true);
    const png = await extraireDocument(zip, 'photo.png', cible);
    expect(png.document.mime).toBe('image/png');
  });

  it('retire les caractères de sens d’écriture et invisibles des noms affichés', async () => {
    expect(nettoyerNomAffiche('a\u202Eb\u200Bc\u2066d\u061Ce\uFEFF.pdf')).toBe('abcde.pdf');
    // The same function for the core and the renderer, C0 and C1 controls included.
    expect(nettoyerNomAffiche).toBe(nettoyerNom);
    expect(
      nettoyerNom(
        '\u202Aa\u202B\u202C\u202Db\u2067\u2068\u2069\u200C\u200D\u200Ec\u0000\u001B\u007F\u0085\u009F.txt',
      ),
    ).toBe('abc.txt');
    const c = await lireContenuArchive(zip);
    const noms = c.fichiers.map((f) => f.nom);
    expect(noms).toContain('facturefdp.exe');
    expect(noms.some((n) => /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/.test(n))).toBe(false);
  });

  it('refuse les extensions dangereuses où qu’elles soient dans le nom, même sur un vrai PDF', async () => {
    const z = zipDe([
      ['facture.exe.pdf', PDF_MINIMAL],
      ['lettre.txt', 'Madame, Monsieur,\n'],
      ['lettre.js.txt', 'alert(1)\n'],
    ]);
    expect(await refus(z, 'facture.exe.pdf')).toContain(
      "son nom contient l'extension « .exe » alors que son contenu est un document PDF.",
    );
    expect(await refus(z, 'lettre.js.txt')).toContain("son nom contient l'extension « .js »");
    expect(extensionDangereuse('rapport.docx')).toBeNull();
    const cible = fs.mkdtempSync(path.join(os.tmpdir(), 'cible-'));
    expect((await extraireDocument(z, 'lettre.txt', cible)).document.mime).toBe('text/plain');
  });

  it('un texte doit le rester jusqu’au bout', () => {
    expect(reconnaitreOctets(Buffer.from('Bonjour\n'))).toMatchObject({ genre: 'document' });
    const charge = Buffer.concat([Buffer.from('Bonjour'.padEnd(100, ' ')), ELF]);
    expect(reconnaitreOctets(charge)).toEqual({ genre: 'autre', libelle: 'contenu non reconnu' });
  });
});

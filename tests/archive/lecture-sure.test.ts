import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import {
  extraireFichierArchive,
  lireContenuArchive,
  lireFichierArchive,
  verifierArchive,
} from '../../src/main/archive/index.js';
import {
  DONNEES_VALIDES,
  ENTETE_VALIDE,
  entreeCompressee,
  entreeStockee,
  fabriquerZip,
  PDF_MINIMAL,
  PNG_MINIMAL,
  zipYazl,
} from './zip-fabrique.js';

let dossier: string;
beforeAll(async () => {
  dossier = await fs.mkdtemp(path.join(os.tmpdir(), 'archive-lecture-'));
});
afterAll(async () => {
  await fs.rm(dossier, { recursive: true, force: true });
});

async function ecrire(nom: string, octets: Buffer): Promise<string> {
  const chemin = path.join(dossier, nom);
  await fs.writeFile(chemin, octets);
  return chemin;
}

const BASE = [
  { nom: 'entete.xml', contenu: Buffer.from(ENTETE_VALIDE) },
  { nom: 'donnees.xml', contenu: Buffer.from(DONNEES_VALIDES) },
];

describe('lireContenuArchive — archive saine', () => {
  it('lit entête, données (entités prédéfinies décodées) et types devinés par le contenu', async () => {
    const zip = await ecrire(
      'saine.zip',
      await zipYazl([
        ...BASE,
        { nom: 'cerfa.pdf', contenu: PDF_MINIMAL },
        { nom: 'photo.jpg', contenu: PNG_MINIMAL }, // the name lies, the content says PNG
        {
          nom: 'pieces/justificatif.docx',
          contenu: await zipYazl([{ nom: 'a.txt', contenu: Buffer.from('a') }]),
        },
        { nom: 'inconnu.bin', contenu: Buffer.from('bonjour') },
      ]),
    );
    const c = await lireContenuArchive(zip);
    expect(c.avertissements).toEqual([]);
    expect(c.entete).toEqual({
      codeDemarche: 'inscription-listes-electorales',
      numero: 'A-5-ABCD1234',
      courriel: 'jeanne.martin@example.fr',
      dateSoumission: '2026-11-02T09:15:00+01:00',
      routage: { codeInsee: '29232', service: 'Mairie de Quimper & environs' },
    });
    expect(c.donnees?.sections[0]?.champs).toEqual([
      { nom: 'nom', libelle: 'Nom', valeur: 'Martin' },
      { nom: 'codePostal', libelle: 'Code postal', valeur: '01234' },
      { nom: 'remarque', libelle: 'Remarque', valeur: 'a < b & c é' },
    ]);
    expect(c.donnees?.sections[1]).toEqual({ titre: 'Vide', champs: [] });
    expect(c.fichiers).toEqual([
      { nom: 'cerfa.pdf', taille: PDF_MINIMAL.length, type: 'application/pdf', ouverture: 'apercu' },
      // A PNG named .jpg: the name lies about the content, only « Enregistrer sous… ».
      { nom: 'photo.jpg', taille: PNG_MINIMAL.length, type: 'image/png', ouverture: 'refusee' },
      {
        nom: 'pieces/justificatif.docx',
        taille: expect.any(Number),
        type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        ouverture: 'systeme',
      },
      { nom: 'inconnu.bin', taille: 7, type: 'application/octet-stream', ouverture: 'refusee' },
    ]);
  });

  it('lireFichierArchive rend les octets et le type ; extraireFichierArchive écrit un nom nettoyé', async () => {
    const zip = await ecrire(
      'extraction.zip',
      await zipYazl([...BASE, { nom: 'pieces/CON.pdf', contenu: PDF_MINIMAL }]),
    );
    const f = await lireFichierArchive(zip, 'pieces/CON.pdf');
    expect(f.type).toBe('application/pdf');
    expect(f.contenu.equals(PDF_MINIMAL)).toBe(true);
    const cible = path.join(dossier, 'extrait');
    const chemin = await extraireFichierArchive(zip, 'pieces/CON.pdf', cible);
    // Flattened into the target folder, Windows-reserved name defused.
    expect(path.dirname(chemin)).toBe(cible);
    expect(path.basename(chemin)).toBe('_CON.pdf');
    expect((await fs.readFile(chemin)).equals(PDF_MINIMAL)).toBe(true);
    expect((await fs.readdir(cible)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    await expect(lireFichierArchive(zip, 'absent.pdf')).rejects.toThrow(/absent de l'archive/);
  });

  it('verifierArchive compare le SHA-256 du fichier', async () => {
    const zip = await ecrire('verif.zip', PDF_MINIMAL);
    const { createHash } = await import('node:crypto');
    const bon = createHash('sha256').update(PDF_MINIMAL).digest('hex');
    expect(await verifierArchive(zip, bon)).toBe(true);
    expect(await verifierArchive(zip, bon.replace(/^./, bon[0] === '0' ? '1' : '0'))).toBe(false);
    expect(await verifierArchive(path.join(dossier, 'absent.zip'), bon)).toBe(false);
  });
});

describe('lireContenuArchive — archives hostiles', () => {
  it('refuse traversée, chemin absolu, barre inverse, lecteur, lien symbolique, chiffrement ; garde le reste', async () => {
    const zip = await ecrire(
      'hostile.zip',
      fabriquerZip([
        entreeStockee('entete.xml', ENTETE_VALIDE),
        entreeStockee('../evil.txt', 'pwned'),
        entreeStockee('pieces/../../evil2.txt', 'pwned'),
        entreeStockee('/etc/passwd', 'root:x:0:0'),
        entreeStockee('..\\..\\evil.bat', 'pwned'),
        entreeStockee('C:/Windows/evil.dll', 'pwned'),
        entreeStockee('lien', '/etc/passwd', { mode: 0o120777 }),
        entreeStockee('secret.pdf', 'xxxx', { drapeaux: 0x0001 }),
        entreeStockee('cerfa.pdf', PDF_MINIMAL),
      ]),
    );
    const c = await lireContenuArchive(zip);
    expect(c.entete?.numero).toBe('A-5-ABCD1234');
    expect(c.fichiers.map((f) => f.nom)).toEqual(['cerfa.pdf']);
    const texte = c.avertissements.join('\n');
    expect(texte).toMatch(/« \.\.\/evil\.txt » refusée : remontée de dossier/);
    expect(texte).toMatch(/« pieces\/\.\.\/\.\.\/evil2\.txt » refusée : remontée de dossier/);
    expect(texte).toMatch(/« \/etc\/passwd » refusée : chemin absolu/);
    expect(texte).toMatch(/evil\.bat » refusée : barre oblique inverse/);
    expect(texte).toMatch(/« C:\/Windows\/evil\.dll » refusée : lettre de lecteur/);
    expect(texte).toMatch(/« lien » refusée : lien symbolique/);
    expect(texte).toMatch(/« secret\.pdf » refusée : entrée chiffrée/);
    expect(texte).toMatch(/donnees\.xml absent/);
    // The same refusals apply to direct reads and extraction: nothing lands outside the target.
    await expect(lireFichierArchive(zip, '../evil.txt')).rejects.toThrow(/remontée de dossier/);
    await expect(extraireFichierArchive(zip, 'lien', path.join(dossier, 'x'))).rejects.toThrow(
      /lien symbolique/,
    );
    await expect(fs.stat(path.join(dossier, 'evil.txt'))).rejects.toThrow();
  });

  it('refuse une bombe honnête (300 Mo de zéros) par taille et taux de compression, sans la décompresser', async () => {
    const zip = new yazl.ZipFile();
    const taille = 300 * 1024 * 1024;
    const zeros = Buffer.alloc(1024 * 1024);
    let restant = taille;
    const flux = new Readable({
      read() {
        if (restant === 0) return void this.push(null);
        restant -= zeros.length;
        this.push(zeros);
      },
    });
    zip.addReadStream(flux, 'zeros.pdf', { size: taille });
    zip.addBuffer(Buffer.alloc(50 * 1024 * 1024), 'zeros50.pdf'); // under the size cap, over the ratio
    zip.addBuffer(Buffer.from(ENTETE_VALIDE), 'entete.xml');
    zip.end();
    const morceaux: Buffer[] = [];
    for await (const m of zip.outputStream) morceaux.push(m as Buffer);
    const chemin = await ecrire('bombe.zip', Buffer.concat(morceaux));
    expect((await fs.stat(chemin)).size).toBeLessThan(2 * 1024 * 1024);
    // Refused on the declared sizes (message below), before any inflation.
    const c = await lireContenuArchive(chemin);
    expect(c.fichiers).toEqual([]);
    expect(c.entete?.numero).toBe('A-5-ABCD1234');
    expect(c.avertissements.join('\n')).toMatch(
      /« zeros\.pdf » refusée : trop volumineux une fois décompressé \(300 Mo/,
    );
    expect(c.avertissements.join('\n')).toMatch(/« zeros50\.pdf » refusée : taux de compression suspect/);
    await expect(lireFichierArchive(chemin, 'zeros.pdf')).rejects.toThrow(/trop volumineux/);
  }, 60_000);

  it('refuse une bombe qui ment sur sa taille : arrêt pendant la décompression', async () => {
    const zeros = Buffer.alloc(50 * 1024 * 1024);
    const menteuse = entreeCompressee('menteuse.pdf', zeros, { tailleDecompressee: 1000 });
    const chemin = await ecrire(
      'menteuse.zip',
      fabriquerZip([
        entreeStockee('entete.xml', ENTETE_VALIDE),
        menteuse,
        entreeStockee('ok.pdf', PDF_MINIMAL),
      ]),
    );
    const c = await lireContenuArchive(chemin);
    expect(c.fichiers.map((f) => f.nom)).toEqual(['ok.pdf']);
    expect(c.avertissements.join('\n')).toMatch(
      /menteuse\.pdf » : taille réelle supérieure à la taille déclarée/,
    );
    await expect(lireFichierArchive(chemin, 'menteuse.pdf')).rejects.toThrow(/taille réelle supérieure/);
    const cible = path.join(dossier, 'extrait-bombe');
    await expect(extraireFichierArchive(chemin, 'menteuse.pdf', cible)).rejects.toThrow(
      /taille réelle supérieure/,
    );
    expect(await fs.readdir(cible)).toEqual([]); // temporary file removed, nothing half-written
  });

  it('refuse un en-tête local qui contredit le répertoire central, et un CRC faux', async () => {
    const chemin = await ecrire(
      'incoherent.zip',
      fabriquerZip([
        entreeStockee('a.pdf', PDF_MINIMAL, { tailleDecompresseeLocale: 5 }),
        entreeStockee('b.pdf', PDF_MINIMAL, { crc: 1234 }),
      ]),
    );
    const c = await lireContenuArchive(chemin);
    expect(c.fichiers).toEqual([]);
    expect(c.avertissements.join('\n')).toMatch(/a\.pdf » : tailles de l'en-tête local incohérentes/);
    expect(c.avertissements.join('\n')).toMatch(/b\.pdf » : somme de contrôle CRC-32 incorrecte/);
  });

  it('nomme l’entrée dont les données compressées sont corrompues', async () => {
    const chemin = await ecrire(
      'corrompue.zip',
      fabriquerZip([
        entreeStockee('entete.xml', ENTETE_VALIDE),
        // Block type 3 (reserved): zlib refuses it at the first byte.
        entreeCompressee('abime.pdf', PDF_MINIMAL, { donnees: Buffer.from([0xff, 0xff, 0xff, 0xff]) }),
        entreeStockee('ok.pdf', PDF_MINIMAL),
      ]),
    );
    const c = await lireContenuArchive(chemin);
    expect(c.fichiers.map((f) => f.nom)).toEqual(['ok.pdf']);
    expect(c.avertissements.join('\n')).toMatch(/Entrée « abime\.pdf » : données compressées illisibles/);
    await expect(lireFichierArchive(chemin, 'abime.pdf')).rejects.toThrow(
      /« abime\.pdf » : données compressées illisibles/,
    );
  });

  it('refuse une archive de plus de 1000 entrées, et un fichier qui n’est pas un zip', async () => {
    const entrees = Array.from({ length: 1001 }, (_, i) => ({ nom: `f${i}.txt`, contenu: Buffer.from('x') }));
    const chemin = await ecrire('nombreuses.zip', await zipYazl(entrees));
    await expect(lireContenuArchive(chemin)).rejects.toThrow(/trop d'entrées \(1001, maximum 1000\)/);
    const faux = await ecrire('faux.zip', Buffer.from('ceci n’est pas un zip, mais assez long pour être lu'));
    await expect(lireContenuArchive(faux)).rejects.toThrow(/n'est pas une archive zip/);
    await expect(lireContenuArchive(path.join(dossier, 'absent.zip'))).rejects.toThrow(/Archive introuvable/);
  });
});

describe('XML des archives', () => {
  it("n'étend pas les entités (billion laughs) et refuse le DOCTYPE", async () => {
    const lol = `<?xml version="1.0"?>
<!DOCTYPE entete [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<entete><codeDemarche>&lol9;</codeDemarche><numero>A-5-ABCD1234</numero>
<courriel>a@example.fr</courriel><dateSoumission>2026-11-02T09:15:00+01:00</dateSoumission>
<routage><codeInsee>29232</codeInsee><service>&lol9;</service></routage></entete>`;
    const chemin = await ecrire(
      'lol.zip',
      await zipYazl([
        { nom: 'entete.xml', contenu: Buffer.from(lol) },
        { nom: 'donnees.xml', contenu: Buffer.from(DONNEES_VALIDES.replace('Martin', '&lol9;')) },
      ]),
    );
    const avant = process.memoryUsage().heapUsed;
    const c = await lireContenuArchive(chemin);
    expect(c.entete).toBeNull();
    expect(c.avertissements.join('\n')).toMatch(
      /entete\.xml contient une déclaration DOCTYPE\/ENTITY, refusée/,
    );
    // Without a DOCTYPE the undeclared reference stays literal text, never expanded.
    expect(c.donnees?.sections[0]?.champs[0]?.valeur).toBe('&lol9;');
    expect(process.memoryUsage().heapUsed - avant).toBeLessThan(100 * 1024 * 1024);
  });

  it('signale un XML invalide ou hors format (null + avertissement)', async () => {
    const chemin = await ecrire(
      'xml-invalide.zip',
      await zipYazl([
        { nom: 'entete.xml', contenu: Buffer.from('<entete><numero>A-5-ABCD1234</numero>') },
        { nom: 'donnees.xml', contenu: Buffer.from(DONNEES_VALIDES.replace('A-5-ABCD1234', '../../etc')) },
      ]),
    );
    const c = await lireContenuArchive(chemin);
    expect(c.entete).toBeNull();
    expect(c.donnees).toBeNull();
    expect(c.avertissements.join('\n')).toMatch(/entete\.xml est mal formé/);
    expect(c.avertissements.join('\n')).toMatch(/donnees\.xml ne respecte pas le format attendu \(numero\)/);
  });
});

import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { lireContenuArchive, lireFichierArchive } from '../../src/main/archive/index.js';
import { ZipOuvert } from '../../src/main/archive/zip-lecteur.js';
import {
  anatomieZip,
  DONNEES_VALIDES,
  ENTETE_VALIDE,
  entreeStockee,
  extraZip64,
  fabriquerZip,
  PDF_MINIMAL,
  PNG_MINIMAL,
  zipYazl,
  type EntreeYazl,
} from './zip-fabrique.js';

/**
 * Zip64 archives: small ones written in zip64 format (as some tools do) must read exactly like
 * their classic twin; forged zip64 structures must be refused with a clear message, without
 * allocating what they claim or reading something other tools would not.
 */

let dossier: string;
beforeAll(async () => {
  dossier = await fs.mkdtemp(path.join(os.tmpdir(), 'archive-zip64-'));
});
afterAll(async () => {
  await fs.rm(dossier, { recursive: true, force: true });
});

let compteur = 0;
async function ecrire(octets: Buffer): Promise<string> {
  const chemin = path.join(dossier, `archive-${++compteur}.zip`);
  await fs.writeFile(chemin, octets);
  return chemin;
}

const PIECE_PDF = Buffer.concat([PDF_MINIMAL, Buffer.alloc(4096, 0x20), PDF_MINIMAL]);

/** What the guichet's server puts in an archive (CERFA, pièce, entete.xml, donnees.xml), plus deflate. */
const CONTENU: EntreeYazl[] = [
  { nom: 'cerfa-12669.pdf', contenu: PDF_MINIMAL, compresser: false },
  { nom: 'pieces/justificatif-domicile.pdf', contenu: PIECE_PDF, compresser: false },
  { nom: 'photo.png', contenu: Buffer.concat([PNG_MINIMAL, Buffer.alloc(2000, 7)]), compresser: true },
  { nom: 'entete.xml', contenu: Buffer.from(ENTETE_VALIDE), compresser: false },
  { nom: 'donnees.xml', contenu: Buffer.from(DONNEES_VALIDES), compresser: true },
];

function zip64(entrees: EntreeYazl[] = CONTENU): Promise<Buffer> {
  return zipYazl(entrees, { zip64: true, dateFixe: true });
}

/** The central directory entry named `nom`, with its zip64 extra field (which must exist). */
function entree(a: ReturnType<typeof anatomieZip>, nom: string): { position: number; extraZip64: number } {
  const e = a.entrees.find((x) => x.nom === nom);
  if (!e || e.extraZip64 === null) throw new Error(`pas d'entrée zip64 ${nom}`);
  return { position: e.position, extraZip64: e.extraZip64 };
}

function zip64Eocd(a: ReturnType<typeof anatomieZip>): number {
  if (a.zip64Eocd === null) throw new Error('pas de fin de répertoire zip64');
  return a.zip64Eocd;
}

/** Refused as a whole (ZipOuvert and the public reading function), with this message. */
async function refusee(octets: Buffer, message: RegExp): Promise<void> {
  const chemin = await ecrire(octets);
  await expect(ZipOuvert.ouvrir(chemin)).rejects.toThrow(message);
  await expect(lireContenuArchive(chemin)).rejects.toThrow(message);
}

async function lireTout(zip: ZipOuvert, nom: string): Promise<Buffer> {
  const e = zip.entrees.find((x) => x.nom === nom);
  if (!e) throw new Error(`${nom} absent`);
  const morceaux: Buffer[] = [];
  for await (const m of zip.lire(e)) morceaux.push(m);
  return Buffer.concat(morceaux);
}

describe('zip64 — archives légitimes', () => {
  it('lit une petite archive au format zip64 exactement comme sa jumelle classique', async () => {
    const octets64 = await zip64();
    const octets32 = await zipYazl(CONTENU, { dateFixe: true });
    // The helper really wrote zip64: saturated classic fields, locator, zip64 record, extra fields.
    const a = anatomieZip(octets64);
    expect(a.localisateur).not.toBeNull();
    expect(octets64.readUInt32LE(zip64Eocd(a))).toBe(0x06064b50);
    expect(octets64.readUInt16LE(a.eocd + 10)).toBe(0xffff);
    expect(octets64.readUInt32LE(a.eocd + 12)).toBe(0xffffffff);
    expect(octets64.readUInt32LE(a.eocd + 16)).toBe(0xffffffff);
    for (const e of a.entrees) {
      expect(e.extraZip64).not.toBeNull();
      expect(octets64.readUInt32LE(e.position + 20)).toBe(0xffffffff);
      expect(octets64.readUInt32LE(e.position + 24)).toBe(0xffffffff);
      expect(octets64.readUInt32LE(e.position + 42)).toBe(0xffffffff);
    }
    expect(anatomieZip(octets32).localisateur).toBeNull();

    const chemin64 = await ecrire(octets64);
    const chemin32 = await ecrire(octets32);
    const z64 = await ZipOuvert.ouvrir(chemin64);
    const z32 = await ZipOuvert.ouvrir(chemin32);
    try {
      expect(z64.entrees.map((e) => e.nom)).toEqual(CONTENU.map((e) => e.nom));
      // Same sizes, CRCs, methods and local offsets as decoded from the classic twin.
      expect(z64.entrees).toEqual(z32.entrees);
      for (const e of CONTENU) expect((await lireTout(z64, e.nom)).equals(e.contenu)).toBe(true);
    } finally {
      await z64.fermer();
      await z32.fermer();
    }

    const c64 = await lireContenuArchive(chemin64);
    expect(c64.avertissements).toEqual([]);
    expect(c64).toEqual(await lireContenuArchive(chemin32));
    expect(c64.entete?.numero).toBe('A-5-ABCD1234');
    expect(c64.donnees?.sections[0]?.champs[0]).toEqual({ nom: 'nom', libelle: 'Nom', valeur: 'Martin' });
    expect(c64.fichiers.map((f) => [f.nom, f.type])).toEqual([
      ['cerfa-12669.pdf', 'application/pdf'],
      ['pieces/justificatif-domicile.pdf', 'application/pdf'],
      ['photo.png', 'image/png'],
    ]);
    const f = await lireFichierArchive(chemin64, 'pieces/justificatif-domicile.pdf');
    expect(f.contenu.equals(PIECE_PDF)).toBe(true);
  });

  it('lit une entrée zip64 écrite en flux (tailles dans un descripteur de données zip64)', async () => {
    const zip = new yazl.ZipFile();
    zip.addReadStream(Readable.from([PIECE_PDF.subarray(0, 100), PIECE_PDF.subarray(100)]), 'piece.pdf', {
      forceZip64Format: true,
    });
    zip.addBuffer(Buffer.from(ENTETE_VALIDE), 'entete.xml', { forceZip64Format: true });
    zip.addBuffer(Buffer.from(DONNEES_VALIDES), 'donnees.xml', { forceZip64Format: true });
    zip.end({ forceZip64Format: true, comment: '' });
    const morceaux: Buffer[] = [];
    for await (const m of zip.outputStream) morceaux.push(m as Buffer);
    const chemin = await ecrire(Buffer.concat(morceaux));
    const c = await lireContenuArchive(chemin);
    expect(c.avertissements).toEqual([]);
    expect(c.fichiers).toEqual([
      { nom: 'piece.pdf', taille: PIECE_PDF.length, type: 'application/pdf', ouverture: 'apercu' },
    ]);
    expect((await lireFichierArchive(chemin, 'piece.pdf')).contenu.equals(PIECE_PDF)).toBe(true);
  });

  it('accepte une fin classique qui ne sature que certains champs, ou aucun, si elle concorde avec la fin zip64', async () => {
    const octets = await zip64();
    const a = anatomieZip(octets);
    const z = zip64Eocd(a);
    const taille = octets.readUInt32LE(z + 40);
    // Only the count saturated, real size and offset.
    const partiel = Buffer.from(octets);
    partiel.writeUInt32LE(taille, a.eocd + 12);
    partiel.writeUInt32LE(a.central, a.eocd + 16);
    // Nothing saturated: the zip64 record is still there and says the same.
    const aucun = Buffer.from(partiel);
    aucun.writeUInt16LE(CONTENU.length, a.eocd + 8);
    aucun.writeUInt16LE(CONTENU.length, a.eocd + 10);
    for (const variante of [partiel, aucun]) {
      const c = await lireContenuArchive(await ecrire(variante));
      expect(c.avertissements).toEqual([]);
      expect(c.fichiers).toHaveLength(3);
      expect(c.entete?.numero).toBe('A-5-ABCD1234');
    }
  });

  it('lit un en-tête local zip64 (tailles saturées, vraies valeurs dans son champ extra)', async () => {
    const chemin = await ecrire(
      fabriquerZip([
        entreeStockee('cerfa.pdf', PIECE_PDF, {
          tailleCompresseeLocale: 0xffffffff,
          tailleDecompresseeLocale: 0xffffffff,
          extraLocal: extraZip64(PIECE_PDF.length, PIECE_PDF.length),
          zip64Central: true,
        }),
        entreeStockee('entete.xml', ENTETE_VALIDE, { zip64Central: true }),
      ]),
    );
    const c = await lireContenuArchive(chemin);
    expect(c.fichiers).toEqual([
      { nom: 'cerfa.pdf', taille: PIECE_PDF.length, type: 'application/pdf', ouverture: 'apercu' },
    ]);
    expect(c.entete?.numero).toBe('A-5-ABCD1234');
    expect(c.avertissements).toEqual(["donnees.xml absent de l'archive."]);
  });
});

describe('zip64 — archives hostiles', () => {
  it('refuse une taille décompressée de plusieurs pétaoctets sans rien allouer, garde le reste', async () => {
    const octets = await zip64();
    const { extraZip64: x } = entree(anatomieZip(octets), 'photo.png');
    octets.writeBigUInt64LE(2n ** 50n, x + 4); // 1 Pio décompressé
    const chemin = await ecrire(octets);
    const avant = process.memoryUsage().heapUsed;
    const c = await lireContenuArchive(chemin);
    expect(process.memoryUsage().heapUsed - avant).toBeLessThan(100 * 1024 * 1024);
    expect(c.avertissements).toEqual([
      'Entrée « photo.png » refusée : trop volumineux une fois décompressé (1073741824 Mo, maximum 100 Mo).',
    ]);
    expect(c.fichiers.map((f) => f.nom)).toEqual(['cerfa-12669.pdf', 'pieces/justificatif-domicile.pdf']);
    expect(c.entete?.numero).toBe('A-5-ABCD1234');
    await expect(lireFichierArchive(chemin, 'photo.png')).rejects.toThrow(/trop volumineux/);
  });

  it('refuse une taille compressée de plusieurs pétaoctets et une valeur au-delà de 2^53', async () => {
    const octets = await zip64();
    const { extraZip64: x } = entree(anatomieZip(octets), 'photo.png');
    const compressee = Buffer.from(octets);
    compressee.writeBigUInt64LE(2n ** 50n, x + 12);
    // The data would run over every following entry and the central directory.
    await refusee(compressee, /Archive invalide : entrées qui se chevauchent/);
    const geante = Buffer.from(octets);
    geante.writeBigUInt64LE(2n ** 64n - 1n, x + 4);
    await refusee(geante, /Archive invalide : taille ou position hors limites/);
  });

  it("refuse une fin zip64 qui annonce un répertoire central démesuré ou des milliards d'entrées", async () => {
    const octets = await zip64();
    const z = zip64Eocd(anatomieZip(octets));
    const grand = Buffer.from(octets);
    grand.writeBigUInt64LE(2n ** 50n, z + 40);
    await refusee(grand, /Archive invalide : répertoire central hors limites/);
    const nombreux = Buffer.from(octets);
    nombreux.writeBigUInt64LE(2n ** 40n, z + 24);
    nombreux.writeBigUInt64LE(2n ** 40n, z + 32);
    await refusee(nombreux, /trop d'entrées \(1099511627776, maximum 1000\)/);
  });

  it('refuse un localisateur zip64 qui pointe après la fin du fichier', async () => {
    const octets = await zip64();
    const { localisateur } = anatomieZip(octets);
    if (localisateur === null) throw new Error('pas de localisateur');
    const apres = Buffer.from(octets);
    apres.writeBigUInt64LE(BigInt(octets.length + 1000), localisateur + 8);
    await refusee(apres, /Archive zip64 invalide \(fin de répertoire zip64 hors de l'archive\)/);
    const chevauche = Buffer.from(octets);
    chevauche.writeBigUInt64LE(BigInt(localisateur - 10), localisateur + 8); // over the locator itself
    await refusee(chevauche, /Archive zip64 invalide/);
    const immense = Buffer.from(octets);
    immense.writeBigUInt64LE(2n ** 64n - 1n, localisateur + 8);
    await refusee(immense, /Archive invalide : taille ou position hors limites/);
  });

  it('refuse des positions zip64 hors du fichier (répertoire central, en-tête local)', async () => {
    const octets = await zip64();
    const a = anatomieZip(octets);
    const central = Buffer.from(octets);
    central.writeBigUInt64LE(BigInt(octets.length * 2), zip64Eocd(a) + 48);
    await refusee(central, /Archive invalide : répertoire central hors limites/);
    const local = Buffer.from(octets);
    local.writeBigUInt64LE(BigInt(octets.length + 10), entree(a, 'cerfa-12669.pdf').extraZip64 + 20);
    await refusee(local, /Archive invalide : entrées qui se chevauchent ou débordent/);
  });

  it("refuse un localisateur zip64 qui vise le milieu d'un enregistrement, ou une fausse fin zip64 cachée dans un fichier", async () => {
    const marque = Buffer.alloc(56, 0xab);
    const octets = await zip64([...CONTENU, { nom: 'annexe.bin', contenu: marque, compresser: false }]);
    const a = anatomieZip(octets);
    const z = zip64Eocd(a);
    if (a.localisateur === null) throw new Error('pas de localisateur');
    const milieu = Buffer.from(octets);
    milieu.writeBigUInt64LE(BigInt(z + 8), a.localisateur + 8);
    await refusee(milieu, /Archive zip64 invalide \(fin de répertoire zip64 absente\)/);
    // A perfect copy of the zip64 record inside annexe.bin's data: only its position betrays it.
    const cache = Buffer.from(octets);
    const posCopie = cache.indexOf(marque);
    octets.copy(cache, posCopie, z, z + 56);
    cache.writeBigUInt64LE(BigInt(posCopie), a.localisateur + 8);
    await refusee(cache, /Archive zip64 invalide \(fin de répertoire zip64 mal placée/);
  });

  it('refuse un répertoire central zip64 caché dans un fichier', async () => {
    // Two passes: the placeholder must be exactly as long as the real central directory.
    const avecAnnexe = (annexe: Buffer): Promise<Buffer> =>
      zip64([...CONTENU, { nom: 'annexe.bin', contenu: annexe, compresser: false }]);
    const essai = await avecAnnexe(Buffer.alloc(1));
    const taille = Number(essai.readBigUInt64LE(zip64Eocd(anatomieZip(essai)) + 40));
    const marque = Buffer.alloc(taille, 0xab);
    const octets = await avecAnnexe(marque);
    const a = anatomieZip(octets);
    const z = zip64Eocd(a);
    expect(Number(octets.readBigUInt64LE(z + 40))).toBe(taille);
    const posCopie = octets.indexOf(marque);
    octets.copy(octets, posCopie, a.central, a.central + taille);
    octets.writeBigUInt64LE(BigInt(posCopie), z + 48);
    await refusee(octets, /Archive invalide : répertoire central à une position incohérente/);
  });

  it("refuse une position d'en-tête local zip64 qui vise l'intérieur d'une autre entrée", async () => {
    const b = Buffer.from('contenu de b.pdf');
    const longueurLocale = 30 + 'b.pdf'.length + b.length;
    const marque = Buffer.alloc(longueurLocale, 0xab);
    const octets = await zip64([
      { nom: 'a.pdf', contenu: marque, compresser: false },
      { nom: 'b.pdf', contenu: b, compresser: false },
      { nom: 'entete.xml', contenu: Buffer.from(ENTETE_VALIDE), compresser: false },
    ]);
    const a = anatomieZip(octets);
    const { extraZip64: x } = entree(a, 'b.pdf');
    const vraie = Number(octets.readBigUInt64LE(x + 20));
    // A perfect copy of b.pdf's local record inside a.pdf's data: the offset makes b.pdf read it.
    const posCopie = octets.indexOf(marque);
    octets.copy(octets, posCopie, vraie, vraie + longueurLocale);
    octets.writeBigUInt64LE(BigInt(posCopie), x + 20);
    await refusee(octets, /Archive invalide : entrées qui se chevauchent ou débordent/);
  });

  it('refuse un champ extra zip64 tronqué, absent ou en double', async () => {
    const octets = await zip64();
    const a = anatomieZip(octets);
    // Declared length too short for the three saturated fields.
    const court = Buffer.from(octets);
    court.writeUInt16LE(8, entree(a, 'cerfa-12669.pdf').extraZip64 + 2);
    await refusee(court, /Archive zip64 invalide \(champ extra tronqué\)/);
    // The last entry's extra area cut short: the zip64 field runs past it.
    const dernier = entree(a, 'donnees.xml').position;
    const coupe = Buffer.from(octets);
    coupe.writeUInt16LE(octets.readUInt16LE(dernier + 30) - 16, dernier + 30);
    await refusee(coupe, /Archive zip64 invalide \(champ extra tronqué\)/);
    // The zip64 field runs past the extra area, even though the two values needed still fit in it.
    const deborde = Buffer.from(octets);
    deborde.writeUInt16LE(octets.readUInt16LE(dernier + 30) - 8, dernier + 30);
    deborde.writeUInt32LE(
      Number(octets.readBigUInt64LE(entree(a, 'donnees.xml').extraZip64 + 20)),
      dernier + 42,
    );
    await refusee(deborde, /Archive zip64 invalide \(champ extra tronqué\)/);
    // Saturated fields with no zip64 field at all (its tag changed to an unknown one).
    const absent = Buffer.from(octets);
    absent.writeUInt16LE(0x6666, entree(a, 'photo.png').extraZip64);
    await refusee(absent, /Archive zip64 invalide \(champ extra zip64 absent\)/);
    // Two zip64 fields: a reader taking the second one would see other sizes.
    const double = fabriquerZip([
      entreeStockee('cerfa.pdf', PDF_MINIMAL, {
        zip64Central: true,
        extraCentral: Buffer.concat([
          extraZip64(PDF_MINIMAL.length, PDF_MINIMAL.length, 0),
          extraZip64(5, 5, 0),
        ]),
      }),
    ]);
    await refusee(double, /Archive zip64 invalide \(champ extra zip64 en double\)/);
  });

  it("refuse des nombres d'entrées incohérents entre la fin zip64, la fin classique et le répertoire central", async () => {
    const octets = await zip64();
    const a = anatomieZip(octets);
    const z = zip64Eocd(a);
    const n = BigInt(CONTENU.length);
    // Fewer than the directory holds: the last entry would be hidden from this reader only.
    const moins = Buffer.from(octets);
    moins.writeBigUInt64LE(n - 1n, z + 24);
    moins.writeBigUInt64LE(n - 1n, z + 32);
    await refusee(moins, /Archive invalide : nombre d'entrées incohérent avec le répertoire central/);
    const plus = Buffer.from(octets);
    plus.writeBigUInt64LE(n + 1n, z + 24);
    plus.writeBigUInt64LE(n + 1n, z + 32);
    await refusee(plus, /Archive invalide : répertoire central corrompu/);
    // Entries "on this disk" and in total must agree on a single-volume archive.
    const disque = Buffer.from(octets);
    disque.writeBigUInt64LE(n - 1n, z + 24);
    await refusee(disque, /Archive invalide : nombres d'entrées incohérents/);
    const disqueClassique = Buffer.from(octets);
    disqueClassique.writeUInt16LE(CONTENU.length, a.eocd + 8); // total still saturated (0xFFFF)
    await refusee(disqueClassique, /Archive invalide : nombres d'entrées incohérents/);
    // A classic count that is not saturated must say the same as the zip64 one.
    const classique = Buffer.from(octets);
    classique.writeUInt16LE(CONTENU.length - 1, a.eocd + 8);
    classique.writeUInt16LE(CONTENU.length - 1, a.eocd + 10);
    await refusee(classique, /Archive invalide : fin de répertoire classique et zip64 incohérentes/);
    const position = Buffer.from(octets);
    position.writeUInt32LE(a.central + 1, a.eocd + 16);
    await refusee(position, /Archive invalide : fin de répertoire classique et zip64 incohérentes/);
  });

  it('refuse une archive zip64 en plusieurs volumes', async () => {
    const octets = await zip64();
    const a = anatomieZip(octets);
    if (a.localisateur === null) throw new Error('pas de localisateur');
    const volumes = Buffer.from(octets);
    volumes.writeUInt32LE(3, a.localisateur + 16);
    await refusee(volumes, /plusieurs volumes ne sont pas prises en charge/);
    const disque = Buffer.from(octets);
    disque.writeUInt32LE(1, zip64Eocd(a) + 16);
    await refusee(disque, /plusieurs volumes ne sont pas prises en charge/);
  });

  it("refuse un en-tête local zip64 qui ment sur les tailles ou n'a pas de champ zip64", async () => {
    const ment = entreeStockee('cerfa.pdf', PIECE_PDF, {
      tailleCompresseeLocale: 0xffffffff,
      tailleDecompresseeLocale: 0xffffffff,
      extraLocal: extraZip64(PIECE_PDF.length + 1000, PIECE_PDF.length),
    });
    const sansExtra = entreeStockee('annexe.pdf', PDF_MINIMAL, {
      tailleCompresseeLocale: 0xffffffff,
      tailleDecompresseeLocale: 0xffffffff,
    });
    const double = entreeStockee('double.pdf', PDF_MINIMAL, {
      tailleCompresseeLocale: 0xffffffff,
      tailleDecompresseeLocale: 0xffffffff,
      extraLocal: Buffer.concat([
        extraZip64(PDF_MINIMAL.length, PDF_MINIMAL.length),
        extraZip64(PDF_MINIMAL.length, PDF_MINIMAL.length),
      ]),
    });
    const chemin = await ecrire(
      fabriquerZip([ment, sansExtra, double, entreeStockee('ok.pdf', PDF_MINIMAL, { zip64Central: true })]),
    );
    const c = await lireContenuArchive(chemin);
    expect(c.fichiers.map((f) => f.nom)).toEqual(['ok.pdf']);
    // Refused one by one, under their own names: the rest of the archive stays readable.
    expect(c.avertissements).toEqual([
      "Entrée « cerfa.pdf » : tailles de l'en-tête local incohérentes, entrée refusée.",
      "Entrée « annexe.pdf » : tailles de l'en-tête local incohérentes, entrée refusée.",
      "Entrée « double.pdf » : tailles de l'en-tête local incohérentes, entrée refusée.",
      "entete.xml absent de l'archive.",
      "donnees.xml absent de l'archive.",
    ]);
  });
});

import { crc32, deflateRawSync } from 'node:zlib';
import yazl from 'yazl';

/**
 * Hand-made zips for hostile cases yazl refuses to produce (absolute names, `..`, lying sizes,
 * encryption flag). Every field is explicit so a test can lie in exactly one place.
 */
export interface EntreeFabriquee {
  nom: string;
  /** Bytes as stored in the zip (already deflated when methode = 8). */
  donnees: Buffer;
  methode?: 0 | 8;
  crc?: number;
  tailleDecompressee?: number;
  /** Size written in the local header, when it must differ from the central directory's. */
  tailleDecompresseeLocale?: number;
  drapeaux?: number;
  /** Unix mode (high 16 bits of the external attributes). */
  mode?: number;
  /** Compressed size written in the local header, when it must differ (0xFFFFFFFF: see the zip64 extra). */
  tailleCompresseeLocale?: number;
  /** Raw extra field of the local header (e.g. a zip64 field built with `extraZip64`). */
  extraLocal?: Buffer;
  /**
   * Zip64 entry in the central directory: sizes and offset saturated at 0xFFFFFFFF, their real
   * values in `extraCentral` (by default a correct zip64 extra field).
   */
  zip64Central?: boolean;
  /** Raw extra field of the central directory header. */
  extraCentral?: Buffer;
}

export function entreeStockee(
  nom: string,
  contenu: Buffer | string,
  autres: Partial<EntreeFabriquee> = {},
): EntreeFabriquee {
  const b = Buffer.isBuffer(contenu) ? contenu : Buffer.from(contenu, 'utf8');
  return { nom, donnees: b, methode: 0, crc: crc32(b), tailleDecompressee: b.length, ...autres };
}

export function entreeCompressee(
  nom: string,
  contenu: Buffer,
  autres: Partial<EntreeFabriquee> = {},
): EntreeFabriquee {
  return {
    nom,
    donnees: deflateRawSync(contenu, { level: 9 }),
    methode: 8,
    crc: crc32(contenu),
    tailleDecompressee: contenu.length,
    ...autres,
  };
}

export function fabriquerZip(entrees: EntreeFabriquee[]): Buffer {
  const locaux: Buffer[] = [];
  const centraux: Buffer[] = [];
  let decalage = 0;
  for (const e of entrees) {
    const nom = Buffer.from(e.nom, 'utf8');
    const methode = e.methode ?? 0;
    const crc = e.crc ?? 0;
    const decomp = e.tailleDecompressee ?? e.donnees.length;
    const drapeaux = (e.drapeaux ?? 0) | 0x0800;
    const l = Buffer.alloc(30);
    l.writeUInt32LE(0x04034b50, 0);
    l.writeUInt16LE(20, 4);
    l.writeUInt16LE(drapeaux, 6);
    l.writeUInt16LE(methode, 8);
    l.writeUInt32LE(crc >>> 0, 14);
    l.writeUInt32LE(e.tailleCompresseeLocale ?? e.donnees.length, 18);
    l.writeUInt32LE(e.tailleDecompresseeLocale ?? decomp, 22);
    l.writeUInt16LE(nom.length, 26);
    const extraLocal = e.extraLocal ?? Buffer.alloc(0);
    l.writeUInt16LE(extraLocal.length, 28);
    locaux.push(l, nom, extraLocal, e.donnees);
    const sature = e.zip64Central ?? false;
    const extraCentral =
      e.extraCentral ?? (sature ? extraZip64(decomp, e.donnees.length, decalage) : Buffer.alloc(0));
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE((3 << 8) | 20, 4);
    c.writeUInt16LE(sature ? 45 : 20, 6);
    c.writeUInt16LE(drapeaux, 8);
    c.writeUInt16LE(methode, 10);
    c.writeUInt32LE(crc >>> 0, 16);
    c.writeUInt32LE(sature ? 0xffffffff : e.donnees.length, 20);
    c.writeUInt32LE(sature ? 0xffffffff : decomp, 24);
    c.writeUInt16LE(nom.length, 28);
    c.writeUInt16LE(extraCentral.length, 30);
    c.writeUInt32LE(((e.mode ?? 0o100644) << 16) >>> 0, 38);
    c.writeUInt32LE(sature ? 0xffffffff : decalage, 42);
    centraux.push(c, nom, extraCentral);
    decalage += 30 + nom.length + extraLocal.length + e.donnees.length;
  }
  const central = Buffer.concat(centraux);
  const fin = Buffer.alloc(22);
  fin.writeUInt32LE(0x06054b50, 0);
  fin.writeUInt16LE(entrees.length, 8);
  fin.writeUInt16LE(entrees.length, 10);
  fin.writeUInt32LE(central.length, 12);
  fin.writeUInt32LE(decalage, 16);
  return Buffer.concat([...locaux, central, fin]);
}

export interface EntreeYazl {
  nom: string;
  contenu: Buffer;
  compresser?: boolean;
  mode?: number;
}

export interface OptionsYazl {
  /**
   * Zip64 format even for a small archive, as some tools write it: sizes and offsets saturated at
   * 0xFFFFFFFF in the central directory with their 64-bit values in a 0x0001 extra field, and a
   * zip64 end-of-central-directory record + locator before the saturated classic one.
   */
  zip64?: boolean;
  /**
   * Fixed DOS date and no "UT" extra field, like the guichet's server (`src/server/archive/zip.ts`):
   * the same entries then give the same bytes, so a zip64 archive and its twin can be compared.
   */
  dateFixe?: boolean;
}

const DATE_FIXE = new Date(2020, 0, 1, 0, 0, 0);

export function zipYazl(entrees: EntreeYazl[], options: OptionsYazl = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const zip = new yazl.ZipFile();
    for (const e of entrees) {
      zip.addBuffer(e.contenu, e.nom, {
        compress: e.compresser ?? true,
        ...(e.mode ? { mode: e.mode } : {}),
        ...(options.zip64 ? { forceZip64Format: true } : {}),
        ...(options.dateFixe ? { mtime: DATE_FIXE, forceDosTimestamp: true } : {}),
      });
    }
    zip.end({ forceZip64Format: options.zip64 ?? false, comment: '' });
    const morceaux: Buffer[] = [];
    zip.outputStream.on('data', (m: Buffer) => morceaux.push(m));
    zip.outputStream.on('error', reject);
    zip.outputStream.on('end', () => resolve(Buffer.concat(morceaux)));
  });
}

export const ENTETE_VALIDE = `<?xml version="1.0" encoding="UTF-8"?>
<entete>
  <codeDemarche>inscription-listes-electorales</codeDemarche>
  <numero>A-5-ABCD1234</numero>
  <courriel>jeanne.martin@example.fr</courriel>
  <dateSoumission>2026-11-02T09:15:00+01:00</dateSoumission>
  <routage><codeInsee>29232</codeInsee><service>Mairie de Quimper &amp; environs</service></routage>
</entete>
`;

export const DONNEES_VALIDES = `<?xml version="1.0" encoding="UTF-8"?>
<donnees demarche="inscription-listes-electorales" numero="A-5-ABCD1234">
  <section titre="Identité">
    <champ nom="nom" libelle="Nom">Martin</champ>
    <champ nom="codePostal" libelle="Code postal">01234</champ>
    <champ nom="remarque" libelle="Remarque">a &lt; b &amp; c &#233;</champ>
  </section>
  <section titre="Vide"></section>
</donnees>
`;

export const PDF_MINIMAL = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
export const PNG_MINIMAL = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

/** Where a zip's structures are, found independently of the reader under test, to lie in one place. */
export interface AnatomieZip {
  /** Classic end of central directory record. */
  eocd: number;
  /** Zip64 locator (20 bytes right before the EOCD), or null. */
  localisateur: number | null;
  /** Zip64 end of central directory record, as the locator says, or null. */
  zip64Eocd: number | null;
  /** Start of the central directory (the zip64 record's value when there is one). */
  central: number;
  entrees: {
    nom: string;
    /** Position of the central directory header. */
    position: number;
    /** Position of the zip64 extra field (its 0x0001 tag), or null. */
    extraZip64: number | null;
  }[];
}

export function anatomieZip(zip: Buffer): AnatomieZip {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('anatomieZip : pas de fin de répertoire central');
  const avecLocalisateur = eocd >= 20 && zip.readUInt32LE(eocd - 20) === 0x07064b50;
  const localisateur = avecLocalisateur ? eocd - 20 : null;
  const zip64Eocd = localisateur === null ? null : Number(zip.readBigUInt64LE(localisateur + 8));
  const nombre =
    zip64Eocd === null ? zip.readUInt16LE(eocd + 10) : Number(zip.readBigUInt64LE(zip64Eocd + 32));
  const central =
    zip64Eocd === null ? zip.readUInt32LE(eocd + 16) : Number(zip.readBigUInt64LE(zip64Eocd + 48));
  const entrees: AnatomieZip['entrees'] = [];
  let p = central;
  for (let i = 0; i < nombre; i++) {
    const longueurNom = zip.readUInt16LE(p + 28);
    const longueurExtra = zip.readUInt16LE(p + 30);
    const debutExtra = p + 46 + longueurNom;
    let extraZip64: number | null = null;
    for (let q = debutExtra; q + 4 <= debutExtra + longueurExtra; q += 4 + zip.readUInt16LE(q + 2)) {
      if (zip.readUInt16LE(q) === 0x0001) extraZip64 = q;
    }
    entrees.push({ nom: zip.toString('utf8', p + 46, debutExtra), position: p, extraZip64 });
    p = debutExtra + longueurExtra + zip.readUInt16LE(p + 32);
  }
  return { eocd, localisateur, zip64Eocd, central, entrees };
}

/** A zip64 extra field (tag 0x0001) holding the given 64-bit values, in the order the format wants. */
export function extraZip64(...valeurs: (number | bigint)[]): Buffer {
  const b = Buffer.alloc(4 + 8 * valeurs.length);
  b.writeUInt16LE(0x0001, 0);
  b.writeUInt16LE(8 * valeurs.length, 2);
  valeurs.forEach((v, i) => b.writeBigUInt64LE(BigInt(v), 4 + 8 * i));
  return b;
}

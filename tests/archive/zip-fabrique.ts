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
    l.writeUInt32LE(e.donnees.length, 18);
    l.writeUInt32LE(e.tailleDecompresseeLocale ?? decomp, 22);
    l.writeUInt16LE(nom.length, 26);
    locaux.push(l, nom, e.donnees);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE((3 << 8) | 20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(drapeaux, 8);
    c.writeUInt16LE(methode, 10);
    c.writeUInt32LE(crc >>> 0, 16);
    c.writeUInt32LE(e.donnees.length, 20);
    c.writeUInt32LE(decomp, 24);
    c.writeUInt16LE(nom.length, 28);
    c.writeUInt32LE(((e.mode ?? 0o100644) << 16) >>> 0, 38);
    c.writeUInt32LE(decalage, 42);
    centraux.push(c, nom);
    decalage += 30 + nom.length + e.donnees.length;
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

export function zipYazl(entrees: EntreeYazl[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const zip = new yazl.ZipFile();
    for (const e of entrees) {
      zip.addBuffer(e.contenu, e.nom, {
        compress: e.compresser ?? true,
        ...(e.mode ? { mode: e.mode } : {}),
      });
    }
    zip.end();
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

import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { crc32, createInflateRaw } from 'node:zlib';

/**
 * A minimal zip reader for untrusted archives: central directory parsed by hand (so every field
 * can be checked before anything is inflated) and entries inflated as streams with a hard stop at
 * the declared size. adm-zip would load the whole file and trust the sizes.
 */

export const LIMITES = {
  entrees: 1000,
  totalDecompresse: 200 * 1024 * 1024,
  parEntree: 100 * 1024 * 1024,
  /** Ratio checked only above `seuilRatio`: tiny XML files legitimately compress a lot. */
  ratio: 200,
  seuilRatio: 1024 * 1024,
  repertoireCentral: 16 * 1024 * 1024,
} as const;

const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;
const FLAG_CHIFFRE = 0x0001;
const FLAG_DESCRIPTEUR = 0x0008;
const FLAG_UTF8 = 0x0800;
const FLAG_CHIFFREMENT_FORT = 0x0040;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
/** Tag of the zip64 extended information extra field. */
const EXTRA_ZIP64 = 0x0001;
/** Value of a 32-bit field whose real value is in the zip64 structures. */
const SATURE_32 = 0xffffffff;
const SATURE_16 = 0xffff;

export interface EntreeZip {
  nom: string;
  /** Raw name bytes, compared with the local header's copy. */
  nomBrut: Buffer;
  drapeaux: number;
  methode: number;
  crc32: number;
  tailleCompressee: number;
  tailleDecompressee: number;
  decalageLocal: number;
  attributsExternes: number;
  /** High byte of "version made by": 3 = Unix (mode bits in the external attributes). */
  systeme: number;
  estDossier: boolean;
}

/** The zip itself cannot be used: thrown, with a French message for the agent. */
export class ErreurZip extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ErreurZip';
  }
}

/** One entry refused: becomes an avertissement, the rest of the archive stays readable. */
export class ErreurEntree extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ErreurEntree';
  }
}

// CP437, the zip default when the UTF-8 flag is not set (upper half only; the lower half is ASCII).
const CP437 =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀' +
  'αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';

function decoderNom(brut: Buffer, utf8: boolean): string {
  if (utf8) return brut.toString('utf8');
  let s = '';
  for (const o of brut) s += o < 0x80 ? String.fromCharCode(o) : CP437[o - 0x80];
  return s;
}

async function lireA(fh: fs.FileHandle, position: number, longueur: number): Promise<Buffer> {
  const b = Buffer.alloc(longueur);
  let lus = 0;
  while (lus < longueur) {
    const { bytesRead } = await fh.read(b, lus, longueur - lus, position + lus);
    if (bytesRead === 0) throw new ErreurZip('Archive tronquée : fin de fichier inattendue.');
    lus += bytesRead;
  }
  return b;
}

function lireU64(b: Buffer, pos: number): number {
  const v = b.readBigUInt64LE(pos);
  if (v > BigInt(Number.MAX_SAFE_INTEGER))
    throw new ErreurZip('Archive invalide : taille ou position hors limites.');
  return Number(v);
}

export class ZipOuvert {
  private constructor(
    readonly chemin: string,
    private readonly fh: fs.FileHandle,
    readonly taille: number,
    readonly entrees: EntreeZip[],
  ) {}

  static async ouvrir(chemin: string): Promise<ZipOuvert> {
    let fh: fs.FileHandle;
    try {
      fh = await fs.open(chemin, 'r');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new ErreurZip(
        code === 'ENOENT'
          ? `Archive introuvable : ${chemin}`
          : `Impossible d'ouvrir l'archive ${chemin} (${code ?? 'erreur'}).`,
      );
    }
    try {
      const taille = (await fh.stat()).size;
      const entrees = await lireRepertoireCentral(fh, taille);
      return new ZipOuvert(chemin, fh, taille, entrees);
    } catch (e) {
      await fh.close();
      if (e instanceof ErreurZip) throw e;
      throw new ErreurZip(`Archive illisible : ${(e as Error).message}`);
    }
  }

  async fermer(): Promise<void> {
    await this.fh.close();
  }

  /** Position of the entry's data, after checking the local header against the central directory. */
  async debutDonnees(e: EntreeZip): Promise<number> {
    if (e.decalageLocal + 30 > this.taille)
      throw new ErreurEntree(`« ${e.nom} » : en-tête local hors de l'archive.`);
    const l = await lireA(this.fh, e.decalageLocal, 30);
    if (l.readUInt32LE(0) !== SIG_LOCAL) throw new ErreurEntree(`« ${e.nom} » : en-tête local invalide.`);
    const drapeaux = l.readUInt16LE(6);
    const methode = l.readUInt16LE(8);
    const longueurNom = l.readUInt16LE(26);
    const longueurExtra = l.readUInt16LE(28);
    const nomLocal = await lireA(this.fh, e.decalageLocal + 30, longueurNom);
    // A different name or method in the local header is the classic trick to show one file and extract another.
    if (!nomLocal.equals(e.nomBrut) || methode !== e.methode || (drapeaux & FLAG_CHIFFRE) !== 0) {
      throw new ErreurEntree(
        `« ${e.nom} » : en-tête local incohérent avec le répertoire central, entrée refusée.`,
      );
    }
    if ((drapeaux & FLAG_DESCRIPTEUR) === 0) {
      const incoherent = (): ErreurEntree =>
        new ErreurEntree(`« ${e.nom} » : tailles de l'en-tête local incohérentes, entrée refusée.`);
      const compLocal = l.readUInt32LE(18);
      const decompLocal = l.readUInt32LE(22);
      if (
        (compLocal !== SATURE_32 && compLocal !== e.tailleCompressee) ||
        (decompLocal !== SATURE_32 && decompLocal !== e.tailleDecompressee)
      ) {
        throw incoherent();
      }
      if (compLocal === SATURE_32 || decompLocal === SATURE_32) {
        // Zip64 local header: a streaming extractor takes the sizes from its zip64 field, which
        // must be there, unambiguous, and agree with the central directory.
        const extra = await lireA(this.fh, e.decalageLocal + 30 + longueurNom, longueurExtra);
        let z: Buffer | null;
        try {
          z = chercherExtraZip64(extra);
        } catch {
          throw incoherent(); // cut or doubled: refuse this entry only, under its name
        }
        // Both sizes are mandatory in a local zip64 field, saturated or not (APPNOTE 4.5.3).
        // Compared as BigInt: an absurd value is just a mismatch, not an error of the whole zip.
        if (
          z === null ||
          z.length < 16 ||
          z.readBigUInt64LE(0) !== BigInt(e.tailleDecompressee) ||
          z.readBigUInt64LE(8) !== BigInt(e.tailleCompressee)
        ) {
          throw incoherent();
        }
      }
    }
    const debut = e.decalageLocal + 30 + longueurNom + longueurExtra;
    if (debut + e.tailleCompressee > this.taille) {
      throw new ErreurEntree(`« ${e.nom} » : données hors de l'archive (fichier tronqué ?).`);
    }
    return debut;
  }

  /**
   * Streams the entry's decompressed bytes. Stops as soon as more than the declared size comes
   * out (a bomb lying about its size), and checks the final size and CRC-32.
   */
  async *lire(e: EntreeZip): AsyncGenerator<Buffer> {
    const debut = await this.debutDonnees(e);
    if (e.tailleCompressee === 0) {
      if (e.tailleDecompressee !== 0) throw new ErreurEntree(`« ${e.nom} » : données absentes.`);
      return;
    }
    const brut = createReadStream(this.chemin, {
      start: debut,
      end: debut + e.tailleCompressee - 1,
      highWaterMark: 256 * 1024,
    });
    let source: AsyncIterable<unknown> = brut;
    let tuyau: Promise<void> | null = null;
    if (e.methode === 8) {
      // Small output chunks: we notice an overflow within 64 KiB, not after a whole inflate burst.
      const inflate = createInflateRaw({ chunkSize: 64 * 1024 });
      tuyau = pipeline(brut, inflate);
      tuyau.catch(() => undefined); // the iteration below reports the same error
      source = inflate;
    }
    let total = 0;
    let crc = 0;
    try {
      for await (const m of source) {
        const b = m as Buffer;
        total += b.length;
        if (total > e.tailleDecompressee) {
          throw new ErreurEntree(
            `« ${e.nom} » : taille réelle supérieure à la taille déclarée (${e.tailleDecompressee} octets), ` +
              'archive piégée probable, entrée refusée.',
          );
        }
        crc = crc32(b, crc);
        yield b;
      }
    } catch (err) {
      if (err instanceof ErreurEntree) throw err;
      throw new ErreurEntree(`« ${e.nom} » : données compressées illisibles (${(err as Error).message}).`);
    } finally {
      brut.destroy();
    }
    if (total !== e.tailleDecompressee) {
      throw new ErreurEntree(
        `« ${e.nom} » : taille réelle (${total}) différente de la taille déclarée, entrée refusée.`,
      );
    }
    if (crc >>> 0 !== e.crc32 >>> 0)
      throw new ErreurEntree(`« ${e.nom} » : somme de contrôle CRC-32 incorrecte.`);
  }
}

/**
 * The data of the one zip64 extra field in `extra` (null if none). Zip64 values decide where and
 * how much we read, so a cut or doubled field throws rather than being guessed around.
 */
function chercherExtraZip64(extra: Buffer): Buffer | null {
  let trouve: Buffer | null = null;
  for (let q = 0; q + 4 <= extra.length;) {
    const id = extra.readUInt16LE(q);
    const longueur = extra.readUInt16LE(q + 2);
    if (id === EXTRA_ZIP64) {
      if (q + 4 + longueur > extra.length)
        throw new ErreurZip('Archive zip64 invalide (champ extra tronqué).');
      // Two zip64 fields: another reader may take the other one and see other sizes.
      if (trouve !== null) throw new ErreurZip('Archive zip64 invalide (champ extra zip64 en double).');
      trouve = extra.subarray(q + 4, q + 4 + longueur);
    }
    q += 4 + longueur;
  }
  return trouve;
}

interface FinRepertoire {
  nombre: number;
  tailleCentral: number;
  decalageCentral: number;
  /** Zip64 only: where the central directory must end (the zip64 record follows it directly). */
  finCentral: number | null;
}

const MULTI_VOLUME = 'Les archives zip en plusieurs volumes ne sont pas prises en charge.';

/**
 * Count, size and position of the central directory, from the end record at `posFin` and, when
 * there is one, the zip64 record its locator points to. Every zip64 field is checked against the
 * file's layout and the classic record: a forged value must not make us read elsewhere than what
 * other tools read, nor allocate what it claims.
 */
async function lireFin(fh: fs.FileHandle, taille: number, fin: Buffer, pos: number): Promise<FinRepertoire> {
  const posFin = taille - fin.length + pos;
  if (fin.readUInt16LE(pos + 4) !== 0 || fin.readUInt16LE(pos + 6) !== 0) throw new ErreurZip(MULTI_VOLUME);
  const nombreDisque = fin.readUInt16LE(pos + 8);
  const nombre = fin.readUInt16LE(pos + 10);
  const tailleCentral = fin.readUInt32LE(pos + 12);
  const decalageCentral = fin.readUInt32LE(pos + 16);
  // One volume: entries "on this disk" and in total are the same entries.
  if (nombreDisque !== nombre) throw new ErreurZip("Archive invalide : nombres d'entrées incohérents.");
  const sature = nombre === SATURE_16 || tailleCentral === SATURE_32 || decalageCentral === SATURE_32;
  const posLoc = posFin - 20;
  const loc = posLoc >= 0 ? await lireA(fh, posLoc, 20) : null;
  // A locator is read even when nothing is saturated: some tools then prefer the zip64 values,
  // so they must agree with the classic ones (checked below).
  if (loc === null || loc.readUInt32LE(0) !== SIG_ZIP64_LOCATOR) {
    if (sature) throw new ErreurZip('Archive zip64 invalide (localisateur absent).');
    return { nombre, tailleCentral, decalageCentral, finCentral: null };
  }
  // Disk holding the zip64 record, then total disks (0 or 1 both mean a single file in practice).
  if (loc.readUInt32LE(4) !== 0 || loc.readUInt32LE(16) > 1) throw new ErreurZip(MULTI_VOLUME);
  const posZ64 = lireU64(loc, 8);
  if (posZ64 + 56 > taille) {
    throw new ErreurZip("Archive zip64 invalide (fin de répertoire zip64 hors de l'archive).");
  }
  const z = await lireA(fh, posZ64, 56);
  if (z.readUInt32LE(0) !== SIG_ZIP64_EOCD)
    throw new ErreurZip('Archive zip64 invalide (fin de répertoire zip64 absente).');
  // The record (12 bytes + its declared size) ends exactly at the locator: a copy hidden in a
  // file's data, or a record overlapping the locator, has the right signature but not this place.
  const tailleEnregistrement = lireU64(z, 4);
  if (tailleEnregistrement < 44 || posZ64 + 12 + tailleEnregistrement !== posLoc) {
    throw new ErreurZip(
      'Archive zip64 invalide (fin de répertoire zip64 mal placée, archive piégée probable).',
    );
  }
  if (z.readUInt32LE(16) !== 0 || z.readUInt32LE(20) !== 0) throw new ErreurZip(MULTI_VOLUME);
  const nombreDisque64 = lireU64(z, 24);
  const nombre64 = lireU64(z, 32);
  const tailleCentral64 = lireU64(z, 40);
  const decalageCentral64 = lireU64(z, 48);
  if (nombreDisque64 !== nombre64) throw new ErreurZip("Archive invalide : nombres d'entrées incohérents.");
  // A classic field that is not saturated is a second answer to the same question: a reader that
  // trusts it would list other entries than one that trusts the zip64 record.
  const concordent =
    (nombre === SATURE_16 || nombre === nombre64) &&
    (tailleCentral === SATURE_32 || tailleCentral === tailleCentral64) &&
    (decalageCentral === SATURE_32 || decalageCentral === decalageCentral64);
  if (!concordent)
    throw new ErreurZip('Archive invalide : fin de répertoire classique et zip64 incohérentes.');
  return {
    nombre: nombre64,
    tailleCentral: tailleCentral64,
    decalageCentral: decalageCentral64,
    finCentral: posZ64,
  };
}

async function lireRepertoireCentral(fh: fs.FileHandle, taille: number): Promise<EntreeZip[]> {
  if (taille < 22) throw new ErreurZip("Ce fichier n'est pas une archive zip (trop court).");
  const longueurFin = Math.min(taille, 22 + 0xffff);
  const fin = await lireA(fh, taille - longueurFin, longueurFin);
  let pos = -1;
  for (let i = fin.length - 22; i >= 0; i--) {
    if (fin.readUInt32LE(i) === SIG_EOCD) {
      pos = i;
      break;
    }
  }
  if (pos < 0) throw new ErreurZip("Ce fichier n'est pas une archive zip (fin de répertoire introuvable).");
  const { nombre, tailleCentral, decalageCentral, finCentral } = await lireFin(fh, taille, fin, pos);
  if (nombre > LIMITES.entrees) {
    throw new ErreurZip(`Archive refusée : trop d'entrées (${nombre}, maximum ${LIMITES.entrees}).`);
  }
  if (tailleCentral > LIMITES.repertoireCentral || decalageCentral + tailleCentral > taille) {
    throw new ErreurZip('Archive invalide : répertoire central hors limites.');
  }
  // Zip64: the zip64 record directly follows the central directory. Any other position means the
  // offset points into other data (e.g. a directory hidden inside a file), read by us alone.
  if (finCentral !== null && decalageCentral + tailleCentral !== finCentral) {
    throw new ErreurZip(
      'Archive invalide : répertoire central à une position incohérente (archive piégée probable).',
    );
  }
  const central = await lireA(fh, decalageCentral, tailleCentral);
  const entrees: EntreeZip[] = [];
  let p = 0;
  for (let i = 0; i < nombre; i++) {
    if (p + 46 > central.length || central.readUInt32LE(p) !== SIG_CENTRAL) {
      throw new ErreurZip('Archive invalide : répertoire central corrompu.');
    }
    const versionCreation = central.readUInt16LE(p + 4);
    const drapeaux = central.readUInt16LE(p + 8);
    const methode = central.readUInt16LE(p + 10);
    const crc = central.readUInt32LE(p + 16);
    let tailleCompressee = central.readUInt32LE(p + 20);
    let tailleDecompressee = central.readUInt32LE(p + 24);
    const longueurNom = central.readUInt16LE(p + 28);
    const longueurExtra = central.readUInt16LE(p + 30);
    const longueurCommentaire = central.readUInt16LE(p + 32);
    const attributsExternes = central.readUInt32LE(p + 38);
    let decalageLocal = central.readUInt32LE(p + 42);
    const finEntree = p + 46 + longueurNom + longueurExtra + longueurCommentaire;
    if (finEntree > central.length) throw new ErreurZip('Archive invalide : répertoire central corrompu.');
    const nomBrut = Buffer.from(central.subarray(p + 46, p + 46 + longueurNom));
    const extra = central.subarray(p + 46 + longueurNom, p + 46 + longueurNom + longueurExtra);
    if (tailleDecompressee === SATURE_32 || tailleCompressee === SATURE_32 || decalageLocal === SATURE_32) {
      // Zip64 extra field: 64-bit values, in this order, for the fields saturated at 0xFFFFFFFF
      // (and only those). Without it the real size or position is unknown: no guessing.
      const z = chercherExtraZip64(extra);
      if (z === null) throw new ErreurZip('Archive zip64 invalide (champ extra zip64 absent).');
      let r = 0;
      const lire = (): number => {
        if (r + 8 > z.length) throw new ErreurZip('Archive zip64 invalide (champ extra tronqué).');
        const v = lireU64(z, r);
        r += 8;
        return v;
      };
      if (tailleDecompressee === SATURE_32) tailleDecompressee = lire();
      if (tailleCompressee === SATURE_32) tailleCompressee = lire();
      if (decalageLocal === SATURE_32) decalageLocal = lire();
    }
    const nom = decoderNom(nomBrut, (drapeaux & FLAG_UTF8) !== 0);
    entrees.push({
      nom,
      nomBrut,
      drapeaux,
      methode,
      crc32: crc,
      tailleCompressee,
      tailleDecompressee,
      decalageLocal,
      attributsExternes,
      systeme: versionCreation >> 8,
      estDossier: nom.endsWith('/') && tailleDecompressee === 0,
    });
    p = finEntree;
  }
  // Bytes left over are entries this reader would not list while another one would.
  if (p !== central.length) {
    throw new ErreurZip("Archive invalide : nombre d'entrées incohérent avec le répertoire central.");
  }
  verifierEmplacements(entrees, decalageCentral);
  return entrees;
}

/**
 * Each entry's local record (header, name, data) must lie before the central directory without
 * touching the next one. Overlapping entries never come from an honest writer: they are how a
 * forged offset makes one entry read another's bytes (or a bomb reuse the same data many times).
 * The local extra field's length is only known when reading, so this is a lower bound.
 */
function verifierEmplacements(entrees: readonly EntreeZip[], decalageCentral: number): void {
  const tries = [...entrees].sort((a, b) => a.decalageLocal - b.decalageLocal);
  for (let i = 0; i < tries.length; i++) {
    const e = tries[i]!;
    const limite = tries[i + 1]?.decalageLocal ?? decalageCentral;
    if (e.decalageLocal + 30 + e.nomBrut.length + e.tailleCompressee > limite) {
      throw new ErreurZip(
        'Archive invalide : entrées qui se chevauchent ou débordent sur le répertoire central (archive piégée probable).',
      );
    }
  }
}

/** An untrusted name quoted for a French message: control characters escaped, length bounded. */
export function citer(nom: string): string {
  const visible = nom
    .slice(0, 200)
    // eslint-disable-next-line no-control-regex -- making control characters visible is the point
    .replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return `« ${visible}${nom.length > 200 ? '…' : ''} »`;
}

/** Why an entry name is unsafe to use anywhere (folder traversal, absolute, device…), or null. */
export function problemeNom(nom: string): string | null {
  if (nom.length === 0) return 'nom vide';
  if (nom.length > 512) return 'nom trop long';
  // eslint-disable-next-line no-control-regex -- control characters in a name are the point
  if (/[\u0000-\u001f\u007f]/.test(nom)) return 'caractères de contrôle dans le nom';
  if (nom.includes('\\')) return 'barre oblique inverse dans le nom (chemin Windows déguisé)';
  if (nom.startsWith('/')) return 'chemin absolu';
  if (/^[A-Za-z]:/.test(nom)) return 'lettre de lecteur dans le nom';
  const segments = nom.replace(/\/$/, '').split('/');
  if (segments.some((s) => s === '..')) return 'remontée de dossier (« .. »)';
  if (segments.some((s) => s === '' || s === '.')) return 'segment de chemin vide';
  return null;
}

/** Why an entry must not be read (beyond its name), or null. Sizes are the declared ones. */
export function problemeEntree(e: EntreeZip): string | null {
  if ((e.drapeaux & (FLAG_CHIFFRE | FLAG_CHIFFREMENT_FORT)) !== 0) return 'entrée chiffrée';
  const mode = (e.attributsExternes >>> 16) & S_IFMT;
  if (mode === S_IFLNK) return 'lien symbolique';
  if (e.methode !== 0 && e.methode !== 8) return `méthode de compression non prise en charge (${e.methode})`;
  if (e.methode === 0 && e.tailleCompressee !== e.tailleDecompressee)
    return 'tailles incohérentes pour une entrée non compressée';
  if (e.tailleDecompressee > LIMITES.parEntree) {
    return `trop volumineux une fois décompressé (${Math.round(e.tailleDecompressee / 1048576)} Mo, maximum ${LIMITES.parEntree / 1048576} Mo)`;
  }
  if (
    e.tailleDecompressee > LIMITES.seuilRatio &&
    e.tailleDecompressee > LIMITES.ratio * Math.max(1, e.tailleCompressee)
  ) {
    return `taux de compression suspect (plus de ${LIMITES.ratio} pour 1, archive piégée probable)`;
  }
  return null;
}

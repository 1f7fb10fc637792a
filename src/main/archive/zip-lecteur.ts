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
      const compLocal = l.readUInt32LE(18);
      const decompLocal = l.readUInt32LE(22);
      const coherent =
        (compLocal === 0xffffffff || compLocal === e.tailleCompressee) &&
        (decompLocal === 0xffffffff || decompLocal === e.tailleDecompressee);
      if (!coherent) {
        throw new ErreurEntree(`« ${e.nom} » : tailles de l'en-tête local incohérentes, entrée refusée.`);
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
  if (fin.readUInt16LE(pos + 4) !== 0 || fin.readUInt16LE(pos + 6) !== 0) {
    throw new ErreurZip('Les archives zip en plusieurs volumes ne sont pas prises en charge.');
  }
  let nombre = fin.readUInt16LE(pos + 10);
  let tailleCentral = fin.readUInt32LE(pos + 12);
  let decalageCentral = fin.readUInt32LE(pos + 16);
  if (nombre === 0xffff || tailleCentral === 0xffffffff || decalageCentral === 0xffffffff) {
    const posAbs = taille - longueurFin + pos;
    if (posAbs < 20) throw new ErreurZip('Archive zip64 invalide.');
    const loc = await lireA(fh, posAbs - 20, 20);
    if (loc.readUInt32LE(0) !== SIG_ZIP64_LOCATOR)
      throw new ErreurZip('Archive zip64 invalide (localisateur absent).');
    const posZ64 = lireU64(loc, 8);
    if (posZ64 + 56 > taille) throw new ErreurZip('Archive zip64 invalide.');
    const z = await lireA(fh, posZ64, 56);
    if (z.readUInt32LE(0) !== SIG_ZIP64_EOCD)
      throw new ErreurZip('Archive zip64 invalide (fin de répertoire absente).');
    nombre = lireU64(z, 32);
    tailleCentral = lireU64(z, 40);
    decalageCentral = lireU64(z, 48);
  }
  if (nombre > LIMITES.entrees) {
    throw new ErreurZip(`Archive refusée : trop d'entrées (${nombre}, maximum ${LIMITES.entrees}).`);
  }
  if (tailleCentral > LIMITES.repertoireCentral || decalageCentral + tailleCentral > taille) {
    throw new ErreurZip('Archive invalide : répertoire central hors limites.');
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
    // Zip64 extra field: 64-bit values, in this order, for the fields saturated at 0xFFFFFFFF.
    for (let q = 0; q + 4 <= extra.length;) {
      const id = extra.readUInt16LE(q);
      const longueur = extra.readUInt16LE(q + 2);
      if (id === 0x0001) {
        let r = q + 4;
        const lire = (): number => {
          if (r + 8 > q + 4 + longueur || r + 8 > extra.length)
            throw new ErreurZip('Archive zip64 invalide (champ extra).');
          const v = lireU64(extra, r);
          r += 8;
          return v;
        };
        if (tailleDecompressee === 0xffffffff) tailleDecompressee = lire();
        if (tailleCompressee === 0xffffffff) tailleCompressee = lire();
        if (decalageLocal === 0xffffffff) decalageLocal = lire();
      }
      q += 4 + longueur;
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
  return entrees;
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

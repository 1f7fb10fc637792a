/**
 * Which pièces the app may show or hand to the system, decided by their content (never by the name
 * the guichet chose), and the cleaning of those names before they are displayed or written.
 *
 * Why so strict: the OS picks the program from the extension. A `facture.pdf.bat`, a `.desktop`
 * entry or `facture\u202Efdp.exe` (displayed "…exe.pdf") would run instead of being read.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { contientInvisibles, nettoyerNom } from '../../shared/noms.js';
import { nettoyerNomDossier } from './chemins.js';
import { ZipOuvert, type EntreeZip } from './zip-lecteur.js';

// ── Names ─────────────────────────────────────────────────────────────────────────────────────────

/** The one cleaning of names, shared with the renderer (src/shared/noms.ts). */
export const nettoyerNomAffiche = nettoyerNom;
export { contientInvisibles };

/**
 * A name quoted in a French message, with control and invisible characters shown as code points
 * (`[U+202E]`) so that a warning cannot itself be reversed or hidden.
 */
export function citerNom(nom: string): string {
  const court = nom.slice(0, 200);
  const visible = court.replace(
    // eslint-disable-next-line no-control-regex, no-misleading-character-class -- making them visible is the point
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029\p{Cf}\u034f\u115f\u1160\u3164\uffa0\u180b-\u180d\ufe00-\ufe0f]/gu,
    (c) => `[U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}]`,
  );
  return `« ${visible}${nom.length > 200 ? '…' : ''} »`;
}

/** Lower-case final extension of the displayed name, without the dot; '' when there is none. */
export function extensionDuNom(nom: string): string {
  const base = path.posix.basename(nettoyerNomAffiche(nom)).trim();
  const m = /\.([^.\s]{1,16})$/.exec(base);
  return m?.[1]?.toLowerCase() ?? '';
}

// ── Content ───────────────────────────────────────────────────────────────────────────────────────

/** Documents the app shows itself (apercu) or hands to the system's reader, nothing else. */
export interface TypeDocument {
  mime: string;
  /** Extension of the extracted copy, whatever the guichet's name said. */
  extension: string;
  /** Extensions a name may end with for this content. */
  extensions: readonly string[];
  /** With its article, as it reads in a sentence: « un document PDF ». */
  libelle: string;
  /** Shown inside the app (PDF in a frame, images in <img>). */
  apercu: boolean;
}

function doc(mime: string, extensions: string[], libelle: string, apercu = false): TypeDocument {
  return { mime, extension: extensions[0] ?? 'bin', extensions, libelle, apercu };
}

export const DOCUMENTS = {
  pdf: doc('application/pdf', ['pdf'], 'un document PDF', true),
  png: doc('image/png', ['png'], 'une image PNG', true),
  jpeg: doc('image/jpeg', ['jpg', 'jpeg', 'jpe'], 'une image JPEG', true),
  gif: doc('image/gif', ['gif'], 'une image GIF', true),
  webp: doc('image/webp', ['webp'], 'une image WebP', true),
  docx: doc(
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ['docx'],
    'un document Word',
  ),
  xlsx: doc(
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ['xlsx'],
    'un classeur Excel',
  ),
  pptx: doc(
    'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    ['pptx'],
    'une présentation PowerPoint',
  ),
  odt: doc('application/vnd.oasis.opendocument.text', ['odt'], 'un document texte OpenDocument'),
  ods: doc('application/vnd.oasis.opendocument.spreadsheet', ['ods'], 'un classeur OpenDocument'),
  odp: doc('application/vnd.oasis.opendocument.presentation', ['odp'], 'une présentation OpenDocument'),
  doc: doc('application/msword', ['doc'], 'un document Word 97-2003'),
  xls: doc('application/vnd.ms-excel', ['xls'], 'un classeur Excel 97-2003'),
  // Shown as text in the app, never rendered (no HTML, no script can come of it).
  texte: doc('text/plain', ['txt'], 'un fichier texte', true),
} as const satisfies Record<string, TypeDocument>;

/** What the first bytes say, in words an agent understands (used in refusals). */
export type Signature =
  { genre: 'document'; document: TypeDocument } | { genre: 'zip' | 'ole' | 'autre'; libelle: string };

export const OCTETS_ANALYSE = 64;

function commencePar(b: Buffer, octets: readonly number[], decalage = 0): boolean {
  return b.length >= decalage + octets.length && octets.every((o, i) => b[decalage + i] === o);
}

const estZip = (b: Buffer) =>
  commencePar(b, [0x50, 0x4b, 0x03, 0x04]) || commencePar(b, [0x50, 0x4b, 0x05, 0x06]);
const estOle = (b: Buffer) => commencePar(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

// eslint-disable-next-line no-control-regex -- binary bytes are exactly what tells text apart
const BINAIRE = /[\u0000-\u0008\u000e-\u001a\u001c-\u001f]/;

/** No byte that a text file never holds (tab, line breaks, form feed and escape allowed). */
function estTexte(octets: Buffer): boolean {
  return !BINAIRE.test(octets.toString('latin1'));
}

/** Classification by the first bytes only: enough for images and PDF, a first step for the others. */
export function signature(debut: Buffer): Signature {
  if (commencePar(debut, [0x25, 0x50, 0x44, 0x46, 0x2d]))
    return { genre: 'document', document: DOCUMENTS.pdf };
  if (commencePar(debut, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    return { genre: 'document', document: DOCUMENTS.png };
  if (commencePar(debut, [0xff, 0xd8, 0xff])) return { genre: 'document', document: DOCUMENTS.jpeg };
  if (
    commencePar(debut, [0x47, 0x49, 0x46, 0x38, 0x37, 0x61]) ||
    commencePar(debut, [0x47, 0x49, 0x46, 0x38, 0x39, 0x61])
  )
    return { genre: 'document', document: DOCUMENTS.gif };
  if (commencePar(debut, [0x52, 0x49, 0x46, 0x46]) && commencePar(debut, [0x57, 0x45, 0x42, 0x50], 8))
    return { genre: 'document', document: DOCUMENTS.webp };
  if (estZip(debut)) return { genre: 'zip', libelle: 'archive zip' };
  if (estOle(debut)) return { genre: 'ole', libelle: 'fichier composite Microsoft (OLE)' };
  if (commencePar(debut, [0x4d, 0x5a])) return { genre: 'autre', libelle: 'programme Windows' };
  if (commencePar(debut, [0x7f, 0x45, 0x4c, 0x46])) return { genre: 'autre', libelle: 'programme Linux' };
  if (
    commencePar(debut, [0xfe, 0xed, 0xfa, 0xce]) ||
    commencePar(debut, [0xfe, 0xed, 0xfa, 0xcf]) ||
    commencePar(debut, [0xce, 0xfa, 0xed, 0xfe]) ||
    commencePar(debut, [0xcf, 0xfa, 0xed, 0xfe]) ||
    commencePar(debut, [0xca, 0xfe, 0xba, 0xbe])
  )
    return { genre: 'autre', libelle: 'programme macOS ou Java' };
  if (commencePar(debut, [0x4c, 0x00, 0x00, 0x00, 0x01, 0x14, 0x02, 0x00]))
    return { genre: 'autre', libelle: 'raccourci Windows' };
  const texte = debut
    .toString('latin1')
    .replace(/^\uFEFF|^ï»¿/, '')
    .trimStart();
  if (texte.startsWith('#!')) return { genre: 'autre', libelle: 'script' };
  if (/^\[Desktop Entry\]/i.test(texte)) return { genre: 'autre', libelle: 'raccourci de bureau Linux' };
  if (texte.length > 0 && estTexte(debut)) return { genre: 'document', document: DOCUMENTS.texte };
  return { genre: 'autre', libelle: 'contenu non reconnu' };
}

/**
 * What a whole entry read into memory is, for the in-app viewer: the first bytes decide, and a
 * text must stay text to its end (a script with a binary payload further on is not a text).
 */
export function reconnaitreOctets(contenu: Buffer): Signature {
  const s = signature(contenu.subarray(0, OCTETS_ANALYSE));
  if (s.genre === 'document' && s.document === DOCUMENTS.texte && !estTexte(contenu))
    return { genre: 'autre', libelle: 'contenu non reconnu' };
  return s;
}

/** First bytes of a file on disk. */
async function lireDebut(chemin: string): Promise<Buffer> {
  const fh = await fs.open(chemin, 'r');
  try {
    const b = Buffer.alloc(OCTETS_ANALYSE);
    const { bytesRead } = await fh.read(b, 0, OCTETS_ANALYSE, 0);
    return b.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

const TAILLE_MAX_MANIFESTE = 1024 * 1024;

async function lireEntreeBornee(zip: ZipOuvert, e: EntreeZip): Promise<string | null> {
  if (e.tailleDecompressee > TAILLE_MAX_MANIFESTE) return null;
  const morceaux: Buffer[] = [];
  for await (const m of zip.lire(e)) morceaux.push(m);
  return Buffer.concat(morceaux).toString('utf8');
}

const TYPES_OOXML: [RegExp, TypeDocument][] = [
  [
    /ContentType="application\/vnd\.openxmlformats-officedocument\.wordprocessingml\.document\.main\+xml"/,
    DOCUMENTS.docx,
  ],
  [
    /ContentType="application\/vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet\.main\+xml"/,
    DOCUMENTS.xlsx,
  ],
  [
    /ContentType="application\/vnd\.openxmlformats-officedocument\.presentationml\.presentation\.main\+xml"/,
    DOCUMENTS.pptx,
  ],
];
const TYPES_ODF: Record<string, TypeDocument> = {
  [DOCUMENTS.odt.mime]: DOCUMENTS.odt,
  [DOCUMENTS.ods.mime]: DOCUMENTS.ods,
  [DOCUMENTS.odp.mime]: DOCUMENTS.odp,
};

/**
 * An office document is a zip: its manifest says which one (`[Content_Types].xml` for OOXML, the
 * `mimetype` entry for ODF). Documents with macros are not documents we open for the agent.
 */
async function analyserZip(chemin: string): Promise<Signature> {
  const inconnu: Signature = { genre: 'zip', libelle: 'archive zip' };
  let zip: ZipOuvert;
  try {
    zip = await ZipOuvert.ouvrir(chemin);
  } catch {
    return { genre: 'zip', libelle: 'archive zip illisible' };
  }
  try {
    const noms = zip.entrees.map((e) => e.nom);
    const macros = noms.some((n) => /(^|\/)vbaProject\.bin$/i.test(n) || /^(Basic|Scripts)\//.test(n));
    const avecMacros: Signature = { genre: 'zip', libelle: 'document bureautique avec macros' };
    const types = zip.entrees.find((e) => e.nom === '[Content_Types].xml');
    if (types) {
      const texte = await lireEntreeBornee(zip, types);
      if (texte === null) return inconnu;
      if (/macroEnabled|vbaProject/i.test(texte) || macros) return avecMacros;
      const trouve = TYPES_OOXML.find(([motif]) => motif.test(texte));
      return trouve ? { genre: 'document', document: trouve[1] } : inconnu;
    }
    const mimetype = zip.entrees.find((e) => e.nom === 'mimetype');
    if (mimetype) {
      const texte = (await lireEntreeBornee(zip, mimetype))?.trim() ?? '';
      const d = TYPES_ODF[texte];
      if (!d) return inconnu;
      return macros ? avecMacros : { genre: 'document', document: d };
    }
    return inconnu;
  } catch {
    return { genre: 'zip', libelle: 'archive zip illisible' };
  } finally {
    await zip.fermer();
  }
}

const utf16 = (s: string) => Buffer.from(s, 'utf16le');

/**
 * Legacy Word/Excel files are OLE containers, like installers (.msi): the names of their streams
 * (UTF-16 in the directory) tell them apart. Macros (`_VBA_PROJECT`, `Macros`) are refused.
 */
async function analyserOle(chemin: string): Promise<Signature> {
  const octets = await fs.readFile(chemin);
  if (octets.includes(utf16('_VBA_PROJECT')) || octets.includes(utf16('Macros')))
    return { genre: 'ole', libelle: 'document bureautique avec macros' };
  if (octets.includes(utf16('WordDocument'))) return { genre: 'document', document: DOCUMENTS.doc };
  if (octets.includes(utf16('Workbook'))) return { genre: 'document', document: DOCUMENTS.xls };
  return { genre: 'ole', libelle: 'fichier composite Microsoft (installateur ou document inconnu)' };
}

/** What the file at `chemin` is, read from its content only (zip manifests and OLE streams included). */
export async function reconnaitreFichier(chemin: string): Promise<Signature> {
  const s = signature(await lireDebut(chemin));
  if (s.genre === 'zip') return analyserZip(chemin);
  if (s.genre === 'ole') return analyserOle(chemin);
  if (s.genre === 'document' && s.document === DOCUMENTS.texte)
    return reconnaitreOctets(await fs.readFile(chemin));
  return s;
}

// ── Decision ──────────────────────────────────────────────────────────────────────────────────────

export type Verdict =
  { ok: true; document: TypeDocument } | { ok: false; motif: 'contenu' | 'extension'; detail: string };

/**
 * Extensions of programs, scripts, shortcuts and desktop entries: refused wherever they stand in
 * the name (`facture.exe.pdf` is a lure even when its content is a real PDF).
 */
const EXTENSIONS_DANGEREUSES = new Set(
  (
    'exe com scr pif cpl msi msp mst dll sys drv ocx bat cmd ps1 psm1 psd1 vbs vbe js jse wsf wsh ws ' +
    'hta jar class sh bash zsh csh ksh command run bin elf out appimage app pkg dmg deb rpm apk py pyc ' +
    'pl rb php lnk url website desktop scf inf reg application appref-ms gadget msc chm iso img vhd ' +
    'vhdx xll library-ms settingcontent-ms docm dotm xlsm xltm xlam pptm potm ppsm sldm svg html htm ' +
    'xhtml mht mhtml'
  ).split(' '),
);

/** The first dangerous extension among the dot-separated parts of the name (the base excepted). */
export function extensionDangereuse(nom: string): string | null {
  const base = path.posix.basename(nettoyerNomAffiche(nom)).trim().toLowerCase();
  const parties = base.split('.').slice(1);
  return parties.find((p) => EXTENSIONS_DANGEREUSES.has(p.trim())) ?? null;
}

/** Opening is allowed only for a document of the allowlist whose name ends with a matching extension. */
export function verdictOuverture(nom: string, s: Signature): Verdict {
  if (s.genre !== 'document') return { ok: false, motif: 'contenu', detail: s.libelle };
  const ext = extensionDuNom(nom);
  const dangereuse = extensionDangereuse(nom);
  if (dangereuse && dangereuse !== ext)
    return { ok: false, motif: 'extension', detail: `son nom contient l'extension « .${dangereuse} »` };
  if (!s.document.extensions.includes(ext)) {
    return {
      ok: false,
      motif: 'extension',
      detail: ext ? `son nom se termine par « .${ext} »` : `son nom n'a pas d'extension`,
    };
  }
  return { ok: true, document: s.document };
}

/**
 * What the list announces before anything is extracted, from the first bytes and the name:
 * `apercu` (shown in the app), `systeme` (office document, checked again in full when opened),
 * `refusee` (only « Enregistrer sous… »).
 */
export function ouvertureAnnoncee(debut: Buffer, nom: string): 'apercu' | 'systeme' | 'refusee' {
  const s = signature(debut);
  const ext = extensionDuNom(nom);
  if (extensionDangereuse(nom)) return 'refusee';
  if (s.genre === 'document') {
    if (!s.document.extensions.includes(ext)) return 'refusee';
    return s.document.apercu ? 'apercu' : 'systeme';
  }
  const bureautique =
    s.genre === 'zip'
      ? ['docx', 'xlsx', 'pptx', 'odt', 'ods', 'odp']
      : s.genre === 'ole'
        ? ['doc', 'xls']
        : [];
  return bureautique.includes(ext) ? 'systeme' : 'refusee';
}

/**
 * File name of the extracted copy: the cleaned base of the guichet's name without its extension,
 * then the extension of the recognised content.
 */
export function nomCopie(nom: string, document: TypeDocument): string {
  const base = path.posix.basename(nettoyerNomAffiche(nom));
  const sansExtension = base.replace(/\.[^.]*$/, '');
  const propre = nettoyerNomDossier(sansExtension, 'piece').slice(0, 100);
  return `${propre}.${document.extension}`;
}

/** An entry that must not be opened: why, in words the handler puts into its French message. */
export class RefusOuverture extends Error {
  constructor(
    readonly nom: string,
    readonly verdict: Extract<Verdict, { ok: false }>,
    readonly contenu: string,
  ) {
    super(`Ouverture refusée : ${verdict.detail}.`);
    this.name = 'RefusOuverture';
  }
}

const CONSEIL =
  "utilisez « Enregistrer sous… » pour le conserver, et ne l'ouvrez que si vous êtes sûr de sa provenance.";

/** The refusal as the agent reads it: which dossier, which entry, why, and what to do instead. */
export function messageRefusOuverture(numero: string, refus: RefusOuverture): string {
  const debut = `Le fichier ${citerNom(refus.nom)} du dossier ${numero} n'a pas été ouvert`;
  if (refus.verdict.motif === 'extension')
    return (
      `${debut} : ${refus.verdict.detail} alors que son contenu est ${refus.contenu}. ` +
      `Un nom qui ne correspond pas au contenu peut cacher un fichier dangereux : ${CONSEIL}`
    );
  return (
    `${debut} : son contenu (${refus.verdict.detail}) ne fait pas partie des documents que ` +
    `l'application ouvre (PDF, images, documents bureautiques, texte). Par sécurité, ${CONSEIL}`
  );
}

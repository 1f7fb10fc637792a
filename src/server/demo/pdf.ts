/**
 * A minimal, fast PDF writer for the demo: A4 pages, Helvetica and Helvetica-Bold (standard Type 1
 * fonts, WinAnsiEncoding), text, lines and rectangles, no compression. The whole file is built as
 * a "binary string" (one char per byte) so that xref offsets are plain string lengths.
 */

export const LARGEUR_PAGE = 595;
export const HAUTEUR_PAGE = 842;

/** Unicode → WinAnsi (cp1252) for the characters outside Latin-1 that cp1252 has. */
const WIN_ANSI: Readonly<Record<number, number>> = {
  0x20ac: 0x80,
  0x201a: 0x82,
  0x0192: 0x83,
  0x201e: 0x84,
  0x2026: 0x85,
  0x2020: 0x86,
  0x2021: 0x87,
  0x02c6: 0x88,
  0x2030: 0x89,
  0x0160: 0x8a,
  0x2039: 0x8b,
  0x0152: 0x8c,
  0x017d: 0x8e,
  0x2018: 0x91,
  0x2019: 0x92,
  0x201c: 0x93,
  0x201d: 0x94,
  0x2022: 0x95,
  0x2013: 0x96,
  0x2014: 0x97,
  0x02dc: 0x98,
  0x2122: 0x99,
  0x0161: 0x9a,
  0x203a: 0x9b,
  0x0153: 0x9c,
  0x017e: 0x9e,
  0x0178: 0x9f,
  // Spaces French typography uses before « ; : ! ? » and in numbers.
  0x202f: 0xa0,
  0x2009: 0x20,
  0x2007: 0xa0,
  0x2011: 0x2d,
  0x2010: 0x2d,
  0x2212: 0x2d,
};

// eslint-disable-next-line no-control-regex -- control characters are exactly what is matched
const A_CONVERTIR = /[\\()\u0000-\u001f\u007f-\u009f\u0100-\uffff]/g;

function convertirCaractere(c: string): string {
  switch (c) {
    case '\\':
      return '\\\\';
    case '(':
      return '\\(';
    case ')':
      return '\\)';
    case '\t':
      return ' ';
  }
  const code = c.charCodeAt(0);
  const win = WIN_ANSI[code];
  if (win !== undefined) return String.fromCharCode(win);
  return '?';
}

/** The body of a PDF literal string `( … )` for `texte`, in WinAnsi bytes (one char per byte). */
export function chainePdf(texte: string): string {
  A_CONVERTIR.lastIndex = 0;
  return A_CONVERTIR.test(texte) ? texte.replace(A_CONVERTIR, convertirCaractere) : texte;
}

/** Helvetica advance widths (1/1000 em) for ASCII 32..126 (Adobe AFM). */
const LARGEURS_ASCII = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556,
  556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278,
  500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469,
  556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500,
  278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

/** Width (1/1000 em) of every char code below 256; other characters count as 556. */
const LARGEURS = new Uint16Array(256).fill(556);
for (let c = 32; c <= 126; c++) LARGEURS[c] = LARGEURS_ASCII[c - 32] ?? 556;
for (let c = 0xc0; c < 0xe0; c++) LARGEURS[c] = 700;

function unites(texte: string): number {
  let total = 0;
  for (let i = 0; i < texte.length; i++) {
    const c = texte.charCodeAt(i);
    total += c < 256 ? (LARGEURS[c] as number) : 556;
  }
  return total;
}

/** Approximate width in points of `texte` (Helvetica; bold is about 6 % wider). */
export function largeurTexte(texte: string, taille: number, gras = false): number {
  return (unites(texte) * taille * (gras ? 1.06 : 1)) / 1000;
}

/** Splits `texte` into lines no wider than `largeur` (words longer than a line are cut). */
export function couperLignes(texte: string, largeur: number, taille: number, gras = false): string[] {
  const max = (largeur * 1000) / (taille * (gras ? 1.06 : 1));
  if (unites(texte) <= max && !/[\r\n]/.test(texte)) return [texte];
  const espace = LARGEURS[32] as number;
  const lignes: string[] = [];
  for (const paragraphe of texte.split(/\r\n|\r|\n/)) {
    let courante = '';
    let largeurCourante = 0;
    for (const mot of paragraphe.split(' ')) {
      const l = unites(mot);
      if (courante === '' && largeurCourante === 0 && l <= max) {
        courante = mot;
        largeurCourante = l;
        continue;
      }
      if (largeurCourante + espace + l <= max) {
        courante += ` ${mot}`;
        largeurCourante += espace + l;
        continue;
      }
      if (courante !== '' || largeurCourante > 0) lignes.push(courante);
      courante = mot;
      largeurCourante = l;
      // A word wider than a line is cut where it overflows.
      while (largeurCourante > max && courante.length > 1) {
        let n = 0;
        let w = 0;
        while (n < courante.length - 1) {
          const c = courante.charCodeAt(n);
          const wc = c < 256 ? (LARGEURS[c] as number) : 556;
          if (n > 0 && w + wc > max) break;
          w += wc;
          n++;
        }
        lignes.push(courante.slice(0, n));
        courante = courante.slice(n);
        largeurCourante = unites(courante);
      }
    }
    lignes.push(courante);
  }
  return lignes;
}

function nombre(n: number): string {
  return (n | 0) === n ? String(n) : String(Math.round(n * 100) / 100);
}

export interface OptionsTexte {
  taille?: number;
  gras?: boolean;
  /** Grey level 0 (black) … 1 (white). */
  gris?: number;
}

/** Content of one page, built with PDF operators. */
export class PagePdf {
  contenu = '';

  texte(x: number, y: number, texte: string, options: OptionsTexte = {}): this {
    const taille = options.taille ?? 10;
    const gris = options.gris ?? 0;
    const couleur = gris === 0 ? '' : `${nombre(gris)} g `;
    this.contenu += `BT ${couleur}/${options.gras ? 'F2' : 'F1'} ${nombre(taille)} Tf ${nombre(x)} ${nombre(y)} Td (${chainePdf(texte)}) Tj ET\n`;
    return this;
  }

  rectanglePlein(x: number, y: number, l: number, h: number, gris: number): this {
    this.contenu += `${nombre(gris)} g ${nombre(x)} ${nombre(y)} ${nombre(l)} ${nombre(h)} re f 0 g\n`;
    return this;
  }

  rectanglePleinRvb(x: number, y: number, l: number, h: number, r: number, v: number, b: number): this {
    this.contenu += `${nombre(r)} ${nombre(v)} ${nombre(b)} rg ${nombre(x)} ${nombre(y)} ${nombre(l)} ${nombre(h)} re f 0 g\n`;
    return this;
  }

  cadre(x: number, y: number, l: number, h: number, epaisseur = 0.5): this {
    this.contenu += `${nombre(epaisseur)} w ${nombre(x)} ${nombre(y)} ${nombre(l)} ${nombre(h)} re S\n`;
    return this;
  }

  trait(x1: number, y1: number, x2: number, y2: number, epaisseur = 0.5, gris = 0): this {
    const couleur = gris === 0 ? '' : `${nombre(gris)} G `;
    const retour = gris === 0 ? '' : ' 0 G';
    this.contenu += `${couleur}${nombre(epaisseur)} w ${nombre(x1)} ${nombre(y1)} m ${nombre(x2)} ${nombre(y2)} l S${retour}\n`;
    return this;
  }
}

export interface InfoPdf {
  titre: string;
  sujet?: string;
  auteur?: string;
  /** Written as CreationDate (never the clock: output must be deterministic). */
  creeLe?: Date;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).toUpperCase().padStart(2, '0'));

/** A PDF text string in UTF-16BE with BOM, as hex: `<FEFF…>`. */
function hexUtf16(texte: string): string {
  let s = '<FEFF';
  for (let i = 0; i < texte.length; i++) {
    const c = texte.charCodeAt(i);
    s += (HEX[c >>> 8] as string) + (HEX[c & 0xff] as string);
  }
  return `${s}>`;
}

const PRODUCTEUR = hexUtf16('Guichet de Suivi (démonstration)');

function datePdf(d: Date): string {
  const iso = d.toISOString();
  return `(D:${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z)`;
}

function decalage(n: number): string {
  return String(n).padStart(10, '0');
}

/** Serializes pages (content streams) into a complete PDF file. */
export function ecrirePdf(pages: readonly string[], info: InfoPdf): Uint8Array {
  const nbPages = Math.max(pages.length, 1);
  const contenus = pages.length > 0 ? pages : [''];
  const decalages: number[] = [];
  let s = '%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n';
  const objet = (corps: string): void => {
    decalages.push(s.length);
    s += `${decalages.length} 0 obj\n${corps}\nendobj\n`;
  };
  objet('<< /Type /Catalog /Pages 2 0 R >>');
  let kids = '';
  for (let i = 0; i < nbPages; i++) kids += `${kids === '' ? '' : ' '}${6 + 2 * i} 0 R`;
  objet(`<< /Type /Pages /Kids [${kids}] /Count ${nbPages} >>`);
  objet('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  objet('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>');
  let infos = `<< /Title ${hexUtf16(info.titre)} /Producer ${PRODUCTEUR}`;
  if (info.sujet !== undefined) infos += ` /Subject ${hexUtf16(info.sujet)}`;
  if (info.auteur !== undefined) infos += ` /Author ${hexUtf16(info.auteur)}`;
  if (info.creeLe !== undefined && !Number.isNaN(info.creeLe.getTime())) {
    infos += ` /CreationDate ${datePdf(info.creeLe)}`;
  }
  objet(`${infos} >>`);
  for (const contenu of contenus) {
    objet(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${LARGEUR_PAGE} ${HAUTEUR_PAGE}] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents ${decalages.length + 2} 0 R >>`,
    );
    objet(`<< /Length ${contenu.length} >>\nstream\n${contenu}\nendstream`);
  }
  const xref = s.length;
  const taille = decalages.length + 1;
  s += `xref\n0 ${taille}\n0000000000 65535 f \n`;
  for (const d of decalages) s += `${decalage(d)} 00000 n \n`;
  s += `trailer\n<< /Size ${taille} /Root 1 0 R /Info 5 0 R >>\nstartxref\n${xref}\n%%EOF`;
  const octets = Buffer.allocUnsafeSlow(s.length);
  octets.write(s, 0, 'latin1');
  return octets;
}

const MARGE = 56;

/**
 * A small generic document: a title and lines of text, wrapped and paginated. Used for the pièces
 * justificatives of the demo and for documents agents deposit (attestation, récépissé).
 */
export function pdfDemo(titre: string, lignes: string[]): Uint8Array {
  const largeur = LARGEUR_PAGE - 2 * MARGE;
  const pages: PagePdf[] = [];
  let page = new PagePdf();
  pages.push(page);
  let y = HAUTEUR_PAGE - MARGE - 16;
  for (const ligne of couperLignes(titre, largeur, 16, true)) {
    page.texte(MARGE, y, ligne, { taille: 16, gras: true });
    y -= 20;
  }
  page.trait(MARGE, y + 8, LARGEUR_PAGE - MARGE, y + 8, 1);
  y -= 14;
  for (const source of lignes) {
    const morceaux = source === '' ? [''] : couperLignes(source, largeur, 11);
    for (const morceau of morceaux) {
      if (y < MARGE + 20) {
        page = new PagePdf();
        pages.push(page);
        y = HAUTEUR_PAGE - MARGE - 11;
      }
      if (morceau !== '') page.texte(MARGE, y, morceau, { taille: 11 });
      y -= 15;
    }
  }
  const n = pages.length;
  return ecrirePdf(
    pages.map((p, i) =>
      n > 1
        ? `${p.contenu}BT 0.4 g /F1 8 Tf ${LARGEUR_PAGE - MARGE - 40} 30 Td (${i + 1} / ${n}) Tj ET\n`
        : p.contenu,
    ),
    { titre },
  );
}

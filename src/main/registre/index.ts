/**
 * « Registre des archives »: what a mairie shows its archivist to prove each dossier was kept —
 * one line per local archive and per recorded loss. CSV for spreadsheets, PDF for printing.
 */
import { PDFDocument, StandardFonts, type PDFFont } from 'pdf-lib';
import type { LigneRegistre } from '../store/index.js';

export type LibelleEtat = (codeDemarche: string, etat: number) => string;

export const COLONNES_REGISTRE = [
  'numéro',
  'démarche',
  'date de dépôt',
  "date d'archivage",
  'sha256',
  'taille',
  'chemin relatif',
  "état à l'archivage",
  'perte',
] as const;

function perteTexte(l: LigneRegistre): string {
  if (!l.perte)
    return l.defaut === 'manquante'
      ? 'archive manquante'
      : l.defaut === 'endommagee'
        ? 'archive endommagée'
        : '';
  const motif = l.perte.motif === 'retention' ? 'purgé (30 jours)' : 'clos puis purgé';
  return `Supprimé du guichet sans archive locale (${motif}, annoncé le ${l.perte.annonceeLe.slice(0, 10)}, constaté le ${l.perte.constateeLe.slice(0, 10)})`;
}

function valeurs(l: LigneRegistre, libelle: LibelleEtat): string[] {
  return [
    l.numero,
    l.demarcheCode ? `${l.demarcheCode} — ${l.demarcheIntitule ?? ''}` : 'inconnue',
    l.deposeLe ?? '',
    l.archiveeLe ?? '',
    l.sha256 ?? '',
    l.taille === null ? '' : String(l.taille),
    l.cheminRelatif ?? '',
    l.etatArchive !== null && l.demarcheCode ? libelle(l.demarcheCode, l.etatArchive) : '',
    perteTexte(l),
  ];
}

/** A cell a spreadsheet must not run as a formula (=, +, -, @ at the start), quoted when needed. */
function cellule(v: string): string {
  const sure = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[;"\n\r]/.test(sure) ? `"${sure.replaceAll('"', '""')}"` : sure;
}

/** UTF-8 with BOM and `;` separators: what Excel opens correctly in a French locale. */
export function registreCsv(lignes: LigneRegistre[], libelle: LibelleEtat): Buffer {
  const texte = [
    COLONNES_REGISTRE.join(';'),
    ...lignes.map((l) => valeurs(l, libelle).map(cellule).join(';')),
  ].join('\r\n');
  return Buffer.from(`\uFEFF${texte}\r\n`, 'utf8');
}

/** The standard PDF fonts only know WinAnsi: anything else is replaced, never a crash. */
function ansi(font: PDFFont, texte: string): string {
  let r = '';
  for (const c of texte.normalize('NFC')) {
    try {
      font.encodeText(c);
      r += c;
    } catch {
      r += c === '—' ? '-' : '?';
    }
  }
  return r;
}

function tronquer(font: PDFFont, texte: string, taille: number, largeur: number): string {
  if (font.widthOfTextAtSize(texte, taille) <= largeur) return texte;
  let t = texte;
  while (t.length > 1 && font.widthOfTextAtSize(`${t}…`, taille) > largeur) t = t.slice(0, -1);
  return `${t}…`;
}

export async function registrePdf(
  lignes: LigneRegistre[],
  libelle: LibelleEtat,
  titre: string,
  genereLe: Date,
): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(titre);
  pdf.setCreator('Guichet Instructeur');
  const police = await pdf.embedFont(StandardFonts.Helvetica);
  const gras = await pdf.embedFont(StandardFonts.HelveticaBold);
  // A4 landscape; the SHA-256 gets its own line under each entry so it is printed whole.
  const [L, H] = [841.89, 595.28];
  const marge = 28;
  const largeurs = [92, 150, 72, 72, 40, 190, 90, 80];
  const entetes = COLONNES_REGISTRE.filter((c) => c !== 'sha256');
  const taille = 7;
  let page = pdf.addPage([L, H]);
  let y = H - marge;
  const archivees = lignes.filter((l) => l.sha256).length;
  const perdues = lignes.filter((l) => l.perte).length;
  const enTete = (): void => {
    page.drawText(ansi(gras, titre), { x: marge, y: y - 12, size: 12, font: gras });
    y -= 26;
    page.drawText(
      ansi(
        police,
        `Généré le ${genereLe.toISOString().slice(0, 19).replace('T', ' ')} UTC — ${archivees} archive(s), ${perdues} perte(s)`,
      ),
      { x: marge, y, size: 8, font: police },
    );
    y -= 16;
    let x = marge;
    entetes.forEach((e, i) => {
      page.drawText(ansi(gras, e), { x, y, size: taille, font: gras });
      x += largeurs[i]!;
    });
    y -= 12;
  };
  enTete();
  for (const l of lignes) {
    if (y < marge + 24) {
      page = pdf.addPage([L, H]);
      y = H - marge;
      enTete();
    }
    const v = valeurs(l, libelle);
    const cellules = [v[0]!, v[1]!, v[2]!.slice(0, 10), v[3]!.slice(0, 10), v[5]!, v[6]!, v[7]!, v[8]!];
    let x = marge;
    cellules.forEach((c, i) => {
      page.drawText(tronquer(police, ansi(police, c), taille, largeurs[i]! - 4), {
        x,
        y,
        size: taille,
        font: police,
      });
      x += largeurs[i]!;
    });
    y -= 9;
    if (l.sha256) {
      page.drawText(`SHA-256 ${l.sha256}`, { x: marge + 8, y, size: 6, font: police });
      y -= 10;
    }
  }
  return Buffer.from(await pdf.save());
}

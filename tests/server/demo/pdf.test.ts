import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import type { DossierDemo } from '../../../src/server/demo/index.js';
import {
  cerfaPdf,
  creerAleatoire,
  DEMARCHES_DEMO,
  genererDossier,
  nomCerfaPdf,
  pdfDemo,
  servicesDemo,
} from '../../../src/server/demo/index.js';
import { chainePdf } from '../../../src/server/demo/pdf.js';
import { depuisWinAnsi, enLatin1, textesPdf } from './outils.js';

const services = servicesDemo('pdf');
const rng = creerAleatoire('pdf');
const dossiers = Array.from({ length: 120 }, (_, i) => {
  const service = services[i % services.length]!;
  return {
    service,
    dossier: genererDossier(rng, service, new Date(Date.UTC(2026, 6, 14, 9) + i * 7_200_000)),
  };
});

/** Checks the cross-reference table and the stream lengths byte by byte. */
function verifierStructure(octets: Uint8Array): void {
  const s = enLatin1(octets);
  expect(s.startsWith('%PDF-1.4\n')).toBe(true);
  expect(s.endsWith('%%EOF')).toBe(true);
  const fin = /startxref\n(\d+)\n%%EOF$/.exec(s);
  expect(fin).not.toBeNull();
  const xref = Number(fin![1]);
  const entete = /^xref\n0 (\d+)\n/.exec(s.slice(xref));
  expect(entete).not.toBeNull();
  const n = Number(entete![1]);
  expect(s).toContain(`/Size ${n} `);
  const table = s.slice(xref + entete![0].length, xref + entete![0].length + 20 * n);
  expect(table.slice(0, 20)).toBe('0000000000 65535 f \n');
  for (let i = 1; i < n; i++) {
    const ligne = table.slice(20 * i, 20 * i + 20);
    expect(ligne).toMatch(/^\d{10} 00000 n \n$/);
    expect(s.startsWith(`${i} 0 obj\n`, Number(ligne.slice(0, 10)))).toBe(true);
  }
  for (const m of s.matchAll(/<< \/Length (\d+) >>\nstream\n/g)) {
    const debut = m.index + m[0].length;
    expect(s.startsWith('\nendstream', debut + Number(m[1]))).toBe(true);
  }
}

describe('cerfaPdf', () => {
  it('writes a valid PDF that pdf-lib opens, with the démarche, numéro, service and données', async () => {
    for (const { dossier, service } of dossiers.slice(0, 30)) {
      const octets = cerfaPdf(dossier, service);
      verifierStructure(octets);
      const doc = await PDFDocument.load(octets);
      expect(doc.getPageCount()).toBeGreaterThanOrEqual(1);
      const intitule = DEMARCHES_DEMO.find((d) => d.code === dossier.codeDemarche)!.intitule;
      expect(doc.getTitle()).toBe(`${intitule} — télédossier ${dossier.numero}`);
      expect(doc.getAuthor()).toBe(service.nom);
      expect(doc.getCreationDate()?.getTime()).toBe(Math.floor(dossier.deposeLe.getTime() / 1000) * 1000);
      const textes = textesPdf(octets).map(depuisWinAnsi);
      expect(textes).toContain(`Télédossier n° ${dossier.numero}`);
      expect(textes).toContain(`Démarche en ligne : ${intitule}`);
      expect(textes).toContain(`Service destinataire : ${service.nom} — code INSEE ${service.codeInsee}`);
      expect(textes.some((t) => /^n° \d{5}\*\d{2}$/.test(t))).toBe(true);
      expect(textes).toContain('RÉPUBLIQUE');
      const mots = new Set(textes.flatMap((t) => t.split(' ')));
      for (const section of dossier.donnees.sections) {
        expect(textes.some((t) => t.endsWith(section.titre))).toBe(true);
        for (const champ of section.champs) {
          if (champ.valeur.length <= 40) expect(textes).toContain(champ.valeur);
          else for (const mot of champ.valeur.split(' ')) expect(mots.has(mot)).toBe(true);
        }
      }
    }
  });

  it('encodes French accented characters as WinAnsi bytes', () => {
    const { dossier, service } = dossiers[0]!;
    const brut = enLatin1(cerfaPdf(dossier, service));
    expect(brut).toContain('/Encoding /WinAnsiEncoding');
    expect(brut).toContain('(T\u00e9l\u00e9dossier n\u00b0 ');
    expect(brut).toContain('(R\u00c9PUBLIQUE) Tj');
    expect(brut).toContain('(FRAN\u00c7AISE) Tj');
    // The em dash of the service line is byte 0x97 in WinAnsi.
    expect(brut).toContain(`${service.nom} \u0097 code INSEE`);
  });

  it('paginates long données, with a footer « Page i/n » on every page', async () => {
    const { dossier, service } = dossiers[1]!;
    const long: DossierDemo = {
      ...dossier,
      donnees: {
        ...dossier.donnees,
        sections: Array.from({ length: 8 }, (_, s) => ({
          titre: `Section ${s + 1} — données détaillées`,
          champs: Array.from({ length: 12 }, (_, c) => ({
            nom: `champ${c}`,
            libelle: `Libellé n° ${c} de la section ${s + 1}, assez long pour être coupé sur deux lignes`,
            valeur: c % 3 === 0 ? 'Valeur très longue '.repeat(12).trim() : `Valeur ${s}.${c} (élève)`,
          })),
        })),
      },
    };
    const octets = cerfaPdf(long, service);
    verifierStructure(octets);
    const doc = await PDFDocument.load(octets);
    const n = doc.getPageCount();
    expect(n).toBeGreaterThanOrEqual(3);
    const textes = textesPdf(octets).map(depuisWinAnsi);
    for (let i = 1; i <= n; i++) expect(textes).toContain(`Page ${i}/${n}`);
    expect(textes.filter((t) => t === `Télédossier n° ${dossier.numero} (suite)`)).toHaveLength(n - 1);
    for (let c = 0; c < 12; c++)
      expect(textes.filter((t) => t === `Valeur 7.${c} (élève)`).length).toBe(c % 3 ? 1 : 0);
  });

  it('is deterministic and specific to each dossier', () => {
    const { dossier, service } = dossiers[2]!;
    const a = cerfaPdf(dossier, service);
    expect(Buffer.from(cerfaPdf(structuredClone(dossier), { ...service }))).toEqual(Buffer.from(a));
    expect(Buffer.from(cerfaPdf(dossiers[3]!.dossier, service))).not.toEqual(Buffer.from(a));
    expect(nomCerfaPdf(dossier)).toBe(`cerfa-${dossier.numero}.pdf`);
  });

  it('still renders a dossier of an unknown démarche for an unknown service', async () => {
    const { dossier } = dossiers[5]!;
    const octets = cerfaPdf(
      { ...dossier, codeDemarche: 'permis-de-construire' },
      { codeInsee: '35238', nom: 'Mairie de Rennes', utilisateurs: [] },
    );
    verifierStructure(octets);
    expect((await PDFDocument.load(octets)).getTitle()).toBe(
      `permis-de-construire — télédossier ${dossier.numero}`,
    );
    expect(textesPdf(octets).map(depuisWinAnsi)).toContain(
      'Service destinataire : Mairie de Rennes — code INSEE 35238',
    );
  });

  it('returns a Buffer owning its memory (libraries reading .buffer get the PDF)', () => {
    const { dossier, service } = dossiers[4]!;
    const octets = cerfaPdf(dossier, service);
    expect(octets.byteOffset).toBe(0);
    expect(octets.buffer.byteLength).toBe(octets.byteLength);
  });

  it('is fast: well under a millisecond per CERFA', () => {
    const debut = performance.now();
    let total = 0;
    for (let i = 0; i < 2_000; i++) {
      const { dossier, service } = dossiers[i % dossiers.length]!;
      total += cerfaPdf(dossier, service).length;
    }
    const parCerfa = (performance.now() - debut) / 2_000;
    expect(total).toBeGreaterThan(2_000 * 3_000);
    expect(parCerfa).toBeLessThan(2);
  });
});

describe('pdfDemo', () => {
  it('writes a small valid document with its title', async () => {
    const octets = pdfDemo('Attestation de recensement', ['Ligne 1', '', 'Ligne 3 : très bien']);
    verifierStructure(octets);
    const doc = await PDFDocument.load(octets);
    expect(doc.getPageCount()).toBe(1);
    expect(doc.getTitle()).toBe('Attestation de recensement');
    expect(textesPdf(octets).map(depuisWinAnsi)).toEqual([
      'Attestation de recensement',
      'Ligne 1',
      'Ligne 3 : très bien',
    ]);
  });

  it('escapes parentheses and backslashes and maps cp1252 characters', async () => {
    const titre = 'Reçu (n° 3) \\ « Œuvre » – 12 € — l’été…';
    const octets = pdfDemo(titre, ['a) b( c\\d']);
    verifierStructure(octets);
    expect((await PDFDocument.load(octets)).getTitle()).toBe(titre);
    const brut = enLatin1(octets);
    expect(brut).toContain(
      '(Re\u00e7u \\(n\u00b0 3\\) \\\\ \u00ab \u008cuvre \u00bb \u0096 12 \u0080 \u0097 l\u0092\u00e9t\u00e9\u0085) Tj',
    );
    expect(textesPdf(octets).map(depuisWinAnsi)).toEqual([titre, 'a) b( c\\d']);
  });

  it('replaces characters WinAnsi lacks with « ? » and stays valid', async () => {
    expect(chainePdf('中文 ĳ\u0001')).toBe('?? ??');
    const octets = pdfDemo('Nom : 李雷', ['Ligne\u0007 avec contrôle']);
    verifierStructure(octets);
    await PDFDocument.load(octets);
    expect(textesPdf(octets)).toEqual(['Nom : ??', 'Ligne? avec contr\u00f4le']);
  });

  it('wraps long lines and adds pages when needed', async () => {
    const lignes = Array.from(
      { length: 150 },
      (_, i) => `Ligne ${i} : ${'texte à couper '.repeat(i % 9)}fin`,
    );
    const octets = pdfDemo('Long document', lignes);
    verifierStructure(octets);
    const doc = await PDFDocument.load(octets);
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(3);
    const textes = textesPdf(octets).map(depuisWinAnsi);
    expect(textes).toContain(`${doc.getPageCount()} / ${doc.getPageCount()}`);
    const corps = textes
      .filter((t) => !/^\d+ \/ \d+$/.test(t))
      .slice(1)
      .join(' ');
    expect(corps).toBe(lignes.join(' '));
    expect(Math.max(...textes.map((t) => t.length))).toBeLessThan(110);
  });
});

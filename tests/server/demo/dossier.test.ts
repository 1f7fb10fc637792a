import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { champSchema, donneesSchema } from '../../../src/shared/archive.js';
import { courrielSchema } from '../../../src/shared/api/schemas.js';
import { NUMERO_PATTERN } from '../../../src/shared/numero.js';
import type { Aleatoire } from '../../../src/server/demo/index.js';
import {
  creerAleatoire,
  DEMARCHES_DEMO,
  genererDossier,
  numeroDemo,
  servicesDemo,
} from '../../../src/server/demo/index.js';
import { genererNumero, permuter } from '../../../src/server/demo/numero.js';
import { poolPieces } from '../../../src/server/demo/pieces.js';
import { crc32 } from '../../../src/server/demo/images.js';

const services = servicesDemo('demo');
const quimper = services.find((s) => s.codeInsee === '29232')!;
const debut = Date.UTC(2026, 10, 1, 8);

function lot(graine: string, n: number) {
  const rng = creerAleatoire(graine);
  return Array.from({ length: n }, (_, i) => {
    const service = services[i % services.length]!;
    return { service, dossier: genererDossier(rng, service, new Date(debut + i * 97_000)) };
  });
}

const valeur = (d: ReturnType<typeof genererDossier>, nom: string): string | undefined =>
  d.donnees.sections.flatMap((s) => s.champs).find((c) => c.nom === nom)?.valeur;

describe('numéros', () => {
  it('match the guichet format, with both lengths', () => {
    const rng = creerAleatoire('numeros');
    const longueurs = new Set<number>();
    for (let i = 0; i < 2_000; i++) {
      const n = genererNumero(rng);
      expect(n).toMatch(NUMERO_PATTERN);
      longueurs.add(n.length - 4);
    }
    expect(longueurs).toEqual(new Set([8, 9]));
  });

  it('never repeat within one generator (300,000 draws)', () => {
    const rng = creerAleatoire('unicite');
    const vus = new Set<string>();
    for (let i = 0; i < 300_000; i++) vus.add(genererNumero(rng));
    expect(vus.size).toBe(300_000);
  });

  it('come from a bijection: the Feistel permutation maps a small domain onto itself', () => {
    const cle = [11, 22, 33, 44];
    const images = new Set<number>();
    for (let v = 0; v < 5_000; v++) {
      const p = permuter(v, 5_000, 7, cle);
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThan(5_000);
      images.add(p);
    }
    expect(images.size).toBe(5_000);
  });

  it('differ between generators of different graines and still work with a foreign Aleatoire', () => {
    const a = creerAleatoire('x');
    const b = creerAleatoire('y');
    const na = Array.from({ length: 1000 }, () => genererNumero(a));
    const nb = new Set(Array.from({ length: 1000 }, () => genererNumero(b)));
    expect(na.filter((n) => nb.has(n))).toEqual([]);
    const interne = creerAleatoire('etranger');
    const etranger: Aleatoire = {
      suivant: () => interne.suivant(),
      entier: (min, max) => interne.entier(min, max),
      choisir: (l) => interne.choisir(l),
    };
    expect(genererNumero(etranger)).toMatch(NUMERO_PATTERN);
  });
});

describe('numeroDemo', () => {
  it('gives every index of a graine its own numéro, deterministically, with both lengths', () => {
    const vus = new Set<string>();
    const longueurs = new Set<number>();
    for (let i = 0; i < 300_000; i++) {
      const n = numeroDemo('seed', i);
      vus.add(n);
      longueurs.add(n.length);
    }
    expect(vus.size).toBe(300_000);
    expect(longueurs).toEqual(new Set([12, 13]));
    expect(NUMERO_PATTERN.test(numeroDemo('seed', 12))).toBe(true);
    expect(numeroDemo('seed', 12)).toBe(numeroDemo('seed', 12));
    expect(numeroDemo('seed', 12)).not.toBe(numeroDemo('autre', 12));
    expect(numeroDemo('seed', 36 ** 9 - 1)).toMatch(/^A-5-[A-Z0-9]{9}$/);
    expect(() => numeroDemo('seed', -1)).toThrow(RangeError);
    expect(() => numeroDemo('seed', 36 ** 9)).toThrow(RangeError);
  });

  it('can be imposed on genererDossier without changing the rest of the dossier', () => {
    const service = services[0]!;
    const le = new Date(debut);
    const libre = genererDossier(creerAleatoire('impose'), service, le);
    const numero = numeroDemo('impose', 7);
    const impose = genererDossier(creerAleatoire('impose'), service, le, numero);
    expect(impose.numero).toBe(numero);
    expect(impose.donnees.numero).toBe(numero);
    expect({ ...impose, numero: libre.numero, donnees: { ...impose.donnees, numero: libre.numero } }).toEqual(
      libre,
    );
    expect(() => genererDossier(creerAleatoire('impose'), service, le, 'A-5-abc')).toThrow(RangeError);
  });
});

describe('genererDossier', () => {
  const dossiers = lot('demo', 1_500);

  it('is deterministic for a graine and different for another', () => {
    expect(lot('demo', 50)).toEqual(dossiers.slice(0, 50));
    const autres = lot('autre', 50);
    expect(autres.map((x) => x.dossier.numero)).not.toEqual(
      dossiers.slice(0, 50).map((x) => x.dossier.numero),
    );
  });

  it('fills the envelope: numéro, démarche, courriel, deposeLe, données valid for the archive schema', () => {
    const codes = new Set(DEMARCHES_DEMO.map((d) => d.code));
    for (const { dossier, service } of dossiers) {
      expect(dossier.numero).toMatch(NUMERO_PATTERN);
      expect(codes.has(dossier.codeDemarche)).toBe(true);
      expect(courrielSchema.safeParse(dossier.courriel).success).toBe(true);
      expect(dossier.courriel).toMatch(/@example\.(com|net|org)$/);
      expect(dossier.donnees.demarche).toBe(dossier.codeDemarche);
      expect(dossier.donnees.numero).toBe(dossier.numero);
      expect(donneesSchema.safeParse(dossier.donnees).success).toBe(true);
      expect(dossier.donnees.sections.length).toBeGreaterThanOrEqual(4);
      for (const section of dossier.donnees.sections) {
        expect(section.champs.length).toBeGreaterThan(0);
        for (const champ of section.champs) {
          expect(champSchema.safeParse(champ).success).toBe(true);
          expect(champ.valeur.trim()).not.toBe('');
        }
        const noms = section.champs.map((c) => c.nom);
        expect(new Set(noms).size).toBe(noms.length);
      }
      // The citizen's courriel is the one typed in the form.
      expect(
        dossier.donnees.sections.flatMap((s) => s.champs).some((c) => c.valeur === dossier.courriel),
      ).toBe(true);
      // "Fait à" is the destination commune.
      expect(service.nom).toContain(valeur(dossier, 'faitA')!);
    }
  });

  it('uses every démarche, with French labels and accented text', () => {
    const parCode = new Map<string, ReturnType<typeof genererDossier>>();
    for (const { dossier } of dossiers) parCode.set(dossier.codeDemarche, dossier);
    expect([...parCode.keys()].sort()).toEqual(DEMARCHES_DEMO.map((d) => d.code).sort());
    const libelles = dossiers.flatMap(({ dossier }) =>
      dossier.donnees.sections.flatMap((s) => s.champs.map((c) => c.libelle)),
    );
    expect(libelles).toContain('Date de naissance');
    expect(libelles).toContain('Nationalité');
    expect(libelles).toContain("Nature de l'occupation");
    expect(libelles).toContain('École de secteur souhaitée');
    expect(libelles.some((l) => /[éèàç]/.test(l))).toBe(true);
  });

  it('writes realistic per-démarche données', () => {
    for (const { dossier, service } of dossiers) {
      const d = dossier.deposeLe;
      switch (dossier.codeDemarche) {
        case 'recensement-citoyen': {
          const [j, m, a] = valeur(dossier, 'dateNaissance')!.split('/').map(Number);
          const naissance = Date.UTC(a!, m! - 1, j!);
          const ans = (d.getTime() - naissance) / (365.25 * 86_400_000);
          expect(ans).toBeGreaterThanOrEqual(15.99);
          expect(ans).toBeLessThan(16.3);
          break;
        }
        case 'occupation-domaine-public': {
          const [debutJ, finJ] = [valeur(dossier, 'dateDebut')!, valeur(dossier, 'dateFin')!].map((s) => {
            const [j, m, a] = s.split('/').map(Number);
            return Date.UTC(a!, m! - 1, j!);
          });
          expect(finJ!).toBeGreaterThanOrEqual(debutJ!);
          expect(debutJ!).toBeGreaterThan(d.getTime());
          expect(valeur(dossier, 'emplacement')).toContain(service.nom.replace(/^Mairie (de |d')/, ''));
          break;
        }
        case 'inscription-scolaire':
          expect(valeur(dossier, 'niveau')).toMatch(/section|^C[PEM]/);
          break;
        case 'inscription-listes-electorales':
          expect(valeur(dossier, 'motif')).toBeTruthy();
          break;
      }
    }
    const quimperois = dossiers.filter(
      (x) => x.service === quimper && valeur(x.dossier, 'codePostal') === '29000',
    );
    expect(quimperois.length).toBeGreaterThan(100);
  });

  it('attaches 0 to 4 pièces justificatives from a small shared pool (same objects, same bytes)', () => {
    const pool = poolPieces();
    const contenus = new Set(pool.map((p) => p.contenu));
    expect(contenus.size).toBeLessThanOrEqual(12);
    const tailles = new Set<number>();
    const vus = new Map<string, Uint8Array>();
    for (const { dossier } of dossiers) {
      const pieces = dossier.piecesJustificatives;
      tailles.add(pieces.length);
      expect(pieces.length).toBeLessThanOrEqual(4);
      expect(new Set(pieces.map((p) => p.nom)).size).toBe(pieces.length);
      for (const p of pieces) {
        expect(p.nom).toMatch(/^[a-z0-9][a-z0-9-]*\.(pdf|jpg|png)$/);
        expect(contenus.has(p.contenu)).toBe(true);
        expect(p.type).toBe({ pdf: 'application/pdf', jpg: 'image/jpeg', png: 'image/png' }[p.nom.slice(-3)]);
        const deja = vus.get(`${p.nom}|${p.type}|${p.contenu.length}`);
        if (deja) expect(p.contenu).toBe(deja);
        vus.set(`${p.nom}|${p.type}|${p.contenu.length}`, p.contenu);
      }
    }
    expect(tailles).toEqual(new Set([0, 1, 2, 3, 4]));
    // Total distinct bytes across 1,500 dossiers stay tiny.
    const octets = [...contenus].reduce((t, c) => t + c.length, 0);
    expect(octets).toBeLessThan(60_000);
  });

  it('memoizes the pool: the same frozen objects every time', () => {
    const a = poolPieces();
    const b = poolPieces();
    expect(a.length).toBe(b.length);
    a.forEach((p, i) => expect(b[i]).toBe(p));
    expect(Object.isFrozen(a[0])).toBe(true);
  });

  it('also serves a service it does not know, with a generic commune named after it', () => {
    const rennes = { codeInsee: '35238', nom: 'Mairie de Rennes', utilisateurs: [] };
    const rng = creerAleatoire('rennes');
    for (let i = 0; i < 50; i++) {
      const dossier = genererDossier(rng, rennes, new Date(debut + i * 60_000));
      expect(donneesSchema.safeParse(dossier.donnees).success).toBe(true);
      expect(valeur(dossier, 'faitA')).toBe('Rennes');
    }
    // Keyed by code and name: no state leaks from one unknown service to another.
    const autre = genererDossier(rng, { ...rennes, nom: 'Mairie de Saint-Malo' }, new Date(debut));
    expect(valeur(autre, 'faitA')).toBe('Saint-Malo');
  });

  it('computes PNG chunk CRCs with the standard CRC-32', () => {
    expect(crc32(Buffer.from('123456789', 'latin1'))).toBe(0xcbf43926);
    const png = poolPieces().find((p) => p.type === 'image/png')!.contenu;
    // IHDR: length at 8, type+data from 12 to 29, CRC at 29.
    const vue = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
    expect(vue.readUInt32BE(29)).toBe(crc32(vue.subarray(12, 29)));
  });

  it('ships real files: PDFs open, the JPEG and the PNG decode', async () => {
    const pool = poolPieces();
    const doc = await PDFDocument.create();
    for (const p of pool) {
      if (p.type === 'application/pdf') {
        expect(Buffer.from(p.contenu.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
        expect((await PDFDocument.load(p.contenu)).getPageCount()).toBeGreaterThanOrEqual(1);
      } else if (p.type === 'image/jpeg') {
        expect([...p.contenu.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
        const image = await doc.embedJpg(p.contenu);
        expect(image.width).toBeGreaterThan(0);
      } else {
        expect(p.type).toBe('image/png');
        const image = await doc.embedPng(p.contenu);
        expect([image.width, image.height]).toEqual([240, 160]);
      }
    }
    expect(new Set(pool.map((p) => p.type))).toEqual(new Set(['application/pdf', 'image/jpeg', 'image/png']));
  });
});

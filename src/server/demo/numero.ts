import type { Aleatoire } from './aleatoire.js';
import { etatNumeros, hacher128 } from './aleatoire.js';

/**
 * Télédossier numbers: `A-5-` + 8 or 9 characters [0-9A-Z]. The format leaves at most ~47 bits, so
 * drawing them at random would collide too often on large seeds. Instead each generator made by
 * `creerAleatoire` counts the numéros it issued and maps the counter through a keyed permutation
 * of the 36^8 (or 36^9) possible suffixes (a Feistel network with cycle walking): the numéros of
 * one generator never repeat and still look random. A foreign `Aleatoire` falls back to random
 * characters.
 */
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const TAILLES = [36 ** 8, 36 ** 9] as const;
/** Half-width in bits of the Feistel domain: 2^42 > 36^8, 2^48 > 36^9. */
const DEMI_BITS = [21, 24] as const;
const TOURS = 4;
/** Share of 8-character numéros (the manual shows both lengths). */
const PART_HUIT = 0.3;

function melanger(x: number, cle: number): number {
  let h = Math.imul(x ^ cle, 0x9e3779b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca77);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae3d);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Keyed bijection on [0, taille) (taille ≤ 2^(2·demi)). */
export function permuter(valeur: number, taille: number, demi: number, cle: readonly number[]): number {
  const base = 2 ** demi;
  const masque = base - 1;
  let v = valeur;
  do {
    let g = Math.floor(v / base);
    let d = v % base;
    for (let tour = 0; tour < TOURS; tour++) {
      const f = melanger(d, cle[tour % cle.length] ?? 0) & masque;
      const nouveau = (g ^ f) & masque;
      g = d;
      d = nouveau;
    }
    v = g * base + d;
  } while (v >= taille);
  return v;
}

function encoder(v: number, longueur: number): string {
  let s = '';
  let x = v;
  for (let i = 0; i < longueur; i++) {
    s = ALPHABET[x % 36] + s;
    x = Math.floor(x / 36);
  }
  return s;
}

export function genererNumero(rng: Aleatoire): string {
  const neuf = rng.suivant() >= PART_HUIT ? 1 : 0;
  const etat = etatNumeros(rng);
  if (!etat) {
    let s = 'A-5-';
    for (let i = 0; i < 8 + neuf; i++) s += ALPHABET[rng.entier(0, 35)];
    return s;
  }
  const compteur = etat.compteurs[neuf];
  etat.compteurs[neuf] = compteur + 1;
  const v = permuter(compteur, TAILLES[neuf], DEMI_BITS[neuf], etat.cles[neuf]);
  return `A-5-${encoder(v, 8 + neuf)}`;
}

const clesIndex = new Map<string, [readonly number[], readonly number[], number]>();

/**
 * The numéro of dossier number `index` of a seed run: a keyed bijection of `index`, so that the
 * dossiers of one graine never share a numéro even when each is generated with its own
 * `Aleatoire` (e.g. `creerAleatoire(`${graine}:dossier:${index}`)`, in parallel workers). About 30 %
 * get 8 characters, the others 9. Unique for every index below 36^9 (10^14).
 */
export function numeroDemo(graine: string, index: number): string {
  if (!Number.isSafeInteger(index) || index < 0 || index >= TAILLES[1]) {
    throw new RangeError(`Index de dossier invalide : ${index}`);
  }
  let cles = clesIndex.get(graine);
  if (!cles) {
    const [a, b, c, d] = hacher128(`numero-index:${graine}`);
    const [e, f, g, h] = hacher128(`numero-index-bis:${graine}`);
    cles = [[a, b, c, d], [e, f, g, h], (a ^ e) >>> 0];
    if (clesIndex.size > 1000) clesIndex.clear();
    clesIndex.set(graine, cles);
  }
  const huit = index < TAILLES[0] && melanger(index % 4294967296, cles[2]) / 4294967296 < PART_HUIT;
  const neuf = huit ? 0 : 1;
  return `A-5-${encoder(permuter(index, TAILLES[neuf], DEMI_BITS[neuf], cles[neuf]), 8 + neuf)}`;
}

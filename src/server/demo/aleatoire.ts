/**
 * Deterministic pseudo-random numbers for the demo data: sfc32 seeded by a 128-bit string hash
 * (cyrb128). Not for anything secret: the same graine always gives the same sequence.
 */
export interface Aleatoire {
  /** A number in [0, 1). */
  suivant(): number;
  /** An integer in [min, max], both inclusive. */
  entier(min: number, max: number): number;
  /** One element of a non-empty list. */
  choisir<T>(l: readonly T[]): T;
}

/** 128-bit hash of a string as four 32-bit words (cyrb128). */
export function hacher128(texte: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < texte.length; i++) {
    const k = texte.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

const DEUX_32 = 4294967296;

class Sfc32 implements Aleatoire {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(graine: string) {
    [this.a, this.b, this.c, this.d] = hacher128(graine);
    // Warm up so that close graines diverge immediately.
    for (let i = 0; i < 15; i++) this.brut();
  }

  /** Next 32-bit unsigned integer. */
  brut(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  suivant(): number {
    return this.brut() / DEUX_32;
  }

  entier(min: number, max: number): number {
    if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) {
      throw new RangeError(`Intervalle invalide : [${min}, ${max}]`);
    }
    const etendue = max - min + 1;
    if (etendue <= DEUX_32) return min + Math.floor(this.suivant() * etendue);
    // Wide ranges: 53 bits of randomness.
    const x = (this.brut() * 2097152 + (this.brut() >>> 11)) / 9007199254740992;
    return min + Math.floor(x * etendue);
  }

  choisir<T>(l: readonly T[]): T {
    if (l.length === 0) throw new RangeError('choisir() sur une liste vide');
    return l[Math.floor(this.suivant() * l.length)] as T;
  }
}

/** Per-generator state used to hand out unique numéros (see numero.ts). */
export interface EtatNumeros {
  /** Feistel keys for 8-character and 9-character numéros. */
  cles: [readonly number[], readonly number[]];
  compteurs: [number, number];
}

const etatsNumeros = new WeakMap<Aleatoire, EtatNumeros>();

/** Numéro state of a generator made by `creerAleatoire`, undefined for a foreign implementation. */
export function etatNumeros(rng: Aleatoire): EtatNumeros | undefined {
  return etatsNumeros.get(rng);
}

export function creerAleatoire(graine: string): Aleatoire {
  const rng = new Sfc32(graine);
  const [k1, k2, k3, k4] = hacher128(`numeros:${graine}`);
  const [k5, k6, k7, k8] = hacher128(`numeros-bis:${graine}`);
  etatsNumeros.set(rng, {
    cles: [
      [k1, k2, k3, k4],
      [k5, k6, k7, k8],
    ],
    compteurs: [0, 0],
  });
  return rng;
}

/** Weighted choice: `poids` are non-negative, not all zero. */
export function choisirPondere<T>(rng: Aleatoire, options: readonly (readonly [T, number])[]): T {
  let total = 0;
  for (const [, p] of options) total += p;
  let x = rng.suivant() * total;
  for (const [valeur, p] of options) {
    if (x < p) return valeur;
    x -= p;
  }
  const dernier = options[options.length - 1];
  if (!dernier) throw new RangeError('choisirPondere() sur une liste vide');
  return dernier[0];
}

/** `n` distinct elements of `l` (or all of them), in a random order. */
export function echantillon<T>(rng: Aleatoire, l: readonly T[], n: number): T[] {
  const copie = l.slice();
  const k = Math.min(n, copie.length);
  for (let i = 0; i < k; i++) {
    const j = rng.entier(i, copie.length - 1);
    const tmp = copie[i] as T;
    copie[i] = copie[j] as T;
    copie[j] = tmp;
  }
  return copie.slice(0, k);
}

import { describe, expect, it } from 'vitest';
import { creerAleatoire } from '../../../src/server/demo/index.js';
import { choisirPondere, echantillon } from '../../../src/server/demo/aleatoire.js';

describe('creerAleatoire', () => {
  it('gives the same sequence for the same graine and another one for another graine', () => {
    const a = creerAleatoire('graine');
    const b = creerAleatoire('graine');
    const c = creerAleatoire('graine2');
    const sa = Array.from({ length: 50 }, () => a.suivant());
    const sb = Array.from({ length: 50 }, () => b.suivant());
    const sc = Array.from({ length: 50 }, () => c.suivant());
    expect(sa).toEqual(sb);
    expect(sa).not.toEqual(sc);
  });

  it('stays in [0, 1) and is roughly uniform', () => {
    const rng = creerAleatoire('uniforme');
    const cases = new Array<number>(10).fill(0);
    let dehors = 0;
    for (let i = 0; i < 100_000; i++) {
      const x = rng.suivant();
      if (!(x >= 0 && x < 1)) dehors++;
      else cases[Math.floor(x * 10)]! += 1;
    }
    expect(dehors).toBe(0);
    for (const n of cases) expect(Math.abs(n - 10_000)).toBeLessThan(500);
  });

  it('entier() covers both bounds and nothing outside', () => {
    const rng = creerAleatoire('entier');
    const vus = new Set<number>();
    for (let i = 0; i < 5_000; i++) {
      const n = rng.entier(-2, 3);
      expect(Number.isInteger(n)).toBe(true);
      vus.add(n);
    }
    expect([...vus].sort((x, y) => x - y)).toEqual([-2, -1, 0, 1, 2, 3]);
    expect(rng.entier(7, 7)).toBe(7);
    expect(() => rng.entier(3, 2)).toThrow(RangeError);
    const grand = rng.entier(0, 2 ** 40);
    expect(grand).toBeGreaterThanOrEqual(0);
    expect(grand).toBeLessThanOrEqual(2 ** 40);
  });

  it('choisir() returns every element eventually and refuses an empty list', () => {
    const rng = creerAleatoire('choisir');
    const vus = new Set<string>();
    for (let i = 0; i < 500; i++) vus.add(rng.choisir(['a', 'b', 'c']));
    expect(vus).toEqual(new Set(['a', 'b', 'c']));
    expect(() => rng.choisir([])).toThrow(RangeError);
  });

  it('choisirPondere() follows the weights and echantillon() draws distinct elements', () => {
    const rng = creerAleatoire('poids');
    let rares = 0;
    for (let i = 0; i < 10_000; i++) {
      if (
        choisirPondere(rng, [
          ['rare', 1],
          ['courant', 9],
          ['jamais', 0],
        ] as const) === 'rare'
      ) {
        rares++;
      }
    }
    expect(rares).toBeGreaterThan(800);
    expect(rares).toBeLessThan(1200);
    const e = echantillon(rng, [1, 2, 3, 4, 5], 3);
    expect(e).toHaveLength(3);
    expect(new Set(e).size).toBe(3);
    expect(echantillon(rng, [1, 2], 5).sort()).toEqual([1, 2]);
  });
});

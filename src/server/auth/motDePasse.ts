import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Memory-hard password hashing with scrypt (node:crypto). The stored string carries its own
 * parameters and salt, so they can be raised without invalidating existing hashes:
 * `scrypt$<N>$<r>$<p>$<salt base64>$<hash base64>`.
 */
export interface ParametresScrypt {
  N: number;
  r: number;
  p: number;
}

/** OWASP's current recommendation for scrypt (Password Storage Cheat Sheet): N=2^17, r=8, p=1. */
export const PARAMETRES_SCRYPT: ParametresScrypt = { N: 2 ** 17, r: 8, p: 1 };

/**
 * The parameters used before (N=2^14). Only the demo seed still writes them, on purpose: its
 * passwords are printed and saved in clear (identifiants.json), and hashing dozens of accounts at
 * 128 MiB and ~0.6 s each would slow every test and `npm start`. Such a hash is rehashed with
 * PARAMETRES_SCRYPT at the account's first successful login.
 */
export const PARAMETRES_SCRYPT_GRAINE: ParametresScrypt = { N: 2 ** 14, r: 8, p: 1 };

const LONGUEUR = 32;

/** Upper bounds on what a stored hash may ask for, so a corrupt row cannot exhaust memory. */
const MAX = { N: 2 ** 20, r: 32, p: 16 } as const;

function deriver(motDePasse: string, sel: Buffer, o: ParametresScrypt, longueur: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // scrypt needs 128·N·r bytes for its table plus 128·r·p for its blocks (128 MiB at N=2^17, r=8);
    // maxmem is that plus 1 MiB, not more, so a wrong parameter fails instead of swapping.
    const maxmem = 128 * o.r * (o.N + o.p) + 1024 * 1024;
    scrypt(motDePasse.normalize('NFC'), sel, longueur, { ...o, maxmem }, (erreur, cle) =>
      erreur ? reject(erreur) : resolve(cle),
    );
  });
}

export async function hacherMotDePasse(
  motDePasse: string,
  parametres: ParametresScrypt = PARAMETRES_SCRYPT,
): Promise<string> {
  const sel = randomBytes(16);
  const hache = await deriver(motDePasse, sel, parametres, LONGUEUR);
  return [
    'scrypt',
    parametres.N,
    parametres.r,
    parametres.p,
    sel.toString('base64'),
    hache.toString('base64'),
  ].join('$');
}

interface HacheLu extends ParametresScrypt {
  sel: Buffer;
  attendu: Buffer;
}

function lire(stocke: string): HacheLu | null {
  const morceaux = stocke.split('$');
  if (morceaux.length !== 6 || morceaux[0] !== 'scrypt') return null;
  const [, n, r, p, selB64, hacheB64] = morceaux as [string, string, string, string, string, string];
  const lu = {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    sel: Buffer.from(selB64, 'base64'),
    attendu: Buffer.from(hacheB64, 'base64'),
  };
  const puissanceDeDeux = Number.isInteger(lu.N) && lu.N > 1 && (lu.N & (lu.N - 1)) === 0;
  const borne = (x: number, max: number) => Number.isInteger(x) && x >= 1 && x <= max;
  if (!puissanceDeDeux || lu.N > MAX.N || !borne(lu.r, MAX.r) || !borne(lu.p, MAX.p)) return null;
  if (lu.attendu.length === 0 || lu.sel.length === 0) return null;
  return lu;
}

/** Constant-time comparison; a malformed stored hash simply never matches. */
export async function verifierMotDePasse(motDePasse: string, stocke: string): Promise<boolean> {
  const lu = lire(stocke);
  if (!lu) return false;
  const calcule = await deriver(motDePasse, lu.sel, lu, lu.attendu.length);
  return timingSafeEqual(calcule, lu.attendu);
}

/** True when the hash was made with weaker parameters than today's: rehash it at the next login. */
export function doitEtreRehache(stocke: string, parametres: ParametresScrypt = PARAMETRES_SCRYPT): boolean {
  const lu = lire(stocke);
  return !lu || lu.N < parametres.N || lu.r < parametres.r || lu.p < parametres.p;
}

/**
 * A valid hash of a random password, computed once: login checks unknown identifiants against it
 * so that "unknown user" costs the same time as "wrong password".
 */
let leurre: Promise<string> | undefined;
export function hacheLeurre(): Promise<string> {
  leurre ??= hacherMotDePasse(randomBytes(24).toString('base64'));
  return leurre;
}

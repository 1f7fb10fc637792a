import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Memory-hard password hashing with scrypt (node:crypto). The stored string carries its own
 * parameters and salt, so they can be raised later without invalidating existing hashes:
 * `scrypt$<N>$<r>$<p>$<salt base64>$<hash base64>`.
 */
const PARAMETRES = { N: 16384, r: 8, p: 1 } as const;
const LONGUEUR = 32;

function deriver(motDePasse: string, sel: Buffer, options: ScryptOptions, longueur: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // maxmem must cover 128 * N * r bytes (16 MiB for the defaults) with some headroom.
    const opts = { ...options, maxmem: 256 * (options.N ?? 16384) * (options.r ?? 8) };
    scrypt(motDePasse.normalize('NFC'), sel, longueur, opts, (erreur, cle) =>
      erreur ? reject(erreur) : resolve(cle),
    );
  });
}

export async function hacherMotDePasse(motDePasse: string): Promise<string> {
  const sel = randomBytes(16);
  const hache = await deriver(motDePasse, sel, PARAMETRES, LONGUEUR);
  return [
    'scrypt',
    PARAMETRES.N,
    PARAMETRES.r,
    PARAMETRES.p,
    sel.toString('base64'),
    hache.toString('base64'),
  ].join('$');
}

/** Constant-time comparison; a malformed stored hash simply never matches. */
export async function verifierMotDePasse(motDePasse: string, stocke: string): Promise<boolean> {
  const morceaux = stocke.split('$');
  if (morceaux.length !== 6 || morceaux[0] !== 'scrypt') return false;
  const [, n, r, p, selB64, hacheB64] = morceaux as [string, string, string, string, string, string];
  const attendu = Buffer.from(hacheB64, 'base64');
  if (attendu.length === 0) return false;
  const calcule = await deriver(
    motDePasse,
    Buffer.from(selB64, 'base64'),
    { N: Number(n), r: Number(r), p: Number(p) },
    attendu.length,
  );
  return timingSafeEqual(calcule, attendu);
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

import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * The local proof that lets read-only offline mode check a password without the guichet: scrypt of
 * the last password the guichet accepted, with a random salt. Whoever copies the profile's data
 * gets a costly hash to attack, never the password. Same parameters as the guichet (OWASP).
 */
const PARAMETRES = { N: 2 ** 17, r: 8, p: 1 } as const;
const LONGUEUR = 32;

const verificateurSchema = z.object({
  /** The account it was made for: a profile whose identifiant changed must log in online first. */
  identifiant: z.string(),
  N: z.number().int(),
  r: z.number().int(),
  p: z.number().int(),
  sel: z.string(),
  hache: z.string(),
});

function deriver(motDePasse: string, sel: Buffer, o: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // The table takes 128·N·r bytes (128 MiB here): maxmem just above it.
    const maxmem = 128 * o.r * (o.N + o.p) + 1024 * 1024;
    scrypt(motDePasse.normalize('NFC'), sel, LONGUEUR, { ...o, maxmem }, (e, cle) =>
      e ? reject(e) : resolve(cle),
    );
  });
}

/** What to store (JSON) after a successful online login. */
export async function creerVerificateur(identifiant: string, motDePasse: string): Promise<string> {
  const sel = randomBytes(16);
  const hache = await deriver(motDePasse, sel, PARAMETRES);
  return JSON.stringify({
    identifiant,
    ...PARAMETRES,
    sel: sel.toString('base64'),
    hache: hache.toString('base64'),
  });
}

export type ResultatVerification = 'valide' | 'incorrect' | 'absent';

/** `absent`: nothing to check against (never logged in online here, or another identifiant). */
export async function verifierHorsLigne(
  stocke: string | null,
  identifiant: string,
  motDePasse: string,
): Promise<ResultatVerification> {
  if (stocke === null) return 'absent';
  let v;
  try {
    v = verificateurSchema.parse(JSON.parse(stocke));
  } catch {
    return 'absent';
  }
  if (v.identifiant !== identifiant) return 'absent';
  // Only the parameters this version writes: a tampered row must not make scrypt allocate gigabytes.
  if (v.N !== PARAMETRES.N || v.r !== PARAMETRES.r || v.p !== PARAMETRES.p) return 'absent';
  const attendu = Buffer.from(v.hache, 'base64');
  const calcule = await deriver(motDePasse, Buffer.from(v.sel, 'base64'), v);
  return attendu.length === calcule.length && timingSafeEqual(attendu, calcule) ? 'valide' : 'incorrect';
}

/** Constant-time equality of two passwords (the typed one and the keychain's). */
export function memesMotsDePasse(a: string, b: string): boolean {
  const empreinte = (x: string) => createHash('sha256').update(x.normalize('NFC'), 'utf8').digest();
  return timingSafeEqual(empreinte(a), empreinte(b));
}

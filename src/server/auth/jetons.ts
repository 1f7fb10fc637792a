import { createHash, randomBytes } from 'node:crypto';

/** Opaque bearer token: 32 random bytes, base64url. Only its SHA-256 is ever stored. */
export function nouveauJeton(): string {
  return randomBytes(32).toString('base64url');
}

export function empreinteJeton(jeton: string): Buffer {
  return createHash('sha256').update(jeton, 'utf8').digest();
}

import { ErreurApi } from '../http/erreurs.js';

/**
 * The incremental listing's cursor: the last change sequence seen, base64url-encoded with a
 * version tag. Opaque to clients; kept short and checked on the way back.
 */
const PREFIXE = 'v1.';

export function encoderCurseur(seq: number): string {
  return Buffer.from(`${PREFIXE}${seq}`, 'utf8').toString('base64url');
}

export function decoderCurseur(curseur: string): number {
  if (curseur === '') return 0;
  const texte = Buffer.from(curseur, 'base64url').toString('utf8');
  const seq = texte.startsWith(PREFIXE) ? Number(texte.slice(PREFIXE.length)) : Number.NaN;
  if (!Number.isSafeInteger(seq) || seq < 0 || encoderCurseur(seq) !== curseur) {
    throw new ErreurApi(
      400,
      'curseur_invalide',
      "Le curseur fourni n'a pas été produit par ce guichet : recommencez sans curseur.",
    );
  }
  return seq;
}

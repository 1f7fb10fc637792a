/** A byte range resolved against a representation of `taille` bytes (inclusive bounds). */
export interface Plage {
  debut: number;
  fin: number;
}

/**
 * Parses a `Range` header (RFC 9110 §14.2). Returns null to serve the whole representation (no
 * header, another unit, malformed or several ranges: ignoring Range is always allowed), or
 * 'insatisfiable' when the single range starts past the end.
 */
export function analyserPlage(entete: string | undefined, taille: number): Plage | 'insatisfiable' | null {
  if (!entete) return null;
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(entete);
  if (!m) return null;
  const [, a = '', b = ''] = m;
  if (a === '' && b === '') return null;
  if (a === '') {
    // Suffix range: the last n bytes.
    const n = Number(b);
    if (n === 0) return 'insatisfiable';
    return { debut: Math.max(0, taille - n), fin: taille - 1 };
  }
  const debut = Number(a);
  const fin = b === '' ? taille - 1 : Math.min(Number(b), taille - 1);
  if (b !== '' && Number(b) < debut) return null;
  if (debut >= taille) return 'insatisfiable';
  return { debut, fin };
}

/** `If-None-Match` (weak comparison, as RFC 9110 requires for this header). */
export function correspondEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const nu = (e: string) => e.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((e) => nu(e) === nu(etag));
}

/**
 * Checks a file's bytes against a declared MIME type: the name and the client's Content-Type are
 * not trusted. Unknown types are refused (a slot only lists types this server can check).
 */
type Verificateur = (o: Uint8Array) => boolean;

const commencePar = (o: Uint8Array, signature: readonly number[]) => signature.every((b, i) => o[i] === b);
const ascii = (texte: string) => [...texte].map((c) => c.charCodeAt(0));

const estPdf: Verificateur = (o) => {
  if (!commencePar(o, ascii('%PDF-'))) return false;
  // The trailer marker must be in the last kilobyte (trailing whitespace or junk is tolerated).
  const fin = Buffer.from(o.subarray(Math.max(0, o.length - 1024))).toString('latin1');
  return fin.includes('%%EOF');
};
const estZip: Verificateur = (o) => commencePar(o, [0x50, 0x4b, 0x03, 0x04]);

const VERIFICATEURS: Readonly<Record<string, Verificateur>> = {
  'application/pdf': estPdf,
  'image/png': (o) => commencePar(o, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  'image/jpeg': (o) => commencePar(o, [0xff, 0xd8, 0xff]),
  // Office Open XML and OpenDocument files are zips.
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': estZip,
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': estZip,
  'application/vnd.oasis.opendocument.text': estZip,
};

/** Every type this server can recognise by content, the most specific first (Office files are zips). */
export const FORMATS_RECONNUS: readonly string[] = Object.keys(VERIFICATEURS);

/** The first accepted type the bytes really are, or null. */
export function formatReconnu(octets: Uint8Array, acceptes: readonly string[]): string | null {
  return acceptes.find((type) => VERIFICATEURS[type]?.(octets) ?? false) ?? null;
}

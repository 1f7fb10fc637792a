import { FORMATS_RECONNUS, formatReconnu } from '../dossiers/formats.js';

/**
 * What the bytes are, by content: a citizen's file is stored whatever it is, with this type, and
 * served as such (never the name's nor the sender's claim). Unknown → application/octet-stream.
 */
export function typeDetecte(octets: Uint8Array): string {
  return formatReconnu(octets, FORMATS_RECONNUS) ?? 'application/octet-stream';
}

const latin1 = (o: Uint8Array, debut: number, fin: number) =>
  Buffer.from(o.buffer, o.byteOffset, o.byteLength).toString('latin1', debut, fin);

/** Markup a browser would sniff as a page (HTML, SVG, script) near the start of a file. */
const BALISES = /<\s*(!doctype|html|head|body|script|svg|iframe|object|embed|meta|\?xml)\b/i;
/** PDF features that run or carry something when opened. */
const PDF_ACTIF = /\/(JavaScript|JS|Launch|EmbeddedFiles?|RichMedia|XFA|OpenAction|AA)\b/;
/** End of a zip's central directory: an archive appended to an image or a PDF. */
const FIN_ZIP = Buffer.from([0x50, 0x4b, 0x05, 0x06]);

/**
 * Why a file that passed its format check is still refused from the agent's side: a polyglot (a
 * PDF or an image that is also a page or an archive) or a PDF with active content. Null: clean.
 */
export function contenuSuspect(octets: Uint8Array, type: string): string | null {
  if (BALISES.test(latin1(octets, 0, Math.min(octets.length, 1024)))) {
    return 'le fichier contient du HTML ou du script';
  }
  if (!type.includes('zip') && !type.includes('officedocument') && !type.includes('opendocument')) {
    const queue = Buffer.from(octets.buffer, octets.byteOffset, octets.byteLength).subarray(
      Math.max(0, octets.length - 65_557),
    );
    if (queue.includes(FIN_ZIP)) return 'le fichier contient une archive cachée';
  }
  if (type === 'application/pdf' && PDF_ACTIF.test(latin1(octets, 0, octets.length))) {
    return 'le PDF contient du contenu actif (script, lancement, fichier incorporé)';
  }
  return null;
}

/** Bytes needed by `devinerType`. */
export const OCTETS_SIGNATURE = 16;

const BUREAUTIQUE: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
};
const OLE: Record<string, string> = {
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  ppt: 'application/vnd.ms-powerpoint',
};

function commencePar(b: Buffer, signature: readonly number[]): boolean {
  return b.length >= signature.length && signature.every((o, i) => b[i] === o);
}

/**
 * MIME type from the first bytes, never from the name alone: the names come from the guichet and
 * a `.pdf` may be anything. The extension only refines a container already recognised by content
 * (an Office document is a zip or an OLE file).
 */
export function devinerType(debut: Buffer, nom: string): string {
  const ext = /\.([A-Za-z0-9]{1,5})$/.exec(nom)?.[1]?.toLowerCase() ?? '';
  if (commencePar(debut, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  if (commencePar(debut, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (commencePar(debut, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (commencePar(debut, [0x47, 0x49, 0x46, 0x38])) return 'image/gif';
  if (commencePar(debut, [0x50, 0x4b, 0x03, 0x04]) || commencePar(debut, [0x50, 0x4b, 0x05, 0x06])) {
    return BUREAUTIQUE[ext] ?? 'application/zip';
  }
  if (commencePar(debut, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))
    return OLE[ext] ?? 'application/x-ole-storage';
  const texte = debut
    .toString('latin1')
    .replace(/^\uFEFF|^ï»¿/, '')
    .trimStart();
  if (texte.startsWith('<?xml')) return 'application/xml';
  return 'application/octet-stream';
}

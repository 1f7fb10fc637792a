import yazl from 'yazl';

export interface EntreeArchive {
  nom: string;
  contenu: Uint8Array;
}

/**
 * Fixed entry date. Built with the local-time constructor because ZIP's DOS timestamp is local
 * time: the DOS fields are then identical in every time zone, and `forceDosTimestamp` leaves out
 * the UTC "extended timestamp" field that would differ.
 */
const DATE_FIXE = new Date(2020, 0, 1, 0, 0, 0);

/**
 * A deterministic zip: fixed order (the caller's), fixed date and mode, no compression (the
 * entries are PDFs and images that do not shrink, and STORE keeps the bytes independent of the
 * zlib version). The same entries always give the same bytes.
 */
export function construireZip(entrees: readonly EntreeArchive[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const zip = new yazl.ZipFile();
    for (const e of entrees) {
      zip.addBuffer(Buffer.from(e.contenu.buffer, e.contenu.byteOffset, e.contenu.byteLength), e.nom, {
        mtime: DATE_FIXE,
        mode: 0o100644,
        compress: false,
        forceDosTimestamp: true,
      });
    }
    zip.end();
    const morceaux: Buffer[] = [];
    zip.outputStream.on('data', (m: Buffer) => morceaux.push(m));
    zip.outputStream.on('error', reject);
    zip.outputStream.on('end', () => resolve(Buffer.concat(morceaux)));
  });
}

import { hacherFichier } from './disque.js';

/** True when the file exists and its SHA-256 is `sha256` (hex, any case). */
export async function verifierArchive(cheminZip: string, sha256: string): Promise<boolean> {
  try {
    const { hash } = await hacherFichier(cheminZip);
    return hash.digest('hex') === sha256.toLowerCase();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

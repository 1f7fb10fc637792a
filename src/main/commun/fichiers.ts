import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Writes a file atomically: temp file in the same folder, fsync, rename, fsync of the folder. */
export function ecrireAtomique(chemin: string, contenu: string | Uint8Array): void {
  const dossier = path.dirname(chemin);
  fs.mkdirSync(dossier, { recursive: true });
  const temp = path.join(dossier, `.${path.basename(chemin)}.${randomUUID()}.tmp`);
  const fd = fs.openSync(temp, 'w', 0o600);
  try {
    fs.writeFileSync(fd, contenu);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temp, chemin);
  synchroniserDossier(dossier);
}

export function synchroniserDossier(dossier: string): void {
  try {
    const fd = fs.openSync(dossier, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Some platforms (Windows) cannot fsync a directory; the rename is still atomic there.
  }
}

export function lireJsonSiExiste<T>(chemin: string): T | null {
  try {
    return JSON.parse(fs.readFileSync(chemin, 'utf8')) as T;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

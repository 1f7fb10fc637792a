import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Writes a file atomically: temp file in the same folder, fsync, rename, fsync of the folder. The
 * file is whole or absent, never half; a failed write leaves no temp file behind. Private by
 * default (0o600); a file meant for others (an exported register) passes its own mode.
 */
export function ecrireAtomique(chemin: string, contenu: string | Uint8Array, mode = 0o600): void {
  const dossier = path.dirname(chemin);
  fs.mkdirSync(dossier, { recursive: true });
  const temp = path.join(dossier, `.${path.basename(chemin)}.${randomUUID()}.tmp`);
  try {
    const fd = fs.openSync(temp, 'wx', mode);
    try {
      fs.writeFileSync(fd, contenu);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, chemin);
  } catch (e) {
    fs.rmSync(temp, { force: true });
    throw e;
  }
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

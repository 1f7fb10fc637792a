import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';

/** Feeds a file into `hash` (a fresh SHA-256 by default) by streaming; returns the hash and size. */
export async function hacherFichier(
  chemin: string,
  hash: Hash = createHash('sha256'),
): Promise<{ hash: Hash; taille: number }> {
  let taille = 0;
  for await (const morceau of createReadStream(chemin, { highWaterMark: 1 << 20 })) {
    const b = morceau as Buffer;
    hash.update(b);
    taille += b.length;
  }
  return { hash, taille };
}

/** Size of a file, or null when it does not exist. */
export async function tailleSiExiste(chemin: string): Promise<number | null> {
  try {
    const s = await fs.stat(chemin);
    return s.isFile() ? s.size : null;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

export async function supprimerSiExiste(chemin: string): Promise<void> {
  await fs.rm(chemin, { force: true });
}

/** mkdir -p once per folder per batch: 2,000 archives land in a handful of folders. */
export class DossiersCrees {
  private readonly faits = new Map<string, Promise<void>>();

  assurer(dossier: string): Promise<void> {
    let p = this.faits.get(dossier);
    if (!p) {
      p = fs.mkdir(dossier, { recursive: true }).then(() => undefined);
      p.catch(() => this.faits.delete(dossier));
      this.faits.set(dossier, p);
    }
    return p;
  }
}

/**
 * fsync of a directory after renames, grouped: renames that happen while an fsync of the same
 * folder is running share the next one. Every caller still waits for an fsync that started after
 * its own rename, so durability is the same as one fsync per file, at a fraction of the cost.
 */
export class SynchroDossiers {
  private readonly etats = new Map<
    string,
    { enCours: Promise<void> | null; suivant: Promise<void> | null }
  >();

  synchroniser(dossier: string): Promise<void> {
    let etat = this.etats.get(dossier);
    if (!etat) {
      etat = { enCours: null, suivant: null };
      this.etats.set(dossier, etat);
    }
    const e = etat;
    if (!e.enCours) {
      e.enCours = fsyncDossier(dossier).finally(() => {
        e.enCours = null;
      });
      return e.enCours;
    }
    // An fsync is running but may have started before our rename: queue exactly one more.
    e.suivant ??= e.enCours
      .catch(() => undefined)
      .then(() => {
        e.suivant = null;
        return this.synchroniser(dossier);
      });
    return e.suivant;
  }
}

async function fsyncDossier(dossier: string): Promise<void> {
  // Windows cannot open a directory for fsync; NTFS journals the rename itself.
  if (process.platform === 'win32') return;
  const h = await fs.open(dossier, 'r');
  try {
    await h.sync();
  } finally {
    await h.close();
  }
}

/**
 * What each target folder held when the batch started, read once per folder: two `stat` per
 * archive (final file, part) cost more than the download of a small archive on a busy disk.
 * Only answers "may exist"; a true answer is always confirmed on the file itself.
 */
export class InventaireDossiers {
  private readonly listes = new Map<string, Promise<Set<string> | null>>();

  peutContenir(dossier: string, nom: string): Promise<boolean> {
    let liste = this.listes.get(dossier);
    if (!liste) {
      liste = fs.readdir(dossier).then(
        (noms) => new Set(noms),
        (e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? new Set<string>() : null),
      );
      this.listes.set(dossier, liste);
    }
    // null: the folder could not be listed, so we cannot rule anything out.
    return liste.then((s) => s === null || s.has(nom));
  }
}

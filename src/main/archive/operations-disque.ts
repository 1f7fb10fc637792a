import { close, open, write } from 'node:fs';
import fs from 'node:fs/promises';
import { Worker } from 'node:worker_threads';

/**
 * The file operations of the group-commit writer, on whole lists at once. Result per item: null
 * when done, or the error (the part is then removed).
 */
export interface ErreurOperation {
  code: string | undefined;
  message: string;
}
export type Resultats = (ErreurOperation | null)[];

export interface OperationsDisque {
  /** Writes each part (no fsync: durability is the group's job). */
  ecrireParts(travaux: { part: string; donnees: Buffer; ajout: boolean }[]): Promise<Resultats>;
  fsyncFichiers(chemins: string[]): Promise<Resultats>;
  /** Renames each part to its final name, then fsyncs the given folders (errors ignored there). */
  renommer(travaux: { part: string; final: string }[], dossiers: string[]): Promise<Resultats>;
  fermer(): Promise<void>;
}

/**
 * The writer thread's code, plain JavaScript run by `new Worker(..., { eval: true })`: no separate
 * file to locate, so it works the same under tsx, vitest and the bundled Electron app.
 */
const CODE_FIL = `
const fs = require('node:fs');
const { parentPort } = require('node:worker_threads');
const erreur = (e) => ({ code: e && e.code, message: String(e && e.message) });
const retirer = (p) => { try { fs.rmSync(p, { force: true }); } catch {} };
function fsyncChemin(p, mode) { const fd = fs.openSync(p, mode); try { fs.fsyncSync(fd); } finally { fs.closeSync(fd); } }
parentPort.on('message', (m) => {
  const r = [];
  if (m.type === 'ecrire') {
    for (const t of m.travaux) {
      let fd = null;
      try {
        fd = fs.openSync(t.part, t.ajout ? 'a' : 'w');
        let n = 0;
        while (n < t.donnees.length) n += fs.writeSync(fd, t.donnees, n, t.donnees.length - n);
        fs.closeSync(fd);
        fd = null;
        r.push(null);
      } catch (e) {
        if (fd !== null) { try { fs.closeSync(fd); } catch {} }
        retirer(t.part);
        r.push(erreur(e));
      }
    }
  } else if (m.type === 'fsync') {
    for (const p of m.chemins) { try { fsyncChemin(p, 'r+'); r.push(null); } catch (e) { retirer(p); r.push(erreur(e)); } }
  } else if (m.type === 'renommer') {
    for (const t of m.travaux) { try { fs.renameSync(t.part, t.final); r.push(null); } catch (e) { retirer(t.part); r.push(erreur(e)); } }
    if (process.platform !== 'win32') for (const d of m.dossiers) { try { fsyncChemin(d, 'r'); } catch {} }
  }
  parentPort.postMessage({ n: m.n, r });
});
`;

/**
 * One thread doing plain synchronous calls, a list per message. Measured on the benchmark VM: each
 * asynchronous fs call costs the main thread ~0.1 ms of hand-off to the libuv pool (open, write,
 * close, rename: four per archive), more than the download of a small archive; here an archive
 * costs a share of one message.
 */
export class OperationsFil implements OperationsDisque {
  private readonly fil: Worker;
  private prochain = 1;
  private readonly attentes = new Map<
    number,
    { resolve: (r: Resultats) => void; reject: (e: Error) => void }
  >();
  private panne: Error | null = null;

  constructor() {
    this.fil = new Worker(CODE_FIL, { eval: true });
    this.fil.on('message', (m: { n: number; r: Resultats }) => {
      const a = this.attentes.get(m.n);
      this.attentes.delete(m.n);
      a?.resolve(m.r);
    });
    const echouer = (e: Error): void => {
      this.panne = e;
      for (const a of this.attentes.values()) a.reject(e);
      this.attentes.clear();
    };
    this.fil.on('error', echouer);
    this.fil.on('exit', () => echouer(new Error("Le fil d'écriture des archives s'est arrêté.")));
  }

  /** The thread died (out of memory, killed): the caller switches to `OperationsAsync`. */
  get enPanne(): boolean {
    return this.panne !== null;
  }

  private envoyer(message: Record<string, unknown>, transferes: ArrayBuffer[] = []): Promise<Resultats> {
    if (this.panne) return Promise.reject(this.panne);
    const n = this.prochain++;
    return new Promise((resolve, reject) => {
      this.attentes.set(n, { resolve, reject });
      this.fil.postMessage({ ...message, n }, transferes);
    });
  }

  ecrireParts(travaux: { part: string; donnees: Buffer; ajout: boolean }[]): Promise<Resultats> {
    // A received chunk is usually a view into the socket's 64 KiB read buffer, and cloning a view
    // copies its whole buffer (measured: postMessage became the main thread's biggest cost under
    // load). Each archive's bytes are copied once into a buffer of their own, then moved, not cloned.
    const copies = travaux.map((t) => ({ part: t.part, donnees: new Uint8Array(t.donnees), ajout: t.ajout }));
    return this.envoyer(
      { type: 'ecrire', travaux: copies },
      copies.map((c) => c.donnees.buffer),
    );
  }

  fsyncFichiers(chemins: string[]): Promise<Resultats> {
    return this.envoyer({ type: 'fsync', chemins });
  }

  renommer(travaux: { part: string; final: string }[], dossiers: string[]): Promise<Resultats> {
    return this.envoyer({ type: 'renommer', travaux, dossiers });
  }

  async fermer(): Promise<void> {
    this.fil.removeAllListeners('exit');
    await this.fil.terminate();
  }
}

/** Same operations on the libuv pool, for hosts where a thread cannot be started. */
export class OperationsAsync implements OperationsDisque {
  async ecrireParts(travaux: { part: string; donnees: Buffer; ajout: boolean }[]): Promise<Resultats> {
    return Promise.all(
      travaux.map((t) =>
        ecrirePart(t).then(
          () => null,
          async (e: unknown) => {
            await fs.rm(t.part, { force: true }).catch(() => undefined);
            return versErreur(e);
          },
        ),
      ),
    );
  }

  async fsyncFichiers(chemins: string[]): Promise<Resultats> {
    return Promise.all(
      chemins.map((c) =>
        fsyncChemin(c, 'r+').then(
          () => null,
          async (e: unknown) => {
            await fs.rm(c, { force: true }).catch(() => undefined);
            return versErreur(e);
          },
        ),
      ),
    );
  }

  async renommer(travaux: { part: string; final: string }[], dossiers: string[]): Promise<Resultats> {
    const r = await Promise.all(
      travaux.map((t) =>
        fs.rename(t.part, t.final).then(
          () => null,
          async (e: unknown) => {
            await fs.rm(t.part, { force: true }).catch(() => undefined);
            return versErreur(e);
          },
        ),
      ),
    );
    // Windows cannot open a folder for fsync; a share or FAT volume may refuse it: ignored.
    if (process.platform !== 'win32')
      await Promise.all(dossiers.map((d) => fsyncChemin(d, 'r').catch(() => undefined)));
    return r;
  }

  async fermer(): Promise<void> {}
}

function versErreur(e: unknown): ErreurOperation {
  const err = e as NodeJS.ErrnoException;
  return { code: err?.code, message: err?.message ?? String(e) };
}

/** open/write/close with the callback API: one promise per part instead of a FileHandle and three. */
function ecrirePart(t: { part: string; donnees: Buffer; ajout: boolean }): Promise<void> {
  return new Promise((resolve, reject) => {
    open(t.part, t.ajout ? 'a' : 'w', (e, fd) => {
      if (e) return reject(e);
      const echouer = (err: unknown): void => close(fd, () => reject(err));
      const ecrireDepuis = (position: number): void => {
        write(fd, t.donnees, position, t.donnees.length - position, null, (err, n) => {
          if (err) return echouer(err);
          if (position + n < t.donnees.length) return ecrireDepuis(position + n);
          close(fd, (errClose) => (errClose ? echouer(errClose) : resolve()));
        });
      };
      ecrireDepuis(0);
    });
  });
}

/** Files need write access for FlushFileBuffers on Windows; folders are opened read-only. */
async function fsyncChemin(chemin: string, mode: 'r' | 'r+'): Promise<void> {
  const fh = await fs.open(chemin, mode);
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

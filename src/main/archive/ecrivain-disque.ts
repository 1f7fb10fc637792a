import fs from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { SynchroDossiers } from './disque.js';

/**
 * Writes complete small archives to disk off the main thread: open, write, fsync, close, rename,
 * then one fsync of the folder for every group of renames. Why threads: each fsync blocks a libuv
 * pool thread for milliseconds, and that pool (4 threads) also serves every other file operation
 * of the process; with thousands of 10–20 KiB archives the disk, not the network, set the pace.
 * Dedicated threads doing plain synchronous calls let fsyncs run side by side (the journal commits
 * them together) while the download slots move on to the next archive.
 */
export interface TravailEcriture {
  part: string;
  final: string;
  dossier: string;
  donnees: Buffer;
  /** Append to an existing part (resume) instead of creating it. */
  ajout: boolean;
}

export class ErreurEcritureDisque extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'ErreurEcritureDisque';
  }
}

interface Reponse {
  id: number;
  ok: boolean;
  code?: string;
  message?: string;
}

/**
 * The thread's code, plain JavaScript evaluated by `new Worker(..., { eval: true })`: no separate
 * file to locate, which keeps it working the same under tsx, vitest and the bundled Electron app.
 */
const CODE_THREAD = `
const fs = require('node:fs');
const { parentPort } = require('node:worker_threads');
let enAttente = [];
const dossiers = new Set();
let planifie = false;
function vider() {
  planifie = false;
  if (process.platform !== 'win32') {
    for (const d of dossiers) {
      // A share or FAT volume may refuse a folder fsync: the file itself is already synced and renamed.
      try { const fd = fs.openSync(d, 'r'); try { fs.fsyncSync(fd); } finally { fs.closeSync(fd); } } catch {}
    }
  }
  dossiers.clear();
  const prets = enAttente;
  enAttente = [];
  for (const id of prets) parentPort.postMessage({ id, ok: true });
}
parentPort.on('message', (t) => {
  let fd = null;
  try {
    fd = fs.openSync(t.part, t.ajout ? 'a' : 'w');
    const b = Buffer.from(t.donnees.buffer, t.donnees.byteOffset, t.donnees.byteLength);
    let ecrits = 0;
    while (ecrits < b.length) ecrits += fs.writeSync(fd, b, ecrits, b.length - ecrits);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = null;
    fs.renameSync(t.part, t.final);
    dossiers.add(t.dossier);
    enAttente.push(t.id);
    // Messages already queued are handled before this runs: their renames share one folder fsync.
    if (!planifie) { planifie = true; setImmediate(vider); }
  } catch (e) {
    if (fd !== null) { try { fs.closeSync(fd); } catch {} }
    try { fs.rmSync(t.part, { force: true }); } catch {}
    parentPort.postMessage({ id: t.id, ok: false, code: e && e.code, message: String(e && e.message) });
  }
});
`;

interface Fil {
  worker: Worker;
  enCours: number;
}

export class EcrivainDisque {
  private readonly fils: Fil[] = [];
  private readonly attentes = new Map<
    number,
    { resolve: () => void; reject: (e: Error) => void; fil: Fil | null }
  >();
  private prochainId = 1;
  private sansThread = false;
  private readonly synchro = new SynchroDossiers();

  constructor(private readonly filsMax: number) {}

  ecrire(t: TravailEcriture): Promise<void> {
    if (this.sansThread) return this.ecrireIci(t);
    let fil: Fil | undefined;
    try {
      fil = this.choisirFil();
    } catch {
      // Threads unavailable in this host: same guarantees, on the libuv pool.
      this.sansThread = true;
      return this.ecrireIci(t);
    }
    const id = this.prochainId++;
    const f = fil;
    f.enCours++;
    return new Promise<void>((resolve, reject) => {
      this.attentes.set(id, { resolve, reject, fil: f });
      f.worker.postMessage({
        id,
        part: t.part,
        final: t.final,
        dossier: t.dossier,
        donnees: t.donnees,
        ajout: t.ajout,
      });
    });
  }

  private choisirFil(): Fil {
    const libre = this.fils.find((f) => f.enCours === 0);
    if (libre) return libre;
    if (this.fils.length < this.filsMax) {
      const worker = new Worker(CODE_THREAD, { eval: true });
      const fil: Fil = { worker, enCours: 0 };
      worker.on('message', (r: Reponse) => this.surReponse(fil, r));
      worker.on('error', (e) => this.surPanne(fil, e));
      this.fils.push(fil);
      return fil;
    }
    return this.fils.reduce((a, b) => (b.enCours < a.enCours ? b : a));
  }

  private surReponse(fil: Fil, r: Reponse): void {
    const a = this.attentes.get(r.id);
    if (!a) return;
    this.attentes.delete(r.id);
    fil.enCours--;
    if (r.ok) a.resolve();
    else a.reject(new ErreurEcritureDisque(r.message ?? 'erreur disque', r.code));
  }

  private surPanne(fil: Fil, e: Error): void {
    for (const [id, a] of this.attentes) {
      if (a.fil === fil) {
        this.attentes.delete(id);
        a.reject(new ErreurEcritureDisque(e.message, undefined));
      }
    }
    const i = this.fils.indexOf(fil);
    if (i >= 0) this.fils.splice(i, 1);
  }

  private async ecrireIci(t: TravailEcriture): Promise<void> {
    let fh: fs.FileHandle | null = null;
    try {
      fh = await fs.open(t.part, t.ajout ? 'a' : 'w');
      await fh.write(t.donnees, 0, t.donnees.length);
      await fh.sync();
      await fh.close();
      fh = null;
      await fs.rename(t.part, t.final);
    } catch (e) {
      await fh?.close().catch(() => undefined);
      await fs.rm(t.part, { force: true }).catch(() => undefined);
      const err = e as NodeJS.ErrnoException;
      throw new ErreurEcritureDisque(err.message, err.code);
    }
    await this.synchro.synchroniser(t.dossier).catch(() => undefined);
  }

  async fermer(): Promise<void> {
    await Promise.all(this.fils.map((f) => f.worker.terminate()));
    this.fils.length = 0;
  }
}

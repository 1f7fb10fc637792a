/**
 * The demo clock file (`serve --horloge-fichier`, written by `guichet horloge`): a running
 * server's "now" moves without a restart. The file's first line that is neither blank nor a
 * `#` comment is either
 *   - an offset from the machine's clock: `+31j`, `-2h`, `+2678400000ms` (units j, h, min, s, ms);
 *   - or an ISO 8601 date-time with its zone (`2026-12-31T08:00:00+01:00`): the guichet's time
 *     when the file was last modified (its mtime), the clock running on from there.
 * Either way the guichet's clock is the machine's plus a fixed offset, so it keeps running.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { iso, JOUR_MS, type Horloge } from './horloge.js';
import type { Journal } from './journal.js';

const UNITES_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  min: 60 * 1000,
  h: 60 * 60 * 1000,
  j: JOUR_MS,
};

const DATE_ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * A strict ISO 8601 date-time with a zone (no silent roll-over: 2026-02-30 is refused, where
 * `new Date` would give 2 March). Milliseconds since the epoch, or null.
 */
export function analyserDateIso(texte: string): number | null {
  const m = DATE_ISO.exec(texte.trim());
  if (!m) return null;
  const [a, mo, j, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (mo < 1 || mo > 12 || j < 1 || h > 23 || mi > 59 || s > 59) return null;
  const jour = new Date(Date.UTC(a, mo - 1, j));
  if (jour.getUTCMonth() !== mo - 1 || jour.getUTCDate() !== j) return null;
  const zone = m[8]!.toUpperCase();
  if (zone !== 'Z' && (Number(zone.slice(1, 3)) > 23 || Number(zone.slice(4, 6)) > 59)) return null;
  const ms = Date.parse(texte.trim());
  return Number.isNaN(ms) ? null : ms;
}

/** `+31j`, `-12h`, `+1.5j`, `+2678400000ms` → milliseconds, or null. */
export function analyserDecalage(texte: string): number | null {
  const m = /^([+-])\s*(\d+(?:\.\d+)?)\s*(ms|s|min|h|j)$/i.exec(texte.trim());
  if (!m) return null;
  const ms = Number(m[2]) * UNITES_MS[m[3]!.toLowerCase()]!;
  if (!Number.isFinite(ms)) return null;
  return Math.round(m[1] === '-' ? -ms : ms);
}

export class ErreurFichierHorloge extends Error {}

const FORMAT_ATTENDU =
  'attendu un décalage par rapport à l’heure de la machine (+31j, -2h, +90min) ou une date ISO 8601 avec fuseau (2026-12-31T08:00:00+01:00)';

/** The offset (ms, from the machine's clock) a file's content gives; `mtimeMs` anchors a date. */
export function decalageDuContenu(contenu: string, mtimeMs: number, fichier: string): number {
  const ligne = contenu
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l !== '' && !l.startsWith('#'));
  if (ligne === undefined)
    throw new ErreurFichierHorloge(`Le fichier d'horloge ${fichier} est vide : ${FORMAT_ATTENDU}.`);
  const decalage = analyserDecalage(ligne);
  if (decalage !== null) return decalage;
  const date = analyserDateIso(ligne);
  if (date !== null) return date - Math.round(mtimeMs);
  throw new ErreurFichierHorloge(
    `Le fichier d'horloge ${fichier} contient « ${ligne.slice(0, 80)} » : ${FORMAT_ATTENDU}.`,
  );
}

/** The file's offset, or undefined when it does not exist (the machine's clock, then). */
export function lireDecalage(fichier: string): number | undefined {
  let contenu: string;
  let mtimeMs: number;
  try {
    const fd = fs.openSync(fichier, 'r');
    try {
      mtimeMs = fs.fstatSync(fd).mtimeMs;
      contenu = fs.readFileSync(fd, 'utf8');
    } finally {
      fs.closeSync(fd);
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ErreurFichierHorloge(
      `Impossible de lire le fichier d'horloge ${fichier} : ${(e as Error).message}`,
    );
  }
  return decalageDuContenu(contenu, mtimeMs, fichier);
}

/** "Now" according to the file (the machine's clock when it does not exist). */
export function maintenantSelonFichier(fichier: string): Date {
  return new Date(Date.now() + (lireDecalage(fichier) ?? 0));
}

/** `+30 j 4 h 12 min` — for messages. */
export function decrireDecalage(ms: number): string {
  const signe = ms < 0 ? '-' : '+';
  let reste = Math.round(Math.abs(ms) / 1000);
  const parties: string[] = [];
  for (const [unite, secondes] of [
    ['j', 86400],
    ['h', 3600],
    ['min', 60],
    ['s', 1],
  ] as const) {
    const n = Math.floor(reste / secondes);
    reste -= n * secondes;
    if (n > 0) parties.push(`${n} ${unite}`);
  }
  return parties.length === 0 ? 'heure de la machine' : `machine ${signe} ${parties.join(' ')}`;
}

/**
 * Writes an offset atomically: a temporary file in the same folder, fsync, rename over the old
 * one, fsync of the folder. A reader sees the old content or the new, never half of it.
 */
export function ecrireDecalage(fichier: string, decalageMs: number, maintenantMachine = Date.now()): void {
  const dossier = path.dirname(path.resolve(fichier));
  const temporaire = path.join(dossier, `.${path.basename(fichier)}.${randomBytes(6).toString('hex')}.tmp`);
  const contenu =
    `${decalageMs < 0 ? '-' : '+'}${Math.abs(Math.round(decalageMs))}ms\n` +
    `# Horloge du guichet : décalage par rapport à l'heure de la machine (${decrireDecalage(decalageMs)}).\n` +
    `# Écrit le ${iso(maintenantMachine)} (heure de la machine) : le guichet était alors au ${iso(maintenantMachine + decalageMs)}.\n`;
  const fd = fs.openSync(temporaire, 'wx', 0o644);
  try {
    try {
      fs.writeFileSync(fd, contenu, 'utf8');
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temporaire, fichier);
  } catch (e) {
    fs.rmSync(temporaire, { force: true });
    throw e;
  }
  try {
    const fdDossier = fs.openSync(dossier, 'r');
    try {
      fs.fsyncSync(fdDossier);
    } finally {
      fs.closeSync(fdDossier);
    }
  } catch {
    // Some systems (Windows) cannot fsync a folder; the rename itself is still atomic.
  }
}

export interface ChangementHorloge {
  avantMs: number;
  apresMs: number;
}

/**
 * A server clock that follows the file. `maintenant()` is cheap (the cached offset);
 * `verifier()` — called before each request, on each change the folder watch reports and by
 * the purge schedule — stats the file and re-reads it only when it changed.
 */
export class HorlogeFichier {
  private decalageMs = 0;
  private signature = '';
  private surveillance: fs.FSWatcher | undefined;
  readonly fichier: string;

  /** Throws (in French) when the folder does not exist or the file is unreadable at start. */
  constructor(
    fichier: string,
    private readonly journal: Journal,
  ) {
    this.fichier = path.resolve(fichier);
    const dossier = path.dirname(this.fichier);
    if (!fs.existsSync(dossier) || !fs.statSync(dossier).isDirectory())
      throw new ErreurFichierHorloge(`Le dossier du fichier d'horloge n'existe pas : ${dossier}`);
    this.signature = this.signatureActuelle();
    this.decalageMs = lireDecalage(this.fichier) ?? 0;
  }

  readonly maintenant: Horloge = () => new Date(Date.now() + this.decalageMs);

  get decalage(): number {
    return this.decalageMs;
  }

  private signatureActuelle(): string {
    try {
      const s = fs.statSync(this.fichier, { bigint: true });
      return `${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
      return `erreur:${(e as NodeJS.ErrnoException).code ?? ''}`;
    }
  }

  /** Re-reads the file if it changed; returns the change of the clock, if any. */
  verifier(): ChangementHorloge | null {
    const signature = this.signatureActuelle();
    if (signature === this.signature) return null;
    this.signature = signature;
    let decalage: number;
    try {
      decalage = lireDecalage(this.fichier) ?? 0;
    } catch (e) {
      this.journal.avertir(
        `${(e as Error).message} — le guichet garde son horloge (${iso(this.maintenant().getTime())}).`,
      );
      return null;
    }
    if (decalage === this.decalageMs) return null;
    const machine = Date.now();
    const changement = { avantMs: machine + this.decalageMs, apresMs: machine + decalage };
    this.decalageMs = decalage;
    const ecart = decrireDecalage(changement.apresMs - changement.avantMs).replace(/^machine /, '');
    const message = `Horloge du guichet : ${iso(changement.apresMs)} (${decrireDecalage(decalage)}), ${ecart} depuis ${this.fichier}`;
    // Time never goes backwards silently.
    if (changement.apresMs < changement.avantMs) this.journal.avertir(`${message} — l'horloge RECULE.`);
    else this.journal.info(message);
    return changement;
  }

  /** Calls `quand` after every change of the clock the folder watch reports (returns at once). */
  surveiller(quand: (c: ChangementHorloge) => void): void {
    const nom = path.basename(this.fichier);
    try {
      this.surveillance = fs.watch(path.dirname(this.fichier), { persistent: false }, (_type, f) => {
        if (f !== null && f.toString() !== nom) return;
        const c = this.verifier();
        if (c) quand(c);
      });
      this.surveillance.on('error', (e) => {
        this.journal.avertir(
          `Surveillance du fichier d'horloge interrompue (${e.message}) : il sera relu à chaque requête.`,
        );
        this.surveillance?.close();
        this.surveillance = undefined;
      });
    } catch (e) {
      this.journal.avertir(
        `Surveillance du fichier d'horloge impossible (${(e as Error).message}) : il sera relu à chaque requête.`,
      );
    }
  }

  fermer(): void {
    this.surveillance?.close();
    this.surveillance = undefined;
  }
}

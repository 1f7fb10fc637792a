import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Journal } from '../journal.js';

export interface Message {
  a: string;
  sujet: string;
  texte: string;
  /** Short tag put in the .eml file name (e.g. the numéro), to find the file easily. */
  etiquette: string;
}

export interface OptionsCourrier {
  /** `smtp://…` or `smtps://…`; without it, mails are written as .eml files to `dossier`. */
  smtpUrl?: string | undefined;
  dossier: string;
  expediteur?: string;
}

export const EXPEDITEUR_DEFAUT = '"Suivi des démarches en ligne" <ne-pas-repondre@guichet.invalid>';

/** Writes a file so that a reader never sees it half-written: temp file, fsync, rename. */
export function ecrireAtomiquement(fichier: string, contenu: Uint8Array): void {
  const temp = `${fichier}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = fs.openSync(temp, 'w');
  try {
    fs.writeSync(fd, contenu);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temp, fichier);
}

/**
 * Sends mails in the background (a request never waits for SMTP); `vider()` waits for the pending
 * ones, e.g. before the process exits. Failures are logged, never thrown at the caller.
 */
export class Courrier {
  private readonly transport: nodemailer.Transporter;
  private readonly enAttente = new Set<Promise<void>>();
  private readonly versFichiers: boolean;

  constructor(
    private readonly options: OptionsCourrier,
    private readonly journal: Journal,
  ) {
    this.versFichiers = !options.smtpUrl;
    this.transport = options.smtpUrl
      ? nodemailer.createTransport(options.smtpUrl)
      : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  }

  get destination(): string {
    return this.options.smtpUrl ? 'SMTP' : this.options.dossier;
  }

  envoyer(message: Message): void {
    const promesse = this.expedier(message)
      .catch((e: unknown) =>
        this.journal.erreur(`Courriel « ${message.sujet} » à ${message.a} non envoyé`, e),
      )
      .finally(() => this.enAttente.delete(promesse));
    this.enAttente.add(promesse);
  }

  async vider(): Promise<void> {
    while (this.enAttente.size > 0) await Promise.all([...this.enAttente]);
  }

  fermer(): void {
    this.transport.close();
  }

  private async expedier(m: Message): Promise<void> {
    const info: unknown = await this.transport.sendMail({
      from: this.options.expediteur ?? EXPEDITEUR_DEFAUT,
      to: m.a,
      subject: m.sujet,
      text: m.texte,
    });
    if (!this.versFichiers) return;
    const brut = (info as { message?: unknown }).message;
    if (!Buffer.isBuffer(brut)) throw new Error('Message non généré.');
    fs.mkdirSync(this.options.dossier, { recursive: true });
    const horodatage = new Date().toISOString().replace(/[:.]/g, '-');
    const etiquette = m.etiquette.replace(/[^A-Za-z0-9-]/g, '_').slice(0, 40);
    const nom = `${horodatage}-${etiquette}-${randomBytes(4).toString('hex')}.eml`;
    ecrireAtomiquement(path.join(this.options.dossier, nom), brut);
  }
}

import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { ouvrirBase, type Db } from './db/connexion.js';
import { creerDepots } from './db/depots.js';
import { creerGuichet, type Guichet, type LimitesConnexion } from './guichet.js';
import { horlogeSysteme, type Horloge } from './horloge.js';
import { HorlogeFichier } from './horloge-fichier.js';
import { construireApp } from './http/app.js';
import { journalStderr, type Journal } from './journal.js';
import { Courrier } from './mail/courrier.js';
import { peupler, type ResultatSeed } from './peuplement/seed.js';
import { soumettre, type Soumis } from './peuplement/soumission.js';
import { planifierPurge, type PurgePlanifiee } from './retention/planificateur.js';
import { purger, type ResultatPurge } from './retention/purge.js';
import { creerHandlers } from './routes/index.js';

export type { ResultatSeed, ResultatPurge, Soumis, Horloge, Journal, LimitesConnexion, Guichet };
export { ouvrirBase };

export interface OptionsServeur {
  /** SQLite file (created if missing). */
  db: string;
  port?: number;
  /** 127.0.0.1 by default: exposing the guichet beyond this machine is an explicit choice. */
  host?: string;
  /** Injectable clock (tests); default: the system clock shifted by `decalageJours`. */
  maintenant?: Horloge;
  decalageJours?: number;
  /**
   * Demo mode: the clock follows this file (see horloge-fichier.ts; `guichet horloge` writes it),
   * re-read before each request and on each change, without a restart. When the clock moves,
   * the retention purge runs at once. Excludes `maintenant` and `decalageJours`.
   */
  horlogeFichier?: string;
  /**
   * Watch the clock file's folder (default true). false: the file is re-read only before each
   * request and at each purge tick (file systems without change notifications).
   */
  surveillerHorloge?: boolean;
  /** Folder for .eml files when no SMTP is configured (default: `<db dir>/courriels`). */
  courriels?: string;
  /** SMTP URL; default: env GUICHET_SMTP_URL; none → .eml files. */
  smtpUrl?: string;
  purgeIntervalleMs?: number;
  journal?: Journal;
  limites?: Partial<LimitesConnexion>;
  cacheArchivesOctets?: number;
  dureeSessionMs?: number;
  /**
   * Reverse proxies whose X-Forwarded-For is believed (IP or CIDR, or proxy-addr's `loopback`,
   * `linklocal`, `uniquelocal`). Empty (default): the client IP is the socket's.
   */
  proxysDeConfiance?: readonly string[];
}

export interface Serveur {
  /** Base URL without the API path, e.g. `http://127.0.0.1:47800`; the API is under `/api/v1`. */
  url: string;
  port: number;
  /** Where mails are written when no SMTP is configured. */
  courriels: string;
  /**
   * The server's own handlers' context, for in-process callers (tests playing the citizen with
   * src/server/usager on the same database, clock and mail).
   */
  guichet: Guichet;
  close(): Promise<void>;
}

export function dossierCourrielsParDefaut(fichierDb: string): string {
  return path.join(path.dirname(path.resolve(fichierDb)), 'courriels');
}

function creerCourrier(
  o: { db: string; courriels?: string | undefined; smtpUrl?: string | undefined },
  journal: Journal,
): Courrier {
  return new Courrier(
    {
      smtpUrl: o.smtpUrl ?? process.env.GUICHET_SMTP_URL,
      dossier: o.courriels ?? dossierCourrielsParDefaut(o.db),
    },
    journal,
  );
}

/** Starts the guichet API server on its own database file; `close()` stops it and closes the file. */
export async function demarrerServeur(o: OptionsServeur): Promise<Serveur> {
  const journal = o.journal ?? journalStderr();
  if (o.horlogeFichier !== undefined && (o.maintenant !== undefined || o.decalageJours !== undefined))
    throw new Error(
      "Le fichier d'horloge exclut une autre horloge (--decalage-jours) : choisissez l'un ou l'autre.",
    );
  // Before the database: a bad clock file stops the start with nothing opened.
  const horlogeFichier =
    o.horlogeFichier !== undefined ? new HorlogeFichier(o.horlogeFichier, journal) : undefined;
  const horloge = horlogeFichier?.maintenant ?? o.maintenant ?? horlogeSysteme(o.decalageJours ?? 0);
  const db = ouvrirBase(o.db);
  const courrier = creerCourrier(o, journal);
  const g = creerGuichet({
    db,
    courrier,
    horloge,
    journal,
    ...(o.limites ? { limites: o.limites } : {}),
    ...(o.cacheArchivesOctets !== undefined ? { cacheArchivesOctets: o.cacheArchivesOctets } : {}),
    ...(o.dureeSessionMs !== undefined ? { dureeSessionMs: o.dureeSessionMs } : {}),
  });
  let purge: PurgePlanifiee | undefined;
  // The clock moved (file changed): purge at once, at the new time, not at the next tick.
  const suivreHorloge = () => {
    if (horlogeFichier?.verifier()) purge?.executer();
  };
  try {
    const app = await construireApp(
      g,
      creerHandlers(g),
      horlogeFichier ? suivreHorloge : undefined,
      o.proxysDeConfiance,
    );
    await app.listen({ port: o.port ?? 0, host: o.host ?? '127.0.0.1' }).catch((e: unknown) => {
      const code = (e as { code?: string }).code;
      if (code === 'EADDRINUSE')
        throw new Error(`Le port ${o.port ?? 0} est déjà utilisé : choisissez-en un autre (--port).`);
      if (code === 'EADDRNOTAVAIL')
        throw new Error(`L'adresse ${o.host ?? ''} n'existe pas sur cette machine (--host).`);
      throw e;
    });
    purge = planifierPurge(g.depots, horloge, journal, o.purgeIntervalleMs ?? 60 * 60 * 1000, () =>
      horlogeFichier?.verifier(),
    );
    if (horlogeFichier) {
      if (o.surveillerHorloge !== false) horlogeFichier.surveiller(() => purge?.executer());
      // A change between the first read and the start of the watch is not lost.
      suivreHorloge();
      journal.info(
        `Horloge du guichet : ${horloge().toISOString()}, suit le fichier ${horlogeFichier.fichier}.`,
      );
    }
    const adresse = app.server.address() as AddressInfo;
    const hote = adresse.family === 'IPv6' ? `[${adresse.address}]` : adresse.address;
    let fermeture: Promise<void> | undefined;
    return {
      url: `http://${hote}:${adresse.port}`,
      port: adresse.port,
      courriels: courrier.destination,
      guichet: g,
      close: () =>
        (fermeture ??= (async () => {
          purge?.arreter();
          horlogeFichier?.fermer();
          await app.close();
          await courrier.vider();
          courrier.fermer();
          db.close();
        })()),
    };
  } catch (e) {
    purge?.arreter();
    horlogeFichier?.fermer();
    courrier.fermer();
    db.close();
    throw e;
  }
}

async function avecBase<T>(fichier: string, fn: (db: Db) => Promise<T>): Promise<T> {
  const db = ouvrirBase(fichier);
  try {
    return await fn(db);
  } finally {
    db.close();
  }
}

/** Creates or extends a demo database (see `peupler`). */
export function seed(o: {
  db: string;
  dossiers: number;
  graine?: string;
  maintenant?: Date;
  travailleurs?: number;
  codeInsee?: string;
  progression?: (faits: number, total: number) => void;
}): Promise<ResultatSeed> {
  return avecBase(o.db, (db) => peupler(creerDepots(db), o));
}

/** The retention purge on a database file (a running server on the same file sees it at once). */
export function purgerFichier(fichier: string, maintenant: Date = new Date()): Promise<ResultatPurge> {
  return avecBase(fichier, async (db) => purger(creerDepots(db), maintenant));
}

/** Simulated citizen submissions (new dossiers + mails to the agents). */
export function soumettreFichier(o: {
  db: string;
  nombre: number;
  maintenant?: Date;
  courriels?: string;
  smtpUrl?: string;
  graine?: string;
  codeInsee?: string;
  /** Citizen portal demandes (see soumettre). */
  portail?: boolean;
  demarche?: string;
  journal?: Journal;
}): Promise<Soumis[]> {
  return avecBase(o.db, async (db) => {
    const courrier = creerCourrier(o, o.journal ?? journalStderr());
    try {
      return await soumettre(creerDepots(db), courrier, {
        nombre: o.nombre,
        maintenant: o.maintenant ?? new Date(),
        ...(o.graine ? { graine: o.graine } : {}),
        ...(o.codeInsee ? { codeInsee: o.codeInsee } : {}),
        ...(o.portail ? { portail: true } : {}),
        ...(o.demarche ? { demarche: o.demarche } : {}),
      });
    } finally {
      await courrier.vider();
      courrier.fermer();
    }
  });
}

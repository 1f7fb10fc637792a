import { createHash, type Hash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { DossiersCrees, InventaireDossiers, SynchroDossiers } from './disque.js';
import type { EcrivainDisque } from './ecrivain-disque.js';
import { hacherFichier, supprimerSiExiste, tailleSiExiste } from './disque.js';
import { lireRetryAfter } from '../commun/reprise.js';
import {
  ErreurAnnulation,
  ErreurArchiveIntrouvable,
  ErreurArchiveTropGrande,
  ErreurDisquePlein,
  ErreurEmpreinte,
  ErreurGuichetTropLent,
  ErreurNonAutorise,
  ErreurTelechargement,
  estDisquePlein,
  messageErreurDisque,
  messageErreurReseau,
} from './erreurs.js';
import type { Agents } from './http.js';
import {
  envoyerGet,
  ErreurDelaiEntete,
  lireDebutContentRange,
  lireEtagSha256,
  lireReprDigest,
} from './http.js';

/** Received bytes are written in blocks this size: one write per small archive, bounded memory for big ones. */
const TAILLE_BLOC_ECRITURE = 1 << 20;

export interface ContexteTransfert {
  agents: Agents;
  signal: AbortSignal | undefined;
  delaiInactiviteMs: number;
  /** From the request to the answer head. */
  delaiEnteteMs: number;
  /** Below `octetsParSeconde` averaged over the last `fenetreMs`, the body is abandoned. */
  debitMin: { octetsParSeconde: number; fenetreMs: number };
  /** No archive beyond this, whatever the listing or the headers say (or do not say). */
  tailleMaxOctets: number;
  /** Cap on the wait a Retry-After may impose. */
  retryAfterMaxMs: number;
  dossiers: DossiersCrees;
  synchro: SynchroDossiers;
  inventaire: InventaireDossiers;
  ecrivain: EcrivainDisque;
  /** Network bytes received, for the progress (speed, ETA). */
  surOctets(n: number): void;
}

export interface CibleTransfert {
  numero: string;
  url: string;
  sha256: string;
  /** Expected size from the listing; 0 or less when unknown. */
  taille: number;
  cheminFinal: string;
  /** A previous attempt of this batch may have left a part: look for it even if the folder listing did not show it. */
  dejaTente: boolean;
}

export interface TransfertReussi {
  taille: number;
  /** Bytes actually received over the network for this archive (less than `taille` after a resume). */
  octetsRecus: number;
  repris: boolean;
  /**
   * Settles once the archive is durably in place (fsync, rename, folder fsync). Small archives are
   * written by the group-commit writer while the caller already downloads the next one.
   */
  ecriture: Promise<void>;
}

/** A disk error while writing the part, kept apart from network errors (different handling). */
class ErreurEcriture extends Error {
  constructor(cause: unknown) {
    super('écriture', { cause });
  }
}

export function cheminPart(cheminFinal: string): string {
  return `${cheminFinal}.part`;
}

function messageEmpreinte(numero: string): string {
  return (
    `Archive ${numero} corrompue ou altérée : son empreinte SHA-256 ne correspond pas à celle annoncée ` +
    'par le guichet. Le fichier a été écarté ; relancez le téléchargement.'
  );
}

function messageArchiveModifiee(numero: string): string {
  return (
    `L'archive ${numero} a changé sur le guichet depuis la dernière synchronisation ` +
    '(empreinte différente) : synchronisez puis relancez le téléchargement.'
  );
}

/** Hashes an existing `.part` so the download can continue where it stopped (Range). */
async function preparerReprise(
  ctx: ContexteTransfert,
  cible: CibleTransfert,
  part: string,
): Promise<{ debut: number; hash: Hash }> {
  const peutExister =
    cible.dejaTente || (await ctx.inventaire.peutContenir(path.dirname(part), path.basename(part)));
  if (!peutExister) return { debut: 0, hash: createHash('sha256') };
  const taillePart = await tailleSiExiste(part);
  if (
    taillePart === null ||
    taillePart === 0 ||
    taillePart > ctx.tailleMaxOctets ||
    (cible.taille > 0 && taillePart > cible.taille)
  ) {
    if (taillePart !== null) await supprimerSiExiste(part);
    return { debut: 0, hash: createHash('sha256') };
  }
  const { hash, taille } = await hacherFichier(part);
  return { debut: taille, hash };
}

/**
 * One attempt at one archive: resume the `.part` if any, receive the body while hashing, verify
 * (SHA-256 expected by the listing and announced by Repr-Digest/ETag), then make it durable under
 * its final name: small archives through the group-commit writer (`ecriture` settles when done),
 * large ones streamed to the part, fsynced, renamed, folder fsynced. Throws erreurs.ts classes.
 */
export async function transfererArchive(
  ctx: ContexteTransfert,
  cible: CibleTransfert,
  entetes: Record<string, string>,
): Promise<TransfertReussi> {
  const part = cheminPart(cible.cheminFinal);
  const dossier = path.dirname(cible.cheminFinal);
  await ctx.dossiers.assurer(dossier);
  let { debut, hash } = await preparerReprise(ctx, cible, part);

  // The part already holds everything (interrupted between the last byte and the rename).
  if (debut > 0 && debut === cible.taille) {
    if (hash.copy().digest('hex') === cible.sha256) {
      await finaliser(ctx, part, cible.cheminFinal, dossier, true);
      return { taille: debut, octetsRecus: 0, repris: true, ecriture: Promise.resolve() };
    }
    await supprimerSiExiste(part);
    debut = 0;
    hash = createHash('sha256');
  }

  const demande = { ...entetes };
  if (debut > 0) {
    demande['range'] = `bytes=${debut}-`;
    // The guichet's strong ETag is the quoted SHA-256: if the archive changed, we get a full 200.
    demande['if-range'] = `"${cible.sha256}"`;
  }

  let reponse;
  try {
    reponse = await envoyerGet(ctx.agents, cible.url, demande, ctx.signal, {
      inactiviteMs: ctx.delaiInactiviteMs,
      enteteMs: ctx.delaiEnteteMs,
    });
  } catch (e) {
    if (e instanceof ErreurAnnulation || ctx.signal?.aborted) throw new ErreurAnnulation();
    if (e instanceof ErreurDelaiEntete) throw ErreurGuichetTropLent.entete(cible.numero, ctx.delaiEnteteMs);
    throw new ErreurTelechargement(messageErreurReseau(cible.numero, e), true);
  }
  const { res, req } = reponse;
  const statut = res.statusCode ?? 0;

  if (statut !== 200 && statut !== 206) {
    res.resume(); // drain so the keep-alive connection can serve the next archive
    if (statut === 416) await supprimerSiExiste(part);
    throw erreurStatut(cible.numero, statut, lireRetryAfter(res.headers['retry-after'], ctx.retryAfterMaxMs));
  }
  let repris = false;
  if (statut === 206) {
    if (debut === 0 || lireDebutContentRange(res.headers['content-range']) !== debut) {
      req.destroy();
      await supprimerSiExiste(part);
      throw new ErreurTelechargement(
        `Réponse partielle incohérente du guichet pour l'archive ${cible.numero} : nouvel essai depuis le début.`,
        true,
      );
    }
    repris = true;
  } else if (debut > 0) {
    // 200 to a Range request: the server restarts from zero, so do we.
    debut = 0;
    hash = createHash('sha256');
  }

  // Refuse early when the server announces another content: no point downloading it.
  const digestEntete = lireReprDigest(res.headers['repr-digest']);
  const etag = lireEtagSha256(res.headers.etag);
  const longueur = Number(res.headers['content-length'] ?? NaN);
  const tailleAnnoncee = Number.isFinite(longueur) ? debut + longueur : null;
  if (tailleAnnoncee !== null && tailleAnnoncee > ctx.tailleMaxOctets) {
    req.destroy();
    await supprimerSiExiste(part);
    throw new ErreurArchiveTropGrande(cible.numero, ctx.tailleMaxOctets, tailleAnnoncee);
  }
  if (
    (digestEntete !== null && digestEntete !== cible.sha256) ||
    (etag !== null && etag !== cible.sha256) ||
    (cible.taille > 0 && tailleAnnoncee !== null && tailleAnnoncee !== cible.taille)
  ) {
    req.destroy();
    await supprimerSiExiste(part);
    throw new ErreurEmpreinte(messageArchiveModifiee(cible.numero), false);
  }

  // The part is opened only if the body outgrows one block: small archives stay in memory and go
  // to the group-commit writer in one piece once verified.
  let fh: fs.FileHandle | null = null;
  let recus = 0;
  let tampon: Buffer[] = [];
  let tailleTampon = 0;
  const vider = async (): Promise<void> => {
    if (tailleTampon === 0) return;
    const bloc = tampon.length === 1 ? tampon[0]! : Buffer.concat(tampon, tailleTampon);
    tampon = [];
    tailleTampon = 0;
    try {
      fh ??= await fs.open(part, debut > 0 ? 'a' : 'w');
      await fh.write(bloc, 0, bloc.length);
    } catch (e) {
      throw new ErreurEcriture(e);
    }
  };

  // Event-driven reading: measured ~30 % less CPU per archive than `for await` on the response.
  let ecritureEnCours: Promise<void> = Promise.resolve();
  try {
    await new Promise<void>((resolve, reject) => {
      let fini = false;
      const arreter = (e: unknown): void => {
        if (fini) return;
        fini = true;
        clearInterval(garde);
        res.off('data', surDonnees);
        reject(e);
      };
      const garde = surveillerDebit(
        ctx.debitMin,
        () => recus,
        () =>
          arreter(
            ErreurGuichetTropLent.debit(cible.numero, ctx.debitMin.octetsParSeconde, ctx.debitMin.fenetreMs),
          ),
      );
      const surDonnees = (b: Buffer): void => {
        recus += b.length;
        if (debut + recus > ctx.tailleMaxOctets) {
          // No size announced (or a lying one): stop at the limit rather than at a full disk.
          arreter(new ErreurArchiveTropGrande(cible.numero, ctx.tailleMaxOctets, null));
          return;
        }
        if (cible.taille > 0 && debut + recus > cible.taille) {
          // Longer than announced: tampered or changed; stop before filling the disk.
          arreter(new ErreurEmpreinte(messageEmpreinte(cible.numero), debut > 0));
          return;
        }
        hash.update(b);
        tampon.push(b);
        tailleTampon += b.length;
        ctx.surOctets(b.length);
        if (tailleTampon >= TAILLE_BLOC_ECRITURE) {
          res.pause();
          ecritureEnCours = vider().then(() => {
            if (!fini) res.resume();
          });
          ecritureEnCours.catch(arreter);
        }
      };
      res.on('data', surDonnees);
      res.once('end', () => {
        if (!res.complete) return arreter(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
        ecritureEnCours.then(() => {
          if (!fini) {
            fini = true;
            clearInterval(garde);
            resolve();
          }
        }, arreter);
      });
      res.once('error', arreter);
      res.once('close', () => {
        if (!res.complete) arreter(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
      });
    });
  } catch (e) {
    req.destroy();
    await ecritureEnCours.catch(() => undefined);
    return await echecPendantCorps(ctx, cible, part, dossier, () => fh, vider, e);
  }

  const obtenu = hash.digest('hex');
  if (obtenu !== cible.sha256 || (digestEntete !== null && obtenu !== digestEntete)) {
    await (fh as fs.FileHandle | null)?.close().catch(() => undefined);
    await supprimerSiExiste(part);
    throw new ErreurEmpreinte(messageEmpreinte(cible.numero), debut > 0);
  }
  const taille = debut + recus;
  if (fh === null) {
    const donnees = tampon.length === 1 ? tampon[0]! : Buffer.concat(tampon, tailleTampon);
    const ecriture = ctx.ecrivain
      .ecrire({ part, final: cible.cheminFinal, dossier, donnees, ajout: debut > 0 })
      .catch((e: unknown) => {
        throw erreurDisque(cible.numero, dossier, e);
      });
    return { taille, octetsRecus: recus, repris, ecriture };
  }
  const h: fs.FileHandle = fh;
  try {
    await vider();
    await h.sync();
    await h.close();
  } catch (e) {
    await h.close().catch(() => undefined);
    await supprimerSiExiste(part);
    throw erreurDisque(cible.numero, dossier, e instanceof ErreurEcriture ? e.cause : e);
  }
  await finaliser(ctx, part, cible.cheminFinal, dossier, false);
  return { taille, octetsRecus: recus, repris, ecriture: Promise.resolve() };
}

/**
 * The body stopped early. Network cut or cancellation: keep what arrived in the part for a
 * resume. Disk full or bad bytes: remove the part so nothing half-written survives.
 */
async function echecPendantCorps(
  ctx: ContexteTransfert,
  cible: CibleTransfert,
  part: string,
  dossier: string,
  fichier: () => fs.FileHandle | null,
  vider: () => Promise<void>,
  e: unknown,
): Promise<never> {
  if (e instanceof ErreurEmpreinte || e instanceof ErreurArchiveTropGrande || e instanceof ErreurEcriture) {
    await fichier()
      ?.close()
      .catch(() => undefined);
    await supprimerSiExiste(part);
    throw e instanceof ErreurEcriture ? erreurDisque(cible.numero, dossier, e.cause) : e;
  }
  // Keep what arrived: written to the part (and synced), it is the starting point of the resume.
  let erreurVidage: unknown = null;
  try {
    await vider();
    await fichier()?.sync();
  } catch (v) {
    erreurVidage = v instanceof ErreurEcriture ? v.cause : v;
  }
  await fichier()
    ?.close()
    .catch(() => undefined);
  if (erreurVidage !== null) {
    await supprimerSiExiste(part);
    throw erreurDisque(cible.numero, dossier, erreurVidage);
  }
  if (e instanceof ErreurAnnulation || ctx.signal?.aborted) throw new ErreurAnnulation();
  if (e instanceof ErreurGuichetTropLent) throw e;
  throw new ErreurTelechargement(messageErreurReseau(cible.numero, e), true);
}

/**
 * Calls `tropLent` once a whole window has passed with fewer bytes than the minimum throughput
 * allows. Sampled ten times per window: a sliding average, so one quiet second does not count.
 */
function surveillerDebit(
  debit: { octetsParSeconde: number; fenetreMs: number },
  recus: () => number,
  tropLent: () => void,
): NodeJS.Timeout {
  const pas = Math.max(10, Math.floor(debit.fenetreMs / 10));
  const minimum = (debit.octetsParSeconde * debit.fenetreMs) / 1000;
  const releves: number[] = [recus()];
  const garde = setInterval(() => {
    releves.push(recus());
    if (releves.length < 11) return;
    const ilYaUneFenetre = releves.shift() ?? 0;
    if (recus() - ilYaUneFenetre < minimum) tropLent();
  }, pas);
  // A stray timer must never keep the process (the CLI) alive.
  garde.unref();
  return garde;
}

function erreurDisque(numero: string, dossier: string, e: unknown): ErreurTelechargement {
  if (e instanceof ErreurTelechargement) return e;
  if (estDisquePlein(e)) return new ErreurDisquePlein(numero, dossier);
  return new ErreurTelechargement(messageErreurDisque(numero, e), false);
}

function erreurStatut(numero: string, statut: number, retryAfterMs: number | null): ErreurTelechargement {
  if (statut === 401) return new ErreurNonAutorise();
  if (statut === 404 || statut === 410) return new ErreurArchiveIntrouvable(numero);
  if (statut === 403) {
    return new ErreurTelechargement(
      `Accès refusé par le guichet à l'archive ${numero} : vérifiez que ce dossier relève de votre service ` +
        "ou demandez l'habilitation à l'administrateur du guichet.",
      false,
    );
  }
  if (statut === 416) {
    // Our part does not fit the current archive: the caller removes it and starts over.
    return new ErreurTelechargement(
      `Reprise impossible pour ${numero} : nouvel essai depuis le début.`,
      true,
      0,
    );
  }
  if (statut === 429 || statut === 408 || statut >= 500) {
    return new ErreurTelechargement(
      `Le guichet est momentanément indisponible (HTTP ${statut}) pour l'archive ${numero} : ` +
        "relancez l'archivage plus tard.",
      true,
      retryAfterMs,
    );
  }
  return new ErreurTelechargement(
    `Réponse inattendue du guichet (HTTP ${statut}) pour l'archive ${numero} : ` +
      "signalez-le à l'administrateur du guichet.",
    false,
  );
}

/** fsync'd part → final name (atomic), then fsync the folder so the rename survives a power cut. */
async function finaliser(
  ctx: ContexteTransfert,
  part: string,
  final: string,
  dossier: string,
  doitSynchroniser: boolean,
): Promise<void> {
  if (doitSynchroniser) {
    const h = await fs.open(part, 'r+');
    try {
      await h.sync();
    } finally {
      await h.close();
    }
  }
  await fs.rename(part, final);
  await ctx.synchro.synchroniser(dossier);
}

import path from 'node:path';
import { delaiBackoff, dormir, POLITIQUE_REPRISE } from '../commun/reprise.js';
import { cheminArchive, estNumeroValide } from './chemins.js';
import {
  DossiersCrees,
  hacherFichier,
  InventaireDossiers,
  supprimerSiExiste,
  SynchroDossiers,
  tailleSiExiste,
} from './disque.js';
import { EcrivainDisque } from './ecrivain-disque.js';
import {
  ErreurAnnulation,
  ErreurArchiveIntrouvable,
  ErreurArchiveTropGrande,
  ErreurDisquePlein,
  ErreurEmpreinte,
  ErreurNonAutorise,
  ErreurTelechargement,
} from './erreurs.js';
import { creerAgents, fermerAgents } from './http.js';
import { Progression } from './progression.js';
import { transfererArchive, type ContexteTransfert } from './transfert.js';
import type {
  ArchiveEcrite,
  EchecArchive,
  ElementArchive,
  OptionsTelechargement,
  ResultatTelechargement,
} from './types.js';

/** Four parallel transfers fill a typical mairie line without starving the rest of the office. */
export const CONCURRENCE_PAR_DEFAUT = 4;
const DELAI_INACTIVITE_MS = 60_000;
/** A guichet that has not even started its answer by then is not worth waiting for. */
const DELAI_ENTETE_MS = 30_000;
/** Below 1 Kio/s over 30 s, a download would take hours: give the slot to another archive. */
const DEBIT_MIN_OCTETS_PAR_SECONDE = 1024;
const FENETRE_DEBIT_MS = 30_000;
/** The unit of the Paramètres setting « Taille maximale d'une archive (Mo) ». */
export const OCTETS_PAR_MO = 1024 * 1024;
/** Far above any real dossier, low enough that a hostile guichet cannot fill the disk. */
export const TAILLE_MAX_ARCHIVE_PAR_DEFAUT = 2048 * OCTETS_PAR_MO;
const SHA256_HEX = /^[0-9a-f]{64}$/;

export interface OptionsAvancees {
  /** Attempts for temporary failures; default the shared policy's. */
  tentatives?: number;
  /** Idle socket timeout; default 60 s. */
  delaiInactiviteMs?: number;
  /** Deadline for the answer head; default 30 s. */
  delaiEnteteMs?: number;
  /** Minimum throughput, averaged over `fenetreDebitMs`; default 1 Kio/s over 30 s. */
  debitMinOctetsParSeconde?: number;
  fenetreDebitMs?: number;
  /** First backoff pause, doubled on each attempt, with jitter; default the shared policy's. */
  pauseInitialeMs?: number;
  /** Cap on a Retry-After wait; default the shared policy's. */
  retryAfterMaxMs?: number;
  /** Archives beyond this are refused (listing, Content-Length or received bytes); default 2 Gio. */
  tailleMaxArchiveOctets?: number;
}

/** `differe`: downloaded and verified, the disk write finishes in the background. */
type Issue = 'ignore' | 'echec' | 'annule' | 'differe';

/**
 * Downloads every element's archive into `dossierArchives`, verified, with bounded concurrency.
 * Never throws for one dossier's problem: each lands in `echecs` with a French message.
 */
export async function telechargerArchives(
  o: OptionsTelechargement & OptionsAvancees,
): Promise<ResultatTelechargement> {
  const concurrence = Math.floor(o.concurrence || CONCURRENCE_PAR_DEFAUT);
  if (!(concurrence >= 1 && concurrence <= 64))
    throw new Error('Concurrence de téléchargement invalide (1 à 64).');
  const tentativesMax = Math.max(1, o.tentatives ?? POLITIQUE_REPRISE.tentatives);
  const pauseInitiale = o.pauseInitialeMs ?? POLITIQUE_REPRISE.backoffBaseMs;
  const tailleMax = o.tailleMaxArchiveOctets ?? TAILLE_MAX_ARCHIVE_PAR_DEFAUT;
  if (!(tailleMax > 0)) throw new Error("Taille maximale d'une archive invalide.");
  const signal = o.signal;

  const archives: ArchiveEcrite[] = [];
  const echecs: EchecArchive[] = [];
  const erreurs = new Map<string, Error>();
  const octetsAttendus = o.elements.reduce((s, e) => s + Math.max(0, e.taille), 0);
  const progression = new Progression(o.elements.length, octetsAttendus, o.surProgression);
  const agents = creerAgents(concurrence);
  const ecrivain = new EcrivainDisque();
  const inventaire = new InventaireDossiers();
  const ctx: ContexteTransfert = {
    agents,
    signal,
    delaiInactiviteMs: o.delaiInactiviteMs ?? DELAI_INACTIVITE_MS,
    delaiEnteteMs: o.delaiEnteteMs ?? DELAI_ENTETE_MS,
    debitMin: {
      octetsParSeconde: o.debitMinOctetsParSeconde ?? DEBIT_MIN_OCTETS_PAR_SECONDE,
      fenetreMs: o.fenetreDebitMs ?? FENETRE_DEBIT_MS,
    },
    tailleMaxOctets: tailleMax,
    retryAfterMaxMs: o.retryAfterMaxMs ?? POLITIQUE_REPRISE.retryAfterMaxMs,
    dossiers: new DossiersCrees(),
    synchro: new SynchroDossiers(),
    inventaire,
    ecrivain,
    surOctets: (n) => progression.ajouterOctets(n),
  };
  // Verified archives waiting for their disk write; bounded so memory stays small on a slow disk.
  const ecritures = new Set<Promise<void>>();
  // Group commit needs many archives waiting for the same flush; their bytes are on disk already.
  // (Measured: 2048 here with groups of 1024 was no faster than 512/256 on the benchmark.)
  const ECRITURES_MAX = 512;
  // Workers throttled on the limits above wait here; woken when a write settles (no Promise.race
  // over up to 512 promises, which attached a reaction to each of them on every wait).
  const attentesPlace: (() => void)[] = [];
  const OCTETS_EN_VOL_MAX = 64 * 1024 * 1024;

  // Session renewal is shared: the first 401 renews, concurrent 401s wait for that same renewal.
  let generation = 0;
  let renouvellement: Promise<boolean> | null = null;
  const renouveler = (generationVue: number): Promise<boolean> => {
    if (generationVue < generation) return Promise.resolve(true); // someone already renewed
    if (!o.source.renouveler) return Promise.resolve(false);
    const renouvelerSource = o.source.renouveler.bind(o.source);
    renouvellement ??= renouvelerSource().then(
      () => {
        generation++;
        return true;
      },
      () => false,
    );
    return renouvellement;
  };

  let disquePlein: string | null = null;

  const echouer = (numero: string, message: string, introuvable = false, erreur?: Error): Issue => {
    echecs.push(introuvable ? { numero, message, introuvable } : { numero, message });
    erreurs.set(numero, erreur ?? new ErreurTelechargement(message, false));
    return 'echec';
  };

  const traiter = async (e: ElementArchive): Promise<Issue> => {
    if (!estNumeroValide(e.numero))
      return echouer(String(e.numero), 'Numéro de télédossier invalide : archive ignorée.');
    const sha256 = e.sha256.toLowerCase();
    if (!SHA256_HEX.test(sha256))
      return echouer(e.numero, `Empreinte SHA-256 attendue invalide pour ${e.numero}.`);
    let cheminRelatif: string;
    try {
      cheminRelatif = cheminArchive(e);
    } catch (err) {
      return echouer(e.numero, (err as Error).message);
    }
    if (o.dejaArchive?.(e.numero, sha256)) return 'ignore';
    if (e.taille > tailleMax) {
      const err = new ErreurArchiveTropGrande(e.numero, tailleMax, e.taille);
      return echouer(e.numero, err.message, false, err);
    }

    const cheminFinal = path.join(o.dossierArchives, ...cheminRelatif.split('/'));
    const ecrite: ArchiveEcrite = { numero: e.numero, cheminRelatif, sha256, taille: e.taille };
    // A file already in place with the right bytes (previous run, other workstation): keep it.
    const dossierFinal = path.dirname(cheminFinal);
    const peutExister = await inventaire.peutContenir(dossierFinal, path.basename(cheminFinal));
    const existante = peutExister ? await tailleSiExiste(cheminFinal).catch(() => null) : null;
    if (existante !== null && (e.taille <= 0 || existante === e.taille)) {
      const { hash } = await hacherFichier(cheminFinal);
      if (hash.digest('hex') === sha256) {
        // A part left over from an interrupted earlier run is now useless.
        if (await inventaire.peutContenir(dossierFinal, `${path.basename(cheminFinal)}.part`)) {
          await supprimerSiExiste(`${cheminFinal}.part`).catch(() => undefined);
        }
        o.surArchive?.({ ...ecrite, taille: existante });
        return 'ignore';
      }
    }

    let reprisePropre = false;
    let renouvele = false;
    for (let tentative = 1; ;) {
      if (disquePlein !== null) return echouer(e.numero, disquePlein);
      if (signal?.aborted) return 'annule';
      const generationVue = generation;
      try {
        const entetes = await o.source.entetes();
        const cible = {
          numero: e.numero,
          url: o.source.urlArchive(e.numero),
          sha256,
          taille: e.taille,
          cheminFinal,
          dejaTente: tentative > 1 || reprisePropre || renouvele,
        };
        const r = await transfererArchive(ctx, cible, entetes);
        const fin = { ...ecrite, taille: r.taille };
        const suivi = r.ecriture
          .then(
            () => {
              archives.push(fin);
              // Bytes already in a resumed part never crossed the network this time: drop them from the ETA.
              progression.retirerRestant(Math.max(0, e.taille - r.octetsRecus));
              progression.faits++;
              o.surArchive?.(fin);
            },
            (err: unknown) => {
              if (err instanceof ErreurDisquePlein) {
                disquePlein ??= 'Non téléchargée : le disque du dossier des archives est plein.';
              }
              echouer(
                e.numero,
                err instanceof Error ? err.message : String(err),
                false,
                err instanceof Error ? err : undefined,
              );
              progression.echecs++;
              progression.retirerRestant(Math.max(0, e.taille - r.octetsRecus));
            },
          )
          .finally(() => {
            ecritures.delete(suivi);
            progression.emettre();
            // Wake the workers throttled on pending writes: each re-checks the limits.
            for (const r of attentesPlace.splice(0)) r();
          });
        ecritures.add(suivi);
        return 'differe';
      } catch (err) {
        if (err instanceof ErreurAnnulation || signal?.aborted) return 'annule';
        if (err instanceof ErreurNonAutorise && !renouvele) {
          renouvele = true;
          if (await renouveler(generationVue)) continue;
        }
        if (err instanceof ErreurEmpreinte && err.apresReprise && !reprisePropre) {
          // The old part may come from a previous version of the archive: one clean restart.
          reprisePropre = true;
          continue;
        }
        if (err instanceof ErreurDisquePlein) {
          disquePlein ??= 'Non téléchargée : le disque du dossier des archives est plein.';
          return echouer(e.numero, err.message, false, err);
        }
        if (err instanceof ErreurTelechargement && err.temporaire && tentative < tentativesMax) {
          // Retry-After already capped by the shared policy; the wait ends at once on « Annuler ».
          const pause = err.attendreMs ?? delaiBackoff(tentative - 1, pauseInitiale);
          tentative++;
          try {
            await dormir(pause, signal);
          } catch {
            return 'annule';
          }
          continue;
        }
        const message = err instanceof Error ? err.message : String(err);
        if (err instanceof ErreurArchiveIntrouvable) return echouer(e.numero, message, true, err);
        if (err instanceof ErreurTelechargement) return echouer(e.numero, message, false, err);
        return echouer(e.numero, `Erreur inattendue pour ${e.numero} : ${message}`);
      }
    }
  };

  let suivant = 0;
  const ouvrier = async (): Promise<void> => {
    for (;;) {
      while (
        ecritures.size > 0 &&
        (ecritures.size >= ECRITURES_MAX || ecrivain.octetsEnVol > OCTETS_EN_VOL_MAX)
      ) {
        await new Promise<void>((r) => attentesPlace.push(r));
      }
      if (suivant >= o.elements.length || signal?.aborted) return;
      const e = o.elements[suivant++]!;
      const issue = await traiter(e);
      if (issue === 'annule' || issue === 'differe') continue;
      if (issue === 'ignore') progression.ignores++;
      else progression.echecs++;
      progression.retirerRestant(Math.max(0, e.taille));
      progression.emettre();
    }
  };

  try {
    await Promise.all(Array.from({ length: Math.min(concurrence, Math.max(1, o.elements.length)) }, ouvrier));
    // Archives already downloaded are written even after a cancellation: nothing verified is thrown away.
    await ecrivain.terminer();
    while (ecritures.size > 0) await Promise.all(ecritures);
  } finally {
    fermerAgents(agents);
    await ecrivain.terminer().catch(() => undefined);
  }
  progression.emettre();
  progression.arreter();
  return { archives, ignores: progression.ignores, echecs, erreurs, annule: signal?.aborted === true };
}

import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { ResumeSynchro, ResultatArchives } from '../../shared/app-api/index.js';
import { ErreurArchiveIntrouvable, ErreurTelechargement } from '../archive/erreurs.js';
import { telechargerArchives, type ArchiveEcrite, type SourceArchives } from '../archive/index.js';
import { OCTETS_PAR_MO } from '../archive/telechargement.js';
import { ErreurHorsLigneChoisi } from '../guichet-client/index.js';
import type { BilanRejeu } from '../outbox/index.js';
import {
  archiveLocale,
  dateSuppressionAnnoncee,
  elementsArchivables,
  enregistrerArchive,
  enregistrerPerte,
  motifSuppression,
  numerosNonArchives,
  type ElementArchivable,
} from '../store/index.js';
import { synchroniser, synchroniserReferentiel } from '../sync/index.js';
import { alerterSiRisque } from './alerte.js';
import { cadenceProgression } from './cadence.js';
import { controlerSiDu } from './controle-archives.js';
import { IndexationDonnees } from './indexation-donnees.js';
import type { Noyau } from './noyau.js';
import { relireDossiers } from './relecture.js';
import type { SessionOuverte } from './session.js';

/** Citizen messages brought by a sync: the list's badges change, and the agent is told who wrote. */
function signalerMessages(
  noyau: Noyau,
  nouveaux: { numero: string; ids: string[] }[],
  notifier: boolean,
): void {
  if (nouveaux.length === 0) return;
  const numeros = nouveaux.map((m) => m.numero);
  noyau.bus.emettre('dossiers.changes', { numeros: numeros.length <= 1000 ? numeros : undefined });
  if (!notifier) return;
  const total = nouveaux.reduce((t, m) => t + m.ids.length, 0);
  const cites = numeros.slice(0, 5).join(', ') + (numeros.length > 5 ? '…' : '');
  const titre = total === 1 ? "Nouveau message de l'usager" : "Nouveaux messages d'usagers";
  const corps =
    total === 1
      ? `Un nouveau message sur le dossier ${cites}.`
      : numeros.length === 1
        ? `${total} nouveaux messages sur le dossier ${cites}.`
        : `${total} nouveaux messages sur ${numeros.length} dossiers : ${cites}.`;
  noyau.bus.emettre('notification', { titre, corps });
  noyau.options.plateforme.notifier?.(titre, corps);
}

/** A background task the agent can cancel (download, integrity check, move). */
export interface Travail {
  abandon: AbortController;
  fin: Promise<unknown>;
  /** Talks to the guichet (downloads): stopped when the agent chooses to work offline. */
  reseau: boolean;
}

/** Background work of a session: sync (one at a time), outbox replay (serialised), archive downloads. */
export class Taches {
  synchroEnCours = false;
  private synchro: Promise<ResumeSynchro> | null = null;
  private verrouRejeu: Promise<unknown> = Promise.resolve();
  private prochainRejeu: Promise<BilanRejeu> | null = null;
  private minuteur: NodeJS.Timeout | null = null;
  private readonly travaux = new Map<string, Travail>();
  private readonly indexations = new WeakMap<SessionOuverte, IndexationDonnees>();

  constructor(private readonly noyau: Noyau) {}

  /** Serialised; calls made while a pass waits to start share it. */
  rejouerFile(forcer = false): Promise<BilanRejeu> {
    if (this.prochainRejeu && !forcer) return this.prochainRejeu;
    const p = this.verrouRejeu
      .catch(() => undefined)
      .then(() => {
        this.prochainRejeu = null;
        return this.noyau.rejouer(forcer);
      });
    this.prochainRejeu = p;
    this.verrouRejeu = p;
    return p;
  }

  /** After an action is queued: send it now if we can, silently otherwise (it stays queued). */
  pousser(): void {
    if (this.noyau.session?.mode !== 'en-ligne') return;
    this.rejouerFile().catch((e: unknown) => this.noyau.surErreurReseau(e));
  }

  /** `forcer`: also the actions waiting for their backoff (the agent asked, or the guichet is back). */
  async rejouerPuisSynchroniser(forcer = false): Promise<ResumeSynchro> {
    await this.rejouerFile(forcer);
    return this.synchroniser();
  }

  synchroniser(): Promise<ResumeSynchro> {
    this.synchro ??= this.faireSynchro().finally(() => {
      this.synchro = null;
      this.synchroEnCours = false;
      this.noyau.bus.emettre('connexion.changee', this.noyau.etatConnexion());
    });
    return this.synchro;
  }

  private async faireSynchro(): Promise<ResumeSynchro> {
    const noyau = this.noyau;
    const s = noyau.exigerEnLigne();
    this.synchroEnCours = true;
    noyau.bus.emettre('connexion.changee', noyau.etatConnexion());
    try {
      await synchroniserReferentiel(s.db, s.client, s.abandon.signal);
      const bilan = await synchroniser({
        db: s.db,
        client: s.client,
        signal: s.abandon.signal,
        surProgression: (p) => noyau.bus.emettre('synchro.progression', p),
      });
      const { nouveauxNumeros, nouveauxMessages, indexation, ...resume } = bilan;
      indexation?.catch(() => undefined);
      // Closed dossiers (by a colleague too) and tombstones of numéros never seen here: their detail
      // and archive, while the guichet still serves them.
      const relus = await relireDossiers(s);
      resume.perdus.push(...relus.perdus);
      noyau.bus.emettre('synchro.terminee', resume);
      if (resume.nouveaux + resume.modifies + resume.supprimes > 0) noyau.bus.emettre('dossiers.changes', {});
      const parametres = noyau.parametres.lire();
      if (nouveauxNumeros.length > 0 && parametres.notifications) {
        const titre = 'Nouveaux télédossiers';
        const corps =
          nouveauxNumeros.length === 1
            ? `1 nouveau télédossier : ${nouveauxNumeros[0]}.`
            : `${nouveauxNumeros.length} nouveaux télédossiers.`;
        noyau.bus.emettre('notification', { titre, corps });
        noyau.options.plateforme.notifier?.(titre, corps);
      }
      signalerMessages(noyau, nouveauxMessages, parametres.notifications);
      let archivage: Promise<unknown> = Promise.resolve();
      if (noyau.options.autoArchive ?? parametres.autoArchive) {
        const aArchiver = numerosNonArchives(s.db);
        if (aArchiver.length > 0) archivage = this.lancerArchivage(s, aArchiver).fin;
      }
      // Said once everything this pass could archive is archived, so the counts are the real ones.
      void archivage.finally(() => {
        alerterSiRisque(noyau, s);
        controlerSiDu(noyau, s);
      });
      return resume;
    } catch (e) {
      // Stopped because the agent chose to work offline: nothing went wrong, nothing to say.
      if (e instanceof ErreurHorsLigneChoisi) throw e;
      noyau.surErreurReseau(e);
      noyau.bus.emettre('synchro.erreur', { message: e instanceof Error ? e.message : String(e) });
      throw e;
    }
  }

  planifierSynchro(): void {
    this.arreterSynchroPeriodique();
    if (this.noyau.options.synchroAutomatique === false || this.noyau.session?.mode !== 'en-ligne') return;
    const minutes = this.noyau.parametres.lire().intervalleSynchroMinutes;
    this.minuteur = setInterval(() => {
      this.rejouerPuisSynchroniser().catch(() => undefined);
    }, minutes * 60_000);
    this.minuteur.unref();
  }

  arreterSynchroPeriodique(): void {
    if (this.minuteur) clearInterval(this.minuteur);
    this.minuteur = null;
  }

  source(s: SessionOuverte): SourceArchives {
    return {
      urlArchive: (numero) => `${s.client.baseUrl}/teledossiers/${encodeURIComponent(numero)}/archive`,
      entetes: async (): Promise<Record<string, string>> => {
        // « Travailler hors ligne »: no archive request leaves either.
        if (s.client.suspendu !== null) throw new ErreurTelechargement(s.client.suspendu, false);
        return s.client.token ? { authorization: `Bearer ${s.client.token}` } : {};
      },
      renouveler: () => s.reconnecter(),
    };
  }

  /** The données of every local archive into the search index, in the background (coalesced). */
  indexerDonnees(s: SessionOuverte): Promise<number> {
    let i = this.indexations.get(s);
    if (!i) this.indexations.set(s, (i = new IndexationDonnees(s)));
    return i.relancer();
  }

  /** Starts a download task in the background; progress and result arrive as events. */
  lancerArchivage(
    s: SessionOuverte,
    numeros: string[],
    dossierArchives?: string,
  ): { tacheId: string; total: number; fin: Promise<ResultatArchives> } {
    const tacheId = randomUUID();
    const elements = elementsArchivables(s.db, numeros);
    const dossier = dossierArchives ?? this.noyau.parametres.lire().dossierArchives;
    const fin = this.enregistrerTravail(s, tacheId, true, async (signal) => {
      let resultat: ResultatArchives;
      try {
        const r = await this.telecharger(s, elements, signal, tacheId, dossier);
        resultat = {
          tacheId,
          archives: r.archives.length,
          ignores: r.ignores,
          ...r.bilan,
          annule: r.annule,
          dossierArchives: dossier,
        };
      } catch (e) {
        resultat = {
          tacheId,
          archives: 0,
          ignores: 0,
          echecs: elements.map((el) => ({ numero: el.numero, message: (e as Error).message })),
          perdus: [],
          annule: false,
          dossierArchives: dossier,
        };
      }
      this.noyau.bus.emettre('archives.terminee', resultat);
      return resultat;
    });
    return { tacheId, total: elements.length, fin };
  }

  /** Registers a cancellable task, cancelled too when the session closes. */
  enregistrerTravail<T>(
    s: SessionOuverte,
    tacheId: string,
    reseau: boolean,
    f: (signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const abandon = new AbortController();
    const surFermeture = () => abandon.abort();
    s.abandon.signal.addEventListener('abort', surFermeture, { once: true });
    const fin = f(abandon.signal).finally(() => {
      this.travaux.delete(tacheId);
      s.abandon.signal.removeEventListener('abort', surFermeture);
    });
    this.travaux.set(tacheId, { abandon, fin, reseau });
    return fin;
  }

  /** « Travailler hors ligne »: the downloads stop (what landed stays); local work goes on. */
  interrompreReseau(): void {
    for (const t of this.travaux.values()) if (t.reseau) t.abandon.abort();
  }

  annuler(tacheId: string): boolean {
    const t = this.travaux.get(tacheId);
    t?.abandon.abort();
    return t !== undefined;
  }

  /** One dossier, awaited (opening the content of a dossier not archived yet). */
  async archiverMaintenant(s: SessionOuverte, numero: string): Promise<string | null> {
    const r = await this.telecharger(s, elementsArchivables(s.db, [numero]), s.abandon.signal, null);
    const echec = r.bilan.echecs[0];
    // The download's own error, so the agent gets its code (trop grande, altérée…), not « interne ».
    if (echec) throw r.erreurs.get(echec.numero) ?? new ErreurTelechargement(echec.message, false);
    if (r.bilan.perdus.length > 0) throw new ErreurArchiveIntrouvable(numero);
    return archiveLocale(s.db, numero)?.chemin ?? null;
  }

  /**
   * Downloads into `dossierArchives` (default: the one in Paramètres). A 404 for a dossier the
   * guichet has deleted is a loss, recorded and named; for one it still lists, a failure to retry.
   */
  async telecharger(
    s: SessionOuverte,
    elements: ElementArchivable[],
    signal: AbortSignal,
    tacheId: string | null,
    dossierArchives = this.noyau.parametres.lire().dossierArchives,
  ) {
    const parametres = this.noyau.parametres.lire();
    const aEmettre = cadenceProgression();
    const enregistrees: string[] = [];
    const r = await telechargerArchives({
      ...this.noyau.options.archives,
      source: this.source(s),
      elements,
      dossierArchives,
      concurrence: parametres.concurrenceTelechargement,
      tailleMaxArchiveOctets: parametres.tailleMaxArchiveMo * OCTETS_PAR_MO,
      signal,
      dejaArchive: (numero, sha256) => {
        const a = archiveLocale(s.db, numero);
        return !!a && a.sha256 === sha256 && a.defaut === null && fs.existsSync(a.chemin);
      },
      surArchive: (a: ArchiveEcrite) => {
        enregistrerArchive(s.db, a.numero, dossierArchives, a.cheminRelatif, a.sha256, a.taille);
        enregistrees.push(a.numero);
        void this.indexerDonnees(s);
      },
      surProgression: (p) => {
        if (!tacheId) return;
        if (!aEmettre(p.faits + p.ignores + p.echecs >= p.total)) return;
        this.noyau.bus.emettre('archives.progression', { tacheId, ...p });
        if (enregistrees.length)
          this.noyau.bus.emettre('dossiers.changes', { numeros: enregistrees.splice(0) });
      },
    }).finally(() => {
      if (enregistrees.length)
        this.noyau.bus.emettre('dossiers.changes', { numeros: enregistrees.splice(0) });
    });
    const bilan = { echecs: [] as { numero: string; message: string }[], perdus: [] as string[] };
    for (const e of r.echecs) {
      const motif = e.introuvable ? motifSuppression(s.db, e.numero) : null;
      if (
        motif &&
        enregistrerPerte(
          s.db,
          e.numero,
          motif,
          dateSuppressionAnnoncee(s.db, e.numero) ?? new Date().toISOString(),
        )
      ) {
        bilan.perdus.push(e.numero);
        continue;
      }
      bilan.echecs.push({
        numero: e.numero,
        message:
          e.introuvable && !motif
            ? `${e.message} Le guichet le liste pourtant encore : nouvel essai à la prochaine synchronisation.`
            : e.message,
      });
    }
    if (bilan.perdus.length) this.noyau.bus.emettre('dossiers.changes', { numeros: bilan.perdus });
    return { ...r, bilan };
  }

  async arreter(): Promise<void> {
    this.arreterSynchroPeriodique();
    for (const t of this.travaux.values()) t.abandon.abort();
    const s = this.noyau.session;
    await Promise.allSettled([
      s ? this.indexations.get(s)?.arreter() : undefined,
      ...[...this.travaux.values()].map((t) => t.fin),
      this.synchro,
      this.verrouRejeu,
    ]);
  }
}

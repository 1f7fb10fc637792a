import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ResumeSynchro } from '../../shared/app-api/index.js';
import { telechargerArchives, type ArchiveEcrite, type SourceArchives } from '../archive/index.js';
import type { BilanRejeu } from '../outbox/index.js';
import {
  archiveLocale,
  elementsArchivables,
  enregistrerArchive,
  numerosNonArchives,
} from '../store/index.js';
import { synchroniser, synchroniserReferentiel } from '../sync/index.js';
import type { Noyau } from './noyau.js';
import type { SessionOuverte } from './session.js';

/** Background work of a session: sync (one at a time), outbox replay (serialised), archive downloads. */
export class Taches {
  synchroEnCours = false;
  private synchro: Promise<ResumeSynchro> | null = null;
  private verrouRejeu: Promise<unknown> = Promise.resolve();
  private prochainRejeu: Promise<BilanRejeu> | null = null;
  private minuteur: NodeJS.Timeout | null = null;
  private readonly archivages = new Map<string, { abandon: AbortController; fin: Promise<void> }>();

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
      const { nouveauxNumeros, indexation, ...resume } = bilan;
      indexation?.catch(() => undefined);
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
      if (noyau.options.autoArchive ?? parametres.autoArchive) {
        const aArchiver = numerosNonArchives(s.db);
        if (aArchiver.length > 0) this.lancerArchivage(s, aArchiver);
      }
      return resume;
    } catch (e) {
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
      entetes: async (): Promise<Record<string, string>> =>
        s.client.token ? { authorization: `Bearer ${s.client.token}` } : {},
      renouveler: () => s.reconnecter(),
    };
  }

  /** Starts a download task in the background; progress and result arrive as events. */
  lancerArchivage(s: SessionOuverte, numeros: string[]): { tacheId: string; total: number } {
    const tacheId = randomUUID();
    const elements = elementsArchivables(s.db, numeros);
    const abandon = new AbortController();
    const surFermeture = () => abandon.abort();
    s.abandon.signal.addEventListener('abort', surFermeture, { once: true });
    const fin = this.telecharger(s, elements, abandon.signal, tacheId)
      .then((r) => {
        this.noyau.bus.emettre('archives.terminee', {
          tacheId,
          archives: r.archives.length,
          ignores: r.ignores,
          echecs: r.echecs,
          annule: r.annule,
        });
      })
      .catch((e: unknown) => {
        this.noyau.bus.emettre('archives.terminee', {
          tacheId,
          archives: 0,
          ignores: 0,
          echecs: [{ numero: elements[0]?.numero ?? 'A-5-00000000', message: (e as Error).message }],
          annule: false,
        });
      })
      .finally(() => {
        this.archivages.delete(tacheId);
        s.abandon.signal.removeEventListener('abort', surFermeture);
      });
    this.archivages.set(tacheId, { abandon, fin });
    return { tacheId, total: elements.length };
  }

  annulerArchivage(tacheId: string): boolean {
    const t = this.archivages.get(tacheId);
    t?.abandon.abort();
    return t !== undefined;
  }

  /** One dossier, awaited (opening the content of a dossier not archived yet). */
  async archiverMaintenant(s: SessionOuverte, numero: string): Promise<string | null> {
    const r = await this.telecharger(s, elementsArchivables(s.db, [numero]), s.abandon.signal, null);
    if (r.echecs[0]) throw new Error(r.echecs[0].message);
    const a = archiveLocale(s.db, numero);
    return a ? path.join(this.noyau.parametres.lire().dossierArchives, a.chemin) : null;
  }

  private async telecharger(
    s: SessionOuverte,
    elements: ReturnType<typeof elementsArchivables>,
    signal: AbortSignal,
    tacheId: string | null,
  ) {
    const parametres = this.noyau.parametres.lire();
    const dossierArchives = parametres.dossierArchives;
    let derniere = 0;
    const enregistrees: string[] = [];
    return telechargerArchives({
      source: this.source(s),
      elements,
      dossierArchives,
      concurrence: parametres.concurrenceTelechargement,
      signal,
      dejaArchive: (numero, sha256) => {
        const a = archiveLocale(s.db, numero);
        return !!a && a.sha256 === sha256 && fs.existsSync(path.join(dossierArchives, a.chemin));
      },
      surArchive: (a: ArchiveEcrite) => {
        enregistrerArchive(s.db, a.numero, a.cheminRelatif, a.sha256, a.taille);
        enregistrees.push(a.numero);
      },
      surProgression: (p) => {
        if (!tacheId) return;
        const maintenant = Date.now();
        // At most ~5 events per second: the UI needs a live bar, not one event per archive.
        if (p.faits + p.ignores + p.echecs < p.total && maintenant - derniere < 200) return;
        derniere = maintenant;
        this.noyau.bus.emettre('archives.progression', { tacheId, ...p });
        if (enregistrees.length)
          this.noyau.bus.emettre('dossiers.changes', { numeros: enregistrees.splice(0) });
      },
    }).finally(() => {
      if (enregistrees.length)
        this.noyau.bus.emettre('dossiers.changes', { numeros: enregistrees.splice(0) });
    });
  }

  async arreter(): Promise<void> {
    this.arreterSynchroPeriodique();
    for (const t of this.archivages.values()) t.abandon.abort();
    await Promise.allSettled([
      ...[...this.archivages.values()].map((t) => t.fin),
      this.synchro,
      this.verrouRejeu,
    ]);
  }
}

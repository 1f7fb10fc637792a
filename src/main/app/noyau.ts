import { ErreurApp, type EtatConnexion, type ModeSession } from '../../shared/app-api/index.js';
import { compteTrousseau, creerTrousseau, type Trousseau } from '../credentials/index.js';
import type { OptionsAvancees } from '../archive/index.js';
import { ErreurGuichet, ErreurReseau, type OptionsClient } from '../guichet-client/index.js';
import { compteurs, rejouer, type BilanRejeu } from '../outbox/index.js';
import {
  creerDepotParametres,
  creerDepotProfils,
  type DepotParametres,
  type DepotProfils,
} from '../profils/index.js';
import { lireMeta, META } from '../store/index.js';
import type { OptionsCoeur } from './coeur.js';
import { Bus } from './evenements.js';
import { MESSAGE_HORS_LIGNE, MESSAGE_HORS_LIGNE_CHOISI, MESSAGE_TOUJOURS_INJOIGNABLE } from './erreurs.js';
import type { SessionOuverte } from './session.js';
import { Taches } from './taches.js';

/**
 * Wait before probe n (0-based): 1 s, 2 s, 4 s… up to `plafondMs`, ±20 % so that the workstations
 * of a mairie do not all knock at the same instant when the guichet comes back.
 */
export function delaiSonde(essai: number, plafondMs: number): number {
  const base = Math.min(plafondMs, 1000 * 2 ** Math.min(essai, 20));
  return Math.round(base * (0.8 + 0.4 * Math.random()));
}

/** What creerCoeur accepts beyond the contract's options (tests, CLI, benches). */
export interface OptionsCoeurEtendues extends OptionsCoeur {
  /** Sync right after login and then periodically (default true; the CLI and some tests turn it off). */
  synchroAutomatique?: boolean;
  /** Overrides the autoArchive setting (the CLI archives only on its explicit `archive` command). */
  autoArchive?: boolean;
  /**
   * Longest wait between two connectivity probes while hors ligne (default 5 s). The first comes
   * after 1 s and the wait doubles up to this: a guichet back from a short cut is seen at once.
   */
  intervalleSondeMs?: number;
  /** HTTP client tuning (timeouts, retries). */
  client?: Partial<Omit<OptionsClient, 'urlGuichet' | 'renouveler'>>;
  /** Archive download tuning (throughput window, deadlines, retries); the size limit is in Paramètres. */
  archives?: Omit<OptionsAvancees, 'tailleMaxArchiveOctets'>;
  /** Keychain; default keytar. Tests may inject an unavailable one. */
  trousseau?: Trousseau;
  /** The clock for « à risque » (simulations move it with the guichet's); default Date.now. */
  maintenant?: () => number;
}

/**
 * The state shared by every handler: the open session (if any), the event bus, the background
 * work (sync, replay, archives) and the mode transitions en-ligne ⇄ hors-ligne.
 */
export class Noyau {
  readonly bus = new Bus();
  readonly profils: DepotProfils;
  readonly parametres: DepotParametres;
  readonly trousseau: Trousseau;
  readonly taches: Taches;
  session: SessionOuverte | null = null;
  private minuteurSonde: NodeJS.Timeout | null = null;
  /** Bumped when probing stops, so a probe already under way does not plan another one. */
  private generationSonde = 0;
  /** Counts of the last risk notification (said again only when they change). */
  derniereAlerte: string | null = null;

  constructor(readonly options: OptionsCoeurEtendues) {
    this.profils = creerDepotProfils(options.dossierDonnees);
    this.parametres = creerDepotParametres(options.dossierDonnees);
    this.trousseau = options.trousseau ?? creerTrousseau();
    this.taches = new Taches(this);
  }

  maintenant(): number {
    return this.options.maintenant?.() ?? Date.now();
  }

  exigerSession(): SessionOuverte {
    if (!this.session) throw new ErreurApp('non_connecte', "Aucune session n'est ouverte : connectez-vous.");
    return this.session;
  }

  /** For calls that need the guichet now (refresh, users, sync on demand). */
  exigerEnLigne(): SessionOuverte {
    const s = this.exigerSession();
    if (s.mode !== 'en-ligne') throw new ErreurApp('hors_ligne', s.client.suspendu ?? MESSAGE_HORS_LIGNE);
    return s;
  }

  /** For what the agent asked for now (sync, replay): offline, try the guichet once first. */
  async assurerEnLigne(): Promise<SessionOuverte> {
    const s = this.exigerSession();
    if (s.mode !== 'en-ligne' && !(await this.sonder()))
      throw new ErreurApp('hors_ligne', s.client.suspendu ?? MESSAGE_HORS_LIGNE);
    return s;
  }

  etatConnexion(): EtatConnexion {
    const s = this.session;
    return {
      mode: s?.mode ?? 'lecture-seule',
      horsLigneChoisi: s?.client.suspendu != null,
      derniereSynchro: s ? lireMeta(s.db, META.derniereSynchro) : null,
      synchroEnCours: this.taches.synchroEnCours,
    };
  }

  /**
   * « Travailler hors ligne »: from now on not one request leaves (the client refuses them before
   * sending), the downloads under way stop, every action waits in the file d'attente.
   */
  travaillerHorsLigne(): EtatConnexion {
    const s = this.exigerSession();
    if (s.mode === 'lecture-seule')
      throw new ErreurApp('lecture_seule', 'Session en lecture seule : elle ne se connecte pas au guichet.');
    s.client.suspendu = MESSAGE_HORS_LIGNE_CHOISI;
    this.arreterSonde();
    this.taches.interrompreReseau();
    if (s.mode === 'hors-ligne') this.bus.emettre('connexion.changee', this.etatConnexion());
    else this.changerMode('hors-ligne');
    return this.etatConnexion();
  }

  /** « Se reconnecter »: tries at once; if the guichet is still away, the probe keeps trying. */
  async seReconnecter(): Promise<EtatConnexion> {
    const s = this.exigerSession();
    if (s.mode === 'lecture-seule')
      throw new ErreurApp(
        'lecture_seule',
        'Session en lecture seule : déconnectez-vous puis connectez-vous en ligne avec votre mot de passe.',
      );
    s.client.suspendu = null;
    if (s.mode === 'en-ligne') return this.etatConnexion();
    if (!s.peutSeReconnecter)
      throw new ErreurApp('session_expiree', 'Votre session a expiré : reconnectez-vous.');
    this.arreterSonde();
    if (!(await this.sonder())) {
      this.demarrerSonde();
      this.bus.emettre('connexion.changee', this.etatConnexion());
      throw new ErreurApp('hors_ligne', MESSAGE_TOUJOURS_INJOIGNABLE);
    }
    return this.etatConnexion();
  }

  changerMode(mode: ModeSession): void {
    const s = this.session;
    if (!s || s.mode === mode) return;
    s.mode = mode;
    this.bus.emettre('connexion.changee', this.etatConnexion());
    if (mode === 'en-ligne') {
      this.arreterSonde();
      this.taches.planifierSynchro();
      void this.taches.rejouerPuisSynchroniser(true).catch(() => undefined);
    } else {
      this.taches.arreterSynchroPeriodique();
      this.demarrerSonde();
    }
  }

  /** Runs f against the guichet; a network failure switches the session to hors-ligne. */
  async enLigne<T>(f: (s: SessionOuverte) => Promise<T>): Promise<T> {
    const s = this.exigerEnLigne();
    try {
      return await f(s);
    } catch (e) {
      this.surErreurReseau(e);
      throw e;
    }
  }

  surErreurReseau(e: unknown): void {
    if (e instanceof ErreurReseau && this.session?.mode === 'en-ligne') this.changerMode('hors-ligne');
  }

  demarrerSonde(): void {
    const s = this.session;
    if (!s || this.minuteurSonde || !s.peutSeReconnecter || s.client.suspendu !== null) return;
    this.planifierSonde(0, this.generationSonde);
  }

  private planifierSonde(essai: number, generation: number): void {
    const attente = delaiSonde(essai, this.options.intervalleSondeMs ?? 5000);
    this.minuteurSonde = setTimeout(() => {
      void this.sonder().then((revenu) => {
        if (generation !== this.generationSonde) return;
        this.minuteurSonde = null;
        const s = this.session;
        if (revenu || !s || s.mode === 'en-ligne' || !s.peutSeReconnecter || s.client.suspendu !== null)
          return;
        this.planifierSonde(essai + 1, generation);
      });
    }, attente);
    this.minuteurSonde.unref();
  }

  arreterSonde(): void {
    this.generationSonde++;
    if (this.minuteurSonde) clearTimeout(this.minuteurSonde);
    this.minuteurSonde = null;
  }

  /** Is the guichet back? A fresh login proves it (and renews the token). */
  async sonder(): Promise<boolean> {
    const s = this.session;
    if (!s || s.mode === 'en-ligne') return s?.mode === 'en-ligne';
    if (s.client.suspendu !== null) return false;
    try {
      await s.reconnecter();
    } catch (e) {
      if (e instanceof ErreurGuichet && e.statut === 401) {
        // The password changed meanwhile: stay offline, stop probing, the agent must log in again.
        s.oublierMotDePasse();
        this.arreterSonde();
      }
      return false;
    }
    this.changerMode('en-ligne');
    return true;
  }

  emettreFile(): void {
    if (this.session) this.bus.emettre('fileAttente.changee', compteurs(this.session.db));
  }

  async rejouer(forcer = false): Promise<BilanRejeu> {
    const s = this.exigerEnLigne();
    try {
      const bilan = await rejouer(
        {
          db: s.db,
          client: s.client,
          dossierProfil: s.dossierProfil,
          surChangement: (numeros) => {
            this.bus.emettre('dossiers.changes', { numeros });
            this.emettreFile();
          },
        },
        { forcer },
      );
      if (bilan.horsLigne) this.changerMode('hors-ligne');
      return bilan;
    } finally {
      this.emettreFile();
    }
  }

  compteTrousseau(profilId: string): string {
    const p = this.profils.lire(profilId);
    return compteTrousseau(p.urlGuichet, p.identifiant);
  }

  async fermerSession(): Promise<void> {
    const s = this.session;
    if (!s) return;
    this.arreterSonde();
    await this.taches.arreter();
    this.session = null;
    await s.terminerEcritures();
    s.fermer();
  }
}

import fs from 'node:fs';
import path from 'node:path';
import type { UtilisateurConnecte } from '../../shared/api/index.js';
import { ErreurApp, type ModeSession, type Profil, type Session } from '../../shared/app-api/index.js';
import {
  creerClientGuichet,
  ErreurGuichet,
  ErreurReseau,
  type ClientGuichet,
  type OptionsClient,
} from '../guichet-client/index.js';
import { creerVerificateur, verifierHorsLigne } from '../credentials/index.js';
import { reinitialiserEnCours } from '../outbox/index.js';
import { ecrireMeta, lireMeta, META, ouvrirBase, type Db } from '../store/index.js';

/** An open profile: its store, its HTTP client and (in memory only) what is needed to log in again. */
export class SessionOuverte {
  mode: ModeSession;
  readonly abandon = new AbortController();
  private verificateur: Promise<void> = Promise.resolve();

  private constructor(
    readonly profil: Profil,
    readonly db: Db,
    readonly client: ClientGuichet,
    readonly dossierProfil: string,
    public utilisateur: UtilisateurConnecte,
    mode: ModeSession,
    /** Kept in memory for the session only, to log in again on 401 and after a network outage. */
    private motDePasse: string | null,
  ) {
    this.mode = mode;
  }

  get peutSeReconnecter(): boolean {
    return this.motDePasse !== null;
  }

  oublierMotDePasse(): void {
    this.motDePasse = null;
  }

  definirMotDePasse(m: string): void {
    this.motDePasse = m;
  }

  /** Logs in with the password held in memory; used on 401 and by the connectivity probe. */
  async reconnecter(): Promise<void> {
    if (this.motDePasse === null)
      throw new ErreurApp('session_expiree', 'Votre session a expiré : reconnectez-vous.');
    const r = await this.client.appel('login', {
      body: { identifiant: this.profil.identifiant, motDePasse: this.motDePasse },
    });
    this.client.token = r.token;
    this.utilisateur = r.utilisateur;
    ecrireMeta(this.db, META.utilisateur, JSON.stringify(r.utilisateur));
  }

  /**
   * After the guichet accepted `motDePasse`: what read-only offline mode will check it against.
   * One scrypt, so it runs while the session starts; writes happen in order and before the store
   * closes (`terminerEcritures`).
   */
  enregistrerVerificateur(motDePasse: string): Promise<void> {
    const identifiant = this.profil.identifiant;
    const ecriture = this.verificateur
      .then(() => creerVerificateur(identifiant, motDePasse))
      .then((v) => {
        if (!this.abandon.signal.aborted) ecrireMeta(this.db, META.verificateur, v);
      });
    this.verificateur = ecriture.catch(() => undefined);
    return ecriture;
  }

  /** Lets a verifier still being computed reach the store; call before `fermer`. */
  terminerEcritures(): Promise<void> {
    return this.verificateur;
  }

  vue(): Session {
    return { profil: this.profil, utilisateur: this.utilisateur, mode: this.mode };
  }

  fermer(): void {
    this.abandon.abort();
    this.client.fermer();
    this.db.close();
    this.motDePasse = null;
  }

  static creerClient(
    profil: Profil,
    reglages: Partial<OptionsClient>,
    renouveler: () => Promise<void>,
  ): ClientGuichet {
    return creerClientGuichet({ ...reglages, urlGuichet: profil.urlGuichet, renouveler });
  }

  /** Online login; the errors become what the login screen shows. */
  static async connecter(
    profil: Profil,
    dossierProfil: string,
    motDePasse: string,
    reglages: Partial<OptionsClient>,
  ): Promise<SessionOuverte> {
    let session: SessionOuverte | null = null;
    const client = SessionOuverte.creerClient(profil, reglages, async () => {
      if (session) await session.reconnecter();
    });
    let reponse;
    try {
      reponse = await client.appel('login', { body: { identifiant: profil.identifiant, motDePasse } });
    } catch (e) {
      client.fermer();
      if (e instanceof ErreurReseau) {
        throw new ErreurApp(
          'guichet_injoignable',
          `Le guichet ${profil.urlGuichet} est injoignable. Vous pouvez ouvrir vos dossiers locaux en lecture seule.`,
        );
      }
      if (e instanceof ErreurGuichet && e.statut === 401)
        throw new ErreurApp('identifiants_invalides', e.message);
      if (e instanceof ErreurGuichet && e.statut === 429)
        throw new ErreurApp('trop_de_tentatives', e.message);
      throw e;
    }
    client.token = reponse.token;
    const db = SessionOuverte.ouvrirStore(dossierProfil);
    ecrireMeta(db, META.utilisateur, JSON.stringify(reponse.utilisateur));
    session = new SessionOuverte(
      profil,
      db,
      client,
      dossierProfil,
      reponse.utilisateur,
      'en-ligne',
      motDePasse,
    );
    return session;
  }

  /**
   * Without the guichet: the local store and the last known utilisateur of the profile, once the
   * password is proven. `deConfiance`: it came from (or matched) the OS keychain, which is proof
   * enough; otherwise it is checked against the verifier of the last online login.
   */
  static async lectureSeule(
    profil: Profil,
    dossierProfil: string,
    motDePasse: string,
    deConfiance: boolean,
    reglages: Partial<OptionsClient>,
  ): Promise<SessionOuverte> {
    const db = ouvrirBase(path.join(dossierProfil, 'store.sqlite'));
    let u: string | null;
    try {
      u = lireMeta(db, META.utilisateur);
      if (!u) {
        throw new ErreurApp(
          'introuvable',
          "Aucune donnée locale pour ce profil : il faut s'être connecté une première fois au guichet.",
        );
      }
      if (!deConfiance) await SessionOuverte.prouver(db, profil, motDePasse);
    } catch (e) {
      db.close();
      throw e;
    }
    SessionOuverte.preparerStore(db);
    let session: SessionOuverte | null = null;
    const client = SessionOuverte.creerClient(profil, reglages, async () => {
      if (session) await session.reconnecter();
    });
    session = new SessionOuverte(
      profil,
      db,
      client,
      dossierProfil,
      JSON.parse(u) as UtilisateurConnecte,
      'lecture-seule',
      motDePasse,
    );
    return session;
  }

  /**
   * After a password reset the old password must not keep opening the local data offline: the
   * verifier is dropped, and the next online login records the new one.
   */
  static oublierVerificateur(dossierProfil: string): void {
    const fichier = path.join(dossierProfil, 'store.sqlite');
    if (!fs.existsSync(fichier)) return;
    const db = ouvrirBase(fichier);
    try {
      ecrireMeta(db, META.verificateur, null);
    } finally {
      db.close();
    }
  }

  private static async prouver(db: Db, profil: Profil, motDePasse: string): Promise<void> {
    const r = await verifierHorsLigne(lireMeta(db, META.verificateur), profil.identifiant, motDePasse);
    if (r === 'absent')
      throw new ErreurApp(
        'verification_hors_ligne_impossible',
        'Ce poste ne peut pas encore vérifier votre mot de passe hors ligne : connectez-vous une première fois au guichet en ligne, avec ce profil, puis vous pourrez ouvrir les données locales sans lui.',
      );
    if (r === 'incorrect')
      throw new ErreurApp(
        'mot_de_passe_incorrect',
        'Mot de passe incorrect : saisissez celui de votre dernière connexion au guichet sur ce poste.',
      );
  }

  private static ouvrirStore(dossierProfil: string): Db {
    const db = ouvrirBase(path.join(dossierProfil, 'store.sqlite'));
    SessionOuverte.preparerStore(db);
    return db;
  }

  private static preparerStore(db: Db): void {
    // Whatever was in flight when the app last stopped is pending again (its cle makes it safe).
    reinitialiserEnCours(db);
    // Visit marks: "nouveaux depuis la dernière visite" counts what arrived after the previous session.
    ecrireMeta(db, META.visitePrecedente, lireMeta(db, META.visite) ?? '0');
    ecrireMeta(db, META.visite, String(Date.now()));
  }
}

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
import { reinitialiserEnCours } from '../outbox/index.js';
import { ecrireMeta, lireMeta, META, ouvrirBase, type Db } from '../store/index.js';

/** An open profile: its store, its HTTP client and (in memory only) what is needed to log in again. */
export class SessionOuverte {
  mode: ModeSession;
  readonly abandon = new AbortController();

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

  /** Without the guichet: the local store and the last known utilisateur of the profile. */
  static lectureSeule(
    profil: Profil,
    dossierProfil: string,
    motDePasseConnu: string | null,
    reglages: Partial<OptionsClient>,
  ): SessionOuverte {
    const db = SessionOuverte.ouvrirStore(dossierProfil);
    const u = lireMeta(db, META.utilisateur);
    if (!u) {
      db.close();
      throw new ErreurApp(
        'introuvable',
        "Aucune donnée locale pour ce profil : il faut s'être connecté une première fois au guichet.",
      );
    }
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
      motDePasseConnu,
    );
    return session;
  }

  private static ouvrirStore(dossierProfil: string): Db {
    const db = ouvrirBase(path.join(dossierProfil, 'store.sqlite'));
    // Whatever was in flight when the app last stopped is pending again (its cle makes it safe).
    reinitialiserEnCours(db);
    // Visit marks: "nouveaux depuis la dernière visite" counts what arrived after the previous session.
    ecrireMeta(db, META.visitePrecedente, lireMeta(db, META.visite) ?? '0');
    ecrireMeta(db, META.visite, String(Date.now()));
    return db;
  }
}

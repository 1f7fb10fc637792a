import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { demarrerServeur, seed, type ResultatSeed, type Serveur } from '../../../src/server/index.js';
import { creerClientGuichet, type ClientGuichet } from '../../../src/main/guichet-client/index.js';

export interface Compte {
  identifiant: string;
  motDePasse: string;
}

/** A real guichet server on 127.0.0.1 over a freshly seeded temporary database. */
export class GuichetDeTest {
  serveur: Serveur | null = null;
  port = 0;

  private constructor(
    readonly dossier: string,
    readonly fichierDb: string,
    readonly seed: ResultatSeed,
  ) {}

  /** Extra server options (e.g. a short `dureeSessionMs` to exercise token renewal). */
  options: { dureeSessionMs?: number; limites?: { parIdentifiant?: number; parIp?: number } } = {};

  static async creer(
    dossiers = 200,
    graine = 'tests-coeur',
    options: GuichetDeTest['options'] = {},
  ): Promise<GuichetDeTest> {
    const dossier = fs.mkdtempSync(path.join(os.tmpdir(), 'guichet-test-'));
    const fichierDb = path.join(dossier, 'guichet.sqlite');
    const resultat = await seed({ db: fichierDb, dossiers, graine });
    const g = new GuichetDeTest(dossier, fichierDb, resultat);
    g.options = options;
    await g.demarrer();
    return g;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The first service with at least two agents: the app's agent and a colleague. */
  comptes(): { agent: Compte; collegue: Compte; admin: Compte } {
    const service = this.seed.services.find(
      (s) => s.utilisateurs.filter((u) => u.habilitation === 'INSTRUCTION').length >= 2,
    );
    if (!service) throw new Error('Aucun service avec deux agents dans le jeu de données.');
    const agents = service.utilisateurs.filter((u) => u.habilitation === 'INSTRUCTION');
    const admin = service.utilisateurs.find((u) => u.habilitation === 'GESTION');
    if (!agents[0] || !agents[1] || !admin) throw new Error('Comptes manquants.');
    return { agent: agents[0], collegue: agents[1], admin };
  }

  async demarrer(): Promise<void> {
    this.serveur = await demarrerServeur({
      db: this.fichierDb,
      port: this.port,
      host: '127.0.0.1',
      journal: { info() {}, avertir() {}, erreur() {} },
      limites: { parIdentifiant: 1000, parIp: 10_000 },
      ...this.options,
    });
    this.port = this.serveur.port;
  }

  async arreter(): Promise<void> {
    await this.serveur?.close();
    this.serveur = null;
  }

  /** A logged-in client for a colleague acting "behind the app's back". */
  async client(compte: Compte): Promise<ClientGuichet> {
    const c = creerClientGuichet({ urlGuichet: this.url, tentatives: 1 });
    const r = await c.appel('login', { body: compte });
    c.token = r.token;
    return c;
  }

  async nettoyer(): Promise<void> {
    await this.arreter();
    fs.rmSync(this.dossier, { recursive: true, force: true });
  }
}

export function dossierTemporaire(prefixe = 'coeur-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefixe));
}

/**
 * The real client with some of its calls replaced, to observe or alter what crosses the wire; every
 * other call, and the session token, stay the real client's (requests still go to the real guichet).
 */
export function clientEnveloppe(
  reel: ClientGuichet,
  remplacements: Partial<Pick<ClientGuichet, 'appel' | 'appelDiffere'>>,
): ClientGuichet {
  return {
    ...reel,
    get token() {
      return reel.token;
    },
    set token(t) {
      reel.token = t;
    },
    ...remplacements,
  };
}

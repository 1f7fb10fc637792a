import { createRequire } from 'node:module';

/** The service name under which every password of the app is stored in the OS keychain. */
export const SERVICE_TROUSSEAU = 'guichet-instructeur';

export class TrousseauIndisponible extends Error {
  constructor(cause: unknown) {
    super(
      `Le trousseau du système est indisponible (${cause instanceof Error ? cause.message : String(cause)}) : ` +
        'le mot de passe sera demandé à chaque connexion.',
    );
    this.name = 'TrousseauIndisponible';
  }
}

interface Keytar {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export interface Trousseau {
  lire(compte: string): Promise<string | null>;
  ecrire(compte: string, motDePasse: string): Promise<void>;
  effacer(compte: string): Promise<void>;
}

export function compteTrousseau(urlGuichet: string, identifiant: string): string {
  return `${urlGuichet}|${identifiant}`;
}

let module: Keytar | null = null;
function charger(): Keytar {
  // keytar is a native module: loading it may fail (missing libsecret). Loaded lazily so that the
  // rest of the app works without it, and so the failure becomes a TrousseauIndisponible.
  module ??= createRequire(import.meta.url)('keytar') as Keytar;
  return module;
}

/**
 * The OS keychain through keytar. Any failure (module not loadable, no Secret Service on D-Bus,
 * locked collection) becomes TrousseauIndisponible. There is deliberately NO fallback to a file:
 * a password is never written to disk by this app.
 */
export function creerTrousseau(): Trousseau {
  async function avec<T>(f: (k: Keytar) => Promise<T>): Promise<T> {
    try {
      return await f(charger());
    } catch (e) {
      throw new TrousseauIndisponible(e);
    }
  }
  return {
    lire: (compte) => avec((k) => k.getPassword(SERVICE_TROUSSEAU, compte)),
    ecrire: (compte, mdp) => avec((k) => k.setPassword(SERVICE_TROUSSEAU, compte, mdp)),
    effacer: async (compte) => {
      await avec((k) => k.deletePassword(SERVICE_TROUSSEAU, compte));
    },
  };
}

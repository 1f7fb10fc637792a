/** The service name under which every password of the app is stored in the OS keychain. */
export const SERVICE_TROUSSEAU = 'guichet-instructeur';

/** keytar is an optional dependency: `npm install` skips it where libsecret cannot be built. */
export const MESSAGE_MODULE_ABSENT =
  "Le module du trousseau du système (keytar) n'est pas installé sur ce poste : " +
  'le mot de passe ne peut pas être mémorisé et sera demandé à chaque connexion.';

export class TrousseauIndisponible extends Error {
  constructor(cause: unknown, message?: string) {
    super(
      message ??
        `Le trousseau du système est indisponible (${cause instanceof Error ? cause.message : String(cause)}) : ` +
          'le mot de passe sera demandé à chaque connexion.',
      { cause },
    );
    this.name = 'TrousseauIndisponible';
  }
}

export interface Keytar {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export interface Trousseau {
  lire(compte: string): Promise<string | null>;
  ecrire(compte: string, motDePasse: string): Promise<void>;
  effacer(compte: string): Promise<void>;
}

export interface OptionsTrousseau {
  /** Loads the keytar module; tests substitute an import of a module that does not exist. */
  importer?: () => Promise<unknown>;
}

export function compteTrousseau(urlGuichet: string, identifiant: string): string {
  return `${urlGuichet}|${identifiant}`;
}

/** Node says "not installed" with one of these codes; anything else is a broken install (libsecret). */
function estModuleAbsent(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}

function versKeytar(m: unknown): Keytar {
  // keytar is CommonJS: through import() its functions sit on `default`.
  const candidat = (m as { default?: unknown }).default ?? m;
  const k = candidat as Partial<Keytar>;
  if (
    typeof k.getPassword !== 'function' ||
    typeof k.setPassword !== 'function' ||
    typeof k.deletePassword !== 'function'
  )
    throw new Error('module keytar inattendu');
  return k as Keytar;
}

/** A specifier in a variable: the typecheck and the bundle must not require keytar to be installed. */
const NOM_MODULE = 'keytar';
const importerKeytar = (): Promise<unknown> => import(NOM_MODULE);

/**
 * The OS keychain through keytar. Any failure (module not installed, native part not loadable, no
 * Secret Service on D-Bus, locked collection) becomes TrousseauIndisponible. There is deliberately
 * NO fallback to a file: a password is never written to disk by this app.
 */
export function creerTrousseau(options: OptionsTrousseau = {}): Trousseau {
  const importer = options.importer ?? importerKeytar;
  // Loaded lazily and once, so that the rest of the app works without it.
  let chargement: Promise<Keytar> | null = null;
  const charger = (): Promise<Keytar> => {
    chargement ??= importer().then(versKeytar, (e: unknown) => {
      throw estModuleAbsent(e) ? new TrousseauIndisponible(e, MESSAGE_MODULE_ABSENT) : e;
    });
    return chargement;
  };
  async function avec<T>(f: (k: Keytar) => Promise<T>): Promise<T> {
    try {
      return await f(await charger());
    } catch (e) {
      if (e instanceof TrousseauIndisponible) throw e;
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

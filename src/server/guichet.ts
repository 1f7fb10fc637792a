import { Archives } from './archive/archives.js';
import { Limiteur } from './auth/limiteur.js';
import type { Db } from './db/connexion.js';
import { creerDepots, type Depots } from './db/depots.js';
import type { Horloge } from './horloge.js';
import type { Journal } from './journal.js';
import type { Courrier } from './mail/courrier.js';

export interface LimitesConnexion {
  /** Failed logins allowed per identifiant within the window. */
  parIdentifiant: number;
  /** Failed logins allowed per client IP within the window (several agents may share one IP). */
  parIp: number;
  /** Lost-password mails per identifiant within the window (whatever the requesting IP). */
  courrielsParIdentifiant: number;
  fenetreMs: number;
}

export const LIMITES_DEFAUT: LimitesConnexion = {
  parIdentifiant: 5,
  parIp: 50,
  courrielsParIdentifiant: 3,
  fenetreMs: 15 * 60 * 1000,
};

/** Everything a handler needs, built once per server. */
export interface Guichet {
  depots: Depots;
  archives: Archives;
  courrier: Courrier;
  horloge: Horloge;
  journal: Journal;
  limiteurs: {
    identifiant: Limiteur;
    ip: Limiteur;
    motDePassePerdu: Limiteur;
    courrielsIdentifiant: Limiteur;
    /** Failed reset attempts, per IP and per token (keys `ip:` and `jeton:`). */
    reinitialisationIp: Limiteur;
    reinitialisationJeton: Limiteur;
  };
  /** Session lifetime. */
  dureeSessionMs: number;
}

export interface OptionsGuichet {
  db: Db;
  courrier: Courrier;
  horloge: Horloge;
  journal: Journal;
  limites?: Partial<LimitesConnexion>;
  cacheArchivesOctets?: number;
  dureeSessionMs?: number;
}

export function creerGuichet(o: OptionsGuichet): Guichet {
  const limites = { ...LIMITES_DEFAUT, ...o.limites };
  const depots = creerDepots(o.db);
  return {
    depots,
    archives: new Archives(depots, o.cacheArchivesOctets ?? 96 * 1024 * 1024, (m) => o.journal.avertir(m)),
    courrier: o.courrier,
    horloge: o.horloge,
    journal: o.journal,
    limiteurs: {
      identifiant: new Limiteur(limites.parIdentifiant, limites.fenetreMs),
      ip: new Limiteur(limites.parIp, limites.fenetreMs),
      motDePassePerdu: new Limiteur(limites.parIp, limites.fenetreMs),
      courrielsIdentifiant: new Limiteur(limites.courrielsParIdentifiant, limites.fenetreMs),
      reinitialisationIp: new Limiteur(limites.parIp, limites.fenetreMs),
      reinitialisationJeton: new Limiteur(limites.parIdentifiant, limites.fenetreMs),
    },
    dureeSessionMs: o.dureeSessionMs ?? 12 * 60 * 60 * 1000,
  };
}

/**
 * Errors of the download path. Each carries the French message shown to the agent, and whether
 * retrying can help: the orchestrator decides retries from these classes, never from message text.
 */
export class ErreurTelechargement extends Error {
  constructor(
    message: string,
    /** Network hiccup, 5xx, 429: worth another attempt after a pause. */
    readonly temporaire: boolean,
    /** Milliseconds the server asked us to wait (Retry-After, already capped by the policy), if any. */
    readonly attendreMs: number | null = null,
  ) {
    super(message);
    this.name = 'ErreurTelechargement';
  }
}

/** 404/410: the guichet no longer serves this dossier (closed then purged, or purged). */
export class ErreurArchiveIntrouvable extends ErreurTelechargement {
  constructor(numero: string) {
    super(`Dossier ${numero} supprimé du guichet : son archive n'est plus disponible.`, false);
    this.name = 'ErreurArchiveIntrouvable';
  }
}

/** 401: the orchestrator renews the session once, then retries. */
export class ErreurNonAutorise extends ErreurTelechargement {
  constructor() {
    super(
      'Session expirée ou refusée par le guichet : reconnectez-vous puis relancez le téléchargement.',
      false,
    );
    this.name = 'ErreurNonAutorise';
  }
}

/** Bytes do not match the expected SHA-256 (tampered, corrupt, or changed since the listing). */
export class ErreurEmpreinte extends ErreurTelechargement {
  constructor(
    message: string,
    /** The bytes came partly from a previous `.part`: one clean restart is worth trying. */
    readonly apresReprise: boolean,
  ) {
    super(message, false);
    this.name = 'ErreurEmpreinte';
  }
}

/** Disk full or quota exceeded: stops the whole batch, nothing else can be written either. */
export class ErreurDisquePlein extends ErreurTelechargement {
  constructor(numero: string, dossier: string) {
    super(
      `Disque plein : impossible d'enregistrer l'archive ${numero} dans « ${dossier} ». ` +
        'Libérez de la place puis relancez le téléchargement (les archives déjà enregistrées sont intactes).',
      false,
    );
    this.name = 'ErreurDisquePlein';
  }
}

/** « 2 Go », « 64 Ko », « 1,5 Mo »: sizes as the agent reads them in messages. */
export function tailleLisible(octets: number): string {
  const unites = ['octets', 'Ko', 'Mo', 'Go', 'To'] as const;
  let valeur = octets;
  let i = 0;
  while (valeur >= 1024 && i < unites.length - 1) {
    valeur /= 1024;
    i++;
  }
  return `${valeur.toLocaleString('fr-FR', { maximumFractionDigits: 1 })} ${unites[i]}`;
}

function secondesLisibles(ms: number): string {
  return `${(ms / 1000).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} s`;
}

const CONSEIL_TAILLE =
  "Si cette archive est légitime, augmentez « Taille maximale d'une archive (Mo) » dans Paramètres " +
  "puis relancez l'archivage.";

/**
 * Beyond the configured maximum: refused before the first byte when the listing or Content-Length
 * says so, stopped as soon as the received bytes exceed it otherwise (a hostile guichet announcing
 * no size must not fill the disk). Not retried: the next attempt would be as big.
 */
export class ErreurArchiveTropGrande extends ErreurTelechargement {
  constructor(numero: string, tailleMax: number, annoncee: number | null) {
    super(
      annoncee !== null
        ? `Archive ${numero} refusée : le guichet annonce ${tailleLisible(annoncee)}, au-delà de la taille ` +
            `maximale autorisée (${tailleLisible(tailleMax)}). ${CONSEIL_TAILLE}`
        : `Archive ${numero} refusée : le guichet a envoyé plus que la taille maximale autorisée ` +
            `(${tailleLisible(tailleMax)}) ; téléchargement arrêté et fichier partiel supprimé. ${CONSEIL_TAILLE}`,
      false,
    );
    this.name = 'ErreurArchiveTropGrande';
  }
}

/**
 * The guichet is too slow to be useful: no answer head before the deadline, or a body trickling
 * below the minimum throughput (a slow-drip answer would otherwise hold a batch for hours).
 * Temporary: retried per the policy, the part kept for a resume.
 */
export class ErreurGuichetTropLent extends ErreurTelechargement {
  private constructor(message: string) {
    super(message, true);
    this.name = 'ErreurGuichetTropLent';
  }

  static debit(numero: string, octetsParSeconde: number, fenetreMs: number): ErreurGuichetTropLent {
    return new ErreurGuichetTropLent(
      `Archive ${numero} : le guichet l'envoie trop lentement (moins de ${tailleLisible(octetsParSeconde)}/s ` +
        `en moyenne sur ${secondesLisibles(fenetreMs)}) ; téléchargement interrompu. ` +
        "Vérifiez la connexion puis relancez l'archivage.",
    );
  }

  static entete(numero: string, delaiMs: number): ErreurGuichetTropLent {
    return new ErreurGuichetTropLent(
      `Archive ${numero} : le guichet n'a pas commencé à répondre dans les ${secondesLisibles(delaiMs)} ; ` +
        "téléchargement interrompu. Vérifiez la connexion puis relancez l'archivage.",
    );
  }
}

/** The agent cancelled: not an échec, the `.part` stays for a later resume. */
export class ErreurAnnulation extends Error {
  constructor() {
    super('Téléchargement annulé.');
    this.name = 'ErreurAnnulation';
  }
}

export function codeErreur(e: unknown): string | undefined {
  if (typeof e === 'object' && e !== null && 'code' in e) {
    const code = (e as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

export function estDisquePlein(e: unknown): boolean {
  const code = codeErreur(e);
  return code === 'ENOSPC' || code === 'EDQUOT';
}

/** A disk error other than "full", in French, for the échec list. */
export function messageErreurDisque(numero: string, e: unknown): string {
  const code = codeErreur(e);
  if (code === 'EACCES' || code === 'EPERM') {
    return `Accès refusé au dossier des archives : impossible d'enregistrer l'archive ${numero}.`;
  }
  if (code === 'EROFS')
    return `Le dossier des archives est en lecture seule : archive ${numero} non enregistrée.`;
  const detail = e instanceof Error ? e.message : String(e);
  return `Erreur d'écriture sur le disque pour l'archive ${numero} : ${detail}`;
}

/** Network-level failures, translated and naming the archive; the raw code stays in parentheses for support. */
export function messageErreurReseau(numero: string, e: unknown): string {
  const code = codeErreur(e);
  const conseil = "Relancez l'archivage une fois la connexion rétablie.";
  switch (code) {
    case 'ECONNREFUSED':
      return `Archive ${numero} : le guichet ne répond pas (connexion refusée). ${conseil}`;
    case 'ECONNRESET':
    case 'EPIPE':
      return `Archive ${numero} : la connexion au guichet a été coupée pendant le téléchargement. ${conseil}`;
    case 'ETIMEDOUT':
    case 'ESOCKETTIMEDOUT':
      return `Archive ${numero} : le guichet ne répond plus (délai dépassé). ${conseil}`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Archive ${numero} : adresse du guichet introuvable (pas de connexion réseau ?). ${conseil}`;
    default: {
      const detail = e instanceof Error ? e.message : String(e);
      return `Archive ${numero} : erreur réseau pendant le téléchargement${code ? ` (${code})` : ''} : ${detail}`;
    }
  }
}

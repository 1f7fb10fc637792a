/**
 * Errors of the download path. Each carries the French message shown to the agent, and whether
 * retrying can help: the orchestrator decides retries from these classes, never from message text.
 */
export class ErreurTelechargement extends Error {
  constructor(
    message: string,
    /** Network hiccup, 5xx, 429: worth another attempt after a pause. */
    readonly temporaire: boolean,
    /** Seconds the server asked us to wait (Retry-After), if any. */
    readonly attendreSecondes: number | null = null,
  ) {
    super(message);
    this.name = 'ErreurTelechargement';
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

/** Network-level failures, translated; the raw code stays in parentheses for support. */
export function messageErreurReseau(e: unknown): string {
  const code = codeErreur(e);
  switch (code) {
    case 'ECONNREFUSED':
      return 'Le guichet ne répond pas (connexion refusée).';
    case 'ECONNRESET':
    case 'EPIPE':
      return 'La connexion au guichet a été coupée pendant le téléchargement.';
    case 'ETIMEDOUT':
    case 'ESOCKETTIMEDOUT':
      return 'Le guichet ne répond plus (délai dépassé).';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'Adresse du guichet introuvable (pas de connexion réseau ?).';
    default: {
      const detail = e instanceof Error ? e.message : String(e);
      return `Erreur réseau pendant le téléchargement${code ? ` (${code})` : ''} : ${detail}`;
    }
  }
}

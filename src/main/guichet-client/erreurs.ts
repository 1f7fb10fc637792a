/**
 * Errors of the HTTP client. Callers only need to know three things: the guichet answered "no"
 * (ErreurGuichet, with its French message), the guichet could not be reached (ErreurReseau), or it
 * answered something we cannot trust (ErreurReponse). Nothing else escapes the client.
 */
export class ErreurGuichet extends Error {
  constructor(
    readonly statut: number,
    readonly code: string,
    message: string,
    /** The parsed error body, for details such as the 409 `dossier`. */
    readonly corps: unknown,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'ErreurGuichet';
  }
}

export class ErreurReseau extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ErreurReseau';
  }
}

/** Not a failure: the agent chose to work offline, so the request was never sent. */
export class ErreurHorsLigneChoisi extends ErreurReseau {
  constructor(message: string) {
    super(message);
    this.name = 'ErreurHorsLigneChoisi';
  }
}

export class ErreurReponse extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ErreurReponse';
  }
}

export function estErreurReseau(e: unknown): e is ErreurReseau {
  return e instanceof ErreurReseau;
}

/** Where archives come from: the guichet's URL for a numéro and the current auth headers. */
export interface SourceArchives {
  urlArchive(numero: string): string;
  entetes(): Promise<Record<string, string>>;
  /** Called once on 401, then the request is retried. */
  renouveler?(): Promise<void>;
}

export interface ElementArchive {
  numero: string;
  /** Code of the démarche (stable, unlike its intitulé): becomes the folder name. */
  demarche: string;
  /** ISO date of submission: gives the `AAAA-MM` folder. */
  deposeLe: string;
  sha256: string;
  taille: number;
}

export interface ArchiveEcrite {
  numero: string;
  /** Relative to `dossierArchives`, with forward slashes. */
  cheminRelatif: string;
  sha256: string;
  taille: number;
}

export interface ProgressionTelechargement {
  faits: number;
  total: number;
  ignores: number;
  echecs: number;
  octets: number;
  /** Bytes per second over a sliding window. */
  vitesse: number;
  resteSecondes: number | null;
}

export interface OptionsTelechargement {
  source: SourceArchives;
  elements: ElementArchive[];
  dossierArchives: string;
  concurrence: number;
  signal?: AbortSignal;
  dejaArchive?(numero: string, sha256: string): boolean;
  surProgression?(p: ProgressionTelechargement): void;
  surArchive?(a: ArchiveEcrite): void;
}

export interface EchecArchive {
  numero: string;
  message: string;
  /** The guichet answered 404/410: it no longer serves this archive. */
  introuvable?: boolean;
}

export interface ResultatTelechargement {
  archives: ArchiveEcrite[];
  ignores: number;
  echecs: EchecArchive[];
  /**
   * The error behind each échec, by numéro, so a caller awaiting one dossier can rethrow it and the
   * agent gets its own ErreurApp code (kept out of `echecs`, which is plain data sent to the UI).
   */
  erreurs: ReadonlyMap<string, Error>;
  annule: boolean;
}

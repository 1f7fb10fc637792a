/** Where archives come from: the guichet's URL for a numéro and the current auth headers. */
export interface SourceArchives {
  urlArchive(numero: string): string;
  entetes(): Promise<Record<string, string>>;
  /** Called once on 401, then the request is retried. */
  renouveler?(): Promise<void>;
}

export interface ElementArchive {
  numero: string;
  /** Intitulé or code of the démarche: becomes the folder name. */
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
}

export interface ResultatTelechargement {
  archives: ArchiveEcrite[];
  ignores: number;
  echecs: EchecArchive[];
  annule: boolean;
}

import type { EventName, EventPayload, MethodName, MethodResult } from '../../shared/app-api/index.js';

/** What only the host can do: Electron uses its dialogs and shell, the web host says it cannot. */
export interface PlateformeHote {
  hote: 'electron' | 'web';
  /** Opens a file with the system's application; absent in the web host. */
  ouvrirFichier?: (chemin: string) => Promise<void>;
  /**
   * « Enregistrer sous… » with the system's dialog, `nomPropose` preselected; resolves to the base
   * name the agent chose, or null when cancelled. Absent in the web host (a download instead).
   */
  enregistrerFichier?: (nomPropose: string, octets: Buffer) => Promise<string | null>;
  /** Shows a folder in the system's file manager; absent in the web host. */
  ouvrirDossier?: (chemin: string) => Promise<void>;
  /** Native folder picker; absent in the web host. */
  choisirDossier?: () => Promise<string | null>;
  /** Desktop notification (new dossiers after a sync). */
  notifier?: (titre: string, corps: string) => void;
}

export interface OptionsCoeur {
  /** The app's data folder: profiles, one SQLite store per profile, outbox files, settings. */
  dossierDonnees: string;
  plateforme: PlateformeHote;
  version: string;
}

/**
 * The desktop app's core as the hosts see it: one entry point for every method of the contract
 * (arguments validated inside with the shared schemas, results validated before they leave), and
 * the typed events. The Electron main process and the web host both wrap exactly this object.
 */
export interface Coeur {
  appeler<K extends MethodName>(methode: K, args: unknown): Promise<MethodResult<K>>;
  ecouter<E extends EventName>(evenement: E, ecouteur: (donnees: EventPayload<E>) => void): () => void;
  /** Any event, for hosts that forward everything (IPC, Server-Sent Events). */
  ecouterTout(ecouteur: (evenement: EventName, donnees: unknown) => void): () => void;
  fermer(): Promise<void>;
}

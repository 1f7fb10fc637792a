/**
 * The only bridge between the renderer and the main process. Exposes exactly the `AppApi` contract
 * (`call` and `on`) as `window.guichet`; no generic `invoke(channel, …)`.
 * Runs sandboxed: only `contextBridge` and `ipcRenderer` from electron are used.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { appEvents, appMethods, CANAL_APPEL, CANAL_EVENEMENT } from '../shared/app-api/index.js';
import type {
  AppApi,
  EventName,
  EventPayload,
  MethodArgs,
  MethodName,
  MethodResult,
} from '../shared/app-api/index.js';

const methodes = new Set<string>(Object.keys(appMethods));
const evenements = new Set<string>(Object.keys(appEvents));

type Reponse = { ok: true; resultat: unknown } | { ok: false; erreur: { code: string; message: string } };

const guichet: AppApi = {
  async call<K extends MethodName>(methode: K, args: MethodArgs<K>): Promise<MethodResult<K>> {
    if (typeof methode !== 'string' || !methodes.has(methode)) {
      throw new Error(`[methode_inconnue] Méthode inconnue : ${String(methode)}`);
    }
    const reponse = (await ipcRenderer.invoke(CANAL_APPEL, { methode, args })) as Reponse;
    if (reponse && reponse.ok === true) return reponse.resultat as MethodResult<K>;
    const erreur =
      reponse && reponse.ok === false ? reponse.erreur : { code: 'inconnue', message: 'Réponse illisible.' };
    // Errors crossing the context bridge keep only their message: the code travels in it.
    throw new Error(`[${erreur.code}] ${erreur.message}`);
  },
  on<E extends EventName>(evenement: E, ecouteur: (donnees: EventPayload<E>) => void): () => void {
    if (typeof evenement !== 'string' || !evenements.has(evenement)) {
      throw new Error(`[evenement_inconnu] Événement inconnu : ${String(evenement)}`);
    }
    const f = (_e: IpcRendererEvent, message: { evenement: string; donnees: unknown }) => {
      if (message && message.evenement === evenement) ecouteur(message.donnees as EventPayload<E>);
    };
    ipcRenderer.on(CANAL_EVENEMENT, f);
    return () => {
      ipcRenderer.removeListener(CANAL_EVENEMENT, f);
    };
  },
};

contextBridge.exposeInMainWorld('guichet', { call: guichet.call, on: guichet.on });

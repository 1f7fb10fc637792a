/** The only two IPC channels between the Electron preload and the main process. */
export const CANAL_APPEL = 'guichet:appel';
export const CANAL_EVENEMENT = 'guichet:evenement';

/** Web host routes (served on 127.0.0.1 only, every request carries the per-launch token). */
export const WEB_APPEL = '/_app/appel';
export const WEB_EVENEMENTS = '/_app/evenements';
export const ENTETE_JETON = 'x-guichet-jeton';

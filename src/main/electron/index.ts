/**
 * Electron main process: one locked-down window around the renderer, one IPC channel to the core.
 * Everything that is not OS glue lives in the core (creerCoeur), which runs without Electron.
 */
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  net,
  Notification,
  protocol,
  screen,
  session,
  shell,
  type IpcMainInvokeEvent,
  type WebContents,
} from 'electron';
import log from 'electron-log/main';
import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CANAL_APPEL, CANAL_EVENEMENT } from '../../shared/app-api/ipc.js';
import type { Coeur, PlateformeHote } from '../app/coeur.js';
import { creerCoeur } from '../app/creer-coeur.js';
import { executerAppel } from '../hote/appel.js';
import { CSP } from '../hote/csp.js';
import { ecrireEtatFenetre, lireEtatFenetre, type EtatFenetre } from './etat-fenetre.js';

const ICI = path.dirname(fileURLToPath(import.meta.url));
const SCHEMA = 'app';
const HOTE_APP = 'guichet';
const ORIGINE_APP = `${SCHEMA}://${HOTE_APP}`;
const DOSSIER_RENDERER = path.join(ICI, '../renderer');
const PRELOAD = path.join(ICI, '../preload/index.cjs');
/** electron-vite's dev server, only when not packaged. */
const URL_DEV = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;

// ── Logs: rotating file in userData/logs (5 MB, one previous file kept) ──────────────────────────
log.initialize();
log.transports.file.maxSize = 5 * 1024 * 1024;
log.transports.file.level = 'info';
log.transports.console.level = app.isPackaged ? false : 'info';
Object.assign(console, log.functions);
process.on('uncaughtException', (e) => log.error('Exception non interceptée', e));
process.on('unhandledRejection', (e) => log.error('Promesse rejetée non interceptée', e));

protocol.registerSchemesAsPrivileged([
  { scheme: SCHEMA, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let fenetre: BrowserWindow | null = null;
  let coeur: Coeur | null = null;

  app.on('second-instance', () => {
    if (!fenetre) return;
    if (fenetre.isMinimized()) fenetre.restore();
    fenetre.focus();
  });

  app.on('window-all-closed', () => app.quit());

  let fermetureEnCours = false;
  app.on('before-quit', (ev) => {
    if (!coeur || fermetureEnCours) return;
    ev.preventDefault();
    fermetureEnCours = true;
    const c = coeur;
    coeur = null;
    c.fermer()
      .catch((e: unknown) => log.error('Fermeture du cœur', e))
      .finally(() => app.quit());
  });

  app
    .whenReady()
    .then(async () => {
      installerProtocole();
      durcirSession();
      coeur = await creerCoeur({
        dossierDonnees:
          (!app.isPackaged && process.env.GUICHET_INSTRUCTEUR_DONNEES) ||
          path.join(app.getPath('userData'), 'donnees'),
        plateforme: plateforme(() => fenetre),
        version: app.getVersion(),
      });
      brancherIpc(coeur, () => fenetre);
      fenetre = await creerFenetre();
    })
    .catch((e: unknown) => {
      log.error('Démarrage impossible', e);
      dialog.showErrorBox(
        'Guichet Instructeur',
        `L'application n'a pas pu démarrer.\n\n${e instanceof Error ? e.message : String(e)}\n\nJournal : ${log.transports.file.getFile().path}`,
      );
      app.exit(1);
    });
}

/** Host capabilities the core may use. */
function plateforme(fenetre: () => BrowserWindow | null): PlateformeHote {
  return {
    hote: 'electron',
    // The core hands only office documents it has checked in full (content and extension).
    async ouvrirFichier(chemin) {
      const erreur = await shell.openPath(chemin);
      if (erreur) throw new Error(erreur);
    },
    // Only folders of archives known to the core come here, checked to be folders (openPath on a
    // file would run it).
    async ouvrirDossier(chemin) {
      if (!(await stat(chemin)).isDirectory()) throw new Error(`${chemin} n'est pas un dossier.`);
      const erreur = await shell.openPath(chemin);
      if (erreur) throw new Error(erreur);
    },
    async enregistrerFichier(nomPropose, octets) {
      const f = fenetre();
      const options = {
        title: 'Enregistrer sous…',
        defaultPath: path.join(app.getPath('downloads'), nomPropose),
        properties: ['createDirectory', 'showOverwriteConfirmation'] as (
          'createDirectory' | 'showOverwriteConfirmation'
        )[],
      };
      const r = f ? await dialog.showSaveDialog(f, options) : await dialog.showSaveDialog(options);
      if (r.canceled || !r.filePath) return null;
      await writeFile(r.filePath, octets, { mode: 0o600 });
      // The renderer learns the name it chose, not where the disk keeps it.
      return path.basename(r.filePath);
    },
    async choisirDossier() {
      const f = fenetre();
      const options = {
        title: 'Dossier des archives',
        properties: ['openDirectory', 'createDirectory'] as ('openDirectory' | 'createDirectory')[],
      };
      const r = f ? await dialog.showOpenDialog(f, options) : await dialog.showOpenDialog(options);
      return r.canceled ? null : (r.filePaths[0] ?? null);
    },
    notifier(titre, corps) {
      if (!Notification.isSupported()) return;
      const n = new Notification({ title: titre, body: corps, silent: false });
      n.on('click', () => {
        const f = fenetre();
        if (f) {
          if (f.isMinimized()) f.restore();
          f.focus();
        }
      });
      n.show();
    },
  };
}

/** app://guichet/… serves the built renderer, nothing outside its folder. */
function installerProtocole() {
  const racine = path.resolve(DOSSIER_RENDERER);
  protocol.handle(SCHEMA, async (requete) => {
    const url = new URL(requete.url);
    if (url.host !== HOTE_APP) return new Response('Introuvable', { status: 404 });
    let relatif = decodeURIComponent(url.pathname);
    if (relatif === '/' || relatif === '') relatif = '/index.html';
    const fichier = path.resolve(racine, '.' + path.posix.normalize(relatif));
    if (!fichier.startsWith(racine + path.sep)) return new Response('Introuvable', { status: 404 });
    const reponse = await net.fetch(pathToFileURL(fichier).toString()).catch(() => null);
    if (!reponse || !reponse.ok) return new Response('Introuvable', { status: 404 });
    const entetes = new Headers(reponse.headers);
    entetes.set('Content-Security-Policy', CSP);
    entetes.set('X-Content-Type-Options', 'nosniff');
    return new Response(reponse.body, { status: 200, headers: entetes });
  });
}

function estNotreRenderer(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    if (u.protocol === `${SCHEMA}:` && u.host === HOTE_APP) return true;
    if (URL_DEV) return u.origin === new URL(URL_DEV).origin;
    return false;
  } catch {
    return false;
  }
}

/** CSP on every response, no permission granted, no navigation away, no new windows. */
function durcirSession() {
  const s = session.defaultSession;
  s.webRequest.onHeadersReceived((details, callback) => {
    const entetes = { ...details.responseHeaders };
    if (!URL_DEV) entetes['Content-Security-Policy'] = [CSP];
    callback({ responseHeaders: entetes });
  });
  s.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  s.setPermissionCheckHandler(() => false);

  app.on('web-contents-created', (_e, contenu: WebContents) => {
    contenu.on('will-navigate', (ev, url) => {
      if (!estNotreRenderer(url)) ev.preventDefault();
    });
    contenu.on('will-redirect', (ev, url) => {
      if (!estNotreRenderer(url)) ev.preventDefault();
    });
    contenu.on('will-attach-webview', (ev) => ev.preventDefault());
    contenu.setWindowOpenHandler(({ url }) => {
      ouvrirLienExterne(url);
      return { action: 'deny' };
    });
  });
}

/** Only plain https links go to the system browser; anything else is ignored. */
function ouvrirLienExterne(url: string) {
  try {
    const u = new URL(url);
    if (u.protocol === 'https:' && !u.username && !u.password) {
      void shell.openExternal(u.toString());
    } else {
      log.warn(`Lien externe refusé : ${url}`);
    }
  } catch {
    log.warn(`Lien externe illisible : ${url}`);
  }
}

function brancherIpc(coeur: Coeur, fenetre: () => BrowserWindow | null) {
  ipcMain.handle(CANAL_APPEL, async (ev: IpcMainInvokeEvent, corps: unknown) => {
    if (!estNotreRenderer(ev.senderFrame?.url)) {
      log.warn(`Appel IPC refusé depuis ${ev.senderFrame?.url ?? '(inconnu)'}`);
      return { ok: false, erreur: { code: 'refuse', message: 'Appel refusé.' } };
    }
    return executerAppel(coeur, corps, (m) => log.error(m));
  });
  coeur.ecouterTout((evenement, donnees) => {
    const f = fenetre();
    if (f && !f.isDestroyed()) f.webContents.send(CANAL_EVENEMENT, { evenement, donnees });
  });
}

function visible(etat: EtatFenetre): boolean {
  if (etat.x === undefined || etat.y === undefined) return false;
  const { x, y } = etat;
  return screen
    .getAllDisplays()
    .some(
      (d) =>
        x >= d.workArea.x - 50 &&
        y >= d.workArea.y - 50 &&
        x < d.workArea.x + d.workArea.width - 100 &&
        y < d.workArea.y + d.workArea.height - 100,
    );
}

async function creerFenetre(): Promise<BrowserWindow> {
  const fichierEtat = path.join(app.getPath('userData'), 'fenetre.json');
  const etat = await lireEtatFenetre(fichierEtat);
  const f = new BrowserWindow({
    width: etat.largeur,
    height: etat.hauteur,
    ...(visible(etat) ? { x: etat.x, y: etat.y } : {}),
    minWidth: 640,
    minHeight: 480,
    show: false,
    title: 'Guichet Instructeur',
    backgroundColor: '#f4f5f7',
    icon: app.isPackaged
      ? path.join(process.resourcesPath, 'icon.png')
      : path.join(ICI, '../../resources/icon.png'),
    autoHideMenuBar: true,
    webPreferences: {
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false, // no dictionary download, nothing typed sent to a spelling service
      plugins: true, // the built-in PDF viewer for pièces shown in the app
    },
  });
  if (etat.maximisee) f.maximize();
  f.once('ready-to-show', () => f.show());

  let minuterie: NodeJS.Timeout | null = null;
  const enregistrer = () => {
    if (f.isDestroyed()) return;
    const b = f.getNormalBounds();
    ecrireEtatFenetre(fichierEtat, {
      x: b.x,
      y: b.y,
      largeur: b.width,
      hauteur: b.height,
      maximisee: f.isMaximized(),
    }).catch((e: unknown) => log.warn('Position de la fenêtre non enregistrée', e));
  };
  const plusTard = () => {
    if (minuterie) clearTimeout(minuterie);
    minuterie = setTimeout(enregistrer, 500);
  };
  f.on('resize', plusTard);
  f.on('move', plusTard);
  f.on('close', () => {
    if (minuterie) clearTimeout(minuterie);
    enregistrer();
  });

  if (URL_DEV) await f.loadURL(URL_DEV);
  else await f.loadURL(`${ORIGINE_APP}/index.html`);
  return f;
}

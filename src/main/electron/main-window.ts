/**
 * The station window: the renderer is an isolated, sandboxed web page that can reach main
 * only through the preload's contract, cannot navigate or open windows, and may use the
 * camera and nothing else.
 */
import { BrowserWindow, session, type WebContents } from 'electron';
import { isAppPage, PRELOAD_SCRIPT, RENDERER_INDEX } from './renderer-location';

export function createMainWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 1024,
    minHeight: 720,
    title: 'Identity verification',
    backgroundColor: '#f4f6fa',
    show: false,
    webPreferences: {
      preload: PRELOAD_SCRIPT,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  lockDown(win.webContents);
  win.once('ready-to-show', () => win.show());
  void win.loadFile(RENDERER_INDEX);
  return win;
}

function lockDown(contents: WebContents): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Camera (video only) for the app's own page; every other permission is refused. */
export function restrictPermissions(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((contents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? details.mediaTypes ?? [] : [];
    const videoOnly = permission === 'media' && mediaTypes.length > 0 && mediaTypes.every((t) => t === 'video');
    callback(videoOnly && isAppPage(contents.getURL()));
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) => permission === 'media' && requestingOrigin.startsWith('file://'));
}

/**
 * Electron entry point (package.json "main"): hardens every session and web contents,
 * builds the engines and handlers, bridges them to IPC, opens the window. The decisions live
 * in plain modules (window-options, session-policy, app-protocol, ipc-sender) tested without
 * Electron; this file only wires them.
 */
import { writeFile } from 'node:fs/promises';
import { app, BrowserWindow, dialog, protocol, session } from 'electron';
import { MrzReader } from '../document/mrz-reader';
import { createStationHandlers } from '../ipc/station-handlers';
import { SettingsStore } from '../settings/settings-store';
import { FaceAnalyzer } from '../vision/face-analyzer';
import { APP_SCHEME } from './app-origin';
import { bridgeHandlers } from './ipc-bridge';
import { createMainWindow, lockDownContents } from './main-window';
import { hardenSession } from './session-hardening';

/** Loads once on first use; a failed load is retried on the next request. */
function lazily<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= load().catch((err: unknown) => {
      pending = undefined;
      throw err;
    });
    return pending;
  };
}

const ID_IMAGE_FILTERS = [{ name: 'Images', extensions: ['jpg', 'jpeg', 'png', 'webp', 'tif', 'tiff', 'avif'] }];
const log = (message: string): void => console.warn(`[ekyc] ${message}`);

function parentWindow(): BrowserWindow | undefined {
  return BrowserWindow.getFocusedWindow() ?? undefined;
}

// Must precede 'ready': app:// behaves as a secure standard origin, so 'self' in the CSP,
// fetch() of the face-api weights and the tfjs wasm work, and file:// is never needed.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
app.enableSandbox();
app.on('web-contents-created', (_event, contents) => lockDownContents(contents, log));
// The default session is hardened in whenReady below; any later session the same way.
app.on('session-created', (ses) => {
  if (app.isReady()) hardenSession(ses, log);
});

void app.whenReady().then(async () => {
  hardenSession(session.defaultSession, log);
  const settings = await SettingsStore.open(app.getPath('userData'));
  if (settings.problem) log(settings.problem);
  const faceEngine = lazily(() => FaceAnalyzer.create());
  const mrzEngine = lazily(() => MrzReader.create());
  bridgeHandlers(createStationHandlers({
    faceEngine,
    mrzEngine,
    settings,
    chooseIdFile: async () => {
      const options = { title: 'Choose the ID document image', properties: ['openFile' as const], filters: ID_IMAGE_FILTERS };
      const parent = parentWindow();
      const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
      return result.canceled || result.filePaths.length === 0 ? null : result.filePaths[0];
    },
    chooseRecordsFolder: async () => {
      const options = { title: 'Choose the folder session records are kept in', properties: ['openDirectory' as const, 'createDirectory' as const] };
      const parent = parentWindow();
      const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
      return result.canceled || result.filePaths.length === 0 ? null : result.filePaths[0];
    },
    saveRecord: async (suggestedName, json) => {
      const options = { title: 'Export the session record', defaultPath: suggestedName, filters: [{ name: 'JSON', extensions: ['json'] }] };
      const parent = parentWindow();
      const result = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
      if (result.canceled || !result.filePath) return null;
      await writeFile(result.filePath, json, 'utf8');
      return result.filePath;
    },
  }));
  createMainWindow();
  // Warm the models while the operator reads the first page.
  void faceEngine().catch(() => undefined);
});

app.on('window-all-closed', () => app.quit());

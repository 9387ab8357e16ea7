/**
 * Electron entry point (package.json "main"): hardens every session and web contents,
 * builds the engines and handlers, bridges them to IPC, opens the window. The decisions live
 * in plain modules (window-options, session-policy, app-protocol, ipc-sender) tested without
 * Electron; this file only wires them.
 */
import { basename, dirname, join } from 'node:path';
import { app, BrowserWindow, dialog, protocol, session } from 'electron';
import { EngineClient } from '../engine/engine-client';
import { builtEngineModule } from '../engine/engine-link';
import { createStationHandlers } from '../ipc/station-handlers';
import { SettingsStore } from '../settings/settings-store';
import { sweepStaleTempFiles, writeFileAtomic } from '../storage/atomic-file';
import { APP_SCHEME } from './app-origin';
import { bridgeHandlers } from './ipc-bridge';
import { createMainWindow, lockDownContents } from './main-window';
import { hardenSession } from './session-hardening';
import { utilityEngine } from './utility-engine';

const ID_IMAGE_FILTERS = [{ name: 'Images', extensions: ['jpg', 'jpeg', 'png', 'webp', 'tif', 'tiff', 'avif'] }];
const log = (message: string): void => console.warn(`[ekyc] ${message}`);

/** The path the operator picked in an open dialog (over the focused window), or null. */
async function pickPath(options: Electron.OpenDialogOptions): Promise<string | null> {
  const parent = BrowserWindow.getFocusedWindow();
  const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
  return result.canceled || result.filePaths.length === 0 ? null : result.filePaths[0];
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
  // The models run in a utility process of their own (src/main/engine): main only coordinates.
  const enginePath = builtEngineModule(join(__dirname, '..', 'engine'));
  const engine = new EngineClient(() => utilityEngine(enginePath), { onStopped: (why) => log(`the engine ${why}; it restarts on the next request`) });
  app.on('will-quit', () => engine.dispose());
  bridgeHandlers(createStationHandlers({
    faceEngine: async () => engine,
    mrzEngine: async () => engine,
    documentEngine: async () => engine,
    settings,
    chooseIdFile: () => pickPath({ title: 'Choose the ID document image', properties: ['openFile'], filters: ID_IMAGE_FILTERS }),
    chooseRecordsFolder: () => pickPath({ title: 'Choose the folder session records are kept in', properties: ['openDirectory', 'createDirectory'] }),
    chooseTrustList: () => pickPath({ title: 'Choose the folder of country signing (CSCA) certificates and master lists', properties: ['openDirectory'] }),
    saveRecord: async (suggestedName, json) => {
      const options = { title: 'Export the session record', defaultPath: suggestedName, filters: [{ name: 'JSON', extensions: ['json'] }] };
      const parent = BrowserWindow.getFocusedWindow();
      const result = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
      if (result.canceled || !result.filePath) return null;
      // The operator confirmed any replacement in the dialog, so an existing file is replaced,
      // in one step: a failed export leaves the old file (or none), never half a record.
      const file = result.filePath;
      // Leftovers of an export of this same name a crash interrupted; only those. A folder that
      // cannot be listed does not stop the export: the write itself says what is wrong.
      await sweepStaleTempFiles(dirname(file), { target: (name) => name === basename(file) })
        .catch((err: unknown) => log(`export: ${err instanceof Error ? err.message : String(err)}`));
      await writeFileAtomic(file, json, { label: 'the exported session record', hint: 'choose another place to save it' });
      return file;
    },
  }));
  createMainWindow();
  // The engine starts and loads its models while the operator gets ready: loaded at the first
  // document instead, that customer waited about 1.4 s more (the OCR workers). A failed load is
  // logged here and tried again by the first request, which then tells the operator.
  engine.loadModels().catch((err: unknown) => log(`the engine could not load its models at start: ${err instanceof Error ? err.message : String(err)}`));
});

app.on('window-all-closed', () => app.quit());

/**
 * Electron entry point (package.json "main"): builds the engines and handlers, bridges them
 * to IPC, opens the window. Everything that is not Electron lives in plain-Node modules.
 */
import { writeFile } from 'node:fs/promises';
import { app, BrowserWindow, dialog } from 'electron';
import { MrzReader } from '../document/mrz-reader';
import { createStationHandlers } from '../ipc/station-handlers';
import { FaceAnalyzer } from '../vision/face-analyzer';
import { bridgeHandlers } from './ipc-bridge';
import { createMainWindow, restrictPermissions } from './main-window';

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

app.enableSandbox();

void app.whenReady().then(() => {
  restrictPermissions();
  const faceEngine = lazily(() => FaceAnalyzer.create());
  const mrzEngine = lazily(() => MrzReader.create());
  bridgeHandlers(createStationHandlers({
    faceEngine,
    mrzEngine,
    chooseIdFile: async () => {
      const parent = BrowserWindow.getFocusedWindow();
      const options = { title: 'Choose the ID document image', properties: ['openFile' as const], filters: ID_IMAGE_FILTERS };
      const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
      return result.canceled || result.filePaths.length === 0 ? null : result.filePaths[0];
    },
    saveRecord: async (suggestedName, json) => {
      const parent = BrowserWindow.getFocusedWindow();
      const options = { title: 'Export the session record', defaultPath: suggestedName, filters: [{ name: 'JSON', extensions: ['json'] }] };
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

import { buildMainWindowOptions } from '../../../src/main/electron/window-options';

describe('the station window options', () => {
  const prefs = buildMainWindowOptions('/app/dist/preload/preload.js').webPreferences ?? {};

  it('isolates the page from the preload and sandboxes it (checklist 3, 4)', () => {
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
  });

  it('gives the page, its workers and subframes no Node (checklist 2)', () => {
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps web security, refuses insecure content and experimental features (checklist 6, 8, 9)', () => {
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
  });

  it('has no webview, no drag-and-drop navigation, no middle-click windows, no developer tools (checklist 12)', () => {
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.navigateOnDragDrop).toBe(false);
    expect(prefs.disableBlinkFeatures).toBe('Auxclick');
    expect(prefs.devTools).toBe(false);
    expect(prefs.enableBlinkFeatures).toBeUndefined();
  });

  it('loads only the given preload script', () => {
    expect(prefs.preload).toBe('/app/dist/preload/preload.js');
  });
});

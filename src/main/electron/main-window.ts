/**
 * The station window, and the lock-down every web contents gets: no navigation, no new
 * windows, no webview. The decisions are in session-policy.ts and window-options.ts.
 */
import { BrowserWindow, type WebContents } from 'electron';
import { APP_INDEX_URL } from './app-origin';
import { PRELOAD_SCRIPT } from './renderer-location';
import { decideNavigation, decideWebviewAttach, decideWindowOpen, type GuardLog } from './session-policy';
import { buildMainWindowOptions } from './window-options';

export function createMainWindow(): BrowserWindow {
  const win = new BrowserWindow(buildMainWindowOptions(PRELOAD_SCRIPT));
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_INDEX_URL);
  return win;
}

/** Applied through app's 'web-contents-created', so no contents escapes it. */
export function lockDownContents(contents: WebContents, log: GuardLog): void {
  contents.setWindowOpenHandler(({ url }) => decideWindowOpen(url, log));
  const refuseNavigation = (event: { preventDefault: () => void }, url: string): void => {
    if (!decideNavigation(url, log)) event.preventDefault();
  };
  contents.on('will-navigate', refuseNavigation);
  contents.on('will-redirect', refuseNavigation);
  contents.on('will-attach-webview', (event) => {
    if (!decideWebviewAttach(log)) event.preventDefault();
  });
}

/**
 * The station window's options, built by a plain function so each hardening choice is
 * checked by a test (Electron security checklist items 2-4, 6, 9, 12).
 */
import type { BrowserWindowConstructorOptions } from 'electron';

export function buildMainWindowOptions(preloadScript: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 860,
    minWidth: 1024,
    minHeight: 720,
    title: 'Identity verification',
    backgroundColor: '#f4f6fa',
    show: false,
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadScript,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      // Middle-click must not open links in a new window (electronegativity AUXCLICK).
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
      // The counter PC has no use for the developer tools, and they would bypass the UI.
      devTools: false,
    },
  };
}

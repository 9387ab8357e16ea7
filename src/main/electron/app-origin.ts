/**
 * The app's own origin. Pages are served from a privileged custom scheme rather than
 * file://, so "same origin" means exactly this app and nothing else on the disk
 * (Electron security checklist item 18).
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'station';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

function parse(url: string | undefined | null): URL | null {
  if (!url) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True for any URL of the app's origin (`app://station/...`), never for file:// or the web. */
export function isAppOrigin(url: string | undefined | null): boolean {
  const u = parse(url);
  return u !== null && u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '' && u.port === '';
}

/** True only for the app's page itself (query and hash ignored). */
export function isAppPage(url: string | undefined | null): boolean {
  const u = parse(url);
  return u !== null && isAppOrigin(url) && (u.pathname === '/index.html' || u.pathname === '/');
}

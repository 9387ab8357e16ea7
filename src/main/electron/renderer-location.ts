import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** dist/main/electron -> dist/renderer/index.html and dist/preload/preload.js */
export const RENDERER_INDEX = join(__dirname, '..', '..', 'renderer', 'index.html');
export const PRELOAD_SCRIPT = join(__dirname, '..', '..', 'preload', 'preload.js');
export const RENDERER_URL = pathToFileURL(RENDERER_INDEX).href;

/** True only for the app's own page (query and hash ignored), never for another file:// page. */
export function isAppPage(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    return u.protocol === 'file:' && `${u.protocol}//${u.host}${u.pathname}` === RENDERER_URL;
  } catch {
    return false;
  }
}

/**
 * Serves the built renderer (dist/renderer) under app://station/. Plain Node over the
 * Fetch API's Request and Response, so it is tested without Electron; app.ts hands it to
 * `protocol.handle`. Only GET/HEAD of a file inside the folder is answered; anything that
 * would leave the folder (.., encoded separators, symlinks out) is refused.
 */
import { promises as fs } from 'node:fs';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { APP_HOST, APP_SCHEME } from './app-origin';
import { SECURITY_HEADERS } from './content-security-policy';

const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
};

export type AppProtocolHandler = (request: Request) => Promise<Response>;

/** Why a request was refused, for the log. */
export type RefusalLog = (message: string) => void;

function refuse(status: 403 | 404 | 405, reason: string, log: RefusalLog, url: string): Response {
  log(`app protocol: ${status} for ${url}: ${reason}`);
  return new Response(null, { status, headers: { ...SECURITY_HEADERS } });
}

/** The file a URL names inside root, or a reason it names none. */
export function resolveAppPath(root: string, url: string): { path: string } | { refused: string } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { refused: 'not a URL' };
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return { refused: `not the app's origin (${u.protocol}//${u.host})` };
  // URL parsing already folds plain and %2e dot segments; what is left that could escape is an
  // encoded separator or a NUL, which a file name of ours never has.
  const raw = u.pathname;
  if (/%2f|%5c|%00/i.test(raw) || raw.includes('\\')) return { refused: 'encoded separator or NUL in the path' };
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return { refused: 'malformed percent-encoding' };
  }
  const name = decoded === '/' ? '/index.html' : decoded;
  if (name.split('/').some((segment) => segment === '..')) return { refused: 'dot-dot segment' };
  const full = resolve(root, `.${name}`);
  const rel = relative(root, full);
  if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) return { refused: 'outside the app folder' };
  return { path: full };
}

export function createAppProtocolHandler(rootDir: string, log: RefusalLog = () => undefined): AppProtocolHandler {
  const root = resolve(rootDir);
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, `method ${request.method}`, log, request.url);
    const target = resolveAppPath(root, request.url);
    if ('refused' in target) return refuse(403, target.refused, log, request.url);
    let body: Buffer;
    try {
      // A symlink inside the folder must not lead out of it.
      const real = await fs.realpath(target.path);
      const realRoot = await fs.realpath(root);
      if (!real.startsWith(realRoot + sep)) return refuse(403, 'a link leads outside the app folder', log, request.url);
      const info = await fs.stat(real);
      if (!info.isFile()) return refuse(404, 'not a file', log, request.url);
      body = await fs.readFile(real);
    } catch {
      return refuse(404, 'no such file', log, request.url);
    }
    const headers = { ...SECURITY_HEADERS, 'content-type': MIME[extname(target.path).toLowerCase()] ?? 'application/octet-stream', 'content-length': String(body.length) };
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
  };
}

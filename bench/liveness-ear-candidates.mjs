#!/usr/bin/env node
/**
 * Eye-aspect-ratio (EAR) blink candidates side by side on the blink-annotated clips, every
 * frame at 30 fps, scored like bench/liveness-gestures.mjs (+-0.3 s, `_unsure` rows neither
 * way). It is why blinks are read by the fr_eye.onnx classifier and not from landmarks
 * (docs/liveness.md, "Eye state"); about 5 minutes on 2 cores.
 *
 *   npm run build && node bench/liveness-ear-candidates.mjs [--clips DIR] [--series FILE] [--score]
 *
 * --series FILE keeps the per-frame EAR series (written whole once every clip is read), and
 * --score then scores a saved series again without the models.
 *
 * Per frame: face-api tiny face detector (224, 0.4, as NodeFaceTracker) -> widest face box, then
 *   B   face-api faceLandmark68Net (full) on that box (same as withFaceLandmarks())
 *   T   face-api faceLandmark68TinyNet on that box (bonus comparison)
 *   A   fr_landmark.onnx (dist FaceLandmarker) on the tiny-detector box as-is
 *   A2  fr_landmark.onnx on the engine's own fr_detect.onnx box (the box it is fed in verification)
 * EAR per eye by dist face-geometry; yaw from B's landmarks for all (same gating).
 * Blinks counted by dist BlinkCounter with eyeClosedRatio r, eachEye min(0.95, r+0.1), reopen min(0.95, r+0.2)
 * (r = 0.6 is the shipped LIVENESS_DEFAULTS 0.6/0.7/0.8); other settings (baseline p75 over 3 s, 1200 ms max) as shipped.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { readAnnotations, scoreGesture } from './liveness-gestures.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(repoRoot, 'package.json'));
const dist = (p) => require(path.join(repoRoot, 'dist', p));
function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}
const clipsDir = path.resolve(option('clips', path.join(repoRoot, '..', 'shared', 'facedata', 'liveness-dev')));
const seriesFile = option('series', undefined);
const CANDIDATES = ['A', 'A2', 'B', 'T'];

const annotations = readAnnotations(path.join(repoRoot, 'test', 'fixtures', 'liveness-annotations.csv'));
const clips = [...new Set(annotations.filter((r) => r.event.startsWith('blink')).map((r) => r.clip))];

async function extract() {
  process.env.EKYC_MODELS_DIR ??= path.join(repoRoot, 'models');
  const { loadFaceApi } = dist('main/vision/tfjs-runtime.js');
  const { FACE_TRACKER_SETTINGS } = dist('shared/liveness/liveness-defaults.js');
  const { Y4mReader } = dist('main/liveness/y4m-reader.js');
  const { FaceLandmarker } = dist('main/vision/face-landmarker.js');
  const { FaceDetector } = dist('main/vision/face-detector.js');
  const { rightEyeAspectRatio, leftEyeAspectRatio, yawRatio } = dist('shared/liveness/face-geometry.js');
  const faceapi = await loadFaceApi();
  await faceapi.nets.faceLandmark68TinyNet.loadFromDisk(path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'model'));
  const landmarker = await FaceLandmarker.load(process.env.EKYC_MODELS_DIR, 2);
  const detector = await FaceDetector.load(process.env.EKYC_MODELS_DIR, 2);
  const opts = new faceapi.TinyFaceDetectorOptions({ inputSize: FACE_TRACKER_SETTINGS.inputSize, scoreThreshold: FACE_TRACKER_SETTINGS.scoreThreshold });
  const work = mkdtempSync(path.join(tmpdir(), 'ekyc-ear-'));
  const series = {};
  const ear = (l) => (l ? [rightEyeAspectRatio(l), leftEyeAspectRatio(l)] : null);
  const t0 = Date.now();
  for (const clip of clips) {
    const y4m = path.join(work, `${path.parse(clip).name}.y4m`);
    execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-i', path.join(clipsDir, clip), '-pix_fmt', 'yuv420p', y4m]);
    const reader = await Y4mReader.open(y4m);
    const fps = reader.header.fpsNumerator / reader.header.fpsDenominator;
    const frames = [];
    try {
      for await (const f of reader.frames()) {
        const tensor = faceapi.tf.tensor3d(f.rgb, [f.height, f.width, 3], 'int32');
        const row = { t: f.timeMs };
        try {
          const dets = await faceapi.detectAllFaces(tensor, opts);
          if (dets.length > 0) {
            const det = dets.reduce((a, b) => (b.box.width > a.box.width ? b : a));
            const [ft] = await faceapi.extractFaceTensors(tensor, [det]);
            try {
              const full = (await faceapi.nets.faceLandmark68Net.detectLandmarks(ft)).shiftBy(det.box.x, det.box.y).positions;
              const tiny = (await faceapi.nets.faceLandmark68TinyNet.detectLandmarks(ft)).shiftBy(det.box.x, det.box.y).positions;
              const box = { x: det.box.x, y: det.box.y, width: det.box.width, height: det.box.height };
              const image = { data: f.rgb, width: f.width, height: f.height, channels: 3 };
              const a = await landmarker.detect(image, box);
              const found = await detector.detect(image);
              const fb = found.length ? found.reduce((p, q) => (q.box.width > p.box.width ? q : p)).box : null;
              const a2 = fb ? await landmarker.detect(image, fb) : null;
              row.yaw = yawRatio(full);
              row.B = ear(full);
              row.T = ear(tiny);
              row.A = ear(a);
              row.A2 = ear(a2);
              row.box = [box.x, box.y, box.width, box.height].map((v) => Math.round(v));
              if (fb) row.box2 = [fb.x, fb.y, fb.width, fb.height].map((v) => Math.round(v));
            } finally {
              ft.dispose();
            }
          }
        } finally {
          tensor.dispose();
        }
        frames.push(row);
      }
    } finally {
      await reader.close();
      rmSync(y4m, { force: true });
    }
    series[clip] = { fps, frames };
    console.error(`${clip}: ${frames.length} frames, ${frames.filter((r) => r.B).length} with a face, ${((Date.now() - t0) / 1000).toFixed(0)} s elapsed`);
  }
  rmSync(work, { recursive: true, force: true });
  await landmarker.release();
  await detector.release();
  if (seriesFile) {
    writeFileSync(`${seriesFile}.part`, JSON.stringify(series));
    renameSync(`${seriesFile}.part`, seriesFile);
  }
  return series;
}

function score(series) {
  const { BlinkCounter } = dist('shared/liveness/blink-counter.js');
  const { LIVENESS_DEFAULTS } = dist('shared/liveness/liveness-defaults.js');
  // closed ratio r (both eyes' mean / baseline), each eye below min(0.95, r + 0.1), reopened above r + gap.
  const ratios = [0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9];
  const gaps = [0.1, 0.2];
  const each = (r) => Math.min(0.95, r + 0.1);
  const reopen = (r, g) => Math.min(0.95, r + g);
  const results = [];
  for (const cand of CANDIDATES) {
    for (const g of gaps) {
      for (const r of ratios) {
        if (g === 0.2 && r > 0.75) continue; // reopen would be capped at 0.95: same as gap 0.1 rows
        const settings = { ...LIVENESS_DEFAULTS, eyeClosedRatio: r, eyeClosedRatioEachEye: each(r), eyeReopenedRatio: reopen(r, g) };
        const scored = [];
        const perClip = {};
        for (const clip of clips) {
          const s = series[clip];
          if (!s) continue;
          const counter = new BlinkCounter(settings);
          const detected = [];
          for (const f of s.frames) {
            const e = f[cand];
            const sample = e ? { timeMs: f.t, earRight: e[0], earLeft: e[1], yawRatio: f.yaw } : { timeMs: f.t, earRight: Number.NaN, earLeft: Number.NaN, yawRatio: 0 };
            if (counter.update(sample)) detected.push(f.t / 1000);
          }
          const truth = annotations.filter((a) => a.clip === clip && a.event === 'blink');
          const ignore = annotations.filter((a) => a.clip === clip && a.event === 'blink_unsure');
          const one = scoreGesture([{ duration: s.frames.length / s.fps, detected, truth, ignore }]);
          perClip[clip] = `${one.found}/${one.annotated}+${one.falseEvents}f`;
          scored.push({ duration: s.frames.length / s.fps, detected, truth, ignore });
        }
        results.push({ cand, r, reopen: reopen(r, g), each: each(r), ...scoreGesture(scored), perClip });
      }
    }
  }
  console.log(`clips scored: ${Object.keys(series).length}/${clips.length}`);
  console.log('cand  closed/each/reopen   found   false  minutes  false/min   per clip (found/annotated+false)');
  for (const x of results) {
    console.log(`${x.cand.padEnd(4)}  ${x.r.toFixed(2)}/${x.each.toFixed(2)}/${x.reopen.toFixed(2)}    ${String(x.found).padStart(2)}/${x.annotated}   ${String(x.falseEvents).padStart(4)}   ${x.negativeMinutes.toFixed(2)}     ${x.falsePerMinute.toFixed(2).padStart(5)}   ${Object.entries(x.perClip).map(([c, v]) => `${c.replace('.mp4', '')} ${v}`).join(', ')}`);
  }
  // lp_d0 sanity: open = median mean-EAR over 1.0-2.4 s; min over the blink window +-0.1 s.
  const d0 = series['lp_d0.mp4'];
  if (d0) {
    console.log('\nlp_d0 blink 2.60-2.73 s: mean-of-eyes EAR, open (median 1.0-2.4 s) vs min in 2.50-2.83 s');
    for (const cand of CANDIDATES) {
      const m = (f) => (f[cand] ? (f[cand][0] + f[cand][1]) / 2 : null);
      const open = d0.frames.filter((f) => f.t >= 1000 && f.t <= 2400).map(m).filter((v) => v !== null).sort((a, b) => a - b);
      const during = d0.frames.filter((f) => f.t >= 2500 && f.t <= 2830).map((f) => [f.t, m(f)]).filter(([, v]) => v !== null);
      const min = during.reduce((a, b) => (b[1] < a[1] ? b : a), [0, Infinity]);
      const med = open[Math.floor(open.length / 2)];
      console.log(`  ${cand.padEnd(3)} open ${med.toFixed(3)}  min ${min[1].toFixed(3)} at ${(min[0] / 1000).toFixed(2)} s  ratio ${(min[1] / med).toFixed(2)}   trace ${during.map(([t, v]) => `${(t / 1000).toFixed(2)}:${v.toFixed(3)}`).join(' ')}`);
    }
  }
}

if (process.argv.includes('--score') && !seriesFile) throw new Error('--score scores a saved series: name it with --series FILE');
score(process.argv.includes('--score') ? JSON.parse(readFileSync(seriesFile, 'utf8')) : await extract());

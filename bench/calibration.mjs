#!/usr/bin/env node
/**
 * `npm run calibrate`: where the match thresholds come from. Embeds every photo of
 * ../shared/facedata/lfw-dev and ../shared/facedata/verification once per embedding variant
 * (plain; averaged with the mirror image), then reports for each set and variant the
 * threshold and TAR at FAR 1e-2, 1e-3 and 1e-4 with exact 95% bounds, and TAR/FAR at the
 * shipped thresholds (standard, strict, strictest presets and the review band's edges).
 *
 * Impostor pairs: each set's pairs.csv, and for lfw-dev also every pair of photos of two
 * different people (about 640,000), which is what a FAR of 1e-4 needs to be measured at
 * all (20,000 impostor pairs bound it only at 1.5e-4 even with no false accept).
 * Writes bench/CALIBRATION.md and bench/calibration.json.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchDir, dist, facedataDir, hasFacedata, modelsDir, readPairsCsv, snapshotDist } from './lib/context.mjs';
import { median, round } from './lib/stats.mjs';

const SETS = [
  { name: 'lfw-dev', dir: path.join(facedataDir, 'lfw-dev'), allCrossIdentityPairs: true },
  { name: 'verification', dir: path.join(facedataDir, 'verification'), allCrossIdentityPairs: false },
];

if (!hasFacedata('lfw-dev') || !hasFacedata('verification')) {
  console.error(`calibrate: ${facedataDir}/lfw-dev and /verification are needed (see ../shared/facedata/MANIFEST.md); nothing measured`);
  process.exit(2);
}
snapshotDist();
const { FaceDetector } = dist('main/vision/face-detector.js');
const { FaceLandmarker } = dist('main/vision/face-landmarker.js');
const { FaceEmbedder, mirrorAlignedFace } = dist('main/vision/face-embedder.js');
const { pickDominant } = dist('main/vision/face-analyzer.js');
const { decodeImageFile } = dist('main/vision/image-decoder.js');
const { alignToArcFaceTemplate, fivePointsFrom68 } = dist('main/vision/align.js');
const { l2Normalize, cosineSimilarity } = dist('main/vision/matching.js');
const { computeVerificationMetrics, figuresAtThreshold } = dist('main/vision/verification-metrics.js');
const { MATCH_PRESETS } = dist('shared/operator-settings.js');
/** Thresholds tried around the operating points, so a change of preset can be read off the report. */
const SWEEP = [0.25, 0.3, 0.33, 0.34, 0.35, 0.36, 0.37, 0.38, 0.4, 0.42, 0.45, 0.5, 0.55];

const started = performance.now();
const log = (m) => console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${m}`);
const detector = await FaceDetector.load(modelsDir);
const landmarker = await FaceLandmarker.load(modelsDir);
const embedder = await FaceEmbedder.load(modelsDir, 1, { mirrorAveraged: false });
/** The padding analyzeDominantFace uses for tight crops (face-analyzer.ts PORTRAIT_PAD_RATIO). */
const PAD_RATIO = 0.2;

const report = { date: new Date().toISOString(), command: 'npm run calibrate', machine: `${os.cpus()[0]?.model} x ${os.cpus().length}`, sets: {} };
for (const set of SETS) {
  const pairs = readPairsCsv(path.join(set.dir, 'pairs.csv'));
  const files = [...new Set(pairs.flatMap((p) => [p.img1, p.img2]))];
  log(`${set.name}: ${files.length} photos, ${pairs.length} pairs in pairs.csv`);
  const plain = new Map();
  const mirrored = new Map();
  const ms = { plainEmbed: [], mirrorEmbed: [] };
  let noFace = 0;
  for (const file of files) {
    const img = await decodeImageFile(path.join(set.dir, file));
    const box = pickDominant(await detector.detect(img, { padRatio: PAD_RATIO }));
    if (!box) {
      noFace += 1;
      continue;
    }
    const aligned = alignToArcFaceTemplate(img, fivePointsFrom68(await landmarker.detect(img, box.box))).rgb;
    let t = performance.now();
    const raw = await embedder.rawEmbedding(aligned);
    ms.plainEmbed.push(performance.now() - t);
    t = performance.now();
    const rawMirror = await embedder.rawEmbedding(mirrorAlignedFace(aligned));
    ms.mirrorEmbed.push(performance.now() - t);
    plain.set(file, l2Normalize(raw));
    mirrored.set(file, l2Normalize(raw.map((v, i) => v + rawMirror[i])));
  }
  log(`${set.name}: embedded (${noFace} without a face: their pairs count as rejected)`);

  const variants = {};
  for (const [variant, embeddings] of [['plain', plain], ['mirror-averaged', mirrored]]) {
    const score = (a, b) => (embeddings.has(a) && embeddings.has(b) ? cosineSimilarity(embeddings.get(a), embeddings.get(b)) : -1);
    const listed = pairs.map((p) => ({ same: p.same, similarity: score(p.img1, p.img2) }));
    const figures = { pairsCsv: summarise(listed) };
    if (set.allCrossIdentityPairs) {
      const identity = (f) => f.split('/')[0];
      const genuine = listed.filter((p) => p.same);
      const impostor = [];
      for (let i = 0; i < files.length; i++) {
        for (let j = i + 1; j < files.length; j++) if (identity(files[i]) !== identity(files[j])) impostor.push({ same: false, similarity: score(files[i], files[j]) });
      }
      figures.allCrossIdentity = summarise(genuine.concat(impostor));
    }
    variants[variant] = figures;
  }
  report.sets[set.name] = {
    photos: files.length,
    noFace,
    embedMs: { plainMedian: round(median(ms.plainEmbed)), mirrorExtraMedian: round(median(ms.mirrorEmbed)) },
    variants,
  };
  log(`${set.name}: ${JSON.stringify(Object.fromEntries(Object.entries(variants).map(([k, v]) => [k, v.pairsCsv.atFar['0.001']])))}`);
}
await Promise.all([detector.release(), landmarker.release(), embedder.release()]);

writeFileSync(path.join(benchDir, 'calibration.json'), `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(path.join(benchDir, 'CALIBRATION.md'), render(report));
log('calibrate: wrote bench/CALIBRATION.md and bench/calibration.json');

/** The figures of one pair list: operating points at each FAR, and at each shipped threshold. */
function summarise(scores) {
  const m = computeVerificationMetrics(scores, MATCH_PRESETS.standard.threshold);
  const genuine = scores.filter((s) => s.same).map((s) => s.similarity);
  const impostor = scores.filter((s) => !s.same).map((s) => s.similarity);
  const shipped = {};
  for (const [id, preset] of Object.entries(MATCH_PRESETS)) shipped[`preset ${id}`] = figuresAtThreshold(genuine, impostor, preset.threshold);
  const sweep = SWEEP.map((t) => figuresAtThreshold(genuine, impostor, t));
  return { genuine: m.genuine, impostor: m.impostor, bestAccuracy: m.bestAccuracy, eer: m.eer, atFar: m.atFar, shipped, sweep };
}

function render(r) {
  const pct = (v, d = 2) => (v === null || v === undefined ? 'n/a' : `${(v * 100).toFixed(d)}%`);
  const sci = (v) => (v === null || v === undefined ? 'n/a' : v.toExponential(2));
  const ci = (c) => (c ? `${pct(c[0])}–${pct(c[1])}` : 'n/a');
  const lines = [
    '# Match calibration',
    '',
    `\`${r.command}\`, ${r.date}, ${r.machine}. Similarity = cosine of L2-normalised embeddings; a pair is accepted when similarity >= threshold.`,
    'TAR intervals are exact two-sided 95% (Clopper-Pearson); FAR bounds are exact one-sided 95% upper bounds.',
    'Photos in which no face was found count as rejected in every genuine and impostor pair they are in.',
    '',
  ];
  for (const [name, set] of Object.entries(r.sets)) {
    lines.push(`## ${name}: ${set.photos} photos (${set.noFace} without a face)`, '');
    lines.push(`Embedding: ${set.embedMs.plainMedian} ms median per face, plus ${set.embedMs.mirrorExtraMedian} ms for the mirror image.`, '');
    for (const [variant, figures] of Object.entries(set.variants)) {
      for (const [pairsName, f] of Object.entries(figures)) {
        lines.push(`### ${variant}, ${pairsName === 'pairsCsv' ? 'pairs.csv' : 'every cross-identity pair'}: ${f.genuine} genuine, ${f.impostor} impostor pairs`, '');
        lines.push(`Best accuracy ${pct(f.bestAccuracy)}, EER ${pct(f.eer)}.`, '');
        lines.push('| target FAR | threshold | TAR (95% CI) | impostors accepted | FAR upper bound |', '|---|---|---|---|---|');
        for (const [far, p] of Object.entries(f.atFar)) {
          lines.push(p ? `| ${far} | ${p.threshold.toFixed(4)} | ${pct(p.tar)} (${ci(p.tarInterval95)}) | ${p.impostorAccepted} of ${p.impostor} | ${sci(p.farUpper95)} |` : `| ${far} | n/a (too few impostor pairs) | | | |`);
        }
        lines.push('', '| shipped threshold | value | TAR (95% CI) | impostors accepted | FAR upper bound |', '|---|---|---|---|---|');
        for (const [label, p] of Object.entries(f.shipped)) {
          lines.push(`| ${label} | ${p.threshold} | ${pct(p.tar)} (${ci(p.tarInterval95)}) | ${p.impostorAccepted} of ${p.impostor} | ${sci(p.farUpper95)} |`);
        }
        for (const p of f.sweep) lines.push(`| (sweep) | ${p.threshold} | ${pct(p.tar)} (${ci(p.tarInterval95)}) | ${p.impostorAccepted} of ${p.impostor} | ${sci(p.farUpper95)} |`);
        lines.push('');
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

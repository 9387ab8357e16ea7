/**
 * Sections 1 and 2: our verification stage by stage, and face-api's pipeline in the same
 * process on the same images and pairs, interleaved pair by pair (ours, then the peer) so
 * that load from other processes hits both alike; accuracy of both on every labelled pair.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { dist, facedataDir, faceApiDemoPhotos, hasFacedata, readPairsCsv } from '../lib/context.mjs';
import { FaceApiPeer } from '../lib/face-api-peer.mjs';
import { loadOurEngine } from '../lib/our-pipeline.mjs';
import { median, round, summarise, withCpuMs } from '../lib/stats.mjs';

/** Floors that make a pair with a face missing on one side a rejection at every threshold. */
const OUR_NO_FACE_SIMILARITY = -2;
const PEER_NO_FACE_SIMILARITY = -10;
const THREE_MEGAPIXELS = 3_000_000;
/** Passes of the stage-by-stage timing over the image set. */
const STAGE_REPETITIONS = 1;

/**
 * `extraPairBudgetMs(meanImageMs)` says how long to keep adding interleaved pairs once every
 * image is covered, given the mean time ours took per image in this run (load included).
 */
export async function benchVerification({ log, extraPairBudgetMs, cameraClip }) {
  const { images, pairs, source } = imageSet();
  log(`verification: ${images.length} images, ${pairs.length} pairs (${source})`);
  const pixels = new Map();
  for (const f of images) {
    const m = await sharp(f).metadata();
    const swap = (m.orientation ?? 1) >= 5;
    pixels.set(f, { width: swap ? m.height : m.width, height: swap ? m.width : m.height });
  }

  const ours = await loadOurEngine();
  const peer = await FaceApiPeer.load();
  log(`verification: models loaded (ours ${Math.round(ours.modelLoadMs.faceAnalyzerCreate)} ms, peer ${Math.round(peer.loadMs.ssdLandmarksRecognition)} ms + tfjs ${Math.round(peer.loadMs.tfjsRuntimeAndLivenessNets)} ms, backend ${peer.backend})`);

  // Warm-up: first inferences allocate buffers and JIT the wasm; neither side is timed cold here.
  for (let i = 0; i < 2; i++) await ours.describe(images[0]);
  await peer.describe(images[0]);

  // Section 1: every image once through the stages.
  const stageMs = { decode: [], detect: [], landmarks: [], align: [], quality: [], embed: [] };
  const stageTotals = [];
  const ourEmbedding = new Map();
  for (let rep = 0; rep < STAGE_REPETITIONS; rep++) {
    for (const f of images) {
      const r = await ours.stages(f);
      for (const [k, v] of Object.entries(r.ms)) stageMs[k].push(v);
      stageTotals.push(Object.values(r.ms).reduce((sum, v) => sum + v, 0));
      ourEmbedding.set(f, r.face ? r.embedding : null);
    }
  }
  const compareMs = [];
  for (const p of pairs) {
    const a = ourEmbedding.get(p.img1);
    const b = ourEmbedding.get(p.img2);
    if (!a || !b) continue;
    const t = performance.now();
    ours.analyzer.compare(a, b);
    compareMs.push(performance.now() - t);
  }
  log(`verification: stages done (${images.length} images x ${STAGE_REPETITIONS}, ${compareMs.length} compares)`);

  // Section 2: interleaved pairs. Every image is covered once; then more pairs while the budget lasts.
  const plan = pairPlan(pairs);
  const started = performance.now();
  const runs = [];
  const peerDescriptor = new Map();
  const covered = new Set();
  let extraStarted = null;
  let pairBudgetMs = 0;
  for (const p of plan) {
    const mustCover = !covered.has(p.img1) || !covered.has(p.img2);
    if (!mustCover && extraStarted === null) {
      extraStarted = performance.now();
      const perImage = runs.flatMap((r) => [r.ours.a, r.ours.b]).map((x) => x.decodeMs + x.pipelineMs);
      pairBudgetMs = extraPairBudgetMs(perImage.reduce((sum, v) => sum + v, 0) / perImage.length);
      log(`verification: every image covered by ${runs.length} pairs; ${Math.round(pairBudgetMs / 1000)} s for more pairs`);
    }
    if (!mustCover && performance.now() - extraStarted > pairBudgetMs) break;
    const [o, oursCpuMs] = await withCpuMs(() => ours.verify(p.img1, p.img2));
    const [q, peerCpuMs] = await withCpuMs(() => peer.verify(p.img1, p.img2));
    o.cpuMs = oursCpuMs;
    q.cpuMs = peerCpuMs;
    covered.add(p.img1).add(p.img2);
    if (!peerDescriptor.has(p.img1)) peerDescriptor.set(p.img1, { descriptor: q.a.descriptor, faces: q.a.faces });
    if (!peerDescriptor.has(p.img2)) peerDescriptor.set(p.img2, { descriptor: q.b.descriptor, faces: q.b.faces });
    runs.push({ pair: p, ours: o, peer: q });
  }
  log(`verification: ${runs.length} interleaved pairs in ${Math.round((performance.now() - started) / 1000)} s`);
  for (const f of images) if (!peerDescriptor.has(f)) peerDescriptor.set(f, await peer.describe(f));

  const idSelfie = await idAndSelfieRuns(ours, runs, pixels);
  const camera = cameraClip ? await cameraFrameRuns(ours, cameraClip) : { skipped: 'no camera clip (../shared/facedata/liveness absent)' };
  await ours.dispose();

  const result = {
    source,
    images: images.length,
    pairs: pairs.length,
    modelLoadMs: { ours: roundAll(ours.modelLoadMs), peer: roundAll(peer.loadMs), peerBackend: peer.backend },
    stages: Object.fromEntries([...Object.entries(stageMs), ['compare', compareMs]].map(([k, v]) => [k, summarise(v, k === 'compare' ? 4 : 2)])),
    stageRepetitions: STAGE_REPETITIONS,
    stagesTotalMedianMs: round(median(stageTotals)),
    perImage: perImage(runs),
    perPair: perPair(runs, pixels),
    accuracy: pairs.some((p) => p.same !== null) ? accuracy(pairs, ourEmbedding, peerDescriptor, ours, peer) : { skipped: 'the image set has no labels' },
    idAndSelfie: idSelfie,
    cameraFrame: camera,
  };
  const photos = images.map((file) => ({ file, pixels: pixels.get(file).width * pixels.get(file).height }));
  return { result, photos, pairs };
}

/** ../shared/facedata/verification when present, else face-api's demo photos (no labels). */
function imageSet() {
  const dir = path.join(facedataDir, 'verification');
  if (hasFacedata('verification') && existsSync(path.join(dir, 'pairs.csv'))) {
    const pairs = readPairsCsv(path.join(dir, 'pairs.csv')).map((p) => ({ img1: path.join(dir, p.img1), img2: path.join(dir, p.img2), same: p.same }));
    const images = [...new Set(pairs.flatMap((p) => [p.img1, p.img2]))];
    return { images, pairs, source: `${dir} (${readdirSync(dir).length - 1} files, pairs.csv)` };
  }
  const images = faceApiDemoPhotos();
  const pairs = [];
  for (let i = 0; i < images.length; i++) for (let j = i + 1; j < images.length; j++) pairs.push({ img1: images[i], img2: images[j], same: null });
  return { images, pairs, source: 'face-api demo photos (../shared/facedata absent; group photos, no identity labels)' };
}

/**
 * Order of interleaved pairs: first pairs that cover images not yet seen (genuine pairs
 * first), so every image is verified by both engines at least once; then the rest,
 * alternating genuine and impostor, for as long as the time budget allows.
 */
function pairPlan(pairs) {
  const seen = new Set();
  const plan = [];
  const taken = new Set();
  const genuineFirst = [...pairs.filter((p) => p.same), ...pairs.filter((p) => !p.same)];
  for (const strict of [true, false]) {
    for (const p of genuineFirst) {
      if (taken.has(p)) continue;
      const fresh = [p.img1, p.img2].filter((f) => !seen.has(f)).length;
      if (strict ? fresh === 2 : fresh >= 1) {
        plan.push(p);
        taken.add(p);
        seen.add(p.img1).add(p.img2);
      }
    }
  }
  const genuine = pairs.filter((p) => p.same && !taken.has(p));
  const impostor = pairs.filter((p) => !p.same && !taken.has(p));
  const stride = Math.max(1, Math.floor(impostor.length / Math.max(1, genuine.length)));
  for (let i = 0; i < Math.max(genuine.length, impostor.length / stride); i++) {
    if (genuine[i]) plan.push(genuine[i]);
    if (impostor[i * stride]) plan.push(impostor[i * stride]);
  }
  return plan;
}

function perImage(runs) {
  const ours = [];
  const peer = [];
  const oursNoDecode = [];
  const peerNoDecode = [];
  const oursDecode = [];
  const peerDecode = [];
  for (const r of runs) {
    for (const side of ['a', 'b']) {
      ours.push(r.ours[side].decodeMs + r.ours[side].pipelineMs);
      peer.push(r.peer[side].decodeMs + r.peer[side].pipelineMs);
      oursDecode.push(r.ours[side].decodeMs);
      peerDecode.push(r.peer[side].decodeMs);
      oursNoDecode.push(r.ours[side].pipelineMs);
      peerNoDecode.push(r.peer[side].pipelineMs);
    }
  }
  return {
    ours: summarise(ours), peer: summarise(peer),
    oursDecode: summarise(oursDecode), peerDecode: summarise(peerDecode),
    oursAfterDecode: summarise(oursNoDecode), peerAfterDecode: summarise(peerNoDecode),
  };
}

function perPair(runs, pixels) {
  const rows = runs.map((r) => {
    const oursMs = r.ours.a.decodeMs + r.ours.a.pipelineMs + r.ours.b.decodeMs + r.ours.b.pipelineMs + r.ours.compareMs;
    const peerMs = r.peer.a.decodeMs + r.peer.a.pipelineMs + r.peer.b.decodeMs + r.peer.b.pipelineMs;
    const oursAfterDecode = r.ours.a.pipelineMs + r.ours.b.pipelineMs + r.ours.compareMs;
    const peerAfterDecode = r.peer.a.pipelineMs + r.peer.b.pipelineMs;
    const mp = (f) => (pixels.get(f).width * pixels.get(f).height) / 1e6;
    return {
      img1: path.basename(r.pair.img1),
      img2: path.basename(r.pair.img2),
      same: r.pair.same,
      megapixels: [round(mp(r.pair.img1)), round(mp(r.pair.img2))],
      oursMs: round(oursMs),
      peerMs: round(peerMs),
      oursCpuMs: round(r.ours.cpuMs),
      peerCpuMs: round(r.peer.cpuMs),
      ratio: round(oursMs / peerMs, 4),
      ratioAfterDecode: round(oursAfterDecode / peerAfterDecode, 4),
      oursMatch: r.ours.match,
      oursSimilarity: round(r.ours.similarity, 4),
      peerMatch: r.peer.match,
      peerDistance: round(r.peer.distance, 4),
    };
  });
  const upTo3Mp = rows.filter((r) => r.megapixels.every((m) => m * 1e6 <= THREE_MEGAPIXELS));
  return {
    count: rows.length,
    oursMs: summarise(rows.map((r) => r.oursMs)),
    peerMs: summarise(rows.map((r) => r.peerMs)),
    ratio: summarise(rows.map((r) => r.ratio), 4),
    oursCpuMs: summarise(rows.map((r) => r.oursCpuMs)),
    peerCpuMs: summarise(rows.map((r) => r.peerCpuMs)),
    cpuRatio: summarise(rows.map((r) => r.oursCpuMs / r.peerCpuMs), 4),
    ratioAfterDecode: summarise(rows.map((r) => r.ratioAfterDecode), 4),
    medianSpeedup: round(1 / median(rows.map((r) => r.ratio)), 2),
    pairsFasterBy5x: rows.filter((r) => r.ratio <= 0.2).length,
    upTo3Mp: { count: upTo3Mp.length, oursMs: summarise(upTo3Mp.map((r) => r.oursMs)), oursCpuMs: summarise(upTo3Mp.map((r) => r.oursCpuMs)), ratio: summarise(upTo3Mp.map((r) => r.ratio), 4) },
    rows,
  };
}

function accuracy(pairs, ourEmbedding, peerDescriptor, ours, peer) {
  const { computeVerificationMetrics } = dist('main/vision/verification-metrics.js');
  const { MATCH_THRESHOLD } = dist('shared/defaults.js');
  const oursAll = [];
  const peerAll = [];
  const oursBoth = [];
  const peerBoth = [];
  for (const p of pairs) {
    const a = ourEmbedding.get(p.img1);
    const b = ourEmbedding.get(p.img2);
    const s = a && b ? ours.cosine(a, b) : null;
    oursAll.push({ same: p.same, similarity: s ?? OUR_NO_FACE_SIMILARITY });
    if (s !== null) oursBoth.push({ same: p.same, similarity: s });
    const da = peerDescriptor.get(p.img1).descriptor;
    const db = peerDescriptor.get(p.img2).descriptor;
    const d = da && db ? peer.distance(da, db) : null;
    peerAll.push({ same: p.same, similarity: d === null ? PEER_NO_FACE_SIMILARITY : -d });
    if (d !== null) peerBoth.push({ same: p.same, similarity: -d });
  }
  // Where each engine is closest to an error: its weakest genuine pair and its strongest impostor.
  const hardest = (scores) => {
    const named = scores.map((x, i) => ({ img1: path.basename(pairs[i].img1), img2: path.basename(pairs[i].img2), same: x.same, similarity: round(x.similarity, 4) }));
    const genuine = named.filter((x) => x.same).sort((a, b) => a.similarity - b.similarity);
    const impostor = named.filter((x) => !x.same).sort((a, b) => b.similarity - a.similarity);
    return { weakestGenuine: genuine.slice(0, 3), strongestImpostor: impostor.slice(0, 3) };
  };
  const noFace = (m) => [...m.entries()].filter(([, v]) => !v).map(([f]) => path.basename(f));
  const pick = (m) => ({ pairs: m.pairs, genuine: m.genuine, impostor: m.impostor, bestAccuracy: m.bestAccuracy, bestThreshold: m.bestThreshold, eer: m.eer, tarAtFar: m.tarAtFar, accuracyAtThreshold: m.accuracyAtThreshold, threshold: m.threshold });
  return {
    note: 'similarity: ours = cosine of 512-d embeddings; face-api = minus the euclidean distance of 128-d descriptors. "allPairs" counts a pair with no face on one side as rejected; "bothFaces" drops such pairs, as `ekyc eval` does.',
    ours: { allPairs: pick(computeVerificationMetrics(oursAll, MATCH_THRESHOLD)), bothFaces: pick(computeVerificationMetrics(oursBoth, MATCH_THRESHOLD)), noFace: noFace(ourEmbedding), ...hardest(oursAll) },
    peer: { allPairs: pick(computeVerificationMetrics(peerAll, -0.6)), bothFaces: pick(computeVerificationMetrics(peerBoth, -0.6)), noFace: noFace(new Map([...peerDescriptor].map(([k, v]) => [k, v.descriptor]))), ...hardest(peerAll) },
  };
}

/** `ekyc verify`'s path (portrait finder + selfie checks) on interleaved pairs whose photos are both <= 3 MP. */
async function idAndSelfieRuns(ours, runs, pixels) {
  const small = runs.map((r) => r.pair).filter((p) => [p.img1, p.img2].every((f) => pixels.get(f).width * pixels.get(f).height <= THREE_MEGAPIXELS)).slice(0, 24);
  const rows = [];
  for (const p of small) {
    const [r, cpuMs] = await withCpuMs(() => ours.verifyIdAndSelfie(p.img1, p.img2));
    rows.push({ ...r, cpuMs });
  }
  const outcomes = {};
  for (const r of rows) outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
  const decided = rows.filter((r) => !r.outcome.startsWith('cannot'));
  // The two sides overlap (one decodes while the other is analysed), so the parts add up to more than the whole.
  const parts = Object.fromEntries(['idDecode', 'idPortrait', 'selfieDecode', 'selfie', 'compare'].map((k) => [k, summarise(decided.map((r) => r.parts[k]), k === 'compare' ? 4 : 2)]));
  return { pairs: rows.length, all: summarise(rows.map((r) => r.ms)), decided: summarise(decided.map((r) => r.ms)), decidedCpuMs: summarise(decided.map((r) => r.cpuMs)), decidedParts: parts, outcomes };
}

/**
 * The station's live step on real camera-like frames (640x480 crop of the liveness clip):
 * each frame, as RGBA, against the same person's ID-style portrait embedded beforehand.
 */
async function cameraFrameRuns(ours, clip) {
  const { Y4mReader } = dist('main/liveness/y4m-reader.js');
  const portraitFile = path.join(facedataDir, 'verification', 'lin_manuel_miranda_1.png');
  const { portrait, embedding } = await ours.analyzer.findPortrait(await ours.vision.decoder.decodeImageFile(portraitFile));
  const reader = await Y4mReader.open(clip);
  const rows = [];
  try {
    for await (const f of reader.frames()) {
      if (f.index % 3 !== 0) continue;
      const rgba = new Uint8Array(f.width * f.height * 4);
      for (let i = 0, j = 0; j < f.rgb.length; i += 4, j += 3) {
        rgba[i] = f.rgb[j];
        rgba[i + 1] = f.rgb[j + 1];
        rgba[i + 2] = f.rgb[j + 2];
        rgba[i + 3] = 255;
      }
      const [r, cpuMs] = await withCpuMs(() => ours.verifyCameraFrame(rgba, f.width, f.height, embedding));
      rows.push({ ...r, cpuMs });
    }
  } finally {
    await reader.close();
  }
  const decided = rows.filter((r) => !r.outcome.startsWith('cannot'));
  const outcomes = {};
  for (const r of rows) outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
  return {
    portrait: `${path.basename(portraitFile)} (face ${Math.round(portrait.box.width)} px wide, rotation ${portrait.rotation})`,
    frames: rows.length,
    decided: summarise(decided.map((r) => r.ms)),
    decidedCpuMs: summarise(decided.map((r) => r.cpuMs)),
    all: summarise(rows.map((r) => r.ms)),
    outcomes,
  };
}

function roundAll(o) {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, round(v)]));
}

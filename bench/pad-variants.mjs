#!/usr/bin/env node
/**
 * `node bench/pad-variants.mjs` (after `npm run build`): the presentation-attack model's
 * preprocessing and session fusion screened on the TUNING partition of bench/pad.mjs only
 * (spoof-dev tranvanluyt, liveness-dev tranvanluyt/lp_d0/lp_d10/lp_d12/apfol at 2 frames/s,
 * the even-hash verification identities, attacks generated from them), never on held-out
 * people. Variants: the crop 2.7x shifted inside the image (the engine's), 2.7x letterboxed
 * (zero padding past the image edge), 2.0x, 3.3x and 4.0x shifted, a brightness gain
 * that lifts a dim crop (or the face box alone) to a mean grey of 110, a grey-world white balance,
 * OpenCV's bilinear resize (the model's own package's), a 3x3 blur of the model's input, and
 * frames with +-1 or +-3 grey levels of noise (a grainy camera); fusions over 3 s windows: median P(live),
 * mean of log-odds, mean, 25% trimmed mean, 75th percentile. Prints AUC and errors at 0.5.
 * `VARIANTS=cur,bilinear,...` runs only those.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.env.EKYC_MODELS_DIR = root + '/models';
const d = (p) => require(path.join(root, 'dist', p));
const { FaceDetector } = d('main/vision/face-detector.js');
const { ModelSession } = d('main/vision/onnx-runtime.js');
const { resizeToPlanarTensor } = d('main/vision/image-ops.js');
const { padCropBox, swapRedBlue } = d('main/vision/presentation-model.js');
const { pickDominant } = d('main/vision/nms.js');
const { decodeImageFile } = d('main/vision/image-decoder.js');
const { printAttack, screenAttack } = await import(root + '/bench/lib/pad-attacks.mjs');
const { facedataDir: fac } = await import(root + '/bench/lib/context.mjs');
const det = await FaceDetector.load(root + '/models');
const model = await ModelSession.load(root + '/models', 'presentation-attack');
const norm = { mean: 0, scale: 1 };
function fnv1a(text) { let h = 0x811c9dc5; for (const ch of text) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0; return h; }
function gain(img, region) {
  // mean luma of the region -> multiply whole image so it is 128 (cap 3x)
  let s = 0, n = 0;
  for (let y = Math.max(0, Math.floor(region.y)); y < Math.min(img.height, region.y + region.height); y += 2)
    for (let x = Math.max(0, Math.floor(region.x)); x < Math.min(img.width, region.x + region.width); x += 2) { const p = (y * img.width + x) * 3; s += 0.299 * img.data[p] + 0.587 * img.data[p + 1] + 0.114 * img.data[p + 2]; n++; }
  const m = s / n; const g = Math.min(3, Math.max(1, 110 / m));
  if (g === 1) return img;
  const out = new Uint8Array(img.data.length); for (let i = 0; i < out.length; i++) out[i] = Math.min(255, img.data[i] * g);
  return { ...img, data: out };
}
function letterbox(box, scale) { const w = box.width * scale, h = box.height * scale; return { x: box.x + box.width / 2 - w / 2, y: box.y + box.height / 2 - h / 2, width: w, height: h }; }
function grayWorld(img, region) {
  // Per-channel gains making the crop's mean grey (a colour cast removed).
  const m = [0, 0, 0];
  for (let y = Math.max(0, Math.floor(region.y)); y < Math.min(img.height, region.y + region.height); y += 2)
    for (let x = Math.max(0, Math.floor(region.x)); x < Math.min(img.width, region.x + region.width); x += 2) { const p = (y * img.width + x) * 3; m[0] += img.data[p]; m[1] += img.data[p + 1]; m[2] += img.data[p + 2]; }
  const g = (m[0] + m[1] + m[2]) / 3; const k = m.map((v) => g / Math.max(1, v));
  const out = new Uint8Array(img.data.length); for (let i = 0; i < out.length; i++) out[i] = Math.min(255, img.data[i] * k[i % 3]);
  return { ...img, data: out };
}
/**
 * OpenCV's cv.resize with its default INTER_LINEAR, as the model's own package
 * (faceplugin-face-recognition-js, lib/fr_liveness.js) and Silent-Face's training crops
 * resize: each output pixel interpolates the 2x2 source pixels around its centre, with no
 * averaging over the rest of its footprint, so a large downscale keeps the sensor's grain
 * (aliased) where the engine's box filter averages it away.
 */
function bilinearTensor(img, region, outW, outH) {
  const out = new Float32Array(3 * outW * outH);
  const plane = outW * outH;
  const sx = region.width / outW, sy = region.height / outH;
  const px = (x, y, c) => img.data[(Math.min(img.height - 1, Math.max(0, y)) * img.width + Math.min(img.width - 1, Math.max(0, x))) * 3 + c];
  for (let y = 0; y < outH; y++) {
    const fy = region.y + (y + 0.5) * sy - 0.5; const y0 = Math.floor(fy); const wy = fy - y0;
    for (let x = 0; x < outW; x++) {
      const fx = region.x + (x + 0.5) * sx - 0.5; const x0 = Math.floor(fx); const wx = fx - x0;
      for (let c = 0; c < 3; c++) {
        const v = (1 - wy) * ((1 - wx) * px(x0, y0, c) + wx * px(x0 + 1, y0, c)) + wy * ((1 - wx) * px(x0, y0 + 1, c) + wx * px(x0 + 1, y0 + 1, c));
        out[c * plane + y * outW + x] = v;
      }
    }
  }
  return out;
}
/** Temporal-noise stand-in for a grainy webcam: uniform -a..a per channel (seeded). */
function grain(img, a, seed) {
  let s = (Math.imul(seed + 1, 0x9e3779b1) | 1) >>> 0;
  const out = new Uint8Array(img.data.length);
  for (let i = 0; i < out.length; i++) { s ^= s << 13; s ^= s >>> 17; s ^= s << 5; out[i] = Math.max(0, Math.min(255, img.data[i] + ((s >>> 8) % (2 * a + 1)) - a)); }
  return { ...img, data: out };
}
/** A [3, H, W] tensor smoothed by a 3x3 binomial kernel (1-2-1), edges repeated. */
function smooth(t, w, h) {
  const out = new Float32Array(t.length);
  const k = [1, 2, 1];
  for (let c = 0; c < 3; c++) {
    const o = c * w * h;
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
      let s = 0;
      for (let j = -1; j <= 1; j++) for (let i = -1; i <= 1; i++) s += k[j + 1] * k[i + 1] * t[o + Math.min(h - 1, Math.max(0, y + j)) * w + Math.min(w - 1, Math.max(0, x + i))];
      out[o + y * w + x] = s / 16;
    }
  }
  return out;
}
const TENSOR = {
  curSmooth: (img, r, w, h) => smooth(resizeToPlanarTensor(img, r, w, h, norm), w, h),
  curGrain3Smooth: (img, r, w, h) => smooth(resizeToPlanarTensor(grain(img, 3, 7), r, w, h, norm), w, h),
  curGrain1: (img, r, w, h) => resizeToPlanarTensor(grain(img, 1, 7), r, w, h, norm), bilinear: bilinearTensor, bilinearGrain3: (img, r, w, h) => bilinearTensor(grain(img, 3, 7), r, w, h), curGrain3: (img, r, w, h) => resizeToPlanarTensor(grain(img, 3, 7), r, w, h, norm) };
const VARIANTS = {
  curSmooth: (img, b) => [img, padCropBox(b, img, 2.7)],
  curGrain3Smooth: (img, b) => [img, padCropBox(b, img, 2.7)],
  curGrain1: (img, b) => [img, padCropBox(b, img, 2.7)],
  bilinear: (img, b) => [img, padCropBox(b, img, 2.7)],
  bilinearGrain3: (img, b) => [img, padCropBox(b, img, 2.7)],
  curGrain3: (img, b) => [img, padCropBox(b, img, 2.7)],
  faceGain: (img, b) => [gain(img, b), padCropBox(b, img, 2.7)],
  grayWorld: (img, b) => { const r = padCropBox(b, img, 2.7); return [grayWorld(img, r), r]; },
  cur: (img, b) => [img, padCropBox(b, img, 2.7)],
  lb27: (img, b) => [img, letterbox(b, 2.7)],
  s40: (img, b) => [img, padCropBox(b, img, 4.0)],
  s20: (img, b) => [img, padCropBox(b, img, 2.0)],
  s33: (img, b) => [img, padCropBox(b, img, 3.3)],
  gain: (img, b) => { const r = padCropBox(b, img, 2.7); return [gain(img, r), r]; },
};
// VARIANTS=a,b,c: only those (a quicker screening).
const ONLY = process.env.VARIANTS ? process.env.VARIANTS.split(',') : null;
async function logits(img) {
  const boxes = await det.detect(img); const m = pickDominant(boxes); if (!m) return null;
  const out = {};
  for (const [k, f] of Object.entries(VARIANTS)) {
    if (ONLY && !ONLY.includes(k)) continue;
    const [im, r] = f(img, m.box);
    const t = swapRedBlue((TENSOR[k] ?? ((i, g, w, h) => resizeToPlanarTensor(i, g, w, h, norm)))(im, r, 128, 128));
    out[k] = [...(await model.run(t)).output];
  }
  return out;
}
function videoFrames(file, startS, seconds, fps) {
  const probe = execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', file], { encoding: 'utf8' }).trim().split(',').map(Number);
  const f = Math.max(1, Math.ceil(Math.max(probe[0], probe[1]) / 640));
  const width = Math.floor(probe[0] / f / 2) * 2, height = Math.floor(probe[1] / f / 2) * 2;
  const raw = execFileSync('ffmpeg', ['-v', 'error', '-ss', String(startS), ...(seconds ? ['-t', String(seconds)] : []), '-i', file, '-vf', `fps=${fps},scale=${width}:${height}`, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { maxBuffer: 1 << 30 });
  const size = width * height * 3; const fr = [];
  for (let o = 0; o + size <= raw.length; o += size) fr.push({ data: new Uint8Array(raw.subarray(o, o + size)), width, height, scale: 1 });
  return fr;
}
const rows = [];
const push = async (kind, type, src, img, t) => { const l = await logits(img); if (l) rows.push({ kind, type, src, t, l }); };
const labels = readFileSync(fac + '/spoof-dev/labels.csv', 'utf8').trim().split(/\r?\n/).slice(1).map((l) => l.split(','));
for (const [file, label, , subject] of labels) if (subject === 'tranvanluyt') await push(label === 'live' ? 'live' : 'attack', 'sdframe', file, await decodeImageFile(fac + '/spoof-dev/' + file, { maxSide: 1280 }));
console.error('sd frames', rows.length);
const clips = [['spoof-dev/videos/tranvanluyt_real.mp4', 'live'], ['spoof-dev/videos/tranvanluyt_fake.mp4', 'attack'], ...['tranvanluyt', 'lp_d0', 'lp_d10', 'lp_d12', 'apfol'].map((c) => [`liveness-dev/${c}.mp4`, 'live'])];
let seed = 5000;
for (const [c, kind] of clips) {
  const fr = videoFrames(path.join(fac, c), 0, 0, 2);
  for (const [i, f] of fr.entries()) { await push(kind, 'clip', c, f, i / 2); if (kind === 'live' && i % 3 === 0) { const a = screenAttack([f], { seed: seed++, handheld: true, phone: i % 2 === 0 })[0]; await push('attack', 'screen1', c, a, i / 2); } }
  console.error(c, rows.length);
}
// verification tune identities
const vdir = fac + '/verification';
const files = readdirSync(vdir).filter((f) => /\.(jpe?g|png)$/i.test(f));
const parent = new Map(files.map((f) => [f, f])); const find = (f) => (parent.get(f) === f ? f : find(parent.get(f)));
for (const line of readFileSync(vdir + '/pairs.csv', 'utf8').trim().split(/\r?\n/).slice(1)) { const [a, b, same] = line.split(','); if (same.trim() === '1' && parent.has(a) && parent.has(b)) parent.set(find(a), find(b)); }
const groups = new Map(); for (const f of files) groups.set(find(f), [...(groups.get(find(f)) ?? []), f]);
const ids = [...groups.values()].map((g) => g.sort()).filter((g) => fnv1a(g[0]) % 2 === 0);
for (const g of ids) for (const f of g) { const img = await decodeImageFile(path.join(vdir, f), { maxSide: 1024 }); await push('live', 'verif', f, img); await push('attack', 'print1', f, printAttack(img, { seed: seed++ })[0]); }
console.error('verif', rows.length);
await det.release();
await model.release();
// ---- analysis ----
const sm = (l) => { const m = Math.max(...l); const e = l.map((v) => Math.exp(v - m)); return e[0] / (e[0] + e[1] + e[2]); };
const V = Object.keys(rows[0].l);
const auc = (pos, neg) => { let s = 0; for (const p of pos) for (const n of neg) s += p > n ? 1 : p === n ? 0.5 : 0; return s / (pos.length * neg.length); };
console.log('variant | AUC | per type: errors at 0.5 (live refused / attack accepted)');
for (const v of V) {
  const p = rows.map((r) => ({ ...r, p: sm(r.l[v]) }));
  const live = p.filter((r) => r.kind === 'live').map((r) => r.p), att = p.filter((r) => r.kind === 'attack').map((r) => r.p);
  const types = [...new Set(p.map((r) => r.kind + ':' + r.type))];
  const cells = types.map((t) => { const g = p.filter((r) => r.kind + ':' + r.type === t); const e = g.filter((r) => (r.kind === 'live') === (r.p < 0.5)).length; return `${t} ${e}/${g.length}`; });
  console.log(v, auc(live, att).toFixed(3), cells.join(' | '));
}
// per clip source, live: median per variant
console.log('\nlive clip medians per source');
for (const src of [...new Set(rows.filter((r) => r.type === 'clip').map((r) => r.src))]) {
  const g = rows.filter((r) => r.type === 'clip' && r.src === src);
  console.log(src, g[0].kind, V.map((v) => { const ps = g.map((r) => sm(r.l[v])).sort((a, b) => a - b); return `${v} ${ps[ps.length >> 1].toFixed(2)} lo${ps[Math.floor(ps.length * 0.1)].toFixed(2)}`; }).join(' '));
}
// window fusion on clips (6 frames = 3 s at 2 fps)
const fuse = {
  median: (ps) => { const s = [...ps].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; },
  meanLogit: (ps) => { const l = ps.map((p) => Math.log(Math.max(1e-6, p) / Math.max(1e-6, 1 - p))); const m = l.reduce((a, b) => a + b, 0) / l.length; return 1 / (1 + Math.exp(-m)); },
  mean: (ps) => ps.reduce((a, b) => a + b, 0) / ps.length,
  trim: (ps) => { const s = [...ps].sort((a, b) => a - b); const k = Math.floor(s.length / 4); const t = s.slice(k, s.length - k); return t.reduce((a, b) => a + b, 0) / t.length; },
  q75: (ps) => { const s = [...ps].sort((a, b) => a - b); return s[Math.floor(s.length * 0.75)]; },
};
console.log('\nwindow fusion (clips, 6-frame windows): live windows refused / attack windows accepted at 0.5');
for (const v of V) {
  const out = [];
  for (const [fn, f] of Object.entries(fuse)) {
    let lr = 0, ln = 0, aa = 0, an = 0;
    for (const src of [...new Set(rows.filter((r) => r.type === 'clip').map((r) => r.src))]) {
      const g = rows.filter((r) => r.type === 'clip' && r.src === src);
      for (let i = 0; i + 6 <= g.length; i += 12) { const s = f(g.slice(i, i + 6).map((r) => sm(r.l[v]))); if (g[0].kind === 'live') { ln++; if (s < 0.5) lr++; } else { an++; if (s >= 0.5) aa++; } }
    }
    out.push(`${fn} ${lr}/${ln} ${aa}/${an}`);
  }
  console.log(v, out.join(' | '));
}

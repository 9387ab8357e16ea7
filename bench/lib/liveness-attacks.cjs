/**
 * Presentation attacks on the liveness challenges, made by code from still photos: a print
 * swung about its vertical axis, a print folded down the nose and turned, a print tipped
 * back, one photo swapped for another, a print shaken in the hand. Each photo is placed as a
 * flat (or folded) sheet in front of a pinhole camera and rendered by inverse perspective
 * mapping with bilinear sampling, frame by frame, into a 640x480 4:2:0 Y4M file that
 * `ekyc liveness` (src/main/liveness/analyse-video.ts) reads like any recording.
 *
 * Used by bench/liveness-gestures.mjs (attack section) and test/main/liveness/attacks.test.ts.
 * The generated files go to a temporary or test-output folder, never into the repository.
 */
'use strict';
const { writeFileSync } = require('node:fs');

// Module constants for the per-pixel loops: a global lookup is slow under jest (test/jest-environment.js).
const { floor, min, max, round, cos, sin } = Math;

const WIDTH = 640;
const HEIGHT = 480;
const FPS = 15;
/** Focal length in pixels: a ~60 degree horizontal field of view, like a counter webcam. */
const FOCAL = 560;
/** Height of the sheet as it appears when frontal, pixels. */
const SHEET_HEIGHT = 420;

/**
 * Decodes a photo to RGB, cut to a portrait around the face (`box`, in the photo's pixels,
 * widened to a head-and-shoulders print) and scaled so the sheet is SHEET_HEIGHT tall when frontal.
 */
async function loadPhoto(file, box) {
  const sharp = require('sharp');
  let image = sharp(file).rotate().removeAlpha();
  if (box) {
    const meta = await sharp(file).rotate().toBuffer({ resolveWithObject: true }).then((r) => r.info);
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    const w = min(meta.width, round(box.width * 1.8));
    const h = min(meta.height, round(box.height * 2.1));
    const left = max(0, min(meta.width - w, round(cx - w / 2)));
    const top = max(0, min(meta.height - h, round(cy - h / 2)));
    image = sharp(await image.extract({ left, top, width: w, height: h }).toBuffer());
  }
  const { data, info } = await image.resize({ height: SHEET_HEIGHT }).raw().toBuffer({ resolveWithObject: true });
  return { rgb: data, width: info.width, height: info.height };
}

/**
 * Where the largest face is in a photo, in its pixels, found by `findFaces(rgb, width, height)`
 * (the liveness tracker's face detector): the photos are group shots and portraits alike.
 */
async function locateFace(file, findFaces) {
  const sharp = require('sharp');
  const { data, info } = await sharp(file).rotate().removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const k = min(1, 1024 / max(info.width, info.height));
  const small = await sharp(data, { raw: info }).resize({ width: round(info.width * k) }).raw().toBuffer({ resolveWithObject: true });
  const faces = await findFaces(small.data, small.info.width, small.info.height);
  if (faces.length === 0) throw new Error(`no face found in ${file}`);
  const b = faces.reduce((a, f) => (f.width > a.width ? f : a));
  return { x: b.x / k, y: b.y / k, width: b.width / k, height: b.height / k };
}

const rotY = (a) => [cos(a), 0, sin(a), 0, 1, 0, -sin(a), 0, cos(a)];
const rotX = (a) => [1, 0, 0, 0, cos(a), -sin(a), 0, sin(a), cos(a)];
const rotZ = (a) => [cos(a), -sin(a), 0, sin(a), cos(a), 0, 0, 0, 1];
const mul3 = (m, v) => [m[0] * v[0] + m[1] * v[1] + m[2] * v[2], m[3] * v[0] + m[4] * v[1] + m[5] * v[2], m[6] * v[0] + m[7] * v[1] + m[8] * v[2]];
const deg = (d) => (d * Math.PI) / 180;

function invert3(m) {
  const [a, b, c, d, e, f, g, h, i] = m;
  const A = e * i - f * h, B = -(d * i - f * g), C = d * h - e * g;
  const det = a * A + b * B + c * C;
  return [A / det, -(b * i - c * h) / det, (b * f - c * e) / det, B / det, (a * i - c * g) / det, -(a * f - c * d) / det, C / det, -(a * h - b * g) / det, (a * e - b * d) / det];
}

/**
 * The pose of the sheet in one frame. `yaw` turns it about its vertical axis (positive:
 * its image-left half comes towards the camera), `pitch` tips it back about its horizontal
 * axis, `roll` rotates it in the image plane, `fold` bends each half back by that many
 * degrees along the vertical line at `foldU` (a fraction of the photo's width), `dx`/`dy`
 * shift it in pixels and `scale` brings it closer (>1).
 */
function pieceHomographies(photo, pose) {
  const { yaw = 0, pitch = 0, roll = 0, fold = 0, foldU = 0.5, dx = 0, dy = 0, scale = 1 } = pose;
  const w = photo.width;
  const h = photo.height;
  const depth = FOCAL / scale;
  const uf = foldU * w;
  // Sheet point (u, v) in 3D, pixel units, origin at the fold line's middle.
  const point = (u, v, side) => {
    let p = [u - uf, v - h / 2, 0];
    if (fold !== 0) p = mul3(rotY(deg(side < 0 ? fold : -fold)), p);
    p = mul3(rotZ(deg(roll)), mul3(rotX(deg(pitch)), mul3(rotY(deg(yaw)), p)));
    return [p[0] + (uf - w / 2) + dx / scale, p[1] + dy / scale, p[2] + depth];
  };
  const homography = (side) => {
    const o = point(0, 0, side);
    const pu = point(1, 0, side);
    const pv = point(0, 1, side);
    const a = [pu[0] - o[0], pv[0] - o[0], o[0], pu[1] - o[1], pv[1] - o[1], o[1], pu[2] - o[2], pv[2] - o[2], o[2]];
    const k = [FOCAL, 0, WIDTH / 2, 0, FOCAL, HEIGHT / 2, 0, 0, 1];
    const r = new Array(9).fill(0);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) for (let m = 0; m < 3; m++) r[3 * i + j] += k[3 * i + m] * a[3 * m + j];
    return invert3(r);
  };
  return fold === 0 ? [{ inv: homography(1), uMin: 0, uMax: w }] : [{ inv: homography(-1), uMin: 0, uMax: uf }, { inv: homography(1), uMin: uf, uMax: w }];
}

/**
 * Renders one frame: the sheet in `pose` over a fixed grey, slightly textured background.
 * Written as flat loops over typed arrays (no iterator or object per pixel): the attack
 * tests render hundreds of frames, and the generator, not the gates, was most of their time.
 */
function renderFrame(photo, pose) {
  const out = new Uint8Array(WIDTH * HEIGHT * 3);
  const pieces = pieceHomographies(photo, pose);
  const count = pieces.length;
  const invs = pieces.map((p) => Float64Array.from(p.inv));
  const uMins = Float64Array.from(pieces.map((p) => p.uMin));
  const uMaxs = Float64Array.from(pieces.map((p) => p.uMax));
  const { rgb, width: w, height: h } = photo;
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) {
      const o = (y * WIDTH + x) * 3;
      let done = false;
      for (let p = 0; p < count; p++) {
        const inv = invs[p];
        const z = inv[6] * x + inv[7] * y + inv[8];
        const u = (inv[0] * x + inv[1] * y + inv[2]) / z;
        const v = (inv[3] * x + inv[4] * y + inv[5]) / z;
        if (!(u >= uMins[p] && u < uMaxs[p] && u <= w - 1 && v >= 0 && v <= h - 1)) continue;
        const u0 = floor(u), v0 = floor(v);
        const u1 = min(w - 1, u0 + 1), v1 = min(h - 1, v0 + 1);
        const fu = u - u0, fv = v - v0;
        const i00 = (v0 * w + u0) * 3, i01 = (v0 * w + u1) * 3, i10 = (v1 * w + u0) * 3, i11 = (v1 * w + u1) * 3;
        for (let c = 0; c < 3; c++) {
          const a = rgb[i00 + c], b = rgb[i01 + c];
          const d = rgb[i10 + c], e = rgb[i11 + c];
          // floor(v + 0.5) is Math.round for the non-negative values a blend gives.
          out[o + c] = (a * (1 - fu) + b * fu) * (1 - fv) + (d * (1 - fu) + e * fu) * fv + 0.5;
        }
        done = true;
        break;
      }
      if (!done) {
        const g = 118 + ((x * 7 + y * 13) % 17);
        out[o] = g; out[o + 1] = g; out[o + 2] = g - 6;
      }
    }
  }
  return out;
}

/** A hand holding the sheet is never quite still: a few pixels and a fraction of a degree. */
function handShake(i, amount = 1) {
  return { dx: amount * 3 * sin(i * 0.9), dy: amount * 2 * cos(i * 0.7), roll: amount * 0.6 * sin(i * 0.5) };
}

/** Smooth 0 -> 1 over `n` frames. */
const ease = (k, n) => 0.5 - 0.5 * cos((Math.PI * min(n, max(0, k))) / n);

/** Frame poses (per photo) of each attack, at FPS. */
const ATTACKS = {
  /** Frontal 1 s, swing to `angle` degrees about the vertical axis in 0.4 s, hold 0.7 s, back in 0.4 s, frontal 1 s. */
  swing: ({ angle = 60 } = {}) => {
    const seq = [];
    const phases = [15, 6, 11, 6, 15];
    let i = 0;
    for (let p = 0; p < phases.length; p++) {
      for (let k = 0; k < phases[p]; k++, i++) {
        const a = p === 0 || p === 4 ? 0 : p === 2 ? 1 : p === 1 ? ease(k + 1, phases[p]) : 1 - ease(k + 1, phases[p]);
        seq.push({ photo: 0, pose: { yaw: angle * a, ...handShake(i) } });
      }
    }
    return seq;
  },
  /** Folded down the nose (each half bent back by `fold` degrees), frontal 1 s, turned to `angle` in 0.4 s, held 0.7 s, back. */
  fold: ({ angle = 35, fold = 30 } = {}) => ATTACKS.swing({ angle }).map((f) => ({ ...f, pose: { ...f.pose, fold } })),
  /** Tipped back by `angle` degrees for 0.2 s, twice, 0.8 s apart, between frontal stretches. */
  tip: ({ angle = 60 } = {}) => {
    const seq = [];
    const pitchAt = (i) => {
      for (const start of [15, 30]) if (i >= start && i < start + 3) return angle;
      for (const start of [15, 30]) if (i === start - 1 || i === start + 3) return angle / 2;
      return 0;
    };
    for (let i = 0; i < 45; i++) seq.push({ photo: 0, pose: { pitch: pitchAt(i), ...handShake(i, 0.5) } });
    return seq;
  },
  /** Photo 0 for 1.5 s, then photo 1 (the same person smiling or turned) for 1.5 s; `reverse` swaps the order. */
  swap: ({ reverse = false } = {}) => Array.from({ length: 45 }, (_, i) => ({ photo: (i < 22) !== reverse ? 0 : 1, pose: handShake(i, 0.5) })),
  /** A still print held in a shaking hand for 3 s: it must produce no event at all. */
  shake: () => Array.from({ length: 45 }, (_, i) => ({ photo: 0, pose: { ...handShake(i, 2), yaw: 8 * sin(i * 0.4), pitch: 6 * cos(i * 0.33), scale: 1 + 0.04 * sin(i * 0.25) } })),
};

/** Encodes RGB frames as 4:2:0 Y4M (BT.601 studio range, as ffmpeg does). */
function y4m(frames) {
  const cw = WIDTH / 2, ch = HEIGHT / 2;
  const parts = [Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F${FPS}:1 Ip A1:1 C420jpeg\n`, 'latin1')];
  for (const rgb of frames) {
    // Stored without Math.round: a Uint8Array keeps floor(v + 0.5) of the non-negative values written.
    const planes = Buffer.alloc(WIDTH * HEIGHT + 2 * cw * ch);
    for (let y = 0; y < HEIGHT; y++) {
      for (let x = 0; x < WIDTH; x++) {
        const i = (y * WIDTH + x) * 3;
        const r = rgb[i], g = rgb[i + 1], b = rgb[i + 2];
        planes[y * WIDTH + x] = 16 + 0.257 * r + 0.504 * g + 0.098 * b + 0.5;
        if (y % 2 === 0 && x % 2 === 0) {
          const c = (y / 2) * cw + x / 2;
          planes[WIDTH * HEIGHT + c] = 128 - 0.148 * r - 0.291 * g + 0.439 * b + 0.5;
          planes[WIDTH * HEIGHT + cw * ch + c] = 128 + 0.439 * r - 0.368 * g - 0.071 * b + 0.5;
        }
      }
    }
    parts.push(Buffer.from('FRAME\n', 'latin1'), planes);
  }
  return Buffer.concat(parts);
}

/**
 * Renders attack `kind` from `photoFiles` (two for a swap) into the Y4M file `out`; returns
 * `out`. `findFaces(rgb, width, height)` returns face boxes, to cut each photo to a portrait.
 */
async function writeAttackClip(kind, photoFiles, out, params, findFaces) {
  const make = ATTACKS[kind];
  if (!make) throw new Error(`unknown attack "${kind}"; one of ${Object.keys(ATTACKS).join(', ')}`);
  const photos = await Promise.all(photoFiles.map(async (f) => loadPhoto(f, await locateFace(f, findFaces))));
  const frames = make(params).map((f) => renderFrame(photos[min(f.photo, photos.length - 1)], f.pose));
  writeFileSync(out, y4m(frames));
  return out;
}

/**
 * The attacks tried, each with the challenges it imitates: every one of them must fail.
 * People with two photos in verification/ (a swap needs both).
 */
const ATTACK_PEOPLE = ['obama', 'biden', 'alex_lacamoire'];
const ATTACK_PLAN = [
  { kind: 'swing', params: { angle: 60 }, challenges: ['turn-left', 'turn-right', 'smile', 'mouth-open'] },
  { kind: 'swing', params: { angle: -60 }, challenges: ['turn-left', 'turn-right', 'smile', 'mouth-open'] },
  { kind: 'fold', params: { angle: 35 }, challenges: ['turn-left', 'turn-right'] },
  { kind: 'fold', params: { angle: -35 }, challenges: ['turn-left', 'turn-right'] },
  { kind: 'tip', params: { angle: 60 }, challenges: ['blink:2', 'blink:1'] },
  { kind: 'swap', params: {}, challenges: ['smile', 'mouth-open', 'turn-left', 'turn-right'] },
  { kind: 'swap', params: { reverse: true }, challenges: ['smile', 'mouth-open', 'turn-left', 'turn-right'] },
  { kind: 'shake', params: {}, challenges: ['blink:1', 'smile', 'mouth-open', 'turn-left', 'turn-right'] },
];

module.exports = { ATTACKS, ATTACK_PLAN, ATTACK_PEOPLE, writeAttackClip, renderFrame, loadPhoto, locateFace, WIDTH, HEIGHT, FPS };

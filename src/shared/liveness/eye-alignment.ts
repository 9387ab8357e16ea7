/**
 * Follows the eyes from a tracked frame's face crop into a later camera frame's crop, cut at
 * the same square, so main can read the eyes of the frames a slow tracker skips (the page
 * sends their crops between its tracked frames). Each eye is moved by the shift that best
 * aligns its neighbourhood (eyebrow to cheek) with the tracked crop: mean-removed absolute
 * differences over a small search, coarse to fine, sub-pixel by a parabola. Measured on liveness-dev's
 * annotated blinks with a 15 fps tracker (bench/liveness-eye-rate.mjs): 34/39 blinks found
 * with 1 false, as with a 30 fps tracker; without moving the crops, 23 false.
 */
import type { Point } from '../geometry';
import { FACE_CROP_SIDE } from './face-crop';

const { abs, hypot, max, min, round } = Math;

/** iBUG-68 eye points, as the eye-state classifier crops them. */
const RIGHT_EYE = [36, 37, 38, 39, 40, 41] as const;
const LEFT_EYE = [42, 43, 44, 45, 46, 47] as const;
/** Search, in pixels of a 128-pixel crop: larger crops are searched on a 128-pixel copy first, then refined. */
const SEARCH_PX_128 = 10;
/** A head that moved further than this between the frames is not followed: the reading is skipped. */
const MAX_SHIFT_PX_128 = 8;

export interface Shift {
  dx: number;
  dy: number;
}

/**
 * Pure: the shift within `around` +- `search` (whole pixels) that best maps the region
 * [x0,x1)x[y0,y1) of `reference` onto `crop`, refined to a fraction of a pixel; null when the
 * region left inside the search's margin is too small.
 */
export function regionShift(reference: Uint8Array, crop: Uint8Array, side: number, region: readonly [number, number, number, number], search: number, around: Shift = { dx: 0, dy: 0 }): Shift | null {
  const cx = round(around.dx);
  const cy = round(around.dy);
  const marginX = search + abs(cx);
  const marginY = search + abs(cy);
  const x0 = max(marginX, round(region[0]));
  const y0 = max(marginY, round(region[1]));
  const x1 = min(side - marginX, round(region[2]));
  const y1 = min(side - marginY, round(region[3]));
  if (x1 - x0 < 4 || y1 - y0 < 4) return null;
  const n = (x1 - x0) * (y1 - y0);
  let meanRef = 0;
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) meanRef += reference[y * side + x];
  meanRef /= n;
  const width = 2 * search + 1;
  const costs = new Float64Array(width * width);
  let best = { i: 0, j: 0, cost: Infinity };
  for (let j = -search; j <= search; j++) {
    const dy = cy + j;
    for (let i = -search; i <= search; i++) {
      const dx = cx + i;
      let mean = 0;
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) mean += crop[(y + dy) * side + x + dx];
      mean /= n;
      let cost = 0;
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) cost += abs(crop[(y + dy) * side + x + dx] - mean - reference[y * side + x] + meanRef);
      costs[(j + search) * width + i + search] = cost;
      if (cost < best.cost) best = { i, j, cost };
    }
  }
  const at = (i: number, j: number): number | undefined => (abs(i) <= search && abs(j) <= search ? costs[(j + search) * width + i + search] : undefined);
  const vertex = (m: number | undefined, z: number, p: number | undefined): number => (m !== undefined && p !== undefined && m + p - 2 * z > 1e-9 ? (0.5 * (m - p)) / (m + p - 2 * z) : 0);
  return {
    dx: cx + best.i + vertex(at(best.i - 1, best.j), best.cost, at(best.i + 1, best.j)),
    dy: cy + best.j + vertex(at(best.i, best.j - 1), best.cost, at(best.i, best.j + 1)),
  };
}

/** Pure: a crop shrunk by a whole `factor` (box average), for the coarse search. */
function shrink(crop: Uint8Array, side: number, factor: number): Uint8Array {
  const small = side / factor;
  const out = new Uint8Array(small * small);
  for (let y = 0; y < small; y++) {
    for (let x = 0; x < small; x++) {
      let sum = 0;
      for (let v = 0; v < factor; v++) for (let u = 0; u < factor; u++) sum += crop[(y * factor + v) * side + x * factor + u];
      out[y * small + x] = round(sum / (factor * factor));
    }
  }
  return out;
}

/** Coarse to fine: searched on 128-pixel versions of the crops, then refined on the crops themselves. */
function eyeShift(reference: Uint8Array, crop: Uint8Array, side: number, region: readonly [number, number, number, number]): Shift | null {
  const factor = side / 128;
  if (!Number.isInteger(factor) || factor < 1) return regionShift(reference, crop, side, region, round(SEARCH_PX_128 * side / 128));
  if (factor === 1) return regionShift(reference, crop, side, region, SEARCH_PX_128);
  const coarse = regionShift(shrink(reference, side, factor), shrink(crop, side, factor), 128, [region[0] / factor, region[1] / factor, region[2] / factor, region[3] / factor], SEARCH_PX_128);
  if (!coarse) return null;
  return regionShift(reference, crop, side, region, factor, { dx: coarse.dx * factor, dy: coarse.dy * factor });
}

/** An eye's neighbourhood in the crop: an eye width either side, from the eyebrow to the cheek. */
function neighbourhood(points: readonly Point[], eye: readonly number[]): [number, number, number, number] {
  const xs = eye.map((i) => points[i].x);
  const ys = eye.map((i) => points[i].y);
  const w = max(...xs) - min(...xs);
  const cx = (max(...xs) + min(...xs)) / 2;
  const cy = (max(...ys) + min(...ys)) / 2;
  return [cx - w, cy - 0.9 * w, cx + w, cy + 0.7 * w];
}

/**
 * Pure: the tracked frame's 68 landmarks (in its crop's pixels) with each eye's points moved
 * to where the eye is in `crop` (a later frame cut at the same square); null when either eye
 * cannot be followed (the head moved too far, or the eye is at the crop's edge).
 */
export function alignEyes(reference: Uint8Array, crop: Uint8Array, pointsInCrop: readonly Point[], side = FACE_CROP_SIDE): Point[] | null {
  if (pointsInCrop.length < 68) throw new RangeError(`eye alignment needs 68 landmarks, got ${pointsInCrop.length}`);
  if (reference.length !== side * side || crop.length !== side * side) throw new RangeError(`eye alignment needs two ${side}x${side} crops, got ${reference.length} and ${crop.length} bytes`);
  const right = eyeShift(reference, crop, side, neighbourhood(pointsInCrop, RIGHT_EYE));
  const left = eyeShift(reference, crop, side, neighbourhood(pointsInCrop, LEFT_EYE));
  if (!right || !left || max(hypot(right.dx, right.dy), hypot(left.dx, left.dy)) > (MAX_SHIFT_PX_128 * side) / 128) return null;
  return pointsInCrop.map((p, i) => {
    const s = i >= 36 && i <= 41 ? right : i >= 42 && i <= 47 ? left : null;
    return s ? { x: p.x + s.dx, y: p.y + s.dy } : p;
  });
}

import type { Point } from '../geometry';

/** A 3x3 projective map, row-major, h[8] = 1. */
export type Homography = readonly number[];

/** Where a homography sends a point (undefined when the point maps to infinity). */
export function applyHomography(h: Homography, p: Point): Point | undefined {
  const w = h[6] * p.x + h[7] * p.y + h[8];
  if (Math.abs(w) < 1e-12) return undefined;
  return { x: (h[0] * p.x + h[1] * p.y + h[2]) / w, y: (h[3] * p.x + h[4] * p.y + h[5]) / w };
}

/**
 * Hartley's normalisation: moves the centroid to 0 and the mean distance to sqrt(2), so the
 * least-squares system is well conditioned whatever the pixel scale.
 */
function normaliser(points: readonly Point[]): { t: number[]; apply: (p: Point) => Point } {
  let cx = 0;
  let cy = 0;
  for (const p of points) {
    cx += p.x;
    cy += p.y;
  }
  cx /= points.length;
  cy /= points.length;
  let d = 0;
  for (const p of points) d += Math.hypot(p.x - cx, p.y - cy);
  d /= points.length;
  const s = d > 0 ? Math.SQRT2 / d : 1;
  return { t: [s, 0, -s * cx, 0, s, -s * cy, 0, 0, 1], apply: (p) => ({ x: s * (p.x - cx), y: s * (p.y - cy) }) };
}

function multiply(a: readonly number[], b: readonly number[]): number[] {
  const r = new Array<number>(9).fill(0);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) r[3 * i + j] += a[3 * i + k] * b[3 * k + j];
  return r;
}

function invertSimilarity(t: readonly number[]): number[] {
  // t = [s 0 tx; 0 s ty; 0 0 1]
  const s = t[0];
  return [1 / s, 0, -t[2] / s, 0, 1 / s, -t[5] / s, 0, 0, 1];
}

/** Solves A x = b (n x n, row-major) by Gaussian elimination with partial pivoting; undefined when singular. */
function solve(a: number[][], b: number[]): number[] | undefined {
  const n = b.length;
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) pivot = r;
    if (Math.abs(a[pivot][c]) < 1e-12) return undefined;
    [a[c], a[pivot]] = [a[pivot], a[c]];
    [b[c], b[pivot]] = [b[pivot], b[c]];
    for (let r = c + 1; r < n; r++) {
      const f = a[r][c] / a[c][c];
      if (f === 0) continue;
      for (let k = c; k < n; k++) a[r][k] -= f * a[c][k];
      b[r] -= f * b[c];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r];
    for (let k = r + 1; k < n; k++) s -= a[r][k] * x[k];
    x[r] = s / a[r][r];
  }
  return x;
}

/**
 * The homography that best sends `from[i]` to `to[i]` (direct linear transform with h33 = 1,
 * least squares over all pairs, on Hartley-normalised points). Needs at least 4 pairs, not
 * all on one line; undefined otherwise.
 */
export function fitHomography(from: readonly Point[], to: readonly Point[]): Homography | undefined {
  if (from.length !== to.length || from.length < 4) return undefined;
  const nf = normaliser(from);
  const nt = normaliser(to);
  // Normal equations of the 2n x 8 system.
  const ata = Array.from({ length: 8 }, () => new Array<number>(8).fill(0));
  const atb = new Array<number>(8).fill(0);
  const addRow = (row: number[], rhs: number): void => {
    for (let i = 0; i < 8; i++) {
      if (row[i] === 0) continue;
      for (let j = 0; j < 8; j++) ata[i][j] += row[i] * row[j];
      atb[i] += row[i] * rhs;
    }
  };
  for (let i = 0; i < from.length; i++) {
    const p = nf.apply(from[i]);
    const q = nt.apply(to[i]);
    addRow([p.x, p.y, 1, 0, 0, 0, -q.x * p.x, -q.x * p.y], q.x);
    addRow([0, 0, 0, p.x, p.y, 1, -q.y * p.x, -q.y * p.y], q.y);
  }
  const x = solve(ata, atb);
  if (!x || !x.every(Number.isFinite)) return undefined;
  const hn = [...x, 1];
  const h = multiply(invertSimilarity(nt.t), multiply(hn, nf.t));
  if (Math.abs(h[8]) < 1e-12) return undefined;
  return h.map((v) => v / h[8]);
}

/** Root-mean-square distance between `H(from[i])` and `to[i]`, in the pixels of `to`. */
export function transferRms(h: Homography, from: readonly Point[], to: readonly Point[]): number {
  let sum = 0;
  for (let i = 0; i < from.length; i++) {
    const p = applyHomography(h, from[i]);
    if (!p) return Number.POSITIVE_INFINITY;
    sum += (p.x - to[i].x) ** 2 + (p.y - to[i].y) ** 2;
  }
  return Math.sqrt(sum / from.length);
}

/**
 * Evidence of a medium between the camera and the face, measured on one frame around the
 * face box, for presentation-attack detection (src/main/vision/presentation-attack.ts):
 * - moire: a screen's pixel grid, beating with the camera's, leaves a periodic pattern on the
 *   face; skin has a smooth spectrum. Measured as the strongest spectral peak of patches of
 *   the face over the typical power at the same frequency (JPEG's 8-pixel block grid aside).
 * - bezel: a phone, a monitor or a print has straight edges on both sides of the face (the
 *   frame, the bezel, the paper's border); a room seldom does so close to a head. Measured as
 *   the share of a straight line's length, searched at small tilts, that is a strong edge.
 * - glare: a glossy screen or photo reflects a lamp as a blown-out, colourless patch over the
 *   face; skin's highlights are small. Measured as the share of the face box that is near white.
 * Each is a number; thresholds and fusion are the caller's (calibrated in bench/pad.mjs).
 */
import type { Box } from '../../shared/geometry';
import type { RgbImage } from './image-decoder';

const abs = Math.abs;
const sqrt = Math.sqrt;
const cos = Math.cos;
const sin = Math.sin;
const floor = Math.floor;
const round = Math.round;
const PI = Math.PI;

/** Side of the square patches whose spectra are measured (a power of two). */
export const MOIRE_PATCH = 64;
/** Frequencies below this many cycles per patch are the face's shape and shading, not a grid. */
const MOIRE_MIN_CYCLES = 8;

export interface ScreenEvidence {
  /** log10 of the strongest peak over the ring's median power; null when the face is too small to say. */
  moire: number | null;
  /** Share (0..1) of the straighter of the two side edges' lengths that is a strong edge, the weaker side; null when the sides are off the frame. */
  bezel: number | null;
  /** Share (0..1) of the face box that is near white. */
  glare: number;
}

/** Pure: grey (luma) of a region of a frame, at the frame's own resolution. */
export function greyRegion(img: RgbImage, x0: number, y0: number, width: number, height: number): Float32Array {
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    let p = ((y0 + y) * img.width + x0) * 3;
    for (let x = 0; x < width; x++, p += 3) out[y * width + x] = 0.299 * img.data[p] + 0.587 * img.data[p + 1] + 0.114 * img.data[p + 2];
  }
  return out;
}

/** Pure: in-place radix-2 FFT of one complex row (`re`, `im` of a power-of-two length, from `offset` by `stride`). */
export function fft(re: Float64Array, im: Float64Array, n: number, offset = 0, stride = 1): void {
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      const a = offset + i * stride;
      const b = offset + j * stride;
      let t = re[a]; re[a] = re[b]; re[b] = t;
      t = im[a]; im[a] = im[b]; im[b] = t;
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const step = (-2 * PI) / len;
    for (let i = 0; i < n; i += len) {
      for (let k = 0; k < len >> 1; k++) {
        const wr = cos(step * k);
        const wi = sin(step * k);
        const a = offset + (i + k) * stride;
        const b = offset + (i + k + (len >> 1)) * stride;
        const xr = re[b] * wr - im[b] * wi;
        const xi = re[b] * wi + im[b] * wr;
        re[b] = re[a] - xr; im[b] = im[a] - xi;
        re[a] += xr; im[a] += xi;
      }
    }
  }
}

/**
 * Pure: the peak-to-ring ratio of one n x n grey patch (n a power of two): the power
 * spectrum of the Hann-windowed patch, and, over the frequencies from MOIRE_MIN_CYCLES to
 * n/2 cycles, the largest power over the median power of its ring (same |frequency|).
 * Frequencies on JPEG's block grid (both components multiples of n/8) are skipped: every
 * compressed picture has them.
 */
export function spectralPeakRatio(patch: Float32Array, n: number): number {
  const re = new Float64Array(n * n);
  const im = new Float64Array(n * n);
  let mean = 0;
  for (let i = 0; i < n * n; i++) mean += patch[i];
  mean /= n * n;
  for (let y = 0; y < n; y++) {
    const wy = 0.5 - 0.5 * cos((2 * PI * y) / (n - 1));
    for (let x = 0; x < n; x++) re[y * n + x] = (patch[y * n + x] - mean) * wy * (0.5 - 0.5 * cos((2 * PI * x) / (n - 1)));
  }
  for (let y = 0; y < n; y++) fft(re, im, n, y * n, 1);
  for (let x = 0; x < n; x++) fft(re, im, n, x, n);
  // Half the plane (the other half mirrors it): v in 0..n/2, u in -n/2..n/2.
  const half = n >> 1;
  const block = n >> 3;
  const rings: number[][] = Array.from({ length: half + 1 }, () => []);
  const bins: { r: number; power: number }[] = [];
  for (let v = 0; v <= half; v++) {
    for (let u = -half + 1; u <= half; u++) {
      if (v === 0 && u <= 0) continue;
      const r = round(sqrt(u * u + v * v));
      if (r < MOIRE_MIN_CYCLES || r > half) continue;
      const i = v * n + ((u + n) % n);
      const power = re[i] * re[i] + im[i] * im[i];
      rings[r].push(power);
      if (u % block === 0 && v % block === 0) continue;
      bins.push({ r, power });
    }
  }
  const medians = rings.map((ring) => {
    if (ring.length === 0) return 0;
    const s = ring.sort((a, b) => a - b);
    return s[s.length >> 1];
  });
  let best = 0;
  for (const b of bins) if (medians[b.r] > 0) best = Math.max(best, b.power / medians[b.r]);
  return best;
}

/**
 * Pure: the moire evidence of a face: log10 of the median, over three patches of the face
 * (forehead and both cheeks, at the frame's own resolution), of the spectral peak ratio.
 * The median: a grid covers the whole screen, a stray periodic texture one patch. Null when
 * the face is too small for a patch inside it.
 */
export function moireEvidence(img: RgbImage, face: Box): number | null {
  const n = MOIRE_PATCH;
  if (face.width < n * 1.4 || face.height < n * 1.4) return null;
  const cx = face.x + face.width / 2;
  const cy = face.y + face.height / 2;
  const centres = [[cx, cy - 0.2 * face.height], [cx - 0.22 * face.width, cy + 0.1 * face.height], [cx + 0.22 * face.width, cy + 0.1 * face.height]];
  const ratios: number[] = [];
  for (const [px, py] of centres) {
    const x0 = round(px - n / 2);
    const y0 = round(py - n / 2);
    if (x0 < 0 || y0 < 0 || x0 + n > img.width || y0 + n > img.height) continue;
    ratios.push(spectralPeakRatio(greyRegion(img, x0, y0, n, n), n));
  }
  if (ratios.length === 0) return null;
  ratios.sort((a, b) => a - b);
  return Math.log10(Math.max(1e-9, ratios[(ratios.length - 1) >> 1]));
}

/** Grey-level step across an edge, at or above which a pixel counts as on a medium's edge. */
const EDGE_STEP = 24;
/** Tilts searched for a side edge, degrees: a held phone or print is seldom upright. */
const TILTS_DEG = [-9, -6, -3, 0, 3, 6, 9];

/**
 * Pure: the bezel evidence of a face: for each side, the straight line (searched over
 * positions from 0.6 to 1.8 face widths from the face's centre, within the frame, and over TILTS_DEG) along
 * which the largest share of the rows, from half a face above the face to one below it,
 * has a strong horizontal step; the evidence is the weaker side's share (a medium has two
 * sides; a door frame or a shelf beside a head, one). Null when a side's search is all but
 * off the frame (a face filling it).
 */
export function bezelEvidence(img: RgbImage, face: Box): number | null {
  // On a copy shrunk so the face is about 64 px wide: edges stay sharp, the search stays cheap.
  const f = Math.max(1, floor(face.width / 64));
  const { data: grey, width: w, height: h } = greyThumbnail(img, f);
  const fw = face.width / f;
  const fh = face.height / f;
  const cx = (face.x + face.width / 2) / f;
  const cy = (face.y + face.height / 2) / f;
  const top = Math.max(1, round(cy - fh));
  const bottom = Math.min(h - 2, round(cy + 1.5 * fh));
  if (bottom - top < fh) return null;
  const side = (sign: number): number | null => {
    // The search is cut at the frame's edge; a side with less than a third of a face's width in view says nothing.
    const lo = Math.max(3, round(Math.min(cx + sign * 0.6 * fw, cx + sign * 1.8 * fw)));
    const hi = Math.min(w - 4, round(Math.max(cx + sign * 0.6 * fw, cx + sign * 1.8 * fw)));
    if (hi - lo < fw / 3) return null;
    let best = 0;
    for (const deg of TILTS_DEG) {
      const t = Math.tan((deg * PI) / 180);
      for (let x0 = lo; x0 <= hi; x0++) {
        let on = 0;
        let rows = 0;
        for (let y = top; y <= bottom; y++) {
          const x = round(x0 + t * (y - cy));
          if (x < 2 || x > w - 3) continue;
          rows++;
          // The step across the line, over two pixels either side: a blurred edge still counts.
          const i = y * w + x;
          const step = abs(grey[i + 1] + grey[i + 2] - grey[i - 1] - grey[i - 2]) / 2;
          if (step >= EDGE_STEP) on++;
        }
        if (rows > 0) best = Math.max(best, on / rows);
      }
    }
    return best;
  };
  const left = side(-1);
  const right = side(1);
  if (left === null || right === null) return null;
  return Math.round(Math.min(left, right) * 1000) / 1000;
}

/** A pixel whose every channel is at least this bright is blown out (a reflection, not skin). */
const GLARE_LEVEL = 245;

/** Pure: the share of the face box's pixels that are near white in every channel. */
export function glareEvidence(img: RgbImage, face: Box): number {
  const x0 = Math.max(0, round(face.x));
  const y0 = Math.max(0, round(face.y));
  const x1 = Math.min(img.width, round(face.x + face.width));
  const y1 = Math.min(img.height, round(face.y + face.height));
  let bright = 0;
  let n = 0;
  for (let y = y0; y < y1; y += 2) {
    for (let x = x0; x < x1; x += 2) {
      const p = (y * img.width + x) * 3;
      n++;
      if (img.data[p] >= GLARE_LEVEL && img.data[p + 1] >= GLARE_LEVEL && img.data[p + 2] >= GLARE_LEVEL) bright++;
    }
  }
  return n === 0 ? 0 : Math.round((bright / n) * 10000) / 10000;
}

/** Pure: all three of one frame's face. */
export function screenEvidence(img: RgbImage, face: Box): ScreenEvidence {
  const m = moireEvidence(img, face);
  return { moire: m === null ? null : Math.round(m * 1000) / 1000, bezel: bezelEvidence(img, face), glare: glareEvidence(img, face) };
}

/** Pure: grey (luma) copy of a frame shrunk by an integer factor (box average), for motion and difference. */
export function greyThumbnail(img: RgbImage, factor: number): { data: Float32Array; width: number; height: number } {
  const f = Math.max(1, Math.floor(factor));
  const width = Math.max(1, Math.floor(img.width / f));
  const height = Math.max(1, Math.floor(img.height / f));
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let s = 0;
      for (let j = 0; j < f; j++) {
        let p = ((y * f + j) * img.width + x * f) * 3;
        for (let i = 0; i < f; i++, p += 3) s += 0.299 * img.data[p] + 0.587 * img.data[p + 1] + 0.114 * img.data[p + 2];
      }
      data[y * width + x] = s / (f * f);
    }
  }
  return { data, width, height };
}

/**
 * Overlay suppression for the portrait finder's second pass (FaceAnalyzer.findPortrait).
 *
 * Why: passports and cards print guilloche (dense fine sine lines) over the portrait and
 * laminate a rainbow hologram over it. The face detector, trained on photos, then finds
 * nothing, or a few-pixel "face" in the pattern, or a weak box that loses the orientation
 * contest to a wrong-way false detection. Three cheap steps take most of the overlay away
 * while keeping the face's shape:
 *   - luma only: the hologram's rainbow is mostly hue, which luma discards;
 *   - a 5x5 median: guilloche lines are 1-2 px wide at a scan's resolution, and a median
 *     wider than twice a line removes it without blurring the face's edges as a mean would;
 *   - a 1%-99% contrast stretch: the sheen lifts the blacks and lowers the contrast.
 * The result is only the detector's input: landmarks, quality and the embedding are still
 * taken from the document's original pixels.
 */
import { luma } from '../../shared/luma';
import type { RgbImage } from './image-decoder';

// Module constants for the per-pixel loops: a global lookup is slow under jest (test/jest-environment.js).
const { floor, min, max, round } = Math;

const MEDIAN_RADIUS = 2;
const STRETCH_TAIL = 0.01;

/** The document as grey, guilloche-free, contrast-stretched RGB of the same size. */
export function suppressOverlays(img: RgbImage): RgbImage {
  const { data, width, height } = img;
  const grey = new Uint8Array(width * height);
  for (let i = 0, p = 0; i < grey.length; i++, p += 3) grey[i] = round(luma(data[p], data[p + 1], data[p + 2]));
  const filtered = medianFilter(grey, width, height, MEDIAN_RADIUS);
  const [lo, hi] = percentiles(filtered, STRETCH_TAIL);
  const gain = 255 / max(1, hi - lo);
  const out = new Uint8Array(data.length);
  for (let i = 0, p = 0; i < filtered.length; i++, p += 3) {
    const v = min(255, max(0, round((filtered[i] - lo) * gain)));
    out[p] = out[p + 1] = out[p + 2] = v;
  }
  return { data: out, width, height, scale: img.scale };
}

/**
 * Bilinear enlargement by `factor` (>= 1): a small scan (a 545 px passport page) gives the
 * detector's tiles more pixels of the portrait than its whole-image pass sees.
 */
export function enlarge(img: RgbImage, factor: number): RgbImage {
  if (factor <= 1) return img;
  const { data, width, height } = img;
  const outW = round(width * factor);
  const outH = round(height * factor);
  const out = new Uint8Array(outW * outH * 3);
  for (let y = 0; y < outH; y++) {
    const fy = min(height - 1, max(0, (y + 0.5) / factor - 0.5));
    const y0 = floor(fy);
    const y1 = min(height - 1, y0 + 1);
    const wy = fy - y0;
    for (let x = 0; x < outW; x++) {
      const fx = min(width - 1, max(0, (x + 0.5) / factor - 0.5));
      const x0 = floor(fx);
      const x1 = min(width - 1, x0 + 1);
      const wx = fx - x0;
      const p00 = (y0 * width + x0) * 3;
      const p01 = (y0 * width + x1) * 3;
      const p10 = (y1 * width + x0) * 3;
      const p11 = (y1 * width + x1) * 3;
      const o = (y * outW + x) * 3;
      for (let c = 0; c < 3; c++) {
        const top = data[p00 + c] + (data[p01 + c] - data[p00 + c]) * wx;
        const bottom = data[p10 + c] + (data[p11 + c] - data[p10 + c]) * wx;
        out[o + c] = round(top + (bottom - top) * wy);
      }
    }
  }
  return { data: out, width: outW, height: outH, scale: img.scale * factor };
}

/** Median of each (2r+1)^2 window, edges clamped; a running histogram per row keeps it O(r) a pixel. */
export function medianFilter(grey: Uint8Array, width: number, height: number, radius: number): Uint8Array {
  const out = new Uint8Array(grey.length);
  const half = floor(((2 * radius + 1) * (2 * radius + 1)) / 2);
  const hist = new Int32Array(256);
  const at = (x: number, y: number) => grey[min(height - 1, max(0, y)) * width + min(width - 1, max(0, x))];
  for (let y = 0; y < height; y++) {
    hist.fill(0);
    for (let dy = -radius; dy <= radius; dy++) for (let dx = -radius; dx <= radius; dx++) hist[at(dx, y + dy)]++;
    for (let x = 0; x < width; x++) {
      if (x > 0) {
        for (let dy = -radius; dy <= radius; dy++) {
          hist[at(x - radius - 1, y + dy)]--;
          hist[at(x + radius, y + dy)]++;
        }
      }
      let seen = 0;
      let v = 0;
      while (v < 255 && seen + hist[v] <= half) seen += hist[v++];
      out[y * width + x] = v;
    }
  }
  return out;
}

/** The values below which `tail` and above which `tail` of the pixels lie. */
function percentiles(grey: Uint8Array, tail: number): [number, number] {
  const hist = new Int32Array(256);
  for (let i = 0; i < grey.length; i++) hist[grey[i]]++;
  const cut = grey.length * tail;
  let lo = 0;
  for (let seen = 0; lo < 255 && seen + hist[lo] <= cut; lo++) seen += hist[lo];
  let hi = 255;
  for (let seen = 0; hi > 0 && seen + hist[hi] <= cut; hi--) seen += hist[hi];
  return [lo, max(lo, hi)];
}

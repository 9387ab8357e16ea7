import type { CaptureProblem } from '../../shared/document-types';
import type { GreyImage } from './document-image';
import { locateMrzBands } from './mrz-band';
import type { MrzBand } from './mrz-band';

/**
 * Why no zone could be read, measured from the image, so the operator is told what to change:
 * the zone runs off the picture's edge, glare wipes part of it, its glyphs are too small to
 * read, or the picture is blurred. Called only once the reader has given up, so its extra work
 * (a second look at twice the size) costs nothing on documents that read.
 */

/** Glyphs shorter than this (pixels, in the decoded image) are below what the OCR reads: 100_id-che reads at 8. */
export const MIN_READABLE_GLYPH_PX = 7;
/**
 * Sharpness (see edgeSharpness) below which a picture is called blurred. Measured on the 31
 * specimens of idcards and idcards-dev: 0.60-1.14, and 0.44 for 100_pass-lux under glare; on
 * a drawn card (zone glyphs 22 px) 1.24 sharp, 0.85 at blur sigma 1.2, 0.26 at 3, 0.14 at 5.
 */
export const MIN_EDGE_SHARPNESS = 0.3;

/**
 * Glare: a stretch along the zone's lines at least this many glyph heights long where every
 * line is blown-out white, brighter than the paper between its characters (see
 * glareAcrossZone). Measured on the 31 specimens of idcards and idcards-dev: 0 on every one
 * (inter-character gaps are a fraction of a glyph); a drawn card with a lamp's reflection over
 * a third of its zone: 3.6 (TD1) and 6.3 (TD3).
 */
export const MIN_GLARE_RUN = 1.5;

export interface CaptureDiagnosis {
  problem: CaptureProblem;
  /** What was measured, for the message: "glyphs 4.5 px tall", ... */
  measured: string;
}

/** Whether the band's rows reach within one glyph of the image's border along or across the text. */
function touchesEdge(band: MrzBand, image: GreyImage): boolean {
  const margin = band.glyphHeight;
  const along = band.axis === 'horizontal' ? image.width : image.height;
  const across = band.axis === 'horizontal' ? image.height : image.width;
  const uMin = Math.min(...band.rows.map((r) => r.uMin));
  const uMax = Math.max(...band.rows.map((r) => r.uMax));
  const vs = band.rows.flatMap((r) => [r.intercept + r.slope * r.uMin, r.intercept + r.slope * r.uMax]);
  return uMin < margin || uMax > along - margin || Math.min(...vs) < margin || Math.max(...vs) > across - margin;
}

/**
 * The 99th percentile of the steepest local step (central differences, both axes) over the
 * picture's ink-to-paper contrast (2nd to 98th percentile): how sharp its sharpest edges are,
 * whatever its lighting.
 */
export function edgeSharpness(image: GreyImage): number {
  const { data, width, height } = image;
  const levels = new Uint32Array(256);
  const steps = new Uint32Array(256);
  let count = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      levels[data[i]]++;
      // Inline absolute values: a global lookup per pixel is slow under jest (test/jest-environment.js).
      const dx = data[i + 1] - data[i - 1];
      const dy = data[i + width] - data[i - width];
      const gx = dx < 0 ? -dx : dx;
      const gy = dy < 0 ? -dy : dy;
      steps[gx > gy ? gx : gy]++;
      count++;
    }
  }
  if (count === 0) return 0;
  const percentile = (histogram: Uint32Array, share: number): number => {
    let seen = 0;
    for (let v = 0; v < 256; v++) {
      seen += histogram[v];
      if (seen >= share * count) return v;
    }
    return 255;
  };
  const contrast = percentile(levels, 0.98) - percentile(levels, 0.02);
  // A central difference spans 2 px, so a one-pixel step from ink to paper reads as the full contrast.
  return contrast > 0 ? percentile(steps, 0.99) / contrast : 0;
}

/**
 * The longest stretch, in glyph heights, along the band's lines where every line is blown out:
 * at least 90% of each line's pixels (a glyph height across it) at 250 or more and 8 levels
 * over the paper between its characters (the 75th percentile of the text found). A glare patch
 * wipes the characters under it, so the band found stops at it: the stretch is looked for as
 * far as the longest line of the band's format reaches (30 characters on three lines, else 44,
 * at 0.9 glyph heights each) on either side of the text found. A white scan has its paper at
 * 255 and so no glare; a light card around a short zone has paper there too, but not blown out.
 */
export function glareAcrossZone(image: GreyImage, band: MrzBand): number {
  const { data, width, height } = image;
  const g = band.glyphHeight;
  const horizontal = band.axis === 'horizontal';
  const along = horizontal ? width : height;
  const pixel = (u: number, v: number): number => {
    const [x, y] = horizontal ? [Math.round(u), Math.round(v)] : [Math.round(v), Math.round(u)];
    return x < 0 || y < 0 || x >= width || y >= height ? -1 : data[y * width + x];
  };
  const paperSamples: number[] = [];
  for (const r of band.rows) {
    for (let u = r.uMin; u <= r.uMax; u += 2) {
      for (let dv = -0.6 * g; dv <= 0.6 * g; dv += 2) {
        const p = pixel(u, r.intercept + r.slope * u + dv);
        if (p >= 0) paperSamples.push(p);
      }
    }
  }
  if (paperSamples.length === 0) return 0;
  paperSamples.sort((a, b) => a - b);
  const blown = Math.max(250, paperSamples[Math.floor(paperSamples.length * 0.75)] + 8);
  const longestLine = (band.rows.length >= 3 ? 30 : 44) * 0.9 * g;
  const uMin = Math.min(...band.rows.map((r) => r.uMin));
  const uMax = Math.max(...band.rows.map((r) => r.uMax));
  let run = 0;
  let longest = 0;
  for (let u = Math.max(0, Math.round(uMax - longestLine)); u <= Math.min(along - 1, Math.round(uMin + longestLine)); u++) {
    let seen = 0;
    let white = 0;
    for (const r of band.rows) {
      for (let dv = -0.6 * g; dv <= 0.6 * g; dv++) {
        const p = pixel(u, r.intercept + r.slope * u + dv);
        if (p < 0) continue;
        seen++;
        if (p >= blown) white++;
      }
    }
    run = seen > 0 && white >= 0.9 * seen ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return longest / g;
}

/**
 * `small` is the copy zones were searched on, `scale` its size over the decoded image's,
 * `bands` what was found on it (best first).
 */
export async function diagnoseMissingZone(small: GreyImage, scale: number, bands: readonly MrzBand[], enlarge: (image: GreyImage, factor: number) => Promise<GreyImage>): Promise<CaptureDiagnosis | undefined> {
  const best = bands[0];
  if (best && touchesEdge(best, small)) {
    return { problem: 'cut-off', measured: `its text runs to the picture's edge` };
  }
  const glare = best ? glareAcrossZone(small, best) : 0;
  if (glare >= MIN_GLARE_RUN) return { problem: 'glare', measured: `its lines are blown-out white over ${glare.toFixed(1)} character heights` };
  // Glyphs too small to be found at all show up at twice the size.
  const zone = best ?? locateMrzBands(await enlarge(small, 2)).map((b) => ({ ...b, glyphHeight: b.glyphHeight / 2 }))[0];
  if (zone) {
    const glyphPx = zone.glyphHeight / scale;
    if (glyphPx < MIN_READABLE_GLYPH_PX) return { problem: 'too-small', measured: `its characters are ${glyphPx.toFixed(1)} px tall, under ${MIN_READABLE_GLYPH_PX}` };
  }
  const sharpness = edgeSharpness(small);
  if (sharpness < MIN_EDGE_SHARPNESS) return { problem: 'blurred', measured: `its sharpest edges climb ${Math.round(sharpness * 100)}% of the contrast per pixel, under ${Math.round(MIN_EDGE_SHARPNESS * 100)}%` };
  return undefined;
}

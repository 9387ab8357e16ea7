/**
 * Pixel operations on RgbImage, in plain TypeScript so they are exact, testable and need
 * no round trip through a native library for a 320x240 or 112x112 output.
 */
import type { Box } from '../../shared/geometry';
import type { Rotation } from '../../shared/face-types';
import { luma } from '../../shared/luma';
import type { PixelNormalisation } from '../models/model-files';
import type { RgbImage } from './image-decoder';

// Module constants for the per-pixel loops: a global lookup is slow under jest (test/jest-environment.js).
const { floor, min, max, round } = Math;

const OUTSIDE_GREY = 127;

/**
 * Samples `region` of the image into a planar float tensor [3, outH, outW] with
 * (v - mean) / scale, averaging up to 4x4 source samples per output pixel so a large
 * downscale does not alias (the detector sees a 1600 px document at 320 px). Parts of the
 * region outside the image read as mid-grey, so a region can letterbox the image.
 */
export function resizeToPlanarTensor(img: RgbImage, region: Box, outW: number, outH: number, normalisation: PixelNormalisation): Float32Array {
  const { mean, scale: std } = normalisation;
  const out = new Float32Array(3 * outW * outH);
  const plane = outW * outH;
  const sx = region.width / outW;
  const sy = region.height / outH;
  const nx = max(1, min(4, round(sx)));
  const ny = max(1, min(4, round(sy)));
  const { data, width, height } = img;
  // Source offsets of every sample, computed once per column and per row (-1: outside).
  const columns = new Int32Array(outW * nx);
  for (let x = 0; x < outW; x++) {
    for (let i = 0; i < nx; i++) {
      const sxx = floor(region.x + (x + (i + 0.5) / nx) * sx);
      columns[x * nx + i] = sxx >= 0 && sxx < width ? sxx * 3 : -1;
    }
  }
  const rows = new Int32Array(outH * ny);
  for (let y = 0; y < outH; y++) {
    for (let j = 0; j < ny; j++) {
      const syy = floor(region.y + (y + (j + 0.5) / ny) * sy);
      rows[y * ny + j] = syy >= 0 && syy < height ? syy * width * 3 : -1;
    }
  }
  const scale = 1 / (nx * ny * std);
  const offset = mean / std;
  for (let y = 0; y < outH; y++) {
    for (let x = 0; x < outW; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let j = 0; j < ny; j++) {
        const row = rows[y * ny + j];
        for (let i = 0; i < nx; i++) {
          const column = columns[x * nx + i];
          if (row >= 0 && column >= 0) {
            const p = row + column;
            r += data[p];
            g += data[p + 1];
            b += data[p + 2];
          } else {
            r += OUTSIDE_GREY;
            g += OUTSIDE_GREY;
            b += OUTSIDE_GREY;
          }
        }
      }
      const o = y * outW + x;
      out[o] = r * scale - offset;
      out[plane + o] = g * scale - offset;
      out[2 * plane + o] = b * scale - offset;
    }
  }
  return out;
}

/**
 * Grey crop of `box` resized to size x size, as (luma - mean) / scale: bilinear samples,
 * 2 x 2 of them averaged per output pixel when the box is at least twice as large, against
 * aliasing.
 */
export function cropToGreyTensor(img: RgbImage, box: Box, size: number, normalisation: PixelNormalisation): Float32Array {
  const { mean, scale } = normalisation;
  const out = new Float32Array(size * size);
  const rgb = new Float32Array(3);
  const sx = box.width / size;
  const sy = box.height / size;
  const nx = max(1, min(2, round(sx)));
  const ny = max(1, min(2, round(sy)));
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let grey = 0;
      for (let j = 0; j < ny; j++) {
        for (let i = 0; i < nx; i++) {
          sampleBilinear(img, box.x + (x + (i + 0.5) / nx) * sx - 0.5, box.y + (y + (j + 0.5) / ny) * sy - 0.5, rgb);
          grey += luma(rgb[0], rgb[1], rgb[2]);
        }
      }
      out[y * size + x] = grey / (nx * ny * scale) - mean / scale;
    }
  }
  return out;
}

/** Bilinear RGB sample with edge clamping, written into `out` (no allocation per pixel). */
export function sampleBilinear(img: RgbImage, fx: number, fy: number, out: Float32Array): void {
  const { data, width, height } = img;
  const x = min(width - 1, max(0, fx));
  const y = min(height - 1, max(0, fy));
  const x0 = floor(x);
  const y0 = floor(y);
  const x1 = min(width - 1, x0 + 1);
  const y1 = min(height - 1, y0 + 1);
  const ax = x - x0;
  const ay = y - y0;
  const p00 = (y0 * width + x0) * 3;
  const p01 = (y0 * width + x1) * 3;
  const p10 = (y1 * width + x0) * 3;
  const p11 = (y1 * width + x1) * 3;
  const w00 = (1 - ax) * (1 - ay);
  const w01 = ax * (1 - ay);
  const w10 = (1 - ax) * ay;
  const w11 = ax * ay;
  out[0] = data[p00] * w00 + data[p01] * w01 + data[p10] * w10 + data[p11] * w11;
  out[1] = data[p00 + 1] * w00 + data[p01 + 1] * w01 + data[p10 + 1] * w10 + data[p11 + 1] * w11;
  out[2] = data[p00 + 2] * w00 + data[p01 + 2] * w01 + data[p10 + 2] * w10 + data[p11 + 2] * w11;
}

/** Rotates the image clockwise by a multiple of 90 degrees. */
export function rotateImage(img: RgbImage, rotation: Rotation): RgbImage {
  if (rotation === 0) return img;
  const { data, width, height } = img;
  const outW = rotation === 180 ? width : height;
  const outH = rotation === 180 ? height : width;
  const out = new Uint8Array(data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let nx: number;
      let ny: number;
      if (rotation === 90) {
        nx = height - 1 - y;
        ny = x;
      } else if (rotation === 180) {
        nx = width - 1 - x;
        ny = height - 1 - y;
      } else {
        nx = y;
        ny = width - 1 - x;
      }
      const s = (y * width + x) * 3;
      const d = (ny * outW + nx) * 3;
      out[d] = data[s];
      out[d + 1] = data[s + 1];
      out[d + 2] = data[s + 2];
    }
  }
  return { data: out, width: outW, height: outH, scale: img.scale };
}

/** Luma of an RGB buffer, one byte per pixel. */
export function toGrey(rgb: Uint8Array): Float32Array {
  const grey = new Float32Array(rgb.length / 3);
  for (let i = 0, p = 0; i < grey.length; i++, p += 3) grey[i] = luma(rgb[p], rgb[p + 1], rgb[p + 2]);
  return grey;
}

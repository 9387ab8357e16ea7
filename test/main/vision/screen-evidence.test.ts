/**
 * A medium's traces around the face, each on pictures drawn here, where the right answer is
 * known by construction: a grid on the face, a phone's edges on both sides of it (upright
 * and tilted) against one door frame, a glare spot.
 */
import type { Box } from '../../../src/shared/geometry';
import type { RgbImage } from '../../../src/main/vision/image-decoder';
import { bezelEvidence, fft, glareEvidence, moireEvidence, MOIRE_PATCH, screenEvidence, spectralPeakRatio } from '../../../src/main/vision/screen-evidence';

// Math's functions as module constants: a global lookup per pixel is slow in jest's vm context (test/jest-environment.js).
const { round, min, max, sin, cos, tan, PI } = Math;

/** Seeded noise (xorshift), the same each run. */
function noise(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s / 4294967296;
  };
}

/** A frame: a mid-grey wall with fine noise, a skin-toned oval face (shaded, noisy) in `face`. */
function scene(width: number, height: number, face: Box, seed = 7): RgbImage {
  const r = noise(seed);
  const data = new Uint8Array(width * height * 3);
  const cx = face.x + face.width / 2;
  const cy = face.y + face.height / 2;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      const u = (x - cx) / (face.width / 2);
      const v = (y - cy) / (face.height / 2);
      const inFace = u * u + v * v <= 1;
      const shade = inFace ? 1 - 0.25 * (u * u + v * v) : 1;
      const base = inFace ? [200 * shade, 160 * shade, 140 * shade] : [130, 128, 125];
      const n = 6 * (r() - 0.5);
      for (let c = 0; c < 3; c++) data[o + c] = max(0, min(255, round(base[c] + n)));
    }
  }
  return { data, width, height, scale: 1 };
}

/** A dark vertical bar (a bezel) `thick` px wide through x = x0 + tan(deg) * (y - cy). */
function drawBar(img: RgbImage, x0: number, cy: number, deg: number, thick: number, grey = 20): RgbImage {
  const data = Uint8Array.from(img.data);
  const t = tan((deg * PI) / 180);
  for (let y = 0; y < img.height; y++) {
    const xc = round(x0 + t * (y - cy));
    for (let x = xc; x < xc + thick; x++) if (x >= 0 && x < img.width) data.fill(grey, (y * img.width + x) * 3, (y * img.width + x) * 3 + 3);
  }
  return { ...img, data };
}

/** The picture times a fine sinusoidal grid (a screen's pixel grid beating with the camera's). */
function withGrid(img: RgbImage, period: number, angle: number, depth: number): RgbImage {
  const data = new Uint8Array(img.data.length);
  const fx = cos(angle) / period;
  const fy = sin(angle) / period;
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const m = 1 + depth * sin(2 * PI * (x * fx + y * fy));
      for (let c = 0; c < 3; c++) data[(y * img.width + x) * 3 + c] = max(0, min(255, round(img.data[(y * img.width + x) * 3 + c] * m)));
    }
  }
  return { ...img, data };
}

const FACE: Box = { x: 260, y: 140, width: 120, height: 150 };
const W = 640;
const H = 480;
const CY = FACE.y + FACE.height / 2;
const CX = FACE.x + FACE.width / 2;

describe('fft', () => {
  it('is the discrete Fourier transform of a row', () => {
    const x = [1, 2, 0, -1, 3, 0.5, -2, 4];
    const re = Float64Array.from(x);
    const im = new Float64Array(8);
    fft(re, im, 8);
    for (let k = 0; k < 8; k++) {
      let sr = 0;
      let si = 0;
      for (let n = 0; n < 8; n++) {
        sr += x[n] * cos((-2 * PI * k * n) / 8);
        si += x[n] * sin((-2 * PI * k * n) / 8);
      }
      expect(re[k]).toBeCloseTo(sr, 9);
      expect(im[k]).toBeCloseTo(si, 9);
    }
  });
});

describe('moire', () => {
  it('finds a fine grid as a spectral peak far above noise alone', () => {
    const n = MOIRE_PATCH;
    const r = noise(3);
    const flat = Float32Array.from({ length: n * n }, () => 128 + 10 * (r() - 0.5));
    const grid = flat.map((v, i) => v + 6 * sin((2 * PI * (i % n)) / 4.3));
    expect(spectralPeakRatio(grid, n)).toBeGreaterThan(20 * spectralPeakRatio(flat, n));
  });

  it('is higher on a face seen through a screen than on the same face, and null for a face too small to measure', () => {
    const face = scene(W, H, FACE);
    const onScreen = withGrid(face, 3.7, 0.6, 0.08);
    expect(moireEvidence(onScreen, FACE)! - moireEvidence(face, FACE)!).toBeGreaterThan(1);
    expect(moireEvidence(face, { x: 300, y: 200, width: 60, height: 70 })).toBeNull();
  });
});

describe('bezel', () => {
  const face = scene(W, H, FACE);

  it('is high for a phone\'s edges on both sides of the face, upright or tilted', () => {
    const phone = drawBar(drawBar(face, CX - 1.1 * FACE.width, CY, 0, 10), CX + 1.1 * FACE.width, CY, 0, 10);
    expect(bezelEvidence(phone, FACE)).toBeGreaterThan(0.9);
    const tilted = drawBar(drawBar(face, CX - 1.1 * FACE.width, CY, 6, 10), CX + 1.1 * FACE.width, CY, 6, 10);
    expect(bezelEvidence(tilted, FACE)).toBeGreaterThan(0.9);
  });

  it('is low for a face before a plain wall, and for one straight edge beside it (a door frame)', () => {
    expect(bezelEvidence(face, FACE)).toBeLessThan(0.2);
    expect(bezelEvidence(drawBar(face, CX + 1.1 * FACE.width, CY, 0, 10), FACE)).toBeLessThan(0.2);
  });

  it('does not count an edge as far out as a room\'s walls', () => {
    const far = drawBar(drawBar(face, CX - 2.4 * FACE.width, CY, 0, 10), CX + 2.4 * FACE.width, CY, 0, 10);
    expect(bezelEvidence(far, FACE)).toBeLessThan(0.2);
  });

  it('is null when the face fills the frame (no side to look at)', () => {
    const big: Box = { x: 40, y: 20, width: 560, height: 440 };
    expect(bezelEvidence(scene(W, H, big), big)).toBeNull();
  });
});

describe('glare', () => {
  it('is the share of the face box blown out to white', () => {
    const face = scene(W, H, FACE);
    expect(glareEvidence(face, FACE)).toBe(0);
    const data = Uint8Array.from(face.data);
    // A white spot over the upper quarter of the face box.
    for (let y = FACE.y; y < FACE.y + FACE.height / 4; y++) data.fill(255, (y * W + FACE.x) * 3, (y * W + FACE.x + FACE.width) * 3);
    expect(glareEvidence({ ...face, data }, FACE)).toBeCloseTo(0.25, 1);
  });

  it('screenEvidence reports all three', () => {
    expect(Object.keys(screenEvidence(scene(W, H, FACE), FACE)).sort()).toEqual(['bezel', 'glare', 'moire']);
  });
});

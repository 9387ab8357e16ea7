/** The embedder's input: the aligned face as planar BGR, normalised as the manifest says. */
import { embedderInput, mirrorAlignedFace } from '../../../src/main/vision/face-embedder';

const PLANE = 112 * 112;

describe('embedderInput', () => {
  it('puts blue first, then green, then red, each as (v - mean) / scale', () => {
    const aligned = new Uint8Array(PLANE * 3).fill(127);
    aligned.set([255, 127, 0, 1, 2, 3], 0);
    const out = embedderInput(aligned, { mean: 127, scale: 128 });
    expect(out).toHaveLength(PLANE * 3);
    // Pixel 0 is pure red-ish (255, 127, 0); pixel 1 is (1, 2, 3).
    expect([out[0], out[PLANE], out[2 * PLANE]]).toEqual([(0 - 127) / 128, 0, (255 - 127) / 128]);
    expect([out[1], out[PLANE + 1], out[2 * PLANE + 1]]).toEqual([(3 - 127) / 128, (2 - 127) / 128, (1 - 127) / 128]);
    expect(out.subarray(2, PLANE).every((v) => v === 0)).toBe(true);
  });

  it('refuses a face that is not 112x112 RGB', () => {
    expect(() => embedderInput(new Uint8Array(100), { mean: 127, scale: 128 })).toThrow(/112x112 RGB/);
  });
});

describe('mirrorAlignedFace', () => {
  it('swaps columns left to right, keeping each pixel\'s colour, and is its own inverse', () => {
    const face = new Uint8Array(112 * 112 * 3);
    face.set([10, 20, 30], (5 * 112 + 0) * 3);
    const mirrored = mirrorAlignedFace(face);
    expect(Array.from(mirrored.subarray((5 * 112 + 111) * 3, (5 * 112 + 111) * 3 + 3))).toEqual([10, 20, 30]);
    expect(Array.from(mirrored.subarray((5 * 112) * 3, (5 * 112) * 3 + 3))).toEqual([0, 0, 0]);
    expect(mirrorAlignedFace(mirrored)).toEqual(face);
    expect(() => mirrorAlignedFace(new Uint8Array(10))).toThrow(RangeError);
  });
});

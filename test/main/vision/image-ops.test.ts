/** The pixel operations that feed the models, on images small enough to check by hand. */
import type { RgbImage } from '../../../src/main/vision/image-decoder';
import { cropToGreyTensor, resizeToPlanarTensor, rotateImage, toGrey } from '../../../src/main/vision/image-ops';

/** 4x2 pixels: red 10..80 by rows, green one more, blue 255 minus red. */
const RED = [10, 20, 30, 40, 50, 60, 70, 80];
const image4x2: RgbImage = {
  data: Uint8Array.from(RED.flatMap((r) => [r, r + 1, 255 - r])),
  width: 4,
  height: 2,
  scale: 1,
};
const DETECTOR = { mean: 127, scale: 128 };

describe('resizeToPlanarTensor', () => {
  it('averages each 2x2 block into one pixel, planar R, G, B, as (v - mean) / scale', () => {
    const out = resizeToPlanarTensor(image4x2, { x: 0, y: 0, width: 4, height: 2 }, 2, 1, DETECTOR);
    // Left block: red (10+20+50+60)/4 = 35, green 36, blue 220; right block: 55, 56, 200.
    expect(Array.from(out)).toEqual([
      (35 - 127) / 128, (55 - 127) / 128,
      (36 - 127) / 128, (56 - 127) / 128,
      (220 - 127) / 128, (200 - 127) / 128,
    ]);
  });

  it('reads a region outside the image as mid-grey 127, so a region can letterbox it', () => {
    // The left output pixel covers x -4..0 (outside: 127, i.e. 0 after normalising), the right the whole image.
    const out = resizeToPlanarTensor(image4x2, { x: -4, y: 0, width: 8, height: 2 }, 2, 1, DETECTOR);
    expect(Array.from(out)).toEqual([0, (45 - 127) / 128, 0, (46 - 127) / 128, 0, (210 - 127) / 128]);
  });
});

describe('cropToGreyTensor', () => {
  it('gives the luma of the crop as (luma - mean) / scale', () => {
    const grey: RgbImage = { data: new Uint8Array(8 * 8 * 3).fill(128), width: 8, height: 8, scale: 1 };
    const out = cropToGreyTensor(grey, { x: 0, y: 0, width: 8, height: 8 }, 4, { mean: 0, scale: 256 });
    expect(out).toHaveLength(16);
    for (const v of out) expect(v).toBeCloseTo(0.5, 6);
  });
});

describe('rotateImage', () => {
  /** 3x2 pixels a b c / d e f, each red = its letter's index, green + 10, blue + 20. */
  const abcdef: RgbImage = { data: Uint8Array.from([0, 1, 2, 3, 4, 5].flatMap((i) => [i, i + 10, i + 20])), width: 3, height: 2, scale: 0.5 };
  const reds = (img: RgbImage) => Array.from(img.data.filter((_, i) => i % 3 === 0));

  it('turns the picture a quarter clockwise: a b c / d e f becomes d a / e b / f c', () => {
    const out = rotateImage(abcdef, 90);
    expect([out.width, out.height, out.scale]).toEqual([2, 3, 0.5]);
    expect(reds(out)).toEqual([3, 0, 4, 1, 5, 2]);
    expect(Array.from(out.data.subarray(0, 3))).toEqual([3, 13, 23]);
  });

  it('turns it upside down: f e d / c b a', () => {
    const out = rotateImage(abcdef, 180);
    expect([out.width, out.height]).toEqual([3, 2]);
    expect(reds(out)).toEqual([5, 4, 3, 2, 1, 0]);
  });

  it('turns it three quarters: c f / b e / a d', () => {
    const out = rotateImage(abcdef, 270);
    expect([out.width, out.height]).toEqual([2, 3]);
    expect(reds(out)).toEqual([2, 5, 1, 4, 0, 3]);
  });

  it('returns the image itself for no rotation', () => {
    expect(rotateImage(abcdef, 0)).toBe(abcdef);
  });
});

describe('toGrey', () => {
  it('weighs red, green and blue as BT.601 luma', () => {
    expect(Array.from(toGrey(Uint8Array.from([255, 0, 0, 0, 255, 0, 0, 0, 255, 200, 200, 200])))
      .map((v) => Math.round(v * 1000) / 1000)).toEqual([76.245, 149.685, 29.07, 200]);
  });
});

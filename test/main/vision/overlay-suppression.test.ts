/** The portrait finder's second-pass input: overlays taken away, the face's shape kept. */
import type { RgbImage } from '../../../src/main/vision/image-decoder';
import { enlarge, medianFilter, suppressOverlays } from '../../../src/main/vision/overlay-suppression';

function image(width: number, height: number, colour: (x: number, y: number) => [number, number, number]): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(colour(x, y), (y * width + x) * 3);
  return { data, width, height, scale: 1 };
}

describe('medianFilter', () => {
  it('removes lines two pixels wide and keeps the edge of a large dark area where it was', () => {
    const width = 40;
    const height = 20;
    const grey = new Uint8Array(width * height).fill(200);
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (x >= 25 || y === 5 || y === 6) grey[y * width + x] = 40;
    const out = medianFilter(grey, width, height, 2);
    expect(out[5 * width + 10]).toBe(200);
    expect(out[6 * width + 10]).toBe(200);
    expect(out[12 * width + 24]).toBe(200);
    expect(out[12 * width + 25]).toBe(40);
  });
});

describe('suppressOverlays', () => {
  it('makes rainbow bands of one brightness a single grey, and stretches what is left to the full range', () => {
    // Left half: hue changes every column at equal luma (a hologram's sheen); right half darker.
    const hues: [number, number, number][] = [[200, 90, 120], [90, 150, 100], [110, 110, 250]];
    const lumaOf = ([r, g, b]: [number, number, number]) => 0.299 * r + 0.587 * g + 0.114 * b;
    expect(Math.abs(lumaOf(hues[0]) - lumaOf(hues[1]))).toBeLessThan(3);
    const img = image(60, 30, (x) => (x < 30 ? hues[x % 2] : [30, 30, 30]));
    const out = suppressOverlays(img);
    const at = (x: number, y: number) => out.data[(y * 60 + x) * 3];
    expect(Math.abs(at(10, 15) - at(11, 15))).toBeLessThanOrEqual(1);
    expect(at(10, 15)).toBe(255);
    expect(at(50, 15)).toBe(0);
    expect(out.data[(15 * 60 + 10) * 3 + 1]).toBe(at(10, 15));
    expect([out.width, out.height, out.scale]).toEqual([60, 30, 1]);
  });
});

describe('enlarge', () => {
  it('scales the size and the decode scale, and keeps flat areas flat', () => {
    const out = enlarge(image(10, 8, () => [10, 20, 30]), 2.5);
    expect([out.width, out.height, out.scale]).toEqual([25, 20, 2.5]);
    expect(Array.from(out.data.subarray(0, 6))).toEqual([10, 20, 30, 10, 20, 30]);
  });

  it('returns the image itself for a factor of 1 or less', () => {
    const img = image(4, 4, () => [1, 2, 3]);
    expect(enlarge(img, 1)).toBe(img);
  });
});

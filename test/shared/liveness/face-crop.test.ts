import { cutFaceCrop, FACE_CROP_SIDE, faceCropBox, faceCropReadRegion, holdsFaceCrop, landmarksInCrop } from '../../../src/shared/liveness/face-crop';
import { luma } from '../../../src/shared/luma';

/** A w x h frame whose pixels come from `rgb(x, y)`, as RGB (main) or RGBA (a canvas). */
function frame(w: number, h: number, channels: 3 | 4, rgb: (x: number, y: number) => [number, number, number]) {
  const data = new Uint8Array(w * h * channels);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const k = (y * w + x) * channels;
      [data[k], data[k + 1], data[k + 2]] = rgb(x, y);
      if (channels === 4) data[k + 3] = 255;
    }
  }
  return { data, width: w, height: h, channels };
}

/** A pattern with detail at every scale, like a face's edges. */
const pattern = (x: number, y: number): [number, number, number] => [(x * 7 + y * 3) % 256, (x * y) % 251, (x ^ y) & 255];

describe('faceCropBox and landmarksInCrop', () => {
  it('is a square 1.3 times the landmarks\' larger extent, centred on them, with the landmarks mapped into its pixels', () => {
    const box = faceCropBox([{ x: 100, y: 50 }, { x: 200, y: 250 }]);
    expect(box).toEqual({ x: 20, y: 20, width: 260, height: 260 });
    expect(landmarksInCrop([{ x: 150, y: 150 }], box)).toEqual([{ x: FACE_CROP_SIDE / 2, y: FACE_CROP_SIDE / 2 }]);
  });
});

describe('cutFaceCrop', () => {
  it('samples the luma bilinearly at each crop pixel\'s centre: exact on a ramp', () => {
    const ramp = frame(64, 64, 3, (x) => [4 * x, 4 * x, 4 * x]);
    const crop = cutFaceCrop(ramp, { x: 8, y: 8, width: 32, height: 32 }, 16);
    // Crop pixel i covers frame x 8 + 2i .. 10 + 2i; its centre, 9 + 2i in pixel-centre terms, is 8.5 + 2i.
    for (let i = 0; i < 16; i++) expect(crop[3 * 16 + i]).toBe(Math.round(4 * (8.5 + 2 * i)));
  });

  it('cuts the same crop from RGB and RGBA pixels, with the shared luma weights', () => {
    const box = { x: 10.3, y: 5.7, width: 71.2, height: 71.2 };
    const rgb = cutFaceCrop(frame(100, 90, 3, pattern), box);
    expect(cutFaceCrop(frame(100, 90, 4, pattern), box)).toEqual(rgb);
    const flat = cutFaceCrop(frame(100, 90, 3, () => [200, 100, 50]), box);
    expect(new Set(flat)).toEqual(new Set([Math.round(luma(200, 100, 50))]));
  });

  it('is black where the square leaves the frame', () => {
    const crop = cutFaceCrop(frame(40, 40, 3, () => [255, 255, 255]), { x: -40, y: 0, width: 80, height: 80 }, 8);
    // Crop pixel centres at frame x -35.5, -25.5, ... 34.5 and y 4.5, 14.5, ... 74.5: the left half and the lower half are off the frame.
    expect(Array.from(crop.subarray(0, 8))).toEqual([0, 0, 0, 0, 255, 255, 255, 255]);
    expect(Array.from(crop.subarray(3 * 8, 4 * 8))).toEqual([0, 0, 0, 0, 255, 255, 255, 255]);
    expect(crop.subarray(7 * 8)).toEqual(new Uint8Array(8));
  });

  it('gives the same bytes from the part of the frame faceCropReadRegion names as from the whole frame (the page reads only that part)', () => {
    const whole = frame(160, 120, 4, pattern);
    for (const box of [{ x: 30.4, y: 20.2, width: 60.7, height: 60.7 }, { x: -15.5, y: 70.1, width: 90, height: 90 }, { x: 120.9, y: -30, width: 55, height: 55 }]) {
      const r = faceCropReadRegion(box, whole.width, whole.height);
      const part = new Uint8Array(r.width * r.height * 4);
      for (let y = 0; y < r.height; y++) part.set(whole.data.subarray(((r.y + y) * whole.width + r.x) * 4, ((r.y + y) * whole.width + r.x + r.width) * 4), y * r.width * 4);
      expect(holdsFaceCrop(r.width, r.height, { x: r.x, y: r.y, frameWidth: whole.width, frameHeight: whole.height }, box)).toBe(true);
      expect(holdsFaceCrop(r.width - 1, r.height, { x: r.x, y: r.y, frameWidth: whole.width, frameHeight: whole.height }, box)).toBe(false);
      const fromPart = cutFaceCrop({ data: part, width: r.width, height: r.height, channels: 4 }, box, FACE_CROP_SIDE, { x: r.x, y: r.y, frameWidth: whole.width, frameHeight: whole.height });
      expect(fromPart).toEqual(cutFaceCrop(whole, box));
    }
  });

  it('refuses an image shorter than its size says, and a part that does not hold the pixels the box needs', () => {
    expect(() => cutFaceCrop({ data: new Uint8Array(10), width: 4, height: 4, channels: 3 }, { x: 0, y: 0, width: 4, height: 4 })).toThrow(RangeError);
    const part = frame(10, 10, 3, pattern);
    expect(() => cutFaceCrop(part, { x: 50, y: 50, width: 40, height: 40 }, 8, { x: 0, y: 0, frameWidth: 200, frameHeight: 200 })).toThrow(/does not hold frame row/);
  });
});

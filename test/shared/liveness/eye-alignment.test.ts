import { alignEyes, regionShift } from '../../../src/shared/liveness/eye-alignment';
import { FACE_CROP_SIDE } from '../../../src/shared/liveness/face-crop';
import { syntheticFace } from './synthetic-face';
import { landmarksInCrop, faceCropBox } from '../../../src/shared/liveness/face-crop';

/** A smooth random texture (like skin, brows and lids at this scale), `side` pixels square, seen moved by (dx, dy). */
function texture(side: number, dx = 0, dy = 0): Uint8Array {
  const out = new Uint8Array(side * side);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const u = x - dx;
      const v = y - dy;
      out[y * side + x] = Math.round(128 + 40 * Math.sin(u / 7.3) * Math.cos(v / 5.1) + 30 * Math.sin((u + 2 * v) / 11.7) + 20 * Math.cos((3 * u - v) / 4.3));
    }
  }
  return out;
}

describe('regionShift', () => {
  it('finds a whole-pixel shift of a region, and a shift of a fraction of a pixel to within 0.4 of a pixel', () => {
    expect(regionShift(texture(128), texture(128, 4, -3), 128, [40, 40, 90, 80], 10)).toEqual({ dx: expect.closeTo(4, 0), dy: expect.closeTo(-3, 0) });
    const sub = regionShift(texture(128), texture(128, 2.5, 1.4), 128, [40, 40, 90, 80], 10)!;
    expect(Math.abs(sub.dx - 2.5)).toBeLessThan(0.4);
    expect(Math.abs(sub.dy - 1.4)).toBeLessThan(0.4);
  });
});

describe('alignEyes', () => {
  const points = landmarksInCrop(syntheticFace({}).landmarks, faceCropBox(syntheticFace({}).landmarks));

  it('moves each eye\'s six points by the shift of its neighbourhood, coarse to fine on the 256-pixel crop, and leaves the rest', () => {
    const moved = alignEyes(texture(FACE_CROP_SIDE), texture(FACE_CROP_SIDE, 7, -4), points)!;
    for (let i = 0; i < 68; i++) {
      const eye = i >= 36 && i <= 47;
      expect(moved[i].x - points[i].x).toBeCloseTo(eye ? 7 : 0, 0);
      expect(moved[i].y - points[i].y).toBeCloseTo(eye ? -4 : 0, 0);
    }
  });

  it('does not follow a head that moved further than it can be followed between the frames: the reading is skipped', () => {
    expect(alignEyes(texture(FACE_CROP_SIDE), texture(FACE_CROP_SIDE, 19, 0), points)).toBeNull();
  });

  it('refuses crops of the wrong size and landmarks that are not 68', () => {
    expect(() => alignEyes(texture(128), texture(FACE_CROP_SIDE), points)).toThrow(RangeError);
    expect(() => alignEyes(texture(FACE_CROP_SIDE), texture(FACE_CROP_SIDE), points.slice(0, 10))).toThrow(/68 landmarks/);
  });
});

import { alignToArcFaceTemplate, applyTransform, ARCFACE_TEMPLATE, estimateSimilarityTransform, fivePointsFrom68, invertTransform } from '../../../src/main/vision/align';
import type { RgbImage } from '../../../src/main/vision/image-decoder';
import type { Point } from '../../../src/shared/geometry';

function transformPoints(points: readonly Point[], angle: number, scale: number, tx: number, ty: number): Point[] {
  const a = scale * Math.cos(angle);
  const b = scale * Math.sin(angle);
  return points.map((p) => ({ x: a * p.x - b * p.y + tx, y: b * p.x + a * p.y + ty }));
}

describe('estimateSimilarityTransform', () => {
  it('recovers a known rotation, scale and translation exactly', () => {
    const src = transformPoints(ARCFACE_TEMPLATE, 0.3, 2.5, 140, -20);
    const t = estimateSimilarityTransform(src, ARCFACE_TEMPLATE);
    for (let i = 0; i < 5; i++) {
      const p = applyTransform(t, src[i]);
      expect(p.x).toBeCloseTo(ARCFACE_TEMPLATE[i].x, 6);
      expect(p.y).toBeCloseTo(ARCFACE_TEMPLATE[i].y, 6);
    }
    // The inverse maps the template back onto the face.
    const back = applyTransform(invertTransform(t), ARCFACE_TEMPLATE[2]);
    expect(back.x).toBeCloseTo(src[2].x, 6);
    expect(back.y).toBeCloseTo(src[2].y, 6);
  });

  it('is the identity for the template onto itself', () => {
    const t = estimateSimilarityTransform(ARCFACE_TEMPLATE, ARCFACE_TEMPLATE);
    expect(t.a).toBeCloseTo(1, 9);
    expect(t.b).toBeCloseTo(0, 9);
    expect(t.tx).toBeCloseTo(0, 6);
    expect(t.ty).toBeCloseTo(0, 6);
  });

  it('is a least-squares fit: noise on one point spreads instead of dragging the fit', () => {
    const src = transformPoints(ARCFACE_TEMPLATE, -0.2, 1.7, 30, 40);
    src[2] = { x: src[2].x + 6, y: src[2].y };
    const t = estimateSimilarityTransform(src, ARCFACE_TEMPLATE);
    const errors = src.map((p, i) => Math.hypot(applyTransform(t, p).x - ARCFACE_TEMPLATE[i].x, applyTransform(t, p).y - ARCFACE_TEMPLATE[i].y));
    expect(Math.max(...errors)).toBeLessThan(6 / 1.7);
    expect(Math.sqrt(t.a * t.a + t.b * t.b)).toBeCloseTo(1 / 1.7, 1);
  });

  it('refuses degenerate input', () => {
    const p = { x: 1, y: 1 };
    expect(() => estimateSimilarityTransform([p, p, p], [p, { x: 2, y: 2 }, p])).toThrow(RangeError);
    expect(() => estimateSimilarityTransform([p], [p])).toThrow(RangeError);
  });
});

describe('fivePointsFrom68', () => {
  it('takes eye centres from the eyelid points, the nose tip and the mouth corners', () => {
    const landmarks = Array.from({ length: 68 }, (_, i) => ({ x: i, y: 100 + i }));
    const [leftEye, rightEye, nose, mouthLeft, mouthRight] = fivePointsFrom68(landmarks);
    expect(leftEye).toEqual({ x: (37 + 38 + 40 + 41) / 4, y: 100 + (37 + 38 + 40 + 41) / 4 });
    expect(rightEye).toEqual({ x: (43 + 44 + 46 + 47) / 4, y: 100 + (43 + 44 + 46 + 47) / 4 });
    expect(nose).toEqual({ x: 30, y: 130 });
    expect(mouthLeft).toEqual({ x: 54, y: 154 });
    expect(mouthRight).toEqual({ x: 59, y: 159 });
  });

  it('rejects a landmark set that is not 68 points', () => {
    expect(() => fivePointsFrom68([{ x: 0, y: 0 }])).toThrow('expected 68 landmarks');
  });
});

describe('alignToArcFaceTemplate', () => {
  it('puts each marked point of a rotated, scaled image at its template position', () => {
    // A 400x400 grey image with five bright 5x5 dots where a tilted, 2.2x face would have them.
    const width = 400;
    const img: RgbImage = { data: new Uint8Array(width * width * 3).fill(40), width, height: width, scale: 1 };
    const points = transformPoints(ARCFACE_TEMPLATE, 0.4, 2.2, 150, 60);
    for (const p of points) {
      for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) {
        const o = ((Math.round(p.y) + dy) * width + Math.round(p.x) + dx) * 3;
        img.data[o] = img.data[o + 1] = img.data[o + 2] = 250;
      }
    }
    const { rgb } = alignToArcFaceTemplate(img, points);
    expect(rgb).toHaveLength(112 * 112 * 3);
    for (const t of ARCFACE_TEMPLATE) {
      expect(rgb[(Math.round(t.y) * 112 + Math.round(t.x)) * 3]).toBeGreaterThan(200);
    }
    // ...and the background stays background.
    expect(rgb[(10 * 112 + 10) * 3]).toBe(40);
  });
});

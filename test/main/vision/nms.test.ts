import { intersectionOverMinimum, nonMaxSuppression } from '../../../src/main/vision/nms';
import { intersectionOverUnion } from '../../../src/shared/geometry';

const box = (x: number, y: number, width: number, height: number) => ({ x, y, width, height });

describe('overlap measures', () => {
  it('IoU is 1 for identical boxes, 0 for disjoint and 1/7 for two unit squares overlapping by a quarter', () => {
    expect(intersectionOverUnion(box(0, 0, 10, 10), box(0, 0, 10, 10))).toBe(1);
    expect(intersectionOverUnion(box(0, 0, 10, 10), box(20, 0, 10, 10))).toBe(0);
    expect(intersectionOverUnion(box(0, 0, 10, 10), box(5, 5, 10, 10))).toBeCloseTo(25 / 175, 9);
  });

  it('intersection over minimum is 1 when one box holds the other', () => {
    expect(intersectionOverMinimum(box(0, 0, 100, 100), box(10, 10, 30, 30))).toBe(1);
    expect(intersectionOverMinimum(box(0, 0, 10, 10), box(20, 20, 5, 5))).toBe(0);
  });
});

describe('nonMaxSuppression', () => {
  it('keeps the best box of an overlapping group and every separate box', () => {
    const kept = nonMaxSuppression([
      { box: box(0, 0, 100, 100), score: 0.8 },
      { box: box(5, 5, 100, 100), score: 0.95 },
      { box: box(300, 0, 100, 100), score: 0.75 },
    ], 0.4);
    expect(kept.map((k) => k.score)).toEqual([0.95, 0.75]);
  });

  it('drops a box lying inside a better one even when their IoU is low', () => {
    const kept = nonMaxSuppression([
      { box: box(0, 0, 200, 200), score: 0.99 },
      { box: box(50, 50, 80, 80), score: 0.9 },
    ], 0.4);
    expect(kept).toHaveLength(1);
    expect(kept[0].score).toBe(0.99);
  });

  it('keeps touching neighbours (people side by side)', () => {
    expect(nonMaxSuppression([{ box: box(0, 0, 100, 100), score: 0.9 }, { box: box(90, 0, 100, 100), score: 0.9 }], 0.4)).toHaveLength(2);
  });
});

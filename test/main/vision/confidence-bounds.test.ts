/** Exact binomial bounds, checked against values that have closed forms or published tables. */
import { binomialCdf, interval, upperBound } from '../../../src/main/vision/confidence-bounds';

describe('confidence bounds of a proportion', () => {
  it('gives the "rule of three" bound for no events: 1 - 0.05^(1/n)', () => {
    for (const n of [100, 845, 20_000, 644_892]) expect(upperBound(0, n)).toBeCloseTo(1 - 0.05 ** (1 / n), 9);
    // 0 false accepts in 20,000 impostor pairs vouch for a FAR of at most 1.5e-4, not 0.
    expect(upperBound(0, 20_000)).toBeCloseTo(1.4977e-4, 7);
  });

  it('matches the Clopper-Pearson interval of textbook cases', () => {
    // 0 of 10: [0, 1 - 0.025^(1/10)]; 10 of 10: [0.025^(1/10), 1].
    expect(interval(0, 10)).toEqual([0, expect.closeTo(0.30850, 4)]);
    expect(interval(10, 10)).toEqual([expect.closeTo(0.69150, 4), 1]);
    // 5 of 10: 0.1871-0.8129 (published Clopper-Pearson table).
    const [lo, hi] = interval(5, 10);
    expect(lo).toBeCloseTo(0.1871, 4);
    expect(hi).toBeCloseTo(0.8129, 4);
  });

  it('sums the binomial distribution without underflow at large n', () => {
    expect(binomialCdf(5, 10, 0.5)).toBeCloseTo(638 / 1024, 12);
    // Poisson limit: X ~ Bin(644892, 1e-3) has mean 644.9; P(X <= 644) is close to one half.
    const p = binomialCdf(644, 644_892, 1e-3);
    expect(p).toBeGreaterThan(0.48);
    expect(p).toBeLessThan(0.52);
  });

  it('refuses counts that are not a proportion', () => {
    expect(() => upperBound(3, 2)).toThrow(RangeError);
    expect(() => interval(-1, 10)).toThrow(RangeError);
    expect(() => upperBound(1.5, 10)).toThrow(RangeError);
    expect(() => upperBound(0, 0)).toThrow(RangeError);
  });
});

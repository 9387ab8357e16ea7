import { compareEmbeddings, cosineSimilarity, l2DistanceFromSimilarity, l2Normalize } from '../../../src/main/vision/matching';

describe('embedding comparison', () => {
  it('normalises to unit length and refuses a zero vector', () => {
    const n = l2Normalize(new Float32Array([3, 4]));
    expect(Array.from(n)).toEqual([expect.closeTo(0.6, 6), expect.closeTo(0.8, 6)]);
    expect(() => l2Normalize(new Float32Array(4))).toThrow(RangeError);
  });

  it('gives cosine 1, -1 and 0 for parallel, opposite and orthogonal vectors, whatever their length', () => {
    expect(cosineSimilarity(new Float32Array([1, 2]), new Float32Array([10, 20]))).toBeCloseTo(1, 6);
    expect(cosineSimilarity(new Float32Array([1, 2]), new Float32Array([-1, -2]))).toBeCloseTo(-1, 6);
    expect(cosineSimilarity(new Float32Array([1, 0]), new Float32Array([0, 5]))).toBeCloseTo(0, 6);
  });

  it('relates L2 distance of unit vectors to cosine: d = sqrt(2 - 2 cos)', () => {
    expect(l2DistanceFromSimilarity(1)).toBe(0);
    expect(l2DistanceFromSimilarity(0)).toBeCloseTo(Math.SQRT2, 9);
    expect(l2DistanceFromSimilarity(-1)).toBe(2);
  });

  it('decides against the threshold, accepting a similarity equal to it', () => {
    const a = new Float32Array([1, 0]);
    const b = new Float32Array([Math.cos(Math.PI / 3), Math.sin(Math.PI / 3)]);
    expect(compareEmbeddings(a, b, 0.5)).toMatchObject({ match: true, threshold: 0.5 });
    expect(compareEmbeddings(a, b, 0.51).match).toBe(false);
    expect(() => compareEmbeddings(a, new Float32Array(3), 0.5)).toThrow('embedding sizes differ');
  });

  it('refers a similarity between the decline threshold (0.25 unless given) and the accept threshold', () => {
    const a = new Float32Array([1, 0]);
    const b = new Float32Array([Math.cos(Math.PI / 3), Math.sin(Math.PI / 3)]); // cosine 0.5
    expect(compareEmbeddings(a, b, 0.7)).toMatchObject({ match: false, decision: 'refer', threshold: 0.7, declineBelow: 0.25 });
    expect(compareEmbeddings(a, b, 0.7, 0.6)).toMatchObject({ match: false, decision: 'no-match', declineBelow: 0.6 });
    expect(compareEmbeddings(a, b, 0.5)).toMatchObject({ match: true, decision: 'match' });
    // An accept threshold under 0.25 leaves no band: decline below it too.
    expect(compareEmbeddings(a, new Float32Array([0, 1]), 0.1)).toMatchObject({ decision: 'no-match', declineBelow: 0.1 });
  });
});

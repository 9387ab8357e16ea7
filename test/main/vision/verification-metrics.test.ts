import { computeVerificationMetrics, tarAtFar } from '../../../src/main/vision/verification-metrics';

describe('computeVerificationMetrics', () => {
  it('finds a perfect threshold when genuine and impostor scores separate', () => {
    const scores = [0.9, 0.8, 0.7].map((s) => ({ same: true, similarity: s })).concat([0.1, 0.2, 0.3].map((s) => ({ same: false, similarity: s })));
    const m = computeVerificationMetrics(scores, 0.5);
    expect(m).toMatchObject({ pairs: 6, genuine: 3, impostor: 3, bestAccuracy: 1, eer: 0, accuracyAtThreshold: 1 });
    expect(m.bestThreshold!).toBeGreaterThan(0.3);
    expect(m.bestThreshold!).toBeLessThanOrEqual(0.7);
  });

  it('reports the accuracy at the operating threshold separately from the best', () => {
    const scores = [{ same: true, similarity: 0.4 }, { same: false, similarity: 0.1 }];
    const m = computeVerificationMetrics(scores, 0.5);
    expect(m.bestAccuracy).toBe(1);
    expect(m.accuracyAtThreshold).toBe(0.5);
  });

  it('leaves TAR at a FAR unmeasured (null) when there are fewer than 1/FAR impostor pairs', () => {
    const genuine = Array.from({ length: 10 }, () => 0.8);
    expect(tarAtFar(genuine, Array.from({ length: 99 }, () => 0.1), 0.01)).toBeNull();
    expect(tarAtFar(genuine, Array.from({ length: 100 }, () => 0.1), 0.01)).toBe(1);
  });

  it('measures TAR at FAR above the highest allowed impostor score', () => {
    // 200 impostors: FAR 1% allows two false accepts, so the threshold sits at the third highest.
    const impostor = Array.from({ length: 200 }, (_, i) => i / 1000);
    impostor[199] = 0.95;
    impostor[198] = 0.9;
    const genuine = [0.99, 0.92, 0.85, 0.5];
    expect(tarAtFar(genuine, impostor, 0.01)).toBe(1);
    expect(tarAtFar(genuine, impostor, 0.005)).toBe(0.5);
  });

  it('handles an empty set without dividing by zero', () => {
    expect(computeVerificationMetrics([], 0.5)).toMatchObject({ pairs: 0, bestAccuracy: null, eer: null, accuracyAtThreshold: null });
  });
});

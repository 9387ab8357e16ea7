import { computeVerificationMetrics, figuresAtThreshold, operatingPointAtFar, tarAtFar, thresholdAtFar } from '../../../src/main/vision/verification-metrics';

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

describe('operating points', () => {
  // 1,000 impostor scores 0.000, 0.001, ..., 0.999 and genuine scores spread over 0.9-1.0.
  const impostor = Array.from({ length: 1000 }, (_, i) => i / 1000);
  const genuine = Array.from({ length: 50 }, (_, i) => 0.9 + i / 500);

  it('puts the FAR threshold just above the highest impostor it must reject, on a 1e-4 grid', () => {
    // FAR 1%: 10 of 1,000 may pass (0.990-0.999), so 0.989 must not; FAR 0.1%: only 0.999 may.
    expect(thresholdAtFar(impostor, 0.01)).toBe(0.9891);
    expect(thresholdAtFar(impostor, 0.001)).toBe(0.9981);
    expect(thresholdAtFar(impostor, 0.0001)).toBeNull();
    const point = operatingPointAtFar(genuine, impostor, 0.01)!;
    expect(point).toMatchObject({ targetFar: 0.01, threshold: 0.9891, impostorAccepted: 10, impostor: 1000, far: 0.01 });
  });

  it('gives TAR and FAR at a threshold with their counts and exact 95% bounds', () => {
    const f = figuresAtThreshold(genuine, impostor, 0.95);
    expect(f).toMatchObject({ genuineAccepted: 25, genuine: 50, tar: 0.5, impostorAccepted: 50, impostor: 1000, far: 0.05 });
    expect(f.tarInterval95![0]).toBeLessThan(0.5);
    expect(f.tarInterval95![1]).toBeGreaterThan(0.5);
    expect(f.farUpper95!).toBeGreaterThan(0.05);
    expect(f.farUpper95!).toBeLessThan(0.07);
  });

  it('reports best accuracy and EER the same way on a large set as the direct count does', () => {
    const scores = genuine.map((s) => ({ same: true, similarity: s - 0.05 })).concat(impostor.map((s) => ({ same: false, similarity: s })));
    const m = computeVerificationMetrics(scores, 0.9);
    // Errors at t: genuine below t plus impostors at or above t, counted directly.
    const direct = (t: number) => scores.filter((s) => (s.similarity >= t) === s.same).length / scores.length;
    const candidates = [...new Set(scores.map((s) => s.similarity))].flatMap((t) => [t, t + 1e-9]);
    expect(m.bestAccuracy).toBeCloseTo(Math.max(...candidates.map(direct)), 4);
    expect(m.accuracyAtThreshold).toBeCloseTo(direct(0.9), 4);
    expect(m.atThreshold).toMatchObject({ threshold: 0.9 });
    expect(Object.keys(m.atFar)).toEqual(['0.01', '0.001', '0.0001']);
  });
});

/**
 * Accuracy of a verifier from labelled pair scores (cosine similarities): best accuracy,
 * equal error rate and TAR at fixed FAR. Pure; `ekyc eval` and the benchmark use it.
 */

export interface PairScore {
  same: boolean;
  similarity: number;
}

export interface VerificationMetrics {
  pairs: number;
  genuine: number;
  impostor: number;
  bestAccuracy: number | null;
  bestThreshold: number | null;
  eer: number | null;
  /** TAR at each FAR; null where there are too few impostor pairs to measure that FAR. */
  tarAtFar: Record<'0.01' | '0.001', number | null>;
  threshold: number;
  accuracyAtThreshold: number | null;
}

/** Fraction of genuine pairs accepted at `t` (similarity >= t) and of impostors accepted. */
function rates(genuine: number[], impostor: number[], t: number): { tar: number; far: number } {
  return {
    tar: genuine.filter((s) => s >= t).length / genuine.length,
    far: impostor.filter((s) => s >= t).length / impostor.length,
  };
}

/** Candidate thresholds: every score and the midpoints between neighbours. */
function candidateThresholds(scores: number[]): number[] {
  const sorted = [...new Set(scores)].sort((a, b) => a - b);
  const out = [sorted[0] - 1e-6];
  for (let i = 0; i < sorted.length; i++) {
    out.push(sorted[i]);
    if (i + 1 < sorted.length) out.push((sorted[i] + sorted[i + 1]) / 2);
  }
  out.push(sorted[sorted.length - 1] + 1e-6);
  return out;
}

/**
 * TAR at the strictest threshold whose FAR does not exceed `far`; null when fewer than
 * 1/far impostor pairs exist (one false accept would already exceed the target).
 */
export function tarAtFar(genuine: number[], impostor: number[], far: number): number | null {
  if (genuine.length === 0 || impostor.length < Math.round(1 / far)) return null;
  const sorted = [...impostor].sort((a, b) => b - a);
  const allowed = Math.floor(far * impostor.length);
  // Accept only scores strictly above the (allowed+1)-th highest impostor score.
  const threshold = sorted[allowed];
  return genuine.filter((s) => s > threshold).length / genuine.length;
}

export function computeVerificationMetrics(scores: PairScore[], threshold: number): VerificationMetrics {
  const genuine = scores.filter((s) => s.same).map((s) => s.similarity);
  const impostor = scores.filter((s) => !s.same).map((s) => s.similarity);
  const result: VerificationMetrics = {
    pairs: scores.length,
    genuine: genuine.length,
    impostor: impostor.length,
    bestAccuracy: null,
    bestThreshold: null,
    eer: null,
    tarAtFar: { '0.01': tarAtFar(genuine, impostor, 0.01), '0.001': tarAtFar(genuine, impostor, 0.001) },
    threshold,
    accuracyAtThreshold: null,
  };
  if (scores.length === 0) return result;
  const accuracy = (t: number) => scores.filter((s) => (s.similarity >= t) === s.same).length / scores.length;
  let best = { acc: -1, t: 0 };
  for (const t of candidateThresholds(scores.map((s) => s.similarity))) {
    const acc = accuracy(t);
    if (acc > best.acc) best = { acc, t };
  }
  result.bestAccuracy = round(best.acc);
  result.bestThreshold = round(best.t);
  result.accuracyAtThreshold = round(accuracy(threshold));
  if (genuine.length > 0 && impostor.length > 0) {
    let eer = { gap: Infinity, value: 1 };
    for (const t of candidateThresholds(scores.map((s) => s.similarity))) {
      const { tar, far } = rates(genuine, impostor, t);
      const frr = 1 - tar;
      if (Math.abs(frr - far) < eer.gap) eer = { gap: Math.abs(frr - far), value: (frr + far) / 2 };
    }
    result.eer = round(eer.value);
  }
  return result;
}

function round(v: number): number {
  return Math.round(v * 10000) / 10000;
}

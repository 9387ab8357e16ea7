/**
 * Accuracy of a verifier from labelled pair scores (cosine similarities): best accuracy,
 * equal error rate, and the operating points a bank asks for: at each target FAR the
 * threshold that meets it on these impostors and the TAR there, and at a given threshold its
 * TAR and FAR, each with an exact 95% confidence bound. Pure; `ekyc eval`, the calibration
 * and the benchmark use it.
 */
import { interval, upperBound } from './confidence-bounds';

/** The FARs every report gives: 1%, 0.1% (the default threshold's target) and 0.01%. */
export const REPORTED_FARS = ['0.01', '0.001', '0.0001'] as const;
export type ReportedFar = (typeof REPORTED_FARS)[number];

/** Accepting means similarity >= threshold. */
export interface ThresholdFigures {
  threshold: number;
  genuineAccepted: number;
  genuine: number;
  impostorAccepted: number;
  impostor: number;
  tar: number | null;
  /** Exact two-sided 95% interval of the TAR. */
  tarInterval95: [number, number] | null;
  far: number | null;
  /** Exact one-sided 95% upper bound of the FAR: what these impostors can vouch for. */
  farUpper95: number | null;
}

export interface FarOperatingPoint extends ThresholdFigures {
  /** The FAR asked for. */
  targetFar: number;
}

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
  tarAtFar: Record<ReportedFar, number | null>;
  /** At each FAR: the threshold meeting it on these impostors, with TAR, FAR and their bounds; null as above. */
  atFar: Record<ReportedFar, FarOperatingPoint | null>;
  threshold: number;
  accuracyAtThreshold: number | null;
  /** TAR and FAR at `threshold`, with their bounds. */
  atThreshold: ThresholdFigures;
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

/** Decimal places of a reported threshold: the one a setting or a preset can hold. */
const THRESHOLD_DECIMALS = 4;

/**
 * The lowest threshold, on a 1e-4 grid, at which at most `far` of these impostors are
 * accepted; null when fewer than 1/far impostor pairs exist. Rounding up keeps the
 * (allowed+1)-th highest impostor rejected, so the printed threshold is exactly the one measured.
 */
export function thresholdAtFar(impostor: number[], far: number): number | null {
  if (impostor.length === 0 || impostor.length < Math.round(1 / far)) return null;
  const sorted = [...impostor].sort((a, b) => b - a);
  const allowed = Math.floor(far * impostor.length);
  const scale = 10 ** THRESHOLD_DECIMALS;
  let t = Math.ceil(sorted[allowed] * scale) / scale;
  if (t <= sorted[allowed]) t = (Math.round(t * scale) + 1) / scale;
  return Number(t.toFixed(THRESHOLD_DECIMALS));
}

/** TAR and FAR at `threshold` (accept when similarity >= threshold) with exact 95% bounds. */
export function figuresAtThreshold(genuine: number[], impostor: number[], threshold: number): ThresholdFigures {
  const genuineAccepted = genuine.filter((s) => s >= threshold).length;
  const impostorAccepted = impostor.filter((s) => s >= threshold).length;
  return {
    threshold,
    genuineAccepted,
    genuine: genuine.length,
    impostorAccepted,
    impostor: impostor.length,
    tar: genuine.length ? genuineAccepted / genuine.length : null,
    tarInterval95: genuine.length ? interval(genuineAccepted, genuine.length) : null,
    far: impostor.length ? impostorAccepted / impostor.length : null,
    farUpper95: impostor.length ? upperBound(impostorAccepted, impostor.length) : null,
  };
}

/** The operating point for a target FAR: its threshold on these impostors, and the figures there. */
export function operatingPointAtFar(genuine: number[], impostor: number[], far: number): FarOperatingPoint | null {
  const threshold = thresholdAtFar(impostor, far);
  if (threshold === null || genuine.length === 0) return null;
  return { targetFar: far, ...figuresAtThreshold(genuine, impostor, threshold) };
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
    tarAtFar: { '0.01': tarAtFar(genuine, impostor, 0.01), '0.001': tarAtFar(genuine, impostor, 0.001), '0.0001': tarAtFar(genuine, impostor, 0.0001) },
    atFar: {
      '0.01': operatingPointAtFar(genuine, impostor, 0.01),
      '0.001': operatingPointAtFar(genuine, impostor, 0.001),
      '0.0001': operatingPointAtFar(genuine, impostor, 0.0001),
    },
    threshold,
    accuracyAtThreshold: null,
    atThreshold: figuresAtThreshold(genuine, impostor, threshold),
  };
  if (scores.length === 0) return result;
  // One sweep over the candidate thresholds in ascending order, counting with two pointers
  // how many scores of each kind lie below: O(n log n), so 640,000 impostor pairs take a second.
  const g = Float64Array.from(genuine).sort();
  const im = Float64Array.from(impostor).sort();
  let gBelow = 0;
  let iBelow = 0;
  let best = { acc: -1, t: 0 };
  let eer = { gap: Infinity, value: 1 };
  for (const t of candidateThresholds(scores.map((s) => s.similarity))) {
    while (gBelow < g.length && g[gBelow] < t) gBelow++;
    while (iBelow < im.length && im[iBelow] < t) iBelow++;
    // Correct: genuine at or above t, impostors below it.
    const acc = (g.length - gBelow + iBelow) / scores.length;
    if (acc > best.acc) best = { acc, t };
    if (g.length > 0 && im.length > 0) {
      const frr = gBelow / g.length;
      const far = (im.length - iBelow) / im.length;
      if (Math.abs(frr - far) < eer.gap) eer = { gap: Math.abs(frr - far), value: (frr + far) / 2 };
    }
  }
  result.bestAccuracy = round(best.acc);
  result.bestThreshold = round(best.t);
  const at = result.atThreshold;
  result.accuracyAtThreshold = round((at.genuineAccepted + (at.impostor - at.impostorAccepted)) / scores.length);
  if (g.length > 0 && im.length > 0) result.eer = round(eer.value);
  return result;
}

function round(v: number): number {
  return Math.round(v * 10000) / 10000;
}

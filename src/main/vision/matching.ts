/** Pure comparison of face embeddings (insightface/human style: no model, no I/O). */
import type { MatchResult } from '../../shared/face-types';
import { decideMatch, effectiveDeclineBelow } from '../../shared/match-decision';
import { REVIEW_BAND_DECLINE_BELOW } from '../../shared/defaults';

export function l2Normalize(v: Float32Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i] * v[i];
  const norm = Math.sqrt(sum);
  if (!(norm > 0)) throw new RangeError('cannot normalise a zero embedding');
  const out = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[i] / norm;
  return out;
}

/** Cosine similarity of two embeddings (normalises both, so any scale is fine). */
export function cosineSimilarity(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new RangeError(`embedding sizes differ: ${a.length} vs ${b.length}`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  if (!(na > 0 && nb > 0)) throw new RangeError('cannot compare a zero embedding');
  return dot / Math.sqrt(na * nb);
}

/** L2 distance between the L2-normalised embeddings: sqrt(2 - 2 cos), 0..2. */
export function l2DistanceFromSimilarity(similarity: number): number {
  return Math.sqrt(Math.max(0, 2 - 2 * similarity));
}

/**
 * The match decision of two embeddings. `declineBelow` opens the review band under the accept
 * threshold; pass `threshold` itself for a yes/no comparison without one (identity continuity).
 */
export function compareEmbeddings(a: Float32Array, b: Float32Array, threshold: number, declineBelow: number = REVIEW_BAND_DECLINE_BELOW): MatchResult {
  const similarity = cosineSimilarity(a, b);
  const decision = decideMatch(similarity, threshold, declineBelow);
  return { match: decision === 'match', decision, similarity, distance: l2DistanceFromSimilarity(similarity), threshold, declineBelow: effectiveDeclineBelow(threshold, declineBelow) };
}

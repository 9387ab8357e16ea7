/**
 * The face match's three-way decision from a similarity and two thresholds: pure, so the
 * station, the CLI and the tests decide alike. README "Operating point", "Review band".
 */
import { REVIEW_BAND_DECLINE_BELOW } from './defaults';
import type { MatchDecision } from './face-types';

/**
 * The decline threshold in force for an accept threshold: `declineBelow`, but never above
 * the accept threshold (a strict `--threshold` lower than 0.25 leaves no band, not an
 * inverted one).
 */
export function effectiveDeclineBelow(threshold: number, declineBelow: number = REVIEW_BAND_DECLINE_BELOW): number {
  return Math.min(declineBelow, threshold);
}

/** 'match' at or above `threshold`; 'refer' from `declineBelow` up to it; 'no-match' below. */
export function decideMatch(similarity: number, threshold: number, declineBelow: number = REVIEW_BAND_DECLINE_BELOW): MatchDecision {
  if (similarity >= threshold) return 'match';
  return similarity >= effectiveDeclineBelow(threshold, declineBelow) ? 'refer' : 'no-match';
}

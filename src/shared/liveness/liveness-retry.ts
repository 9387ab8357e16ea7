/**
 * Whether a failed liveness session may be tried again with a new challenge sequence. Only a
 * customer who was not ready is given another go: a gesture not done in time, or the face out
 * of view. Anything that puts the customer's identity or the camera in doubt (another person,
 * a second face, a picture replacing the face, frames main refused, a session abandoned while
 * it ran) ends the liveness check for the customer session: retrying would give an attacker
 * fresh tries at the very thing that caught them.
 */
import type { ChallengeFailure, ChallengeOutcome, LivenessRefusal } from '../verdict';

/** The failures a new sequence may follow: the customer missed the gesture or was out of view. */
export const RETRYABLE_FAILURES: readonly ChallengeFailure[] = ['timeout', 'no-face', 'face-lost'];

export interface LivenessAttemptEnd {
  outcomes: readonly ChallengeOutcome[];
  /** Why main refused the page's frames or samples, if it did. */
  refusal: LivenessRefusal | null;
  /** The last judged camera sample did not match the verified face. */
  identityInDoubt: boolean;
}

/** Why the attempt cannot be retried, or null when it can (a failed attempt of retryable failures only). */
export function whyNotRetryable(end: LivenessAttemptEnd): string | null {
  if (end.outcomes.length > 0 && end.outcomes.every((o) => o.passed)) return 'the liveness check passed';
  if (end.refusal) return `main refused the camera frames (${end.refusal.code})`;
  if (end.identityInDoubt) return 'the last camera picture did not match the verified face';
  const failures = end.outcomes.filter((o) => !o.passed && o.failure !== 'not-reached').map((o) => o.failure ?? 'aborted');
  const other = failures.find((f) => !RETRYABLE_FAILURES.includes(f));
  if (other) return `a challenge failed as ${other}`;
  return failures.length > 0 ? null : 'no challenge failed';
}

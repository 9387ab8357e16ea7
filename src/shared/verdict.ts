/**
 * The station's decision and the record it keeps of one customer session.
 * The record holds figures and outcomes only: no image, no name, no document number, so it
 * can be exported and archived without carrying biometric data.
 */
import type { MrzChecks, MrzFormat } from './document-types';

/** A completed face match counts as one attempt; quality refusals ("move closer") do not. */
export const MAX_MATCH_ATTEMPTS = 3;

export type Verdict = 'verified' | 'rejected';

/** How one liveness challenge ended, as the renderer's challenge session reports it. */
/** Mirrors src/shared/liveness ChallengeSession failures, plus what main and the operator add. */
export type ChallengeFailure = 'timeout' | 'face-lost' | 'no-face' | 'multiple-faces' | 'identity-changed' | 'not-reached' | 'aborted';

export interface ChallengeOutcome {
  /** The challenge in its record form: `blink:3`, `smile`, `turn-left` ... */
  challenge: string;
  passed: boolean;
  /** From the instruction appearing to success or failure. */
  durationMs: number;
  /** Why it failed; absent when it passed. */
  failure?: ChallengeFailure;
}

/** What main observed while matching challenge frames against the verified selfie. */
export interface IdentityContinuity {
  checks: number;
  /** Checks whose single face matched the selfie. */
  matched: number;
  /** Checks whose single face did not match. */
  mismatched: number;
  /** Lowest similarity seen over the checks with one face; null before the first. */
  minSimilarity: number | null;
  threshold: number;
  /** Consecutive mismatches showed another person in front of the camera. */
  changed: boolean;
}

export interface FaceMatchSummary {
  similarity: number;
  threshold: number;
  match: boolean;
  attempts: number;
}

export interface DocumentSummary {
  portraitFound: boolean;
  /** Detector score of the portrait, 0..1. */
  portraitScore: number | null;
  mrz: {
    format: MrzFormat;
    documentCode: string;
    issuingState: string;
    valid: boolean;
    expired: boolean;
    checks: MrzChecks;
  } | null;
}

/** One line of the decision: what was checked, the figure, and whether it passed. */
export interface VerdictReason {
  code:
    | 'portrait'
    | 'document-mrz'
    | 'document-expired'
    | 'face-match'
    | 'liveness-challenge'
    | 'identity-continuity';
  passed: boolean;
  message: string;
  value?: number;
  threshold?: number;
}

export interface SessionRecord {
  schema: 'ekyc-session/1';
  sessionId: string;
  startedAt: string;
  finishedAt: string;
  verdict: Verdict;
  reasons: VerdictReason[];
  document: DocumentSummary;
  faceMatch: FaceMatchSummary | null;
  liveness: {
    challenges: ChallengeOutcome[];
    identity: IdentityContinuity;
  };
}

export interface VerdictInput {
  document: DocumentSummary;
  faceMatch: FaceMatchSummary | null;
  challenges: readonly ChallengeOutcome[];
  identity: IdentityContinuity;
}

const FAILURE_TEXT: Readonly<Record<ChallengeFailure, string>> = {
  timeout: 'not done in time',
  'face-lost': 'the face left the camera',
  'no-face': 'no face was seen',
  'not-reached': 'not reached: an earlier challenge failed',
  'multiple-faces': 'a second face appeared',
  'identity-changed': 'a different person appeared',
  aborted: 'stopped by the operator',
};

/**
 * Verified only when every reason passes: a usable portrait, a face match, at least one
 * liveness challenge with all of them passed, and no change of person during the challenges
 * (single mismatching frames, e.g. mid-turn, are tolerated; a run of them is not).
 * A document whose machine-readable zone fails its check digits or has expired is rejected;
 * a document without a readable zone is allowed (some ID fronts carry none).
 */
export function decideVerdict(input: VerdictInput): { verdict: Verdict; reasons: VerdictReason[] } {
  const reasons: VerdictReason[] = [];
  const { document, faceMatch, challenges, identity } = input;

  reasons.push(document.portraitFound
    ? { code: 'portrait', passed: true, message: 'usable portrait found on the ID document', ...(document.portraitScore !== null ? { value: document.portraitScore } : {}) }
    : { code: 'portrait', passed: false, message: 'no usable portrait on the ID document' });

  if (document.mrz) {
    reasons.push({
      code: 'document-mrz',
      passed: document.mrz.valid,
      message: document.mrz.valid ? `machine-readable zone (${document.mrz.format}) read, every check digit valid` : `machine-readable zone (${document.mrz.format}) has check digits that fail`,
    });
    reasons.push({ code: 'document-expired', passed: !document.mrz.expired, message: document.mrz.expired ? 'the document has expired' : 'the document has not expired' });
  }

  if (!faceMatch) {
    reasons.push({ code: 'face-match', passed: false, message: 'the live face was not matched to the ID portrait' });
  } else {
    reasons.push({
      code: 'face-match',
      passed: faceMatch.match,
      message: `${faceMatch.match ? 'live face matches' : 'live face does not match'} the ID portrait (similarity ${faceMatch.similarity.toFixed(3)}, threshold ${faceMatch.threshold.toFixed(3)}, attempt ${faceMatch.attempts})`,
      value: faceMatch.similarity,
      threshold: faceMatch.threshold,
    });
  }

  if (challenges.length === 0) {
    reasons.push({ code: 'liveness-challenge', passed: false, message: 'no liveness challenge was completed' });
  }
  for (const c of challenges) {
    const seconds = (c.durationMs / 1000).toFixed(1);
    reasons.push({
      code: 'liveness-challenge',
      passed: c.passed,
      message: c.passed ? `${c.challenge}: passed in ${seconds} s` : `${c.challenge}: failed after ${seconds} s (${FAILURE_TEXT[c.failure ?? 'timeout']})`,
      value: c.durationMs,
    });
  }

  const continuityPassed = identity.checks > 0 && !identity.changed && !challenges.some((c) => c.failure === 'identity-changed');
  reasons.push({
    code: 'identity-continuity',
    passed: continuityPassed,
    message: identity.checks === 0
      ? 'no frame was matched against the verified face during the challenges'
      : `${identity.changed ? 'another person appeared: ' : ''}${identity.matched} of ${identity.checks} challenge frames matched the verified face${identity.minSimilarity !== null ? ` (lowest similarity ${identity.minSimilarity.toFixed(3)})` : ''}`,
    ...(identity.minSimilarity !== null ? { value: identity.minSimilarity } : {}),
    threshold: identity.threshold,
  });

  const verdict = reasons.every((r) => r.passed) ? 'verified' : 'rejected';
  return { verdict, reasons };
}

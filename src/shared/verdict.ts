/**
 * The station's decision and the record it keeps of one customer session.
 * The record holds figures and outcomes only: no image and, unless the operator's retention
 * setting allows it, no name and no document number, so it can be exported and archived
 * without carrying biometric or identifying data.
 */
import { failedMrzChecks, MRZ_CHECK_LABELS, type MrzChecks, type MrzFormat, type MrzResult } from './document-types';
import type { ChipRecord } from './chip-types';
import type { MatchDecision } from './face-types';
import { describeRecordedChallenge } from './liveness/challenges';

/**
 * A completed face match counts as one attempt; quality refusals ("move closer") do not.
 * The cap holds per customer session and per document: a document's failed matches are
 * remembered across "Next customer" and rescans (src/main/ipc/attempt-ledger.ts). A match that
 * passed does not use up the document's attempts: an attacker gains nothing from it, and the
 * verified customer's portrait template need not be kept.
 */
export const MAX_MATCH_ATTEMPTS = 3;

/**
 * Why main refused, or will refuse, further face matches: 'station' after too many failed
 * matches at this station within the window, 'document' when this document has used its
 * attempts. Figures only, so it can go in the record.
 */
export interface MatchLockout {
  scope: 'station' | 'document';
  /** Failed matches counted: within the station window, or on this document while remembered. */
  failedMatches: number;
  /** The most that are allowed (the station's N, or MAX_MATCH_ATTEMPTS). */
  limit: number;
  /** The station window, or how long the document's failures are remembered after the last. */
  windowMinutes: number;
  /** ISO time from which matching is allowed again. */
  until: string;
}

/** The lockout in words; `until` is the time as the reader should see it (ISO in the record). */
export function describeLockout(lockout: MatchLockout, until: string = lockout.until): string {
  const window = `${lockout.windowMinutes} minute${lockout.windowMinutes === 1 ? '' : 's'}`;
  return lockout.scope === 'station'
    ? `face matching is locked at this station: ${lockout.failedMatches} failed matches within ${window} reached its limit of ${lockout.limit}; it reopens at ${until}`
    : `this document has used its ${lockout.limit} match attempts (${lockout.failedMatches} failed, remembered for ${window} after the last); it can be tried again at ${until}`;
}

export type Verdict = 'verified' | 'rejected';

/**
 * Why a liveness challenge failed, as the record keeps it: src/shared/liveness
 * ChallengeSession's failures, plus what main and the operator add. The one list the type,
 * the IPC validator and the wording below are derived from.
 */
export const CHALLENGE_FAILURES = ['timeout', 'face-lost', 'no-face', 'multiple-faces', 'discontinuity', 'identity-changed', 'implausible-frames', 'not-reached', 'aborted'] as const;
export type ChallengeFailure = (typeof CHALLENGE_FAILURES)[number];

/**
 * How each failure is worded, wherever it is shown: in the record's reasons, on the result
 * page and on the liveness page (there with a capital letter, as a sentence of its own).
 */
export const CHALLENGE_FAILURE_TEXT: Readonly<Record<ChallengeFailure, string>> = {
  timeout: 'not done in time',
  'face-lost': 'the face left the camera',
  'no-face': 'no face was seen',
  'not-reached': 'not reached (an earlier challenge failed)',
  'multiple-faces': 'a second face appeared',
  'identity-changed': 'a different person appeared',
  'implausible-frames': 'the camera frames were refused (repeated, out of order or mistimed)',
  discontinuity: 'the face jumped between frames, as when one picture replaces another',
  aborted: 'stopped by the operator',
};

/**
 * Why main refused the page's liveness frames or samples (src/main/ipc/liveness-judge.ts):
 * the typed cause behind an 'implausible-frames' (or 'identity-changed', 'aborted') failure.
 */
export const LIVENESS_REFUSALS = [
  'frame-out-of-order', 'frame-from-future', 'frame-late',
  'sample-out-of-order', 'sample-too-soon', 'sample-from-future', 'sample-late', 'sample-gap',
  'sample-repeated', 'sample-still', 'too-few-samples', 'eye-state-unread', 'identity-changed',
] as const;
export type LivenessRefusalCode = (typeof LIVENESS_REFUSALS)[number];

export interface LivenessRefusal {
  code: LivenessRefusalCode;
  /** The figures behind it, for the operator and the record (no images). */
  message: string;
}

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

/** Longest supervisor name or ID the station takes (typed by the supervisor on the face page). */
export const MAX_SUPERVISOR_ID_LENGTH = 64;

/** A supervisor's decision on a referred match, as the record keeps it. */
export interface SupervisorDecision {
  decision: 'accept' | 'decline';
  /** The name or staff ID the supervisor typed, 1..MAX_SUPERVISOR_ID_LENGTH characters. */
  supervisorId: string;
  /** ISO time of the decision. */
  decidedAt: string;
}

export interface FaceMatchSummary {
  similarity: number;
  /** Accept at or above this similarity. */
  threshold: number;
  /** Decline below this similarity; between the two the match is referred to a supervisor. */
  declineBelow: number;
  /** The decision the scores gave. */
  decision: MatchDecision;
  /** Whether the face match passed: by its score, or by a supervisor accepting a referral. */
  match: boolean;
  attempts: number;
  /** The supervisor's decision on a referral; null when none was asked for or none was given. */
  supervisor: SupervisorDecision | null;
}

/**
 * How much of the holder's data the record may keep. The default keeps none: document type,
 * issuing state, expiry validity and check results are enough to audit the decision.
 */
export type DocumentDataRetention = 'checks-only' | 'names-and-numbers';
export const DEFAULT_DOCUMENT_DATA_RETENTION: DocumentDataRetention = 'checks-only';

/** The holder's identifying data from the zone; in the record only with 'names-and-numbers'. */
export interface DocumentHolder {
  surname: string;
  givenNames: string;
  documentNumber: string;
  birthDate: string | null;
  expirationDate: string | null;
  nationality: string;
}

export interface MrzSummary {
  format: MrzFormat;
  documentCode: string;
  issuingState: string;
  valid: boolean;
  expired: boolean;
  checks: MrzChecks;
  /** Present only when the operator's retention setting allows names and numbers. */
  holder?: DocumentHolder;
}

export interface DocumentSummary {
  portraitFound: boolean;
  /** Detector score of the portrait, 0..1. */
  portraitScore: number | null;
  /** Null when no machine-readable zone was read (allowed, flagged in the verdict). */
  mrz: MrzSummary | null;
}

/** What the session keeps of a zone reading; names and numbers only when `retention` allows. */
export function summarizeMrz(mrz: MrzResult, retention: DocumentDataRetention = DEFAULT_DOCUMENT_DATA_RETENTION): MrzSummary {
  const summary: MrzSummary = {
    format: mrz.format,
    documentCode: mrz.fields.documentCode,
    issuingState: mrz.fields.issuingState,
    valid: mrz.valid,
    expired: mrz.expired,
    checks: { ...mrz.checks },
  };
  if (retention === 'names-and-numbers') {
    const f = mrz.fields;
    summary.holder = { surname: f.surname, givenNames: f.givenNames, documentNumber: f.documentNumber, birthDate: f.birthDate, expirationDate: f.expirationDate, nationality: f.nationality };
  }
  return summary;
}

/**
 * One line of the decision: what was checked, the figure, and whether it passed. A flagged
 * reason passed but asks the operator to look (e.g. no machine-readable zone to check).
 */
export interface VerdictReason {
  code:
    | 'portrait'
    | 'document-mrz'
    | 'document-expired'
    | 'face-match'
    | 'liveness-challenge'
    | 'identity-continuity'
    | 'match-lockout'
    | 'document-chip';
  passed: boolean;
  /** Passed, with something the operator should check by hand. */
  flagged?: boolean;
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
  /** Set when face matching was refused or locked during the session; null otherwise. */
  matchLockout: MatchLockout | null;
  /** Set when a capture was refused as a presentation attack during the session (absent in records of older builds). */
  presentationAttack?: PresentationAttackRecord | null;
  /** The document's chip as read in the session; null when none was read (absent in records of older builds). */
  chip?: ChipRecord | null;
  liveness: {
    /** The outcomes of the liveness session the verdict was decided on: the last one run. */
    challenges: ChallengeOutcome[];
    identity: IdentityContinuity;
    /** Why main refused the page's frames, when it did (absent in records of older builds). */
    refusal?: LivenessRefusal | null;
    /** Every liveness session of the customer session, in order, the last included (absent in records of older builds). */
    attempts?: LivenessAttempt[];
  };
}

/** One liveness session (one challenge sequence) as the record keeps it. */
export interface LivenessAttempt {
  /** 1-based, in the order they ran. */
  attempt: number;
  challenges: ChallengeOutcome[];
  identity: IdentityContinuity;
  refusal: LivenessRefusal | null;
  /** Whether main would start a new sequence after it (src/shared/liveness/liveness-retry.ts). */
  retryable: boolean;
}

export interface VerdictInput {
  document: DocumentSummary;
  faceMatch: FaceMatchSummary | null;
  challenges: readonly ChallengeOutcome[];
  identity: IdentityContinuity;
  /** Absent or null: matching was never refused in the session. */
  matchLockout?: MatchLockout | null;
  /** Absent or null: no capture of the session was judged a presentation attack. */
  presentationAttack?: PresentationAttackRecord | null;
  /** Absent or null: no chip was read (the document may have none). */
  chip?: ChipRecord | null;
}

/** A capture refused as a presentation attack (a photo, a print, a screen, the ID portrait itself): why, and its figures. */
export interface PresentationAttackRecord {
  reason: string;
  /** The PAD model's P(live) for the capture, and the threshold it needed. */
  score: number;
  threshold: number;
  /** Similarity of the capture to the ID portrait. */
  similarity: number;
  at: string;
}

/**
 * A live camera picture and a printed ID portrait are different pictures: genuine pairs of
 * different photos of ../shared/facedata/verification scored at most 0.90 (the one pair above,
 * 0.98, is a photo and its own 240p copy), while the E2E still-photo attack (the ID photo held
 * to the camera) scored 0.99. At or above this the station's face check refuses the capture
 * as a presentation attack (src/main/ipc/station-handlers.ts); a match recorded above it
 * (e.g. by an older build) is still flagged for the operator.
 */
export const SAME_PICTURE_SIMILARITY = 0.95;

/**
 * Verified only when every reason passes: a usable portrait, a face match, no capture refused
 * as a presentation attack, at least one
 * liveness challenge with all of them passed, and no change of person during the challenges
 * (single mismatching frames, e.g. mid-turn, are tolerated; a run of them is not).
 * The document: a machine-readable zone whose check digits fail is rejected with advice to
 * retake it (a misread or an altered document cannot be told apart); an expired document is
 * rejected, and so is one whose expiry date fails its check digit (its validity is unknown);
 * a document without a readable zone is allowed and flagged (some ID fronts carry none, and
 * the operator then checks the data by hand).
 */
export function decideVerdict(input: VerdictInput): { verdict: Verdict; reasons: VerdictReason[] } {
  const reasons: VerdictReason[] = [];
  const { document, faceMatch, challenges, identity, matchLockout } = input;

  reasons.push(document.portraitFound
    ? { code: 'portrait', passed: true, message: 'usable portrait found on the ID document', ...(document.portraitScore !== null ? { value: document.portraitScore } : {}) }
    : { code: 'portrait', passed: false, message: 'no usable portrait on the ID document' });

  reasons.push(...documentReasons(document.mrz));

  if (input.chip) reasons.push(...chipReasons(input.chip));

  reasons.push(faceMatchReason(faceMatch));

  // Under the face match's code, so every result page and record reader already shows it: a
  // session with an attack is not verified whatever the challenges said.
  if (input.presentationAttack) {
    reasons.push({ code: 'face-match', passed: false, message: `presentation attack refused at the face check: ${input.presentationAttack.reason}`, value: input.presentationAttack.score, threshold: input.presentationAttack.threshold });
  }

  if (matchLockout) reasons.push(lockoutReason(matchLockout, faceMatch));

  if (challenges.length === 0) {
    reasons.push({ code: 'liveness-challenge', passed: false, message: 'no liveness challenge was completed' });
  }
  for (const c of challenges) {
    const seconds = (c.durationMs / 1000).toFixed(1);
    const name = describeRecordedChallenge(c.challenge);
    const failure = CHALLENGE_FAILURE_TEXT[c.failure ?? 'timeout'];
    reasons.push({
      code: 'liveness-challenge',
      passed: c.passed,
      message: c.passed ? `${name}: passed in ${seconds} s`
        : c.failure === 'not-reached' || c.failure === 'no-face' ? `${name}: ${failure}` : `${name}: failed after ${seconds} s (${failure})`,
      value: c.durationMs,
    });
  }

  reasons.push(continuityReason(identity, challenges));

  const verdict = reasons.every((r) => r.passed) ? 'verified' : 'rejected';
  return { verdict, reasons };
}

/**
 * The chip: data altered fails the session (the issuer's signature no longer covers what the
 * chip holds); a signer no installed CSCA vouches for is flagged (the data is as signed, by
 * someone the station cannot name). DG1 differing from the printed zone, and a printed
 * portrait that does not match the chip photo, fail the session too: a page altered or a face
 * glued on over a genuine chip is the forgery a chip read exists to catch, and a customer who
 * matches the chip photo would otherwise be verified on a forged page. (An OCR misreading
 * the zone cannot cause a mismatch silently: the zone only reaches the chip check with its
 * check digits as read, and the operator can rescan.)
 */
function chipReasons(chip: ChipRecord): VerdictReason[] {
  const pa = chip.passiveAuth;
  const reasons: VerdictReason[] = [pa.status === 'valid'
    ? { code: 'document-chip', passed: true, message: `document chip (${chip.accessControl}): ${pa.summary}` }
    : pa.status === 'altered'
      ? { code: 'document-chip', passed: false, message: `document chip (${chip.accessControl}): ${pa.summary}: ${pa.detail}` }
      : { code: 'document-chip', passed: true, flagged: true, message: `document chip (${chip.accessControl}): ${pa.summary}; check the document by hand` }];
  if (chip.printedZone === 'mismatch') {
    reasons.push({ code: 'document-chip', passed: false, message: 'possible tampering: the chip\'s data (DG1) differs from the printed machine-readable zone; compare the printed page with the chip by hand' });
  }
  const pc = chip.portraitAgainstChip;
  if (pc && !pc.match) {
    reasons.push({ code: 'document-chip', passed: false, message: `possible tampering: the printed portrait does not match the chip photo (similarity ${pc.similarity.toFixed(3)}, below ${pc.threshold})`, value: pc.similarity, threshold: pc.threshold });
  }
  return reasons;
}

/**
 * The face match: passed at or above the accept threshold (flagged when the two pictures are
 * all but identical); a referral passes only when a supervisor accepted it, and is flagged,
 * naming the supervisor, so the record shows the customer was let through by a person.
 */
function faceMatchReason(faceMatch: FaceMatchSummary | null): VerdictReason {
  if (!faceMatch) return { code: 'face-match', passed: false, message: 'the live face was not matched to the ID portrait' };
  const figures = `similarity ${faceMatch.similarity.toFixed(3)}, accept at ${faceMatch.threshold.toFixed(3)}, decline below ${faceMatch.declineBelow.toFixed(3)}, attempt ${faceMatch.attempts}`;
  const scores = { value: faceMatch.similarity, threshold: faceMatch.threshold };
  if (faceMatch.decision === 'refer') {
    const s = faceMatch.supervisor;
    if (!s) return { code: 'face-match', passed: false, message: `referred to a supervisor, who gave no decision (${figures}): not verified`, ...scores };
    const who = `supervisor ${s.supervisorId} ${s.decision === 'accept' ? 'accepted' : 'declined'} the referred match at ${s.decidedAt}`;
    return s.decision === 'accept'
      ? { code: 'face-match', passed: true, flagged: true, message: `${who}: the score alone was in the review band (${figures})`, ...scores }
      : { code: 'face-match', passed: false, message: `${who} (${figures})`, ...scores };
  }
  const copy = faceMatch.match && faceMatch.similarity >= SAME_PICTURE_SIMILARITY;
  return {
    code: 'face-match',
    passed: faceMatch.match,
    ...(copy ? { flagged: true } : {}),
    message: copy
      ? `the live face is all but identical to the ID portrait (${figures}): make sure the camera saw the customer, not the document's photo`
      : `${faceMatch.match ? 'live face matches' : 'live face does not match'} the ID portrait (${figures})`,
    ...scores,
  };
}

/**
 * A lockout fails the session, unless a match passed after it ended (then it is flagged, so
 * the operator sees that failed matches came before).
 */
function lockoutReason(lockout: MatchLockout, faceMatch: FaceMatchSummary | null): VerdictReason {
  const figures = { value: lockout.failedMatches, threshold: lockout.limit };
  if (faceMatch?.match) {
    return { code: 'match-lockout', passed: true, flagged: true, message: `earlier in the session ${describeLockout(lockout)}; a match passed once it reopened`, ...figures };
  }
  return { code: 'match-lockout', passed: false, message: describeLockout(lockout), ...figures };
}

/**
 * Another person (two mismatches in a row) fails. Single mismatches are tolerated, since a
 * face mid-turn matches poorly; but when not one checked frame matched (a quick gesture can
 * leave only mid-turn frames), the reason passes flagged, so the operator compares by eye.
 */
function continuityReason(identity: IdentityContinuity, challenges: readonly ChallengeOutcome[]): VerdictReason {
  const figures = {
    ...(identity.minSimilarity !== null ? { value: identity.minSimilarity } : {}),
    threshold: identity.threshold,
  };
  if (identity.checks === 0) {
    return { code: 'identity-continuity', passed: false, message: 'no frame was matched against the verified face during the challenges', ...figures };
  }
  const counts = `${identity.matched} of ${identity.checks} challenge frames matched the verified face${identity.minSimilarity !== null ? ` (lowest similarity ${identity.minSimilarity.toFixed(3)})` : ''}`;
  if (identity.changed || challenges.some((c) => c.failure === 'identity-changed')) {
    return { code: 'identity-continuity', passed: false, message: `another person appeared: ${counts}`, ...figures };
  }
  if (identity.matched === 0) {
    return { code: 'identity-continuity', passed: true, flagged: true, message: `compare the customer with the ID photo by eye: ${counts}, but never two mismatches in a row`, ...figures };
  }
  return { code: 'identity-continuity', passed: true, message: `same person throughout: ${counts}`, ...figures };
}

function documentReasons(mrz: MrzSummary | null): VerdictReason[] {
  if (!mrz) {
    return [{ code: 'document-mrz', passed: true, flagged: true, message: 'no machine-readable zone was read (allowed): check the document\'s data and validity by hand' }];
  }
  const failed = failedMrzChecks(mrz.checks).map((k) => MRZ_CHECK_LABELS[k]);
  const zone = {
    code: 'document-mrz' as const,
    passed: mrz.valid,
    message: mrz.valid
      ? `machine-readable zone (${mrz.format}) read, every check digit valid`
      : `machine-readable zone (${mrz.format})${failed.length === 0 ? ' does not validate' : `: the ${joinList(failed)} check digit${failed.length === 1 ? ' fails' : 's fail'}`}; retake the picture flat, sharp and without glare`,
  };
  const expiry: VerdictReason = !mrz.checks.expirationDate
    ? { code: 'document-expired', passed: false, message: 'the expiry date cannot be trusted (its check digit fails): the document\'s validity is unknown' }
    : mrz.expired
      ? { code: 'document-expired', passed: false, message: 'the document has expired: ask for a valid document' }
      : { code: 'document-expired', passed: true, message: 'the document has not expired' };
  return [zone, expiry];
}

function joinList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * The station's decision and the record it keeps of one customer session.
 * The record holds figures and outcomes only: no image and, unless the operator's retention
 * setting allows it, no name and no document number, so it can be exported and archived
 * without carrying biometric or identifying data.
 */
import { failedMrzChecks, zoneHasExpiry, type MrzChecks, type MrzFormat, type MrzResult, type PortraitAgeCheck, type PrintedDatesCheck, type PrintedSexCheck } from './document-types';
import type { ChipRecord } from './chip-types';
import type { MatchDecision } from './face-types';
import { recordedChallengeMessage } from './liveness/challenges';
import { msg, plural, type MessageParam, type MessageRef } from './messages/catalogue';
import { english } from './messages/translator';

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

/** The lockout as a message; `until` is the time as the reader should see it (by default the moment, in the reader's locale). */
export function lockoutMessage(lockout: MatchLockout, until: MessageParam = { moment: lockout.until }): MessageRef {
  const params = { failed: lockout.failedMatches, limit: lockout.limit, window: plural('unit.minutes', lockout.windowMinutes), until };
  return lockout.scope === 'station' ? msg('lockout.station', params) : msg('lockout.document', params);
}

/** The lockout in English words, as the record and main's errors give it. */
export function describeLockout(lockout: MatchLockout, until: MessageParam = { moment: lockout.until }): string {
  return english(lockoutMessage(lockout, until));
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
 * The words are the catalogue's `failure.*` messages.
 */
export function challengeFailureMessage(failure: ChallengeFailure): MessageRef {
  return msg(`failure.${failure}`);
}

/** Each failure in English, as the record gives it. */
export const CHALLENGE_FAILURE_TEXT: Readonly<Record<ChallengeFailure, string>> = Object.fromEntries(
  CHALLENGE_FAILURES.map((f) => [f, english(challengeFailureMessage(f))]),
) as Record<ChallengeFailure, string>;

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

/** Longest reason a supervisor may give for overriding a blocked document. */
export const MAX_OVERRIDE_REASON_LENGTH = 200;

/**
 * A supervisor's override of a document the station blocks, as main recorded it. Only an
 * expired document may be overridden (many banks accept a recently expired ID under their
 * own policy, decided by a person). Never a zone whose check digits fail: a misread and an
 * altered zone cannot be told apart, so nothing read from it can be trusted; never a chip
 * whose data was altered, disagrees with the printed zone or portrait, or whose signature fails.
 */
export interface DocumentOverride {
  block: 'expired';
  /** The name or staff ID the supervisor typed, 1..MAX_SUPERVISOR_ID_LENGTH characters. */
  supervisorId: string;
  /** Why, as the supervisor typed it, 1..MAX_OVERRIDE_REASON_LENGTH characters. */
  reason: string;
  /** ISO time of the decision. */
  decidedAt: string;
}

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
  /**
   * The zone's birth date and expiry against the dates printed on the document (src/main/document/printed-dates.ts);
   * null or absent: no zone was read, or a record of an older build.
   */
  printedDates?: PrintedDatesCheck | null;
  /**
   * The zone's sex against the one printed on the document (src/main/document/printed-sex.ts);
   * null or absent: no zone was read, or a record of an older build.
   */
  printedSex?: PrintedSexCheck | null;
  /**
   * The portrait's apparent age against the zone's birth date (src/main/document/portrait-age.ts);
   * null or absent: no zone, no usable portrait, or a record of an older build.
   */
  portraitAge?: PortraitAgeCheck | null;
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
    | 'document-chip'
    | 'document-printed'
    | 'portrait-age';
  passed: boolean;
  /** Passed, with something the operator should check by hand. */
  flagged?: boolean;
  /** In English, for the record's readers and the logs: `text` rendered by the English catalogue. */
  message: string;
  /** The same, to be shown in the operator's language (absent in records of older builds). */
  text?: MessageRef;
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
  /** Set when the face check left its picture for the liveness samples to confirm (absent in records of older builds). */
  presentationDeferral?: PresentationDeferral | null;
  /** Set when a supervisor overrode the document's expiry (absent in records of older builds). */
  documentOverride?: DocumentOverride | null;
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
  /** Absent or null: no supervisor overrode a blocked document. */
  documentOverride?: DocumentOverride | null;
}

/** A capture refused as a presentation attack (a photo, a print, a screen, the ID portrait itself): why, and its figures. */
export interface PresentationAttackRecord {
  /** Why, in English. */
  reason: string;
  /** The same, one message per finding, shown in the reader's language (absent in records of older builds: `reason` is shown). */
  findings?: MessageRef[];
  /** The PAD model's P(live) for the capture (the median over the samples for the liveness checks), and the threshold it needed. */
  score: number;
  threshold: number;
  /** Similarity of the capture to the ID portrait (the face check only). */
  similarity?: number;
  /** Where it was found: the face check's capture, or the liveness checks' camera samples (absent in records of older builds: the face check). */
  stage?: 'face-check' | 'liveness';
  at: string;
}

/**
 * The face check's picture that only the presentation-attack model doubted, and not by much
 * (P(live) between the floor and the threshold): the match went on and the liveness checks'
 * samples had to confirm a live presentation (src/main/vision/face-check-presentation.ts).
 */
export interface PresentationDeferral {
  score: number;
  threshold: number;
  floor: number;
  /** null until the liveness samples were judged; false also when they could not be. */
  confirmed: boolean | null;
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
    ? reason('portrait', true, msg('reason.portrait.found'), document.portraitScore !== null ? { value: document.portraitScore } : {})
    : reason('portrait', false, msg('reason.portrait.missing')));

  reasons.push(...documentReasons(document.mrz, input.documentOverride ?? null));
  if (document.mrz && document.printedDates) reasons.push(...printedDateReasons(document.printedDates, document.printedSex ?? null));
  if (document.mrz && document.portraitAge) reasons.push(portraitAgeReason(document.portraitAge));

  if (input.chip) reasons.push(...chipReasons(input.chip));

  reasons.push(faceMatchReason(faceMatch));

  // Under the face match's code, so every result page and record reader already shows it: a
  // session with an attack is not verified whatever the challenges said.
  if (input.presentationAttack) {
    const attack = input.presentationAttack;
    reasons.push(reason('face-match', false, msg(attack.stage === 'liveness' ? 'reason.attackDuringLiveness' : 'reason.attack', { reason: attack.findings && attack.findings.length > 0 ? { list: attack.findings } : attack.reason }), { value: attack.score, threshold: attack.threshold }));
  }

  if (matchLockout) reasons.push(lockoutReason(matchLockout, faceMatch));

  if (challenges.length === 0) {
    reasons.push(reason('liveness-challenge', false, msg('reason.liveness.none')));
  }
  for (const c of challenges) {
    // Rounded as the records of earlier builds were (toFixed), so the same duration reads the same.
    const seconds = { fixed: Number((c.durationMs / 1000).toFixed(1)), digits: 1 };
    const challenge = recordedChallengeMessage(c.challenge);
    const failure = challengeFailureMessage(c.failure ?? 'timeout');
    const text = c.passed ? msg('reason.liveness.passed', { challenge, seconds })
      : c.failure === 'not-reached' || c.failure === 'no-face' ? msg('reason.liveness.notRun', { challenge, failure }) : msg('reason.liveness.failed', { challenge, seconds, failure });
    reasons.push(reason('liveness-challenge', c.passed, text, { value: c.durationMs }));
  }

  reasons.push(continuityReason(identity, challenges));

  const verdict = reasons.every((r) => r.passed) ? 'verified' : 'rejected';
  return { verdict, reasons };
}

/** A reason whose English message is rendered from its text, so the two never differ. */
function reason(code: VerdictReason['code'], passed: boolean, text: MessageRef, extra: Pick<VerdictReason, 'flagged' | 'value' | 'threshold'> = {}): VerdictReason {
  return { code, passed, ...(extra.flagged ? { flagged: true } : {}), message: english(text), text, ...(extra.value !== undefined ? { value: extra.value } : {}), ...(extra.threshold !== undefined ? { threshold: extra.threshold } : {}) };
}

/** A similarity as the record gives it: three decimals, in the reader's locale. */
function similarity(value: number): { fixed: number; digits: number } {
  return { fixed: value, digits: 3 };
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
/** Pure: whether the chip read says the document is not genuine (altered data, a zone or portrait that disagrees). */
export function chipFailsDocument(chip: ChipRecord): boolean {
  return chipReasons(chip).some((r) => !r.passed);
}

function chipReasons(chip: ChipRecord): VerdictReason[] {
  const pa = chip.passiveAuth;
  // Records of older builds carry only the English summary and detail.
  const about = { access: chip.accessControl, summary: pa.summaryMessage ?? pa.summary };
  const reasons: VerdictReason[] = [pa.status === 'valid'
    ? reason('document-chip', true, msg('reason.chip.valid', about))
    : pa.status === 'altered'
      ? reason('document-chip', false, msg('reason.chip.altered', { ...about, detail: pa.detailMessage ?? pa.detail }))
      : reason('document-chip', true, msg('reason.chip.untrusted', about), { flagged: true })];
  if (chip.printedZone === 'mismatch') {
    reasons.push(reason('document-chip', false, msg('reason.chip.zoneMismatch')));
  }
  const pc = chip.portraitAgainstChip;
  if (pc && !pc.match) {
    reasons.push(reason('document-chip', false, msg('reason.chip.portraitMismatch', { similarity: similarity(pc.similarity), threshold: pc.threshold }), { value: pc.similarity, threshold: pc.threshold }));
  }
  return reasons;
}

/**
 * The face match: passed at or above the accept threshold (flagged when the two pictures are
 * all but identical); a referral passes only when a supervisor accepted it, and is flagged,
 * naming the supervisor, so the record shows the customer was let through by a person.
 */
function faceMatchReason(faceMatch: FaceMatchSummary | null): VerdictReason {
  if (!faceMatch) return reason('face-match', false, msg('reason.face.none'));
  const figures = msg('reason.face.figures', { similarity: similarity(faceMatch.similarity), accept: similarity(faceMatch.threshold), decline: similarity(faceMatch.declineBelow), attempt: faceMatch.attempts });
  const scores = { value: faceMatch.similarity, threshold: faceMatch.threshold };
  if (faceMatch.decision === 'refer') {
    const s = faceMatch.supervisor;
    if (!s) return reason('face-match', false, msg('reason.face.referNoDecision', { figures }), scores);
    const who = { name: s.supervisorId, time: { moment: s.decidedAt }, figures };
    return s.decision === 'accept'
      ? reason('face-match', true, msg('reason.face.supervisorAccepted', who), { ...scores, flagged: true })
      : reason('face-match', false, msg('reason.face.supervisorDeclined', who), scores);
  }
  const copy = faceMatch.match && faceMatch.similarity >= SAME_PICTURE_SIMILARITY;
  const text = copy ? msg('reason.face.samePicture', { figures }) : faceMatch.match ? msg('reason.face.match', { figures }) : msg('reason.face.noMatch', { figures });
  return reason('face-match', faceMatch.match, text, { ...scores, flagged: copy });
}

/**
 * A lockout fails the session, unless a match passed after it ended (then it is flagged, so
 * the operator sees that failed matches came before).
 */
function lockoutReason(lockout: MatchLockout, faceMatch: FaceMatchSummary | null): VerdictReason {
  const figures = { value: lockout.failedMatches, threshold: lockout.limit };
  if (faceMatch?.match) {
    return reason('match-lockout', true, msg('reason.lockout.reopened', { lockout: lockoutMessage(lockout) }), { ...figures, flagged: true });
  }
  return reason('match-lockout', false, lockoutMessage(lockout), figures);
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
    return reason('identity-continuity', false, msg('reason.continuity.none'), figures);
  }
  const counts = identity.minSimilarity !== null
    ? msg('reason.continuity.countsLowest', { matched: identity.matched, checks: identity.checks, lowest: similarity(identity.minSimilarity) })
    : msg('reason.continuity.counts', { matched: identity.matched, checks: identity.checks });
  if (identity.changed || challenges.some((c) => c.failure === 'identity-changed')) {
    return reason('identity-continuity', false, msg('reason.continuity.changed', { counts }), figures);
  }
  if (identity.matched === 0) {
    return reason('identity-continuity', true, msg('reason.continuity.byEye', { counts }), { ...figures, flagged: true });
  }
  return reason('identity-continuity', true, msg('reason.continuity.same', { counts }), figures);
}

/**
 * The printed dates and sex against the zone's: each field that differs is its own flagged reason (soft:
 * the OCR of a page can misread, and only the operator holding the document can tell), the
 * dates the page confirms one passed reason; a page whose dates could not be read says so.
 */
function printedDateReasons(printed: PrintedDatesCheck, sex: PrintedSexCheck | null): VerdictReason[] {
  if (printed.problem !== undefined) return [reason('document-printed', true, msg('reason.printed.failed', { problem: printed.problem }), { flagged: true })];
  const fields = (['birthDate', 'expirationDate'] as const);
  const out: VerdictReason[] = [];
  for (const field of fields) {
    const check = printed[field];
    if (check.status === 'differs') out.push(reason('document-printed', true, msg('reason.printed.differs', { field: msg(`mrzCheck.${field}`), part: msg(`datePart.${check.part}`) }), { flagged: true }));
  }
  if (sex?.status === 'differs') out.push(reason('document-printed', true, msg('reason.printed.sexDiffers'), { flagged: true }));
  const matching = [...fields.filter((f) => printed[f].status === 'matches').map((f) => msg(`mrzCheck.${f}`)), ...(sex?.status === 'matches' ? [msg('printedField.sex')] : [])];
  if (matching.length > 0) out.push(reason('document-printed', true, msg('reason.printed.matches', { fields: { list: matching } })));
  if (out.length === 0) out.push(reason('document-printed', true, msg('reason.printed.notRead')));
  return out;
}

/**
 * The portrait's apparent age against the birth date: soft, as an estimate errs by years (and
 * people do look young or old for their age), so a difference is flagged for the operator to
 * compare the customer, the photo and the date, never a refusal.
 */
function portraitAgeReason(check: PortraitAgeCheck): VerdictReason {
  if (check.status === 'differs') return reason('portrait-age', true, msg(check.looks === 'younger' ? 'reason.portraitAge.younger' : 'reason.portraitAge.older', { years: check.years }), { flagged: true });
  if (check.status === 'not-judged') return reason('portrait-age', true, msg('reason.portraitAge.notJudged', { problem: check.problem }));
  return reason('portrait-age', true, msg('reason.portraitAge.consistent'));
}

function documentReasons(mrz: MrzSummary | null, override: DocumentOverride | null): VerdictReason[] {
  if (!mrz) {
    return [reason('document-mrz', true, msg('reason.mrz.none'), { flagged: true })];
  }
  const failed = failedMrzChecks(mrz.checks).map((k) => msg(`mrzCheck.${k}`));
  const zone = reason('document-mrz', mrz.valid, mrz.valid
    ? msg('reason.mrz.valid', { format: mrz.format })
    : failed.length === 0
      ? msg('reason.mrz.invalid', { format: mrz.format })
      : plural('reason.mrz.failedChecks', failed.length, { format: mrz.format, checks: { list: failed } }));
  const expiry = !zoneHasExpiry(mrz)
    ? reason('document-expired', true, msg('reason.expiry.noExpiry', { format: mrz.format }), { flagged: true })
    : !mrz.checks.expirationDate
    ? reason('document-expired', false, msg('reason.expiry.untrusted'))
    : mrz.expired
      // A person let it through: passed, flagged, and naming them, so the record shows who and why.
      ? override?.block === 'expired' && mrz.valid
        ? reason('document-expired', true, msg('reason.expiry.overridden', { name: override.supervisorId, time: { moment: override.decidedAt }, reason: override.reason }), { flagged: true })
        : reason('document-expired', false, msg('reason.expiry.expired'))
      : reason('document-expired', true, msg('reason.expiry.valid'));
  return [zone, expiry];
}

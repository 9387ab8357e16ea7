/**
 * How the result page words the decision: labels for each reason, its state, and the
 * headline. Pure, so what the operator reads is specified by tests.
 */
import { CHALLENGE_FAILURE_TEXT, describeLockout, type ChallengeFailure, type ChallengeOutcome, type MatchLockout, type SessionRecord, type VerdictReason } from '../../shared/verdict';
import { describeRecordedChallenge } from '../../shared/liveness/challenges';
import { RETRYABLE_FAILURES } from '../../shared/liveness/liveness-retry';
import { callStation, errorMessage } from './station-api';

export const REASON_LABELS: Readonly<Record<VerdictReason['code'], string>> = {
  portrait: 'ID portrait',
  'document-mrz': 'Document data (MRZ)',
  'document-expired': 'Document validity',
  'face-match': 'Face match',
  'liveness-challenge': 'Liveness',
  'identity-continuity': 'Same person throughout',
  'match-lockout': 'Match attempts',
  'document-chip': 'Document chip',
};

export type ReasonState = 'passed' | 'failed' | 'check by hand';

export function reasonState(reason: VerdictReason): ReasonState {
  if (!reason.passed) return 'failed';
  return reason.flagged ? 'check by hand' : 'passed';
}

/** A challenge outcome's state on the result page: passed, or why it failed. */
export function challengeOutcomeText(outcome: ChallengeOutcome): string {
  return outcome.passed ? 'passed' : CHALLENGE_FAILURE_TEXT[outcome.failure ?? 'aborted'];
}

/** A failure as a sentence of its own, as the liveness page shows it. */
export function failureSentence(failure: ChallengeFailure): string {
  const text = CHALLENGE_FAILURE_TEXT[failure];
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Tips for the customer after a failed liveness session, naming the challenge that failed:
 * only for the failures a new sequence may follow (a gesture missed, the face out of view);
 * none after a pass or for a failure that is not retried.
 */
export function livenessTips(outcomes: readonly ChallengeOutcome[]): string[] {
  const missed = outcomes.find((o) => !o.passed && o.failure !== 'not-reached');
  if (!missed || !RETRYABLE_FAILURES.includes(missed.failure ?? 'aborted')) return [];
  const asked = describeRecordedChallenge(missed.challenge);
  const tips = missed.failure === 'timeout'
    ? [`"${asked}" was not seen in time: do each gesture as soon as it is shown, clearly, then hold still.`]
    : [`The face was not in view during "${asked}": keep your whole face inside the oval.`];
  tips.push('Face the light: a window or lamp in front of you, not behind you.');
  if (missed.challenge.startsWith('turn-')) tips.push('Turn your head slowly, then come back to face the camera.');
  tips.push('Remove a hat or sunglasses if you wear them.');
  return tips;
}

export interface Headline {
  title: string;
  detail: string;
}

/** The banner: the verdict, and what the operator does next. */
export function verdictHeadline(record: SessionRecord): Headline {
  const failed = record.reasons.filter((r) => !r.passed);
  const flagged = record.reasons.filter((r) => r.passed && r.flagged);
  if (record.verdict === 'verified') {
    return {
      title: 'Identity verified',
      detail: flagged.length === 0 ? 'Every check passed.' : `Every check passed; ${flagged.length} ${flagged.length === 1 ? 'item needs' : 'items need'} a check by hand.`,
    };
  }
  const labels = [...new Set(failed.map((r) => REASON_LABELS[r.code].toLowerCase()))];
  return { title: 'Not verified', detail: labels.length > 0 ? `Failed: ${labels.join(', ')}. See the reasons below.` : 'See the reasons below.' };
}

/** Saves the record through main's save dialog; resolves to the note the page shows. */
export async function exportSessionRecord(): Promise<string> {
  try {
    const reply = await callStation('exportRecord', {});
    return reply.saved ? `Record saved to ${reply.path}` : 'Export cancelled.';
  } catch (err) {
    return `The record was not saved: ${errorMessage(err).message}`;
  }
}

/**
 * What the face page says when matching is refused: the lockout with its time in the
 * station's local clock, and what the operator does.
 */
export function lockoutNotice(lockout: MatchLockout): string {
  const until = new Date(lockout.until).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const text = describeLockout(lockout, until);
  return `${text[0].toUpperCase()}${text.slice(1)}. Finish the session as not verified.`;
}

/** The lockout an error reply from face:verify carries (MATCH_LOCKED_OUT, ATTEMPTS_EXHAUSTED), if any. */
export function lockoutOf(details: Record<string, unknown> | undefined): MatchLockout | null {
  const l = details?.lockout as Partial<MatchLockout> | undefined;
  if (!l || (l.scope !== 'station' && l.scope !== 'document') || typeof l.until !== 'string' || typeof l.failedMatches !== 'number'
    || typeof l.limit !== 'number' || typeof l.windowMinutes !== 'number') return null;
  return l as MatchLockout;
}

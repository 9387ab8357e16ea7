/**
 * How the result page words the decision: labels for each reason, its state, and the
 * headline, in the language the Translator speaks. Pure, so what the operator reads is
 * specified by tests.
 */
import { recordedChallengeMessage } from '../../shared/liveness/challenges';
import { RETRYABLE_FAILURES } from '../../shared/liveness/liveness-retry';
import { msg, plural } from '../../shared/messages/catalogue';
import type { Translator } from '../../shared/messages/translator';
import { challengeFailureMessage, lockoutMessage, type ChallengeFailure, type ChallengeOutcome, type MatchLockout, type SessionRecord, type VerdictReason } from '../../shared/verdict';
import { errorText } from './locale';
import { callStation } from './station-api';

export function reasonLabel(code: VerdictReason['code'], t: Translator): string {
  return t.t(`reasonLabel.${code}`);
}

export type ReasonState = 'passed' | 'failed' | 'check by hand';

export function reasonState(reason: VerdictReason): ReasonState {
  if (!reason.passed) return 'failed';
  return reason.flagged ? 'check by hand' : 'passed';
}

export function reasonStateText(state: ReasonState, t: Translator): string {
  return t.t(`reasonState.${state}`);
}

/** A reason's details in the operator's language; a record of an older build has only its English message. */
export function reasonText(reason: VerdictReason, t: Translator): string {
  return reason.text ? t.ref(reason.text) : reason.message;
}

/** A challenge outcome's state on the result page: passed, or why it failed. */
export function challengeOutcomeText(outcome: ChallengeOutcome, t: Translator): string {
  return outcome.passed ? t.t('reasonState.passed') : t.ref(challengeFailureMessage(outcome.failure ?? 'aborted'));
}

/** A failure as a sentence of its own, as the liveness page shows it. */
export function failureSentence(failure: ChallengeFailure, t: Translator): string {
  return capitalised(t.ref(challengeFailureMessage(failure)), t);
}

/**
 * Tips for the customer after a failed liveness session, naming the challenge that failed:
 * only for the failures a new sequence may follow (a gesture missed, the face out of view);
 * none after a pass or for a failure that is not retried.
 */
export function livenessTips(outcomes: readonly ChallengeOutcome[], t: Translator): string[] {
  const missed = outcomes.find((o) => !o.passed && o.failure !== 'not-reached');
  if (!missed || !RETRYABLE_FAILURES.includes(missed.failure ?? 'aborted')) return [];
  const recorded = recordedChallengeMessage(missed.challenge);
  const asked = typeof recorded === 'string' ? recorded : t.ref(recorded);
  const tips = [t.t(missed.failure === 'timeout' ? 'tip.notInTime' : 'tip.faceOutOfView', { challenge: asked })];
  tips.push(t.t('tip.light'));
  if (missed.challenge.startsWith('turn-')) tips.push(t.t('tip.turnSlowly'));
  tips.push(t.t('tip.hat'));
  return tips;
}

export interface Headline {
  title: string;
  detail: string;
}

/** The banner: the verdict, and what the operator does next. */
export function verdictHeadline(record: SessionRecord, t: Translator): Headline {
  const failed = record.reasons.filter((r) => !r.passed);
  const flagged = record.reasons.filter((r) => r.passed && r.flagged);
  if (record.verdict === 'verified') {
    return {
      title: t.t('verdict.verified'),
      detail: flagged.length === 0 ? t.t('verdict.allPassed') : t.ref(plural('verdict.flagged', flagged.length)),
    };
  }
  const labels = [...new Set(failed.map((r) => reasonLabel(r.code, t).toLocaleLowerCase(t.locale)))];
  return {
    title: t.t('verdict.notVerified'),
    detail: labels.length > 0 ? t.t('verdict.failed', { checks: labels.join(', ') }) : t.t('verdict.seeReasons'),
  };
}

/** Saves the record through main's save dialog; resolves to the note the page shows. */
export async function exportSessionRecord(t: Translator): Promise<string> {
  try {
    const reply = await callStation('exportRecord', {});
    return reply.saved ? t.t('export.saved', { path: reply.path }) : t.t('export.cancelled');
  } catch (err) {
    return t.t('export.failed', { reason: errorText(err, t) });
  }
}

/**
 * What the face page says when matching is refused: the lockout with its time in the
 * station's local clock, and what the operator does.
 */
export function lockoutNotice(lockout: MatchLockout, t: Translator): string {
  return capitalised(t.ref(msg('lockout.notice', { lockout: lockoutMessage(lockout, t.time(lockout.until)) })), t);
}

/** The lockout an error reply from face:verify carries (MATCH_LOCKED_OUT, ATTEMPTS_EXHAUSTED), if any. */
export function lockoutOf(details: Record<string, unknown> | undefined): MatchLockout | null {
  const l = details?.lockout as Partial<MatchLockout> | undefined;
  if (!l || (l.scope !== 'station' && l.scope !== 'document') || typeof l.until !== 'string' || typeof l.failedMatches !== 'number'
    || typeof l.limit !== 'number' || typeof l.windowMinutes !== 'number') return null;
  return l as MatchLockout;
}

function capitalised(text: string, t: Translator): string {
  return text.charAt(0).toLocaleUpperCase(t.locale) + text.slice(1);
}

/**
 * Which failed liveness sessions the customer may try again with a new sequence: only those
 * where the customer was not ready, never those that put the person or the camera in doubt.
 */
import { RETRYABLE_FAILURES, whyNotRetryable } from '../../../src/shared/liveness/liveness-retry';
import { CHALLENGE_FAILURES, type ChallengeFailure, type ChallengeOutcome } from '../../../src/shared/verdict';

const failed = (failure: ChallengeFailure, challenge = 'smile'): ChallengeOutcome => ({ challenge, passed: false, durationMs: 7000, failure });
const passed = (challenge = 'blink:2'): ChallengeOutcome => ({ challenge, passed: true, durationMs: 1200 });
const end = (outcomes: ChallengeOutcome[], extra: { refusal?: { code: 'sample-repeated'; message: string }; identityInDoubt?: boolean } = {}) =>
  whyNotRetryable({ outcomes, refusal: extra.refusal ?? null, identityInDoubt: extra.identityInDoubt ?? false });

describe('whyNotRetryable: a new challenge sequence only for a customer who was not ready', () => {
  it('retries a gesture not done in time, and a face out of view, with the later challenges not reached', () => {
    expect(end([passed(), failed('timeout'), failed('not-reached', 'turn-left')])).toBeNull();
    expect(end([failed('no-face')])).toBeNull();
    expect(end([failed('face-lost'), failed('not-reached')])).toBeNull();
  });

  it('never retries another person, a second face, a picture swapped in, or a session stopped while it ran', () => {
    const doubtful = CHALLENGE_FAILURES.filter((f) => !RETRYABLE_FAILURES.includes(f) && f !== 'not-reached');
    expect(doubtful).toEqual(['multiple-faces', 'discontinuity', 'identity-changed', 'implausible-frames', 'aborted']);
    for (const failure of doubtful) expect(end([failed('timeout', 'blink:2'), failed(failure)])).toMatch(new RegExp(`failed as ${failure}`));
  });

  it('never retries when main refused the frames or the last picture was not the verified face, whatever the outcomes say', () => {
    expect(end([failed('timeout')], { refusal: { code: 'sample-repeated', message: 'repeated' } })).toMatch(/refused the camera frames \(sample-repeated\)/);
    expect(end([failed('timeout')], { identityInDoubt: true })).toMatch(/did not match the verified face/);
  });

  it('has nothing to retry after a pass', () => {
    expect(end([passed(), passed('smile')])).toBe('the liveness check passed');
  });
});

/**
 * What the record says about each challenge once the liveness session is over: how long
 * each took, and why each that did not pass failed.
 */
import { ChallengeSession, type ChallengeProgress, type SessionState } from '../../../src/shared/liveness/challenge-session';
import { parseChallengeList } from '../../../src/shared/liveness/challenges';
import { challengeOutcomes } from '../../../src/shared/liveness/challenge-outcomes';

function session(status: SessionState['status'], progress: Partial<ChallengeProgress>[], failure?: SessionState['failure']): SessionState {
  const challenges = parseChallengeList('turn-right,smile,blink:2');
  return {
    status,
    current: Math.max(0, progress.findIndex((p) => p.status === 'active')),
    challenges: challenges.map((challenge, i) => ({ challenge, name: ['turn-right', 'smile', 'blink:2'][i], status: 'pending', progress: 0, ...progress[i] })),
    events: [],
    ...(failure ? { failure } : {}),
  };
}

describe('challengeOutcomes', () => {
  it('gives each passed challenge the time from its instruction to the gesture', () => {
    const state = session('passed', [
      { status: 'passed', startedAtMs: 1000, passedAtMs: 2450 },
      { status: 'passed', startedAtMs: 2450, passedAtMs: 5000 },
      { status: 'passed', startedAtMs: 5000, passedAtMs: 6234.6 },
    ]);
    expect(challengeOutcomes(state, 6300)).toEqual([
      { challenge: 'turn-right', passed: true, durationMs: 1450 },
      { challenge: 'smile', passed: true, durationMs: 2550 },
      { challenge: 'blink:2', passed: true, durationMs: 1235 },
    ]);
  });

  it('records a timeout with its duration, and the challenges after it as not reached', () => {
    const state = session('failed', [
      { status: 'passed', startedAtMs: 0, passedAtMs: 1200 },
      { status: 'failed', startedAtMs: 1200, failure: 'timeout' },
    ], 'timeout');
    expect(challengeOutcomes(state, 8200)).toEqual([
      { challenge: 'turn-right', passed: true, durationMs: 1200 },
      { challenge: 'smile', passed: false, durationMs: 7000, failure: 'timeout' },
      { challenge: 'blink:2', passed: false, durationMs: 0, failure: 'not-reached' },
    ]);
  });

  it('says no face was seen when the session ended before any face appeared', () => {
    // The liveness page ends a session that waited 10 s for a face with finish().
    const waited = new ChallengeSession(parseChallengeList('turn-right,smile,blink:2'));
    const outcomes = challengeOutcomes(waited.finish(), 10_000);
    expect(outcomes.map((o) => [o.passed, o.durationMs, o.failure])).toEqual([[false, 0, 'no-face'], [false, 0, 'no-face'], [false, 0, 'no-face']]);
    expect(challengeOutcomes(session('waiting-for-face', []), 10_000)[0].failure).toBe('no-face');
  });

  it('keeps the session\'s own reason: the face left, or a second face appeared', () => {
    const lost = challengeOutcomes(session('failed', [{ status: 'failed', startedAtMs: 500, failure: 'face-lost' }], 'face-lost'), 2500);
    expect(lost[0]).toEqual({ challenge: 'turn-right', passed: false, durationMs: 2000, failure: 'face-lost' });
    const crowd = challengeOutcomes(session('failed', [{ status: 'failed', startedAtMs: 500, failure: 'multiple-faces' }], 'multiple-faces'), 900);
    expect(crowd[0].failure).toBe('multiple-faces');
  });

  it('blames a change of person found by main on the challenge that was running', () => {
    const running = session('running', [{ status: 'passed', startedAtMs: 0, passedAtMs: 900 }, { status: 'active', startedAtMs: 900 }]);
    expect(challengeOutcomes(running, 2400, 'identity-changed')).toEqual([
      { challenge: 'turn-right', passed: true, durationMs: 900 },
      { challenge: 'smile', passed: false, durationMs: 1500, failure: 'identity-changed' },
      { challenge: 'blink:2', passed: false, durationMs: 0, failure: 'not-reached' },
    ]);
  });

  it('calls a challenge cut short (the page left, the recording ended) aborted', () => {
    const running = session('running', [{ status: 'active', startedAtMs: 300 }]);
    expect(challengeOutcomes(running, 1300)[0]).toEqual({ challenge: 'turn-right', passed: false, durationMs: 1000, failure: 'aborted' });
    const ended = session('failed', [{ status: 'failed', startedAtMs: 300, failure: 'ended' }], 'ended');
    expect(challengeOutcomes(ended, 1300)[0].failure).toBe('aborted');
  });

  it('never reports a negative duration when the clock went backwards', () => {
    const running = session('running', [{ status: 'active', startedAtMs: 5000 }]);
    expect(challengeOutcomes(running, 4000)[0].durationMs).toBe(0);
  });
});

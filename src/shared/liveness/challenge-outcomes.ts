import type { SessionState } from './challenge-session';
import type { ChallengeFailure, ChallengeOutcome } from '../verdict';

/** What the record says about each challenge once the session is over. */
export function challengeOutcomes(state: SessionState, endedAtMs: number, override?: ChallengeFailure): ChallengeOutcome[] {
  return state.challenges.map((c) => {
    const start = c.startedAtMs;
    if (c.status === 'passed') return { challenge: c.name, passed: true, durationMs: Math.round((c.passedAtMs ?? endedAtMs) - (start ?? endedAtMs)) };
    const durationMs = start === undefined ? 0 : Math.max(0, Math.round(endedAtMs - start));
    // A session that never saw a face fails every challenge it never started with 'no-face'.
    const noFace = state.status === 'waiting-for-face' || state.failure === 'no-face' || c.failure === 'no-face';
    if (start === undefined) return { challenge: c.name, passed: false, durationMs, failure: noFace ? 'no-face' : 'not-reached' };
    const failure: ChallengeFailure = override ?? (c.failure === 'ended' ? 'aborted' : c.failure ?? 'aborted');
    return { challenge: c.name, passed: false, durationMs, failure };
  });
}

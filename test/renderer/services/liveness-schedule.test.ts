/**
 * The liveness step's schedule: which frames go to main for the identity check, and when the
 * session ends, on synthetic landmark frames at 15 frames/s. Main's identity check is the
 * function the page would send the frame with; here it answers as main would.
 */
import type { IdentityCheck } from '../../../src/shared/ipc-contract';
import { parseChallengeList } from '../../../src/shared/liveness/challenges';
import type { LandmarkFrame } from '../../../src/shared/liveness/landmark-frame';
import type { ChallengeOutcome } from '../../../src/shared/verdict';
import { FINAL_CHECK_WAIT_MS, IDENTITY_CHECK_INTERVAL_MS, LivenessSchedule, WAIT_FOR_FACE_MS } from '../../../src/renderer/services/liveness-schedule';
import { StationError } from '../../../src/renderer/services/station-api';
import { frames, type Scene } from '../../shared/liveness/synthetic-face';

const SAME: IdentityCheck = { faceCount: 1, similarity: 0.7, sameIdentity: true, identityChanged: false, threshold: 0.4 };
const STEP_MS = 1000 / 15;

/** Frontal, a turn to the right from 1 s to 2 s, frontal again. */
const turnRight = (t: number): Scene => (t >= 1000 && t < 2000 ? { yawDeg: 25 * Math.min(1, (t - 1000) / 300) } : {});

interface Run {
  schedule: LivenessSchedule;
  /** Frame time of each identity check sent. */
  checks: number[];
  ended: ChallengeOutcome[][];
}

/** Plays the frames one by one, letting main's replies arrive between frames, as the camera does. */
async function play(challenges: string, list: LandmarkFrame[], answer: () => Promise<IdentityCheck | null> = async () => SAME): Promise<Run> {
  const checks: number[] = [];
  const ended: ChallengeOutcome[][] = [];
  const schedule = new LivenessSchedule(parseChallengeList(challenges), {
    checkIdentity: () => {
      checks.push(schedule.nowMs);
      return answer();
    },
    onEnd: (outcomes) => ended.push(outcomes),
  });
  for (const frame of list) {
    schedule.push(frame);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { schedule, checks, ended };
}

describe('LivenessSchedule', () => {
  it('checks a frontal frame every 0.7 s while the challenge runs, one more after it, then ends once', async () => {
    const { checks, ended, schedule } = await play('turn-right', frames(4000, turnRight));
    // 0 s, then the first frame 0.7 s later (frame 11); the turned frames are not sent; the
    // first frontal frame after the turn (2 s) is the final check.
    expect(checks.map((t) => Math.round(t))).toEqual([0, Math.round(11 * STEP_MS), 2000]);
    expect(checks[1] - checks[0]).toBeGreaterThanOrEqual(IDENTITY_CHECK_INTERVAL_MS);
    expect(ended).toHaveLength(1);
    expect(ended[0]).toEqual([{ challenge: 'turn-right', passed: true, durationMs: expect.any(Number) }]);
    expect(ended[0][0].durationMs).toBeGreaterThan(1000);
    expect(ended[0][0].durationMs).toBeLessThan(2000);
    expect(schedule.finished).toBe(ended[0]);
  });

  it('sends one frame at a time: no new check while main has not answered', async () => {
    const pending = new Promise<IdentityCheck>(() => undefined);
    const { checks, ended } = await play('turn-right', frames(1900, () => ({})), () => pending);
    expect(checks).toEqual([0]);
    expect(ended).toEqual([]);
  });

  it('ends at the first check that sees another person, failing the running challenge for it', async () => {
    let n = 0;
    const { ended, checks } = await play('turn-right,smile', frames(3000, () => ({})), async () => (++n === 2 ? { ...SAME, sameIdentity: false, identityChanged: true } : SAME));
    expect(checks).toHaveLength(2);
    expect(ended).toHaveLength(1);
    expect(ended[0].map((o) => [o.challenge, o.passed, o.failure])).toEqual([['turn-right', false, 'identity-changed'], ['smile', false, 'not-reached']]);
  });

  it('says so while the face does not match, and when a check fails, without ending the session', async () => {
    const mismatch = await play('turn-right', frames(800, () => ({})), async () => ({ ...SAME, sameIdentity: false }));
    expect(mismatch.schedule.identityNote).toBe('Checking that the same person is still in front of the camera…');
    const failing = await play('turn-right', frames(800, () => ({})), async () => {
      throw new StationError('SESSION_STATE', 'no verified face to compare with');
    });
    expect(failing.schedule.identityNote).toBe('Identity check failed: no verified face to compare with');
    expect([mismatch.ended, failing.ended]).toEqual([[], []]);
  });

  it('ends with no face seen when nobody comes in front of the camera for 10 s', async () => {
    const { ended, checks } = await play('turn-right,smile', frames(WAIT_FOR_FACE_MS + 500, () => null));
    expect(checks).toEqual([]);
    expect(ended).toHaveLength(1);
    expect(ended[0].map((o) => o.failure)).toEqual(['no-face', 'no-face']);
  });

  it('ends a passed session after 3 s even when no frontal frame comes after the last challenge', async () => {
    // Turned from 1 s on and never back: the final check never finds a frame to send.
    const { ended, checks, schedule } = await play('turn-right', frames(2000 + FINAL_CHECK_WAIT_MS + 1000, (t) => (t >= 1000 ? { yawDeg: 25 } : {})));
    expect(checks.every((t) => t < 1000)).toBe(true);
    expect(ended).toHaveLength(1);
    expect(ended[0][0].passed).toBe(true);
    // The challenge started on the first frame (0 s), so it passed at its duration; the session
    // ended on the first frame more than 3 s after that.
    const passedAtMs = ended[0][0].durationMs;
    expect(schedule.nowMs - passedAtMs).toBeGreaterThan(FINAL_CHECK_WAIT_MS);
    expect(schedule.nowMs - passedAtMs).toBeLessThanOrEqual(FINAL_CHECK_WAIT_MS + 2 * STEP_MS);
  });
});

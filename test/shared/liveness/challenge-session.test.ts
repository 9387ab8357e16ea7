import { parseChallengeList } from '../../../src/shared/liveness/challenges';
import { ChallengeSession, type SessionState } from '../../../src/shared/liveness/challenge-session';
import type { LandmarkFrame } from '../../../src/shared/liveness/landmark-frame';
import { frames, pulse, seededRandom, type FacePose, type Scene } from './synthetic-face';

function run(challenges: string, frameList: LandmarkFrame[], finish = true): SessionState {
  const session = new ChallengeSession(parseChallengeList(challenges));
  for (const f of frameList) session.push(f);
  return finish ? session.finish() : session.snapshot;
}

/** A customer doing the given gestures at the given times (ms), 15 fps. */
function performing(durationMs: number, gestures: { at: number; pose: (p: number) => FacePose; ms?: number }[], extra: (t: number) => Scene | undefined = () => undefined): LandmarkFrame[] {
  return frames(durationMs, (t) => {
    const override = extra(t);
    if (override !== undefined) return override;
    for (const g of gestures) {
      const p = pulse(t, g.at, g.ms ?? 1000);
      if (p > 0) return g.pose(Math.min(1, 2 * p));
    }
    return {};
  }, 15);
}

const blinkAt = (at: number) => ({ at, ms: 130, pose: () => ({ eyeOpen: 0.1 }) });
const turnRight = (at: number) => ({ at, pose: (p: number) => ({ yawDeg: 25 * p }) });
const turnLeft = (at: number) => ({ at, pose: (p: number) => ({ yawDeg: -25 * p }) });
const smileAt = (at: number) => ({ at, ms: 1200, pose: (p: number) => ({ smile: p, happy: p }) });
const mouthAt = (at: number) => ({ at, ms: 1200, pose: (p: number) => ({ mouthOpen: 0.7 * p }) });

describe('ChallengeSession', () => {
  it('passes challenges done in order and records when each passed', () => {
    const state = run('blink:2,turn-left,smile', performing(7000, [blinkAt(1000), blinkAt(1600), turnLeft(2500), smileAt(4500)]));
    expect(state.status).toBe('passed');
    expect(state.challenges.map((c) => c.status)).toEqual(['passed', 'passed', 'passed']);
    const [blink, turn, smile] = state.challenges;
    expect(blink.passedAtMs).toBeGreaterThan(1600);
    expect(turn.passedAtMs).toBeGreaterThan(2500);
    expect(smile.passedAtMs).toBeGreaterThan(4500);
    expect(state.events.map((e) => e.type)).toEqual(['blink', 'blink', 'turn-left', 'smile']);
  });

  it('counts only gestures made while the challenge is active', () => {
    // The turn happens before the blinks are done, so it does not pass turn-right.
    const state = run('blink:2,turn-right', performing(6000, [blinkAt(800), turnRight(1300), blinkAt(3000)]));
    expect(state.challenges[0].status).toBe('passed');
    expect(state.challenges[1].status).toBe('failed');
  });

  it('reports progress of the active challenge', () => {
    const session = new ChallengeSession(parseChallengeList('blink:2,mouth-open'));
    let state: SessionState | undefined;
    for (const f of performing(1500, [blinkAt(800)])) state = session.push(f);
    expect(state?.challenges[0].progress).toBe(0.5);
    expect(state?.status).toBe('running');
  });

  it('fails a challenge that is not done in time', () => {
    const state = run('mouth-open', performing(8000, []), false);
    expect(state.status).toBe('failed');
    expect(state.failure).toBe('timeout');
    expect(state.challenges[0].failure).toBe('timeout');
  });

  it('fails the session when the face is gone for more than a moment, but not for a brief miss', () => {
    const briefMiss = run('mouth-open', performing(4000, [mouthAt(2000)], (t) => (t > 1000 && t < 1300 ? null : undefined)));
    expect(briefMiss.status).toBe('passed');
    const lost = run('mouth-open', performing(4000, [mouthAt(2500)], (t) => (t > 1000 && t < 2000 ? null : undefined)));
    expect(lost.status).toBe('failed');
    expect(lost.failure).toBe('face-lost');
  });

  it('fails the session when a second face stays in view', () => {
    const helper: FacePose = { cx: 520, cy: 200, scale: 50 };
    const state = run('turn-right', performing(4000, [turnRight(2000)], (t) => (t > 1000 && t < 1500 ? [{}, helper] : undefined)));
    expect(state.status).toBe('failed');
    expect(state.failure).toBe('multiple-faces');
  });

  it('ignores a second face seen for a single frame, and far-away tiny faces', () => {
    const glitch = run('turn-right', performing(4000, [turnRight(2000)], (t) => (t > 1000 && t < 1067 ? [{}, { cx: 520, scale: 50 }] : undefined)));
    expect(glitch.status).toBe('passed');
    const farAway = run('turn-right', performing(4000, [turnRight(2000)], (t) => (t > 500 ? [{ ...(turnRight(2000).pose(Math.min(1, 2 * pulse(t, 2000, 1000)))) }, { cx: 600, cy: 60, scale: 8 }] : undefined)));
    expect(farAway.status).toBe('passed');
  });

  it('waits for a face before starting the clock', () => {
    const state = run('turn-right', performing(8000, [turnRight(6000)], (t) => (t < 3000 ? null : undefined)));
    expect(state.status).toBe('passed');
    expect(state.challenges[0].startedAtMs).toBeGreaterThanOrEqual(3000);
  });

  it('fails everything when no face ever appears', () => {
    const state = run('smile,turn-left', performing(2000, [], () => null));
    expect(state.failure).toBe('no-face');
    expect(state.challenges.every((c) => c.status === 'failed')).toBe(true);
  });

  it('fails every challenge for a still photo held in the hand: shifts, zoom and tilt but no gesture', () => {
    const noise = seededRandom(21);
    const still = frames(9000, (t) => ({
      cx: 320 + 12 * Math.sin(t / 500) + 2 * noise(),
      cy: 240 + 8 * Math.cos(t / 700) + 2 * noise(),
      scale: 60 * (1.05 + 0.05 * Math.sin(t / 900)),
      rollDeg: 3 * Math.sin(t / 600),
      mouthOpen: 0.15, surprised: 0.85, yawDeg: -14,
    }), 15);
    for (const challenges of ['blink:2,smile,turn-left', 'mouth-open,turn-right,blink:3']) {
      const state = run(challenges, still);
      expect(state.events).toEqual([]);
      expect(state.status).toBe('failed');
      expect(state.challenges.every((c) => c.status === 'failed')).toBe(true);
    }
  });
});

describe('ChallengeSession.pushEyes (the eyes of camera frames the tracker skipped)', () => {
  /** Tracked frames at 10 fps with the eyes read open on every one; the skipped frames between them are given by `eyesAt`. */
  function session(eyesAt: (t: number) => { right: number; left: number } | null): SessionState {
    const s = new ChallengeSession(parseChallengeList('blink:1'));
    const open = { right: 0.02, left: 0.02 };
    let state = s.snapshot;
    for (const f of frames(4000, () => ({}), 10)) {
      for (const t of [f.timeMs - 67, f.timeMs - 33]) {
        const eyes = t > 0 ? eyesAt(t) : null;
        if (eyes) state = s.pushEyes(t, eyes);
      }
      state = s.push({ ...f, faces: f.faces.map((face) => ({ ...face, eyesClosed: open })) });
    }
    return state;
  }

  it('counts a blink seen only on skipped frames (lids down for 67 ms between two tracked frames that show them open)', () => {
    const state = session((t) => (t > 1500 && t < 1570 ? { right: 0.97, left: 0.96 } : { right: 0.02, left: 0.02 }));
    expect(state.challenges[0]).toMatchObject({ status: 'passed' });
    expect(state.events).toEqual([expect.objectContaining({ type: 'blink' })]);
    expect(state.events[0].timeMs).toBeGreaterThan(1500);
  });

  it('does not count one eye closed on skipped frames (a wink), nor skipped frames before the first face', () => {
    expect(session((t) => (t > 1500 && t < 1570 ? { right: 0.97, left: 0.03 } : { right: 0.02, left: 0.02 })).challenges[0].status).toBe('active');
    const early = new ChallengeSession(parseChallengeList('blink:1'));
    early.pushEyes(10, { right: 0.99, left: 0.99 });
    expect(early.pushEyes(40, { right: 0.01, left: 0.01 })).toMatchObject({ status: 'waiting-for-face', events: [] });
  });
});

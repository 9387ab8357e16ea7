import { HeadTurnDetector } from '../../../src/shared/liveness/head-turn-detector';
import { eventsOf, typesOf } from './events-helpers';
import { frames, pulse, seededRandom } from './synthetic-face';

/** A turn from frontal to `peakDeg` and back, over `durationMs` starting at `startMs`. */
function turn(peakDeg: number, startMs = 1000, durationMs = 1500): (t: number) => { yawDeg: number } {
  return (t) => ({ yawDeg: peakDeg * Math.min(1, 1.5 * pulse(t, startMs, durationMs)) });
}

describe('HeadTurnDetector', () => {
  it('reports a turn to the customer\'s own right (nose towards the image\'s left) as turn-right', () => {
    const events = eventsOf(frames(3000, turn(25), 15));
    expect(events.map((e) => e.type)).toEqual(['turn-right']);
    expect(events[0].timeMs).toBeGreaterThan(1000);
    expect(events[0].timeMs).toBeLessThan(1800);
  });

  it('reports a turn to the customer\'s own left as turn-left', () => {
    expect(typesOf(frames(3000, turn(-25), 15))).toEqual(['turn-left']);
  });

  it('does not count a turn that stops short of the threshold', () => {
    expect(typesOf(frames(3000, turn(12), 30))).toEqual([]);
    expect(typesOf(frames(3000, turn(-12), 30))).toEqual([]);
  });

  it('counts a second turn only after the head came back to frontal', () => {
    const twice = frames(5000, (t) => ({ yawDeg: t < 1000 ? 0 : t < 2000 ? 25 : t < 2300 ? 14 : t < 3000 ? 25 : t < 4000 ? 0 : 25 }), 30);
    expect(typesOf(twice)).toEqual(['turn-right', 'turn-right']);
  });

  it('does not count a head that is turned from the start: a turn is a movement, not a pose', () => {
    expect(typesOf(frames(3000, () => ({ yawDeg: 25 }), 15))).toEqual([]);
  });

  it('ignores a one-frame landmark glitch', () => {
    expect(typesOf(frames(3000, (t) => ({ yawDeg: t >= 1000 && t < 1040 ? 40 : 0 }), 30))).toEqual([]);
  });

  it('is not fooled by a tilted head or by small nods and sways while talking', () => {
    const noise = seededRandom(3);
    expect(typesOf(frames(5000, (t) => ({ rollDeg: 15 * Math.sin(t / 400), yawDeg: 8 * Math.sin(t / 300) + 4 * (noise() - 0.5) }), 30))).toEqual([]);
  });

  /** Feeds yaw ratios given by `yawAt(t)` at 30 fps for `durationMs`; returns the turns. */
  function turnsOf(yawAt: (t: number) => number, durationMs: number): string[] {
    const d = new HeadTurnDetector();
    const out: string[] = [];
    for (let t = 0; t < durationMs; t += 33) {
      const turn = d.update(yawAt(t), t);
      if (turn) out.push(turn);
    }
    return out;
  }

  it('measures the turn from this person\'s own frontal pose: a face reading -0.2 while looking at the camera turns when it reaches -0.7', () => {
    // apfol on liveness-dev: side light puts his frontal yaw ratio at -0.16..-0.30, and his first turn at -0.7.
    expect(turnsOf((t) => (t < 1000 ? -0.2 : -0.7), 2500)).toEqual(['turn-left']);
  });

  it('does not count a sway to one side that ends past the threshold but has not swung far from the neutral pose', () => {
    // Frontal at -0.12, then -0.35 while talking: past turnMinYawRatio but a swing of 0.23.
    expect(turnsOf((t) => (t < 1500 ? -0.12 : -0.35), 3500)).toEqual([]);
    // The same sway from a neutral of 0 counts only when it reaches the swing.
    expect(turnsOf((t) => (t < 1500 ? 0 : -0.35), 3500)).toEqual(['turn-left']);
  });

  it('does not take frames passing through frontal on the way back from one side as the neutral pose', () => {
    // Back from a right turn (0.5) through 0.2 to -0.1, then a small sway to -0.32.
    const yaw = (t: number): number => (t < 600 ? 0 : t < 1600 ? 0.5 : t < 1800 ? 0.2 : t < 2600 ? -0.1 : -0.32);
    expect(turnsOf(yaw, 4000)).toEqual(['turn-right']);
  });

  it('exposes the smoothed yaw for a progress bar', () => {
    const d = new HeadTurnDetector();
    for (let t = 0; t < 1000; t += 33) d.update(0.2, t);
    expect(d.smoothedYaw).toBeCloseTo(0.2, 2);
  });
});

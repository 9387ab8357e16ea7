import { BlinkCounter } from '../../../src/shared/liveness/blink-counter';
import { typesOf } from './events-helpers';
import { frames, pulse, seededRandom } from './synthetic-face';

/** Eye opening over time with blinks that close the eyes to `depth` for `closedMs`. */
function blinking(blinkStarts: number[], closedMs: number, depth = 0.1): (t: number) => number {
  return (t) => (blinkStarts.some((s) => t >= s && t < s + closedMs) ? depth : 1);
}

describe('BlinkCounter', () => {
  it('counts each close-then-reopen of both eyes', () => {
    const open = blinking([1000, 2000, 3000], 130);
    expect(typesOf(frames(4000, (t) => ({ eyeOpen: open(t) }), 30))).toEqual(['blink', 'blink', 'blink']);
  });

  it('catches a blink that only one frame of a 15 fps camera sees', () => {
    const open = blinking([1000], 60);
    const seq = frames(2000, (t) => ({ eyeOpen: open(t) }), 15);
    expect(seq.filter((f) => f.timeMs >= 1000 && f.timeMs < 1060)).toHaveLength(1);
    expect(typesOf(seq)).toEqual(['blink']);
  });

  it('does not count half-closed eyes (squinting, drowsy lids) that never shut', () => {
    const seq = frames(5000, (t) => ({ eyeOpen: t > 1000 && t < 2500 ? 0.7 : t > 3000 && t < 3200 ? 0.65 : 1 }), 30);
    expect(typesOf(seq)).toEqual([]);
  });

  it('counts a slow, deliberate blink of 700 ms', () => {
    const seq = frames(3000, (t) => ({ eyeOpen: 1 - 0.95 * pulse(t, 1000, 900) }), 15);
    expect(typesOf(seq)).toEqual(['blink']);
  });

  it('does not count eyes kept shut for two seconds as a blink', () => {
    const open = blinking([1000], 2000);
    expect(typesOf(frames(4000, (t) => ({ eyeOpen: open(t) }), 15))).toEqual([]);
  });

  it('ignores the jitter glasses add to the eye landmarks, yet still counts real blinks through it', () => {
    const noise = seededRandom(7);
    const open = blinking([2000, 3500], 130);
    // +-15 % frame-to-frame noise from frames and reflections, plus a glare on one lens now and then.
    const seq = frames(5000, (t) => {
      const glare = noise() < 0.05;
      const jitter = 1 + 0.3 * (noise() - 0.5);
      const o = open(t) * jitter;
      return glare ? { rightEyeOpen: 0.2, leftEyeOpen: o } : { eyeOpen: o };
    }, 30);
    expect(typesOf(seq)).toEqual(['blink', 'blink']);
    const noBlinks = frames(5000, () => (noise() < 0.05 ? { rightEyeOpen: 0.2, leftEyeOpen: 1 } : { eyeOpen: 1 + 0.3 * (noise() - 0.5) }), 30);
    expect(typesOf(noBlinks)).toEqual([]);
  });

  it('does not take a wink (one eye) for a blink', () => {
    const seq = frames(3000, (t) => ({ rightEyeOpen: t > 1000 && t < 1200 ? 0.05 : 1, leftEyeOpen: 1 }), 30);
    expect(typesOf(seq)).toEqual([]);
  });

  it('measures against this person\'s own open eye, so narrow eyes still blink', () => {
    // Open EAR 0.18: below the fixed 0.2 threshold often used, where every frame would look shut.
    const open = blinking([1500, 2500], 130, 0.15);
    const seq = frames(3500, (t) => ({ eyeOpen: open(t), eyeShape: 0.6 }), 30);
    expect(typesOf(seq)).toEqual(['blink', 'blink']);
  });

  it('needs a few open-eye frames before counting, so a face that appears mid-blink does not count', () => {
    const counter = new BlinkCounter();
    expect(counter.update({ timeMs: 0, earRight: 0.05, earLeft: 0.05, yawRatio: 0 })).toBe(false);
    expect(counter.update({ timeMs: 33, earRight: 0.3, earLeft: 0.3, yawRatio: 0 })).toBe(false);
    expect(counter.count).toBe(0);
    expect(counter.openEyeBaseline).toBeUndefined();
  });

  it('skips frames where the head is turned too far for the eyes to be measured', () => {
    const counter = new BlinkCounter();
    for (let t = 0; t < 500; t += 33) counter.update({ timeMs: t, earRight: 0.3, earLeft: 0.3, yawRatio: 0 });
    expect(counter.update({ timeMs: 533, earRight: 0.05, earLeft: 0.05, yawRatio: 0.6 })).toBe(false);
    expect(counter.update({ timeMs: 566, earRight: 0.3, earLeft: 0.3, yawRatio: 0 })).toBe(false);
    expect(counter.count).toBe(0);
  });
});

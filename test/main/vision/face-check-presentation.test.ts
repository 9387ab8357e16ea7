/**
 * The station's two looks at the customer: the face check's one picture is refused at once
 * only on evidence one picture carries (a medium's trace, or a P(live) under the floor); a
 * picture only the model doubts, by a little, is left for the liveness samples to confirm,
 * and samples that cannot be judged then refuse the session.
 */
import { FACE_CHECK_MODEL_FLOOR, judgeFaceCheckPicture, judgeLivenessSamples } from '../../../src/main/vision/face-check-presentation';
import { PAD_MODEL_THRESHOLD, SCREEN_THRESHOLDS } from '../../../src/main/vision/presentation-attack';
import type { PresentationResult } from '../../../src/shared/presentation';
import type { PresentationDeferral } from '../../../src/shared/verdict';

/** A one-picture result as PresentationAttackDetector reports it. */
function picture(score: number, traces: ('moire' | 'bezel' | 'glare')[] = []): PresentationResult {
  const modelPassed = score >= PAD_MODEL_THRESHOLD;
  const reasons = [modelPassed ? null : `the face looks like a photo or a screen (presentation-attack model: P(live) ${score.toFixed(2)}, needs 0.70)`, ...traces.map((t) => `${t} trace`)].filter((r) => r !== null);
  return {
    live: reasons.length === 0,
    score,
    threshold: PAD_MODEL_THRESHOLD,
    reason: reasons.length ? reasons.join('; ') : null,
    signals: {
      model: { score, threshold: PAD_MODEL_THRESHOLD, passed: modelPassed, perFrame: [score] },
      screen: { moire: 1, bezel: 0.2, glare: 0, thresholds: SCREEN_THRESHOLDS, failed: traces, passed: traces.length === 0 },
    },
    frames: 1,
    faceFrames: 1,
  };
}

const deferral = (score: number): PresentationDeferral => ({ score, threshold: PAD_MODEL_THRESHOLD, floor: FACE_CHECK_MODEL_FLOOR, confirmed: null, at: '2026-12-03T14:00:00.000Z' });

describe('judgeFaceCheckPicture', () => {
  it('passes a picture every signal passes', () => {
    expect(judgeFaceCheckPicture(picture(0.95))).toEqual({ decision: 'live' });
  });

  it('leaves a picture only the model doubts, at or above the floor, for the liveness samples', () => {
    expect(judgeFaceCheckPicture(picture(0.55))).toEqual({ decision: 'confirm-in-liveness', score: 0.55, threshold: PAD_MODEL_THRESHOLD, floor: FACE_CHECK_MODEL_FLOOR });
    expect(judgeFaceCheckPicture(picture(FACE_CHECK_MODEL_FLOOR)).decision).toBe('confirm-in-liveness');
  });

  it('refuses at once a picture the model scores under the floor, with the model\'s reason', () => {
    const judged = judgeFaceCheckPicture(picture(FACE_CHECK_MODEL_FLOOR - 0.01));
    expect(judged).toEqual({ decision: 'attack', reason: expect.stringMatching(/looks like a photo or a screen \(presentation-attack model: P\(live\) 0\.29/) });
  });

  it('refuses at once a picture with a medium\'s trace, whatever the model says', () => {
    expect(judgeFaceCheckPicture(picture(0.6, ['bezel']))).toEqual({ decision: 'attack', reason: expect.stringMatching(/bezel trace/) });
    expect(judgeFaceCheckPicture(picture(0.99, ['glare']))).toEqual({ decision: 'attack', reason: 'glare trace' });
  });

  it('takes the floor it is given', () => {
    expect(judgeFaceCheckPicture(picture(0.4), 0.5).decision).toBe('attack');
  });
});

describe('judgeLivenessSamples', () => {
  it('confirms a deferred picture when the samples are judged live', () => {
    expect(judgeLivenessSamples({ judged: picture(0.9) }, deferral(0.5))).toEqual({ attack: false, reason: null, score: 0.9, threshold: PAD_MODEL_THRESHOLD, confirmed: true });
  });

  it('refuses the session with the samples\' own reason when they are an attack, deferred or not', () => {
    expect(judgeLivenessSamples({ judged: picture(0.2) }, deferral(0.5))).toMatchObject({ attack: true, reason: expect.stringMatching(/P\(live\) 0\.20/), confirmed: false });
    expect(judgeLivenessSamples({ judged: picture(0.2) }, null)).toMatchObject({ attack: true, confirmed: null });
  });

  it('refuses a deferred picture the samples could not judge, naming both figures and why', () => {
    const outcome = judgeLivenessSamples({ undecided: '2 samples, at least 4 needed' }, deferral(0.48));
    expect(outcome).toEqual({
      attack: true,
      reason: "the face check's picture scored P(live) 0.48 (needs 0.70) and the liveness checks' camera samples could not confirm a live customer (2 samples, at least 4 needed)",
      score: 0.48,
      threshold: PAD_MODEL_THRESHOLD,
      confirmed: false,
    });
  });

  it('adds nothing when nothing was deferred and the samples could not be judged', () => {
    expect(judgeLivenessSamples({ undecided: 'no face found in the liveness samples' }, null)).toEqual({ attack: false, reason: null, score: null, threshold: null, confirmed: null });
  });
});

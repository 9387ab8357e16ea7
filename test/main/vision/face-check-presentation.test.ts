/**
 * The station's two looks at the customer: the face check's one picture is refused at once
 * only on evidence one picture carries (a medium's trace, or a P(live) under the floor); a
 * picture only the model doubts, by a little, is left for the liveness samples to confirm,
 * and samples that cannot be judged then refuse the session.
 */
import { FACE_CHECK_MODEL_FLOOR, judgeFaceCheckPicture, judgeLivenessSamples } from '../../../src/main/vision/face-check-presentation';
import { fuseSignals, PAD_MODEL_THRESHOLD, SCREEN_THRESHOLDS } from '../../../src/main/vision/presentation-attack';
import { msg, plural, type MessageRef } from '../../../src/shared/messages/catalogue';
import { Translator } from '../../../src/shared/messages/translator';
import type { PresentationResult } from '../../../src/shared/presentation';
import type { PresentationDeferral } from '../../../src/shared/verdict';

/** A one-picture result as PresentationAttackDetector reports it: the real fusion of its signals. */
function picture(score: number, traces: ('moire' | 'bezel' | 'glare')[] = []): PresentationResult {
  const signals = {
    model: { score, threshold: PAD_MODEL_THRESHOLD, passed: score >= PAD_MODEL_THRESHOLD, perFrame: [score] },
    screen: { moire: 0.5, bezel: 0.8, glare: 0.2, thresholds: SCREEN_THRESHOLDS, failed: traces, passed: traces.length === 0 },
  };
  return { ...fuseSignals(signals), score, threshold: PAD_MODEL_THRESHOLD, signals, frames: 1, faceFrames: 1 };
}

const en = new Translator('en');
const texts = (findings: readonly MessageRef[]): string[] => findings.map((f) => en.ref(f));

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
    expect(judged.decision).toBe('attack');
    expect(judged.decision === 'attack' && texts(judged.findings)).toEqual([expect.stringMatching(/looks like a photo or a screen \(presentation-attack model: P\(live\) 0\.29, needs 0\.70\)/)]);
  });

  it('refuses at once a picture with a medium\'s trace, whatever the model says', () => {
    const bezel = judgeFaceCheckPicture(picture(0.6, ['bezel']));
    expect(bezel.decision === 'attack' && texts(bezel.findings)).toEqual([expect.stringMatching(/P\(live\) 0\.60/), expect.stringMatching(/^straight edges frame the face .*\(80% of their length/)]);
    const glare = judgeFaceCheckPicture(picture(0.99, ['glare']));
    expect(glare.decision === 'attack' && texts(glare.findings)).toEqual([expect.stringMatching(/^glare covers the face, as on glass or glossy paper \(20\.0% of it/)]);
  });

  it('takes the floor it is given', () => {
    expect(judgeFaceCheckPicture(picture(0.4), 0.5).decision).toBe('attack');
  });
});

describe('judgeLivenessSamples', () => {
  it('confirms a deferred picture when the samples are judged live', () => {
    expect(judgeLivenessSamples({ judged: picture(0.9) }, deferral(0.5))).toEqual({ attack: false, findings: [], score: 0.9, threshold: PAD_MODEL_THRESHOLD, confirmed: true });
  });

  it('refuses the session with the samples\' own reason when they are an attack, deferred or not', () => {
    const outcome = judgeLivenessSamples({ judged: picture(0.2) }, deferral(0.5));
    expect(outcome).toMatchObject({ attack: true, confirmed: false });
    expect(texts(outcome.findings)).toEqual([expect.stringMatching(/P\(live\) 0\.20/)]);
    expect(judgeLivenessSamples({ judged: picture(0.2) }, null)).toMatchObject({ attack: true, confirmed: null });
  });

  it('refuses a deferred picture the samples could not judge, naming both figures and why', () => {
    const outcome = judgeLivenessSamples({ undecided: plural('pad.undecided.fewSamples', 2, { needed: 4 }) }, deferral(0.48));
    expect(outcome).toMatchObject({ attack: true, score: 0.48, threshold: PAD_MODEL_THRESHOLD, confirmed: false });
    expect(texts(outcome.findings)).toEqual([
      "the face check's picture scored P(live) 0.48 (needs 0.70) and the liveness checks' camera samples could not confirm a live customer (2 samples, at least 4 needed)",
    ]);
    // The same finding in the operator's language, figures in its locale.
    expect(new Translator('fr').ref(outcome.findings[0])).toBe("l'image du contrôle du visage a obtenu P(vivant) 0,48 (0,70 requis) et les échantillons de caméra du contrôle du vivant n'ont pas pu confirmer un client réel (2 échantillons, au moins 4 requis)");
  });

  it('adds nothing when nothing was deferred and the samples could not be judged', () => {
    expect(judgeLivenessSamples({ undecided: msg('pad.undecided.noFace') }, null)).toEqual({ attack: false, findings: [], score: null, threshold: null, confirmed: null });
  });
});

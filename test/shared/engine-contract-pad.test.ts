/** The engine messages of presentation-attack detection: frames in, a result out, both checked. */
import { MAX_PRESENTATION_FRAMES, validateEngineCall, validateEngineReply } from '../../src/shared/engine-contract';

const frame = { data: new Uint8Array(4 * 4 * 3), width: 4, height: 4, scale: 1 };

describe('assess-presentation', () => {
  it('takes 1 to MAX_PRESENTATION_FRAMES checked frames', () => {
    expect(validateEngineCall({ id: 1, method: 'assess-presentation', request: { frames: [frame, frame], label: 'liveness' } }).request).toEqual({ frames: [frame, frame], label: 'liveness' });
    for (const frames of [[], Array.from({ length: MAX_PRESENTATION_FRAMES + 1 }, () => frame), 'x']) {
      expect(() => validateEngineCall({ id: 1, method: 'assess-presentation', request: { frames, label: 'x' } })).toThrow(/frames must be a list of 1 to 60 images/);
    }
    expect(() => validateEngineCall({ id: 1, method: 'assess-presentation', request: { frames: [{ ...frame, width: 5 }], label: 'x' } })).toThrow(/frames\[0\]\.data must be/);
  });

  it('answers a result with live, score, reason, findings and signals; analyze-selfie carries one too', () => {
    const presentation = { live: false, score: 0.1, threshold: 0.5, reason: 'a screen', findings: [{ key: 'pad.finding.model' }], signals: { model: { score: 0.1, threshold: 0.5, passed: false, perFrame: [0.1] } }, frames: 1, faceFrames: 1 };
    expect(validateEngineReply('assess-presentation', { presentation })).toEqual({ presentation });
    expect(() => validateEngineReply('assess-presentation', { presentation: { live: 'no' } })).toThrow(/presentation must be/);
    expect(() => validateEngineReply('assess-presentation', { presentation: { ...presentation, findings: undefined } })).toThrow(/presentation must be .*findings/);
    expect(() => validateEngineReply('analyze-selfie', { face: null, embedding: new Float32Array(1), presentation })).toThrow(/face must be/);
  });
});

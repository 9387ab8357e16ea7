import {
  eyeAspectRatio, leftEyeAspectRatio, mouthAspectRatio, mouthOpening, mouthWidthRatio, rightEyeAspectRatio, yawDegrees, yawRatio,
} from '../../../src/shared/liveness/face-geometry';
import { syntheticLandmarks } from './synthetic-face';

describe('face geometry on 68 landmarks', () => {
  it('gives an open eye an aspect ratio near 0.3 and a shut eye near 0', () => {
    expect(rightEyeAspectRatio(syntheticLandmarks())).toBeCloseTo(0.3, 2);
    expect(leftEyeAspectRatio(syntheticLandmarks({ eyeOpen: 0.05 }))).toBeLessThan(0.02);
    expect(eyeAspectRatio(syntheticLandmarks({ leftEyeOpen: 0.5 }), [42, 43, 44, 45, 46, 47])).toBeCloseTo(0.15, 2);
  });

  it('does not change with the size or position of the face in the frame', () => {
    const small = syntheticLandmarks({ scale: 30, cx: 100, cy: 100, yawDeg: 15, mouthOpen: 0.3 });
    const large = syntheticLandmarks({ scale: 120, cx: 400, cy: 300, yawDeg: 15, mouthOpen: 0.3 });
    expect(yawRatio(small)).toBeCloseTo(yawRatio(large), 6);
    expect(mouthOpening(small)).toBeCloseTo(mouthOpening(large), 6);
    expect(rightEyeAspectRatio(small)).toBeCloseTo(rightEyeAspectRatio(large), 6);
  });

  it('reads a frontal face as yaw 0 even when the head is tilted', () => {
    expect(yawRatio(syntheticLandmarks())).toBeCloseTo(0, 6);
    expect(Math.abs(yawRatio(syntheticLandmarks({ rollDeg: 20 })))).toBeLessThan(1e-6);
  });

  it('signs yaw by the customer\'s own side: turning to their right is positive and moves the nose towards the image\'s left', () => {
    const frontal = syntheticLandmarks();
    const turnedRight = syntheticLandmarks({ yawDeg: 25 });
    expect(turnedRight[30].x).toBeLessThan(frontal[30].x);
    expect(yawRatio(turnedRight)).toBeGreaterThan(0.4);
    expect(yawRatio(syntheticLandmarks({ yawDeg: -25 }))).toBeLessThan(-0.4);
    expect(yawDegrees(turnedRight)).toBeGreaterThan(20);
  });

  it('grows yaw monotonically with the turn', () => {
    const ratios = [0, 5, 10, 15, 20, 30].map((d) => yawRatio(syntheticLandmarks({ yawDeg: d })));
    for (let i = 1; i < ratios.length; i++) expect(ratios[i]).toBeGreaterThan(ratios[i - 1]);
  });

  it('measures the mouth: opening in eye distances, aspect ratio, and widening in a smile', () => {
    expect(mouthOpening(syntheticLandmarks())).toBeCloseTo(0, 6);
    expect(mouthOpening(syntheticLandmarks({ mouthOpen: 0.5 }))).toBeCloseTo(0.5, 2);
    expect(mouthAspectRatio(syntheticLandmarks({ mouthOpen: 0.5 }))).toBeGreaterThan(0.7);
    expect(mouthWidthRatio(syntheticLandmarks({ smile: 1 }))).toBeGreaterThan(1.2 * mouthWidthRatio(syntheticLandmarks()));
  });
});

/** Which frames the liveness page sends to main to check it is still the verified person. */
import { frameFitForIdentityCheck } from '../../../src/renderer/services/identity-sampling';
import type { LandmarkFrame } from '../../../src/shared/liveness/landmark-frame';
import { syntheticFace, type FacePose } from '../../shared/liveness/synthetic-face';

const frame = (...poses: FacePose[]): LandmarkFrame => ({ index: 0, timeMs: 0, frameWidth: 640, frameHeight: 480, faces: poses.map(syntheticFace) });
const customer: FacePose = { scale: 100, cx: 320, cy: 220 };

describe('frameFitForIdentityCheck', () => {
  it('sends a frame in which the customer faces the camera, or nearly', () => {
    expect(frameFitForIdentityCheck(frame(customer))).toBe(true);
    expect(frameFitForIdentityCheck(frame({ ...customer, yawDeg: 10 }))).toBe(true);
  });

  it('holds back frames with the head turned either way, as in a turn challenge', () => {
    expect(frameFitForIdentityCheck(frame({ ...customer, yawDeg: 35 }))).toBe(false);
    expect(frameFitForIdentityCheck(frame({ ...customer, yawDeg: -35 }))).toBe(false);
  });

  it('holds back a frame without a face', () => {
    expect(frameFitForIdentityCheck(frame())).toBe(false);
  });

  it('judges the customer (the largest face), not someone small behind them', () => {
    expect(frameFitForIdentityCheck(frame(customer, { scale: 30, cx: 580, cy: 90, yawDeg: 40 }))).toBe(true);
    expect(frameFitForIdentityCheck(frame({ ...customer, yawDeg: 40 }, { scale: 30, cx: 580, cy: 90 }))).toBe(false);
  });
});

/**
 * Which camera frames go to main for the identity check during the challenges. A face
 * turned away matches its own selfie poorly (0.36-0.48 mid-turn on the E2E footage, against
 * the continuity threshold of 0.40), so two turned frames in a row would read as "another
 * person". Only
 * frames whose customer faces the camera are sent; the challenges themselves still see
 * every frame, and a second person is caught by the session's own face count.
 */
import { yawRatio } from '../../shared/liveness/face-geometry';
import type { LandmarkFrame } from '../../shared/liveness/landmark-frame';
import { FRONTAL_MAX_YAW_RATIO } from '../../shared/liveness/liveness-defaults';
import { widestFace } from '../../shared/people-in-view';

export function frameFitForIdentityCheck(frame: LandmarkFrame): boolean {
  const customer = widestFace(frame.faces);
  return customer !== undefined && Math.abs(yawRatio(customer.landmarks)) <= FRONTAL_MAX_YAW_RATIO;
}

import type { LandmarkFrame } from '../../../src/shared/liveness/landmark-frame';
import { LivenessEventDetector, type LivenessEvent } from '../../../src/shared/liveness/liveness-events';

/** Runs frames through a fresh detector and returns every event. */
export function eventsOf(frameList: LandmarkFrame[]): LivenessEvent[] {
  const detector = new LivenessEventDetector();
  return frameList.flatMap((f) => detector.push(f));
}

export function typesOf(frameList: LandmarkFrame[]): string[] {
  return eventsOf(frameList).map((e) => e.type);
}

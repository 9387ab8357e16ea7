import type { Box, Point } from '../geometry';

/**
 * What face-api sees in one camera or video frame: the input of every liveness function.
 * Produced by the renderer's tracker (browser face-api) and by `ekyc liveness` (face-api in
 * Node); both feed the same pure functions in src/shared/liveness.
 */
export interface TrackedFace {
  box: Box;
  /** 68 landmarks in iBUG order, in the pixels of the *unmirrored* camera frame. */
  landmarks: Point[];
  /** face-api expression probabilities, 0..1 each. */
  expressions: {
    neutral: number;
    happy: number;
    sad: number;
    angry: number;
    fearful: number;
    disgusted: number;
    surprised: number;
  };
  detectionScore: number;
  /**
   * P(closed) of each eye, 0..1, from main's eye-state classifier (src/main/vision/eye-state.ts)
   * on this frame's pixels. Absent where only face-api runs (the renderer's camera tracker),
   * which then falls back to the eye aspect ratio.
   */
  eyesClosed?: EyeClosure;
}

/** P(closed) of each eye, 0..1; `right` is the customer's own right eye (image-left unmirrored). */
export interface EyeClosure {
  right: number;
  left: number;
}

export interface LandmarkFrame {
  /** Frame index from the start of the stream. */
  index: number;
  /** Milliseconds from the start of the stream. */
  timeMs: number;
  frameWidth: number;
  frameHeight: number;
  /** Every face found in the frame; liveness needs exactly one. */
  faces: TrackedFace[];
}

/** The part of a face-api detection (with landmarks and expressions) that liveness reads. */
export interface FaceApiDetectionLike {
  detection: { box: { x: number; y: number; width: number; height: number }; score: number };
  landmarks: { positions: readonly { x: number; y: number }[] };
  expressions: TrackedFace['expressions'];
}

/** One face-api result as a TrackedFace, the same way in the renderer and in Node. */
export function toTrackedFace(d: FaceApiDetectionLike): TrackedFace {
  const { x, y, width, height } = d.detection.box;
  const e = d.expressions;
  return {
    box: { x, y, width, height },
    landmarks: d.landmarks.positions.map((p) => ({ x: p.x, y: p.y })),
    expressions: { neutral: e.neutral, happy: e.happy, sad: e.sad, angry: e.angry, fearful: e.fearful, disgusted: e.disgusted, surprised: e.surprised },
    detectionScore: d.detection.score,
  };
}

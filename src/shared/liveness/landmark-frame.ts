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

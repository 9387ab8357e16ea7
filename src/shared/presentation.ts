/**
 * What presentation-attack detection (src/main/vision/presentation-attack.ts) reports, as
 * plain data: it crosses from the engine process to main, and the session record keeps it.
 */

export interface ModelSignal {
  /** Median P(live) over the frames with a face. */
  score: number;
  threshold: number;
  passed: boolean;
  perFrame: number[];
}

export interface StillFramesSignal {
  identicalPairs: number;
  pairs: number;
  passed: boolean;
}

export interface RigidMotionSignal {
  /** Background shift projected on the face's shift, over the face's shift squared (0 still background, 1 moves with the face). */
  coupling: number | null;
  movingPairs: number;
  /** null: too few frames where the face moved to say. */
  passed: boolean | null;
}

export interface PresentationSignals {
  model: ModelSignal;
  /** Absent for a single frame. */
  stillFrames?: StillFramesSignal;
  rigidMotion?: RigidMotionSignal;
}

export interface PresentationResult {
  live: boolean;
  /** The model's session score (median P(live)); the fused decision also needs the other signals. */
  score: number;
  threshold: number;
  /** Why the frames were judged an attack; null when live. */
  reason: string | null;
  signals: PresentationSignals;
  frames: number;
  faceFrames: number;
}

import type { ErrorCode } from './errors';
import type { Box, Point } from './geometry';

/** Measured quality of one detected face; every figure is documented in src/shared/defaults.ts. */
export interface FaceQuality {
  /** Face box width and height in pixels of the source image (orientation-corrected). */
  faceWidthPx: number;
  faceHeightPx: number;
  /** Variance of the Laplacian on the 112x112 aligned face (higher is sharper). */
  sharpness: number;
  /** Mean luma of the aligned face, 0..255. */
  brightness: number;
  /** Estimated yaw in degrees from landmarks; positive: the nose points to the image's left, i.e. the subject turned to their own right in an unmirrored frame (as in src/shared/liveness). */
  yawDeg: number;
  /** Estimated pitch in degrees from landmarks, rough. */
  pitchDeg: number;
  /** 1 for a fully frontal face, falling towards 0 as the head turns. */
  frontalness: number;
  /** Reasons this face is below the minimums for the role it was checked for; empty when usable. */
  problems: ErrorCode[];
}

export interface DetectedFace {
  box: Box;
  /** Detector confidence 0..1. */
  score: number;
  /** 68 landmarks in iBUG order, image pixels. */
  landmarks: Point[];
  quality: FaceQuality;
}

export type Rotation = 0 | 90 | 180 | 270;

/**
 * Which pass of the portrait finder returned the portrait: 'direct' (the detector on the
 * document as scanned) or 'overlay-suppressed' (the second pass, run only when the first
 * finds no usable portrait: src/main/vision/overlay-suppression.ts).
 */
export type PortraitPass = 'direct' | 'overlay-suppressed';

/** The main portrait found on an ID document. Coordinates are in the upright (rotated) document. */
export interface PortraitFace extends DetectedFace {
  /** Clockwise rotation applied to the document to make the portrait upright. */
  rotation: Rotation;
  pass: PortraitPass;
  /** Share of the face box that is blown-out white, 0..1: a reflection on the laminate (see PORTRAIT_GLARE_WARNING). */
  glare: number;
}

/**
 * Glare share of the portrait's face box from which the ID page warns that a reflection covers
 * the portrait (the match may suffer; a retake away from the lamp helps). Measured on the 26
 * portraits found on idcards and idcards-dev: 0 on every one; a drawn card with a lamp's
 * reflection over the upper part of its photo: 0.13 (face-analyzer.test.ts).
 */
export const PORTRAIT_GLARE_WARNING = 0.05;

/**
 * The match decision: 'match' at or above the accept threshold, 'no-match' below the decline
 * threshold, and between them 'refer': a supervisor compares the customer with the ID photo
 * and decides (README "Operating point", "Review band").
 */
export type MatchDecision = 'match' | 'refer' | 'no-match';

export interface MatchResult {
  /** True only for the decision 'match' (a referral is not a match until a supervisor accepts it). */
  match: boolean;
  decision: MatchDecision;
  /** Cosine similarity of the L2-normalised embeddings, -1..1. */
  similarity: number;
  /** L2 distance of the L2-normalised embeddings, 0..2. */
  distance: number;
  /** Cosine similarity threshold the decision was made against: accept at or above it. */
  threshold: number;
  /** Below this similarity the decision is 'no-match'; from it up to `threshold`, 'refer'. */
  declineBelow: number;
}

/**
 * Operating points and minimums, in one place so the README, the CLI and the UI agree.
 * Every figure says where it comes from; change one only with a new measurement.
 */

/** Images larger than this are refused before decoding (decompression bombs). */
export const MAX_IMAGE_PIXELS = 100_000_000;
/** Smallest image side that can hold a usable face. */
export const MIN_IMAGE_SIDE = 32;
/**
 * Longest side a document is decoded to (at most; large images shrink by powers of two,
 * to between half this and this). A 5%-wide ID portrait on an 800-1600 px card is 40-80 px,
 * enough to detect and align; larger decodes only cost time.
 */
export const MAX_DECODE_SIDE = 1600;
/** Longest side a selfie or camera photo is decoded to: its face is large, so less will do. */
export const SELFIE_DECODE_SIDE = 1024;

/**
 * Cosine-similarity threshold of the match decision (on L2-normalised, mirror-averaged 512-d
 * embeddings). It targets a false-accept rate of 1e-3, measured by `npm run calibrate`
 * (bench/CALIBRATION.md) on ../shared/facedata/lfw-dev: 924 genuine pairs and every one of its
 * 644,892 pairs of two different people. The old 0.55, set on 845 impostor pairs, refused
 * about one genuine customer in eight there. See README "Operating point".
 * Equivalent L2 distance: sqrt(2 - 2 * threshold).
 */
export const MATCH_THRESHOLD = 0.36;

/**
 * Cosine similarity below which a camera frame during the challenges is "not the verified
 * customer" (two such frames in a row end the session). The same figure as the match: a frame
 * is compared with the selfie taken seconds before on the same camera, so a genuine customer
 * scores well above it (the E2E footage's man: 0.42-0.65 before mirror averaging), and a
 * stand-in must beat a FAR of 1e-3 on every judged frame, not once.
 */
export const IDENTITY_CONTINUITY_THRESHOLD = MATCH_THRESHOLD;

export interface QualityMinimums {
  /** Smallest face box side in pixels. */
  minFacePx: number;
  /** Variance of the Laplacian of the 112x112 aligned grey face. */
  minSharpness: number;
  /** Mean luma of the aligned face, 0..255. */
  minBrightness: number;
  maxBrightness: number;
  /** Largest |yaw| in degrees estimated from landmarks. */
  maxAbsYawDeg: number;
  /** Smallest detector score. */
  minScore: number;
}

/** A live selfie must be good: the customer is in front of the camera and can be guided. */
export const SELFIE_MINIMUMS: QualityMinimums = {
  minFacePx: 80,
  minSharpness: 25,
  minBrightness: 50,
  maxBrightness: 215,
  maxAbsYawDeg: 25,
  minScore: 0.8,
};

/** A printed ID portrait is small and screened; ask less, but refuse what cannot be matched. */
export const PORTRAIT_MINIMUMS: QualityMinimums = {
  minFacePx: 28,
  minSharpness: 12,
  minBrightness: 35,
  maxBrightness: 235,
  maxAbsYawDeg: 35,
  minScore: 0.7,
};

/** Detector score below which a box is not a face at all. */
export const DETECTION_SCORE_THRESHOLD = 0.7;
/** Boxes overlapping more than this (IoU) are the same face. */
export const NMS_IOU_THRESHOLD = 0.4;

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
 * Cosine-similarity threshold of the match decision (on L2-normalised 512-d embeddings).
 * Calibrated with `ekyc eval` on ../shared/facedata/verification (58 genuine, 845 impostor
 * pairs): see README "Operating point". Equivalent L2 distance: sqrt(2 - 2 * threshold).
 */
export const MATCH_THRESHOLD = 0.55;

/**
 * Cosine similarity below which a camera frame during the challenges is "not the verified
 * customer" (two such frames in a row end the session). Lower than the match threshold:
 * the frame is compared with the selfie taken seconds before on the same camera, while the
 * customer moves and talks; the same man's frontal frames in the E2E footage scored 0.42-0.65
 * against his selfie, so 0.55 there rejected him as "another person". Among the 845 impostor
 * pairs of ../shared/facedata/verification, 8 (0.9%) reach 0.40; the match itself, at
 * MATCH_THRESHOLD, remains the identity decision.
 */
export const IDENTITY_CONTINUITY_THRESHOLD = 0.4;

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

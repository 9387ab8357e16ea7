import type { Point } from '../geometry';

/**
 * Measurements on one face's 68 landmarks (iBUG order, 0-based). Every measure is a ratio
 * of distances on the face, so it does not change with the face's size in the frame, and
 * horizontal measures are taken along the eye line, so a tilted head does not look turned.
 *
 * Image-left / image-right refer to the unmirrored camera frame. The customer's right eye
 * (points 36-41) shows on the image's left.
 */

export const LANDMARK_COUNT = 68;

const JAW_RIGHT = 0; // customer's right jaw end, image-left
const JAW_LEFT = 16;
const NOSE_BRIDGE_TOP = 27;
const NOSE_TIP = 30;
const RIGHT_EYE = [36, 37, 38, 39, 40, 41] as const;
const LEFT_EYE = [42, 43, 44, 45, 46, 47] as const;
const MOUTH_RIGHT_CORNER = 48;
const MOUTH_LEFT_CORNER = 54;
const INNER_MOUTH_RIGHT = 60;
const INNER_MOUTH_LEFT = 64;
/** Upper/lower inner-lip pairs: 61-67, 62-66, 63-65. */
const INNER_LIP_PAIRS = [[61, 67], [62, 66], [63, 65]] as const;

export function distance(a: Point, b: Point): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

function mean(points: readonly Point[]): Point {
  let x = 0;
  let y = 0;
  for (const p of points) {
    x += p.x;
    y += p.y;
  }
  return { x: x / points.length, y: y / points.length };
}

export function hasFullLandmarks(landmarks: readonly Point[]): boolean {
  return landmarks.length === LANDMARK_COUNT && landmarks.every((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
}

/** Eye aspect ratio (Soukupová and Čech, 2016): eyelid opening over eye width; ~0.3 open, under 0.15 shut. */
export function eyeAspectRatio(landmarks: readonly Point[], eye: readonly number[]): number {
  const [p1, p2, p3, p4, p5, p6] = eye.map((i) => landmarks[i]);
  const width = distance(p1, p4);
  if (width <= 0) return 0;
  return (distance(p2, p6) + distance(p3, p5)) / (2 * width);
}

export function rightEyeAspectRatio(landmarks: readonly Point[]): number {
  return eyeAspectRatio(landmarks, RIGHT_EYE);
}

export function leftEyeAspectRatio(landmarks: readonly Point[]): number {
  return eyeAspectRatio(landmarks, LEFT_EYE);
}

export function eyeCentres(landmarks: readonly Point[]): { right: Point; left: Point } {
  return { right: mean(RIGHT_EYE.map((i) => landmarks[i])), left: mean(LEFT_EYE.map((i) => landmarks[i])) };
}

/** Distance between the eye centres: the face's own unit of length. */
export function interocularDistance(landmarks: readonly Point[]): number {
  const { right, left } = eyeCentres(landmarks);
  return distance(right, left);
}

/**
 * Head yaw as a signed ratio in -1..1 from where the nose sits between the two jaw ends,
 * measured along the eye line. Positive: the customer turned to their OWN RIGHT (the nose
 * moves towards the customer's right jaw, which is the image's left in the unmirrored
 * frame). Negative: turned to their own left. 0 is frontal.
 *
 * A flat photo tilted a little in front of the camera is an affine map of itself to first
 * order, and affine maps keep ratios along a line; swung or folded further, perspective
 * moves the ratio (docs/liveness.md), which is why a turn also needs gesture-evidence's
 * parallax.
 */
export function yawRatio(landmarks: readonly Point[]): number {
  const { right, left } = eyeCentres(landmarks);
  const ux = left.x - right.x;
  const uy = left.y - right.y;
  const len = Math.hypot(ux, uy);
  if (len <= 0) return 0;
  // Unit vector along the eye line, from the customer's right eye to their left eye.
  const ex = ux / len;
  const ey = uy / len;
  const along = (p: Point): number => p.x * ex + p.y * ey;
  const nose = (along(landmarks[NOSE_TIP]) + along(landmarks[NOSE_BRIDGE_TOP])) / 2;
  const toRightJaw = nose - along(landmarks[JAW_RIGHT]);
  const toLeftJaw = along(landmarks[JAW_LEFT]) - nose;
  const span = toRightJaw + toLeftJaw;
  if (span <= 0) return 0;
  return clamp((toLeftJaw - toRightJaw) / span, -1, 1);
}

/**
 * Yaw in degrees, approximating the head as a cylinder: the nose's offset from the
 * face's centre line grows with sin(yaw). Rough (±10°), but monotonic, which is all a
 * threshold needs.
 */
export function yawDegrees(landmarks: readonly Point[]): number {
  return (Math.asin(yawRatio(landmarks)) * 180) / Math.PI;
}

/** Inner-lip opening over inner mouth width; ~0 closed, above 0.35 clearly open. */
export function mouthAspectRatio(landmarks: readonly Point[]): number {
  const width = distance(landmarks[INNER_MOUTH_RIGHT], landmarks[INNER_MOUTH_LEFT]);
  const opening = INNER_LIP_PAIRS.reduce((sum, [a, b]) => sum + distance(landmarks[a], landmarks[b]), 0) / INNER_LIP_PAIRS.length;
  // An "O" mouth narrows as it opens; the width floor keeps the ratio finite and bounded.
  return opening / Math.max(width, 0.25 * interocularDistance(landmarks), 1e-6);
}

/** Inner-lip opening in units of the interocular distance: independent of mouth width. */
export function mouthOpening(landmarks: readonly Point[]): number {
  const iod = interocularDistance(landmarks);
  if (iod <= 0) return 0;
  return INNER_LIP_PAIRS.reduce((sum, [a, b]) => sum + distance(landmarks[a], landmarks[b]), 0) / INNER_LIP_PAIRS.length / iod;
}

/** Mouth-corner distance over interocular distance: a smile widens the mouth. */
export function mouthWidthRatio(landmarks: readonly Point[]): number {
  const iod = interocularDistance(landmarks);
  return iod > 0 ? distance(landmarks[MOUTH_RIGHT_CORNER], landmarks[MOUTH_LEFT_CORNER]) / iod : 0;
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

import type { Point } from '../geometry';
import { distance, eyeCentres, interocularDistance, mouthWidthRatio, yawRatio } from './face-geometry';
import type { LandmarkFrame, TrackedFace } from './landmark-frame';
import { PLAUSIBILITY_DEFAULTS } from './plausibility-defaults';

/**
 * Is this landmark set a face at all, and is it the same face as a moment ago? Landmark nets
 * always return 68 points, even on a blurred, half-hidden or doctored image; a frame whose
 * points cannot be a human face (a mouth eleven times the eye distance, eyes below the
 * mouth, a jaw line crossing itself) must not drive any gesture. And a face cannot teleport:
 * between two frames a few tens of milliseconds apart, a head moves, turns and changes
 * expression only so far, while cutting from one photo to another jumps at once.
 */

const JAW = Array.from({ length: 17 }, (_, i) => i);
/** Landmarks that move with the skull, not with the mouth or eyelids: brows, nose, eye corners, upper jaw line. */
export const RIGID_POINTS: readonly number[] = [0, 1, 2, 3, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 39, 42, 45];
const MOUTH_CORNERS = [48, 54] as const;

export type ImplausibleReason =
  | 'degenerate'
  | 'mouth-width'
  | 'eyes-not-above-mouth'
  | 'face-proportions'
  | 'mirrored'
  | 'outline-crosses';

type Settings = typeof PLAUSIBILITY_DEFAULTS;

/** Component of `p - origin` along the unit vector (ex, ey). */
function along(p: Point, origin: Point, ex: number, ey: number): number {
  return (p.x - origin.x) * ex + (p.y - origin.y) * ey;
}

function segmentsCross(a: Point, b: Point, c: Point, d: Point): boolean {
  const orient = (p: Point, q: Point, r: Point): number => (q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x);
  const d1 = orient(c, d, a);
  const d2 = orient(c, d, b);
  const d3 = orient(a, b, c);
  const d4 = orient(a, b, d);
  return d1 * d2 < 0 && d3 * d4 < 0;
}

/** True when two non-adjacent segments of the polyline through `points` cross. */
export function polylineSelfIntersects(points: readonly Point[]): boolean {
  for (let i = 0; i + 1 < points.length; i++) {
    for (let j = i + 2; j + 1 < points.length; j++) {
      if (segmentsCross(points[i], points[i + 1], points[j], points[j + 1])) return true;
    }
  }
  return false;
}

/**
 * Why these 68 landmarks cannot be a human face seen by a counter camera, or undefined when
 * they can. Every bound is generous (see PLAUSIBILITY_DEFAULTS): it rejects broken geometry,
 * not unusual faces or turned heads.
 */
export function implausibleLandmarks(l: readonly Point[], s: Settings = PLAUSIBILITY_DEFAULTS): ImplausibleReason | undefined {
  const iod = interocularDistance(l);
  if (!(iod > 1)) return 'degenerate';
  const mw = mouthWidthRatio(l);
  if (mw > s.maxMouthWidthRatio || mw < s.minMouthWidthRatio) return 'mouth-width';
  const { right, left } = eyeCentres(l);
  const ex = (left.x - right.x) / iod;
  const ey = (left.y - right.y) / iod;
  // The face's "down": the eye line turned 90 degrees clockwise in image coordinates (y down).
  const dx = -ey;
  const dy = ex;
  const mid = { x: (right.x + left.x) / 2, y: (right.y + left.y) / 2 };
  const mouth = { x: (l[MOUTH_CORNERS[0]].x + l[MOUTH_CORNERS[1]].x) / 2, y: (l[MOUTH_CORNERS[0]].y + l[MOUTH_CORNERS[1]].y) / 2 };
  const eyeToMouth = along(mouth, mid, dx, dy) / iod;
  if (eyeToMouth < s.minEyeToMouth) return 'eyes-not-above-mouth';
  if (eyeToMouth > s.maxEyeToMouth) return 'face-proportions';
  const chin = along(l[8], mid, dx, dy) / iod;
  const noseBase = along(l[33], mid, dx, dy) / iod;
  // Top to bottom: eyes, nose base, mouth, chin; a small tolerance for landmark jitter.
  if (noseBase < 0 || noseBase > eyeToMouth + s.orderTolerance || chin < eyeToMouth - s.orderTolerance) return 'face-proportions';
  // The customer's right jaw end (0) is on the image's left of their left one (16), as seen
  // along the eye line: a mirrored or inside-out set is not a face looking at the camera.
  if (along(l[16], l[0], ex, ey) <= 0) return 'mirrored';
  const jawSpan = distance(l[0], l[16]) / iod;
  if (jawSpan > s.maxJawSpan) return 'face-proportions';
  if (polylineSelfIntersects(JAW.map((i) => l[i]))) return 'outline-crosses';
  return undefined;
}

/** The frame without faces whose landmarks cannot be a face: to the liveness logic they are not there. */
export function withoutImplausibleFaces(frame: LandmarkFrame, s: Settings = PLAUSIBILITY_DEFAULTS): LandmarkFrame {
  const faces = frame.faces.filter((f) => f.landmarks.length !== 68 || implausibleLandmarks(f.landmarks, s) === undefined);
  return faces.length === frame.faces.length ? frame : { ...frame, faces };
}

/** The least-squares similarity (scale, rotation, shift) sending `from` onto `to`, applied to `from`. */
export function alignSimilarity(from: readonly Point[], to: readonly Point[]): Point[] {
  const n = from.length;
  let fx = 0, fy = 0, tx = 0, ty = 0;
  for (let i = 0; i < n; i++) {
    fx += from[i].x; fy += from[i].y; tx += to[i].x; ty += to[i].y;
  }
  fx /= n; fy /= n; tx /= n; ty /= n;
  let a = 0, b = 0, norm = 0;
  for (let i = 0; i < n; i++) {
    const px = from[i].x - fx, py = from[i].y - fy, qx = to[i].x - tx, qy = to[i].y - ty;
    a += px * qx + py * qy;
    b += px * qy - py * qx;
    norm += px * px + py * py;
  }
  if (norm <= 0) return from.map(() => ({ x: tx, y: ty }));
  a /= norm;
  b /= norm;
  return from.map((p) => ({ x: tx + a * (p.x - fx) - b * (p.y - fy), y: ty + b * (p.x - fx) + a * (p.y - fy) }));
}

/** How far one face moved between two frames, in the face's own units. */
export interface FaceStep {
  dtMs: number;
  /** Centre shift over the interocular distance. */
  shift: number;
  /** |log| of the interocular-distance ratio (a face coming closer or going away). */
  scale: number;
  /** Change of face-geometry's yaw ratio. */
  yaw: number;
  /** Change of the skull's shape: RMS of the rigid landmarks after the best similarity fit, over the interocular distance. */
  shape: number;
}

function centre(l: readonly Point[]): Point {
  const pts = RIGID_POINTS.map((i) => l[i]);
  return { x: pts.reduce((s, p) => s + p.x, 0) / pts.length, y: pts.reduce((s, p) => s + p.y, 0) / pts.length };
}

export function faceStep(prev: readonly Point[], cur: readonly Point[], dtMs: number): FaceStep {
  const iodPrev = interocularDistance(prev);
  const iodCur = interocularDistance(cur);
  const iod = Math.max(1e-6, (iodPrev + iodCur) / 2);
  const from = RIGID_POINTS.map((i) => prev[i]);
  const to = RIGID_POINTS.map((i) => cur[i]);
  const aligned = alignSimilarity(from, to);
  const shape = Math.sqrt(aligned.reduce((s, p, i) => s + (p.x - to[i].x) ** 2 + (p.y - to[i].y) ** 2, 0) / aligned.length) / iod;
  return {
    dtMs,
    shift: distance(centre(prev), centre(cur)) / iod,
    scale: Math.abs(Math.log(Math.max(1e-6, iodCur) / Math.max(1e-6, iodPrev))),
    yaw: Math.abs(yawRatio(cur) - yawRatio(prev)),
    shape,
  };
}

/** How far each measure of a step may go in the step's time: jitter, plus motion growing with the time (and, for the shape, with the turn). */
export function stepBounds(step: FaceStep, s: Settings = PLAUSIBILITY_DEFAULTS): Omit<FaceStep, 'dtMs'> {
  const sec = step.dtMs / 1000;
  const yaw = s.stepYawBase + s.stepYawPerSecond * sec;
  return {
    shift: s.stepShiftBase + s.stepShiftPerSecond * sec,
    scale: s.stepScaleBase + s.stepScalePerSecond * sec,
    yaw,
    shape: s.stepShapeBase + s.stepShapePerSecond * sec + s.stepShapePerYaw * Math.min(step.yaw, yaw),
  };
}

/** Which measure of a step used the largest share of its bound, and that share (above 1: a head cannot move so). */
export function stepLoad(step: FaceStep, s: Settings = PLAUSIBILITY_DEFAULTS): { measure: Exclude<keyof FaceStep, 'dtMs'>; share: number } {
  const bounds = stepBounds(step, s);
  const measures = ['shift', 'scale', 'yaw', 'shape'] as const;
  return measures.map((measure) => ({ measure, share: step[measure] / bounds[measure] })).reduce((a, b) => (b.share > a.share ? b : a));
}

/** Which limit a step broke (the first of shift, scale, yaw, shape), or undefined when a head can move that much in that time. */
export function impossibleStep(step: FaceStep, s: Settings = PLAUSIBILITY_DEFAULTS): keyof FaceStep | undefined {
  const bounds = stepBounds(step, s);
  return (['shift', 'scale', 'yaw', 'shape'] as const).find((measure) => step[measure] > bounds[measure]);
}

/** A break in the face's continuity: the frame at which it happened and what jumped. */
export interface FaceCut {
  frame: number;
  timeMs: number;
  jumped: keyof FaceStep;
  step: FaceStep;
}

/**
 * Watches consecutive frames of the customer's face and reports a cut when the face jumps
 * further than a head can move in the time between them. Frames further apart than
 * `maxGapMs` are not compared (the face was lost; the detectors start over anyway).
 */
export class FaceContinuity {
  private prev: { landmarks: Point[]; timeMs: number } | undefined;

  constructor(private readonly maxGapMs: number, private readonly settings: Settings = PLAUSIBILITY_DEFAULTS) {}

  /** Feeds the customer's face of one frame; returns the cut this frame makes, if any. */
  push(face: TrackedFace, frame: number, timeMs: number): FaceCut | undefined {
    const prev = this.prev;
    this.prev = { landmarks: face.landmarks, timeMs };
    if (!prev || timeMs - prev.timeMs > this.maxGapMs || timeMs <= prev.timeMs) return undefined;
    const step = faceStep(prev.landmarks, face.landmarks, timeMs - prev.timeMs);
    const jumped = impossibleStep(step, this.settings);
    return jumped ? { frame, timeMs, jumped, step } : undefined;
  }

  reset(): void {
    this.prev = undefined;
  }
}

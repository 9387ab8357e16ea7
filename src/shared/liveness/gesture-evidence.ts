import type { Point } from '../geometry';
import { eyeCentres, interocularDistance, mouthOpening, yawRatio } from './face-geometry';
import { fitHomography, transferRms } from './homography';
import type { TrackedFace } from './landmark-frame';
import type { LivenessEvent } from './liveness-events';
import { PLAUSIBILITY_DEFAULTS } from './plausibility-defaults';
import { LIVENESS_DEFAULTS } from './liveness-defaults';

/**
 * Evidence that a gesture was made by a head, not by a sheet of paper moved in front of the
 * camera. Everything a photo can do is a projective map of itself: a flat print swung,
 * tipped or shaken moves its 68 landmarks by one homography, a print folded down the nose by
 * two (one per half, agreeing on the fold). A head is not flat: when it turns, the nose
 * (half an eye distance in front of the cheeks) slides against the face outline, which no
 * plane can reproduce; when the mouth opens or smiles, the lips move against the skull; when
 * the eyes blink, the rest of the face keeps its proportions, whereas a print tipped back
 * shrinks every vertical distance at once.
 */

type Settings = typeof PLAUSIBILITY_DEFAULTS;

/** Points that a turn moves with parallax: outline, brows, nose, eye corners (not the lips, which may move on their own). */
const TURN_POINTS = [...Array.from({ length: 27 }, (_, i) => i), 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 39, 42, 45];
/** Each half for the folded-print fit, sharing the midline (the fold) so both planes meet on it. */
const MIDLINE = [8, 27, 28, 29, 30, 33];
const RIGHT_HALF = [0, 1, 2, 3, 4, 5, 6, 7, 17, 18, 19, 20, 21, 31, 32, 36, 39, ...MIDLINE];
const LEFT_HALF = [9, 10, 11, 12, 13, 14, 15, 16, 22, 23, 24, 25, 26, 34, 35, 42, 45, ...MIDLINE];
/** The skull, for fitting the map the lips are measured against. */
const SKULL = [0, 1, 2, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 39, 42, 45];
const LIPS = Array.from({ length: 20 }, (_, i) => 48 + i);

const pick = (l: readonly Point[], idx: readonly number[]): Point[] => idx.map((i) => l[i]);

function residual(from: readonly Point[], to: readonly Point[], idx: readonly number[]): number {
  const a = pick(from, idx);
  const b = pick(to, idx);
  const h = fitHomography(a, b);
  return h ? transferRms(h, a, b) : Number.POSITIVE_INFINITY;
}

/**
 * How far the landmark motion from `frontal` to `turned` departs from a flat sheet and from
 * a sheet folded down the nose: RMS residual of the best single homography, and the larger
 * of the two half-face homographies' residuals, both over the frontal interocular distance.
 */
export function turnParallax(frontal: readonly Point[], turned: readonly Point[]): { onePlane: number; twoPlanes: number } {
  const iod = Math.max(1e-6, interocularDistance(frontal));
  const onePlane = residual(frontal, turned, TURN_POINTS) / iod;
  const twoPlanes = Math.max(residual(frontal, turned, RIGHT_HALF), residual(frontal, turned, LEFT_HALF)) / iod;
  return { onePlane, twoPlanes };
}

/**
 * How far the lips moved against the skull from `rest` to `gesture`: the skull's landmarks
 * fix a homography (whatever the sheet or head did as a whole), and the lips' RMS distance
 * from where that map puts them, over the interocular distance. A printed smile moved
 * around stays on the map; a real one leaves it.
 */
export function lipDeformation(rest: readonly Point[], gesture: readonly Point[]): number {
  const h = fitHomography(pick(rest, SKULL), pick(gesture, SKULL));
  if (!h) return Number.POSITIVE_INFINITY;
  return transferRms(h, pick(rest, LIPS), pick(gesture, LIPS)) / Math.max(1e-6, interocularDistance(gesture));
}

/** Distance of the nose base below the eye line, over the interocular distance: the face's vertical proportion, which blinking leaves alone. */
export function verticalProportion(l: readonly Point[]): number {
  const { right, left } = eyeCentres(l);
  const iod = Math.max(1e-6, interocularDistance(l));
  const ex = (left.x - right.x) / iod;
  const ey = (left.y - right.y) / iod;
  const mid = { x: (right.x + left.x) / 2, y: (right.y + left.y) / 2 };
  return ((l[33].x - mid.x) * -ey + (l[33].y - mid.y) * ex) / iod;
}

/** Why the evidence refused a gesture (for tests, debugging and the bench). */
export interface RefusedGesture {
  event: LivenessEvent;
  reason: 'flat-turn' | 'rigid-lips' | 'face-foreshortened';
  /** The measure that fell short of its bound. */
  value: number;
}

type Timed = { timeMs: number; landmarks: Point[] };


/**
 * Keeps what the checks need from recent frames (the last frontal face, the last face at
 * rest for each expression, a short history of proportions) and judges each event the
 * detectors report. Pure, fed the customer's face of every frame.
 */
export class GestureEvidence {
  private frontal: Timed | undefined;
  /** The last frame not smiling, and the last with the mouth closed: the rests the detectors armed on. */
  private notSmiling: Timed | undefined;
  private mouthClosed: Timed | undefined;
  private history: { timeMs: number; vertical: number }[] = [];
  private current: Timed | undefined;

  constructor(private readonly settings: Settings = PLAUSIBILITY_DEFAULTS, private readonly gestures: typeof LIVENESS_DEFAULTS = LIVENESS_DEFAULTS) {}

  push(face: TrackedFace, timeMs: number): void {
    const l = face.landmarks;
    this.current = { timeMs, landmarks: l };
    if (Math.abs(yawRatio(l)) < this.gestures.turnFrontalMaxYawRatio) this.frontal = this.current;
    if (face.expressions.happy < this.gestures.smileRestMaxHappy) this.notSmiling = this.current;
    if (mouthOpening(l) < this.gestures.mouthRestMax) this.mouthClosed = this.current;
    this.history.push({ timeMs, vertical: verticalProportion(l) });
    const keep = timeMs - this.settings.blinkBaselineMs - this.settings.blinkWindowMs;
    while (this.history.length > 0 && this.history[0].timeMs < keep) this.history.shift();
  }

  private medianProportion(): number {
    const v = this.history.map((h) => h.vertical).sort((a, b) => a - b);
    return v.length > 0 ? v[Math.floor(v.length / 2)] : Number.NaN;
  }

  /** Undefined when the event may count; otherwise why not. */
  judge(event: LivenessEvent): RefusedGesture | undefined {
    const s = this.settings;
    const cur = this.current;
    if (!cur) return undefined;
    if (event.type === 'turn-left' || event.type === 'turn-right') {
      const value = this.frontal ? turnParallax(this.frontal.landmarks, cur.landmarks).twoPlanes : 0;
      return value >= s.turnMinParallax ? undefined : { event, reason: 'flat-turn', value };
    }
    if (event.type === 'smile' || event.type === 'mouth-open') {
      const rest = event.type === 'smile' ? this.notSmiling : this.mouthClosed;
      // A face that smiles or opens its mouth keeps its proportions; a print swung about its
      // vertical axis narrows (the eye distance shrinks against the nose length) without the
      // nose moving off-centre as a turning head's does.
      // Against the rest frame and against the median of the last seconds: the print may have
      // been at rest edge-on (then its "smile" comes when it faces the camera again), or may
      // have been frontal at rest and swung since.
      const now = verticalProportion(cur.landmarks);
      const change = Math.max(Math.abs(Math.log(now / this.medianProportion())), rest ? Math.abs(Math.log(now / verticalProportion(rest.landmarks))) : 0);
      if (!(change <= s.expressionMaxProportionChange)) return { event, reason: 'face-foreshortened', value: change };
      const value = rest ? lipDeformation(rest.landmarks, cur.landmarks) : 0;
      const min = event.type === 'smile' ? s.smileMinLipDeformation : s.mouthOpenMinLipDeformation;
      return value >= min ? undefined : { event, reason: 'rigid-lips', value };
    }
    // A blink: the face's vertical proportion during the closure against the seconds before it.
    const t = event.timeMs;
    const during = this.history.filter((h) => h.timeMs >= t - s.blinkWindowMs).map((h) => h.vertical);
    const before = this.history.filter((h) => h.timeMs < t - s.blinkWindowMs).map((h) => h.vertical).sort((a, b) => a - b);
    const baseline = before.length > 0 ? before[Math.floor(before.length / 2)] : Math.max(...during);
    if (!(baseline > 0) || during.length === 0) return { event, reason: 'face-foreshortened', value: 0 };
    const value = Math.min(...during) / baseline;
    return value >= s.blinkMinProportion ? undefined : { event, reason: 'face-foreshortened', value };
  }

  reset(): void {
    this.frontal = undefined;
    this.notSmiling = undefined;
    this.mouthClosed = undefined;
    this.history = [];
    this.current = undefined;
  }
}

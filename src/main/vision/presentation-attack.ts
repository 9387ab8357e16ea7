/**
 * Presentation-attack detection (PAD): is the face in front of the camera a person, or a
 * photo, a print or a screen replaying a video? One function over a list of frames (one
 * frame: the face check's capture; several: frames sampled during liveness, or a clip), so
 * `ekyc pad`, the station's face check and the bench all decide the same way.
 *
 * Signals, each measured alone and fused in bench/pad.mjs (docs/security.md, "Presentation
 * attacks"):
 * - model: fr_liveness.onnx's P(live) per frame (src/main/vision/presentation-model.ts), the
 *   session's score is the median over the frames with a face, so one odd frame neither
 *   refuses a customer nor lets a replay through;
 * - still frames: few distinct pictures among the frames. A camera's sensor noise makes
 *   every real frame differ; a still picture fed to a virtual camera, a frozen stream or two
 *   photos swapped do not (a video file that repeats frames still has many distinct ones);
 * - rigid motion: the scene around the face moving with the face. A hand-held print or phone
 *   carries the face and its own background together; a person moves in front of a background
 *   that stays put (the station's camera is fixed).
 * - screen: a medium's traces around the face (src/main/vision/screen-evidence.ts): a
 *   screen's moire on the face, straight edges framing it on both sides (bezel, print
 *   border), glare over it;
 * A frame set is an attack when any signal says so; "cannot decide" (no face, several
 * people) is an EkycError, as in the face check.
 */
import { EkycError } from '../../shared/errors';
import { englishReason, type PresentationResult, type PresentationSignals, type RigidMotionSignal, type ScreenSignal, type StillFramesSignal } from '../../shared/presentation';
import type { Box } from '../../shared/geometry';
import { msg, plural, type FixedNumber, type MessageRef } from '../../shared/messages/catalogue';
import { isPersonInView } from '../../shared/people-in-view';
import { FaceDetector } from './face-detector';
import type { RgbImage } from './image-decoder';
import { pickDominant } from './nms';
import { PresentationModel } from './presentation-model';
import { greyThumbnail, screenEvidence, type ScreenEvidence } from './screen-evidence';

export { greyThumbnail };

export type { PresentationResult, PresentationSignals } from '../../shared/presentation';

/**
 * Median P(live) at or above which the model's signal passes. Calibrated on the tuning half
 * only (bench/pad.mjs --part tune: spoof-dev subject tranvanluyt, the tuning identities'
 * photos and the attacks generated from them, five liveness-dev clips), with the screen
 * signal in the fusion, by the rule "fewest attacks accepted while at most 10% of live
 * samples are refused": 0.5 accepted 10 of 124 attacks and refused 4 of 57 live samples,
 * 0.7 accepted 5 and refused 5, 0.8 accepted 4 but refused 6 (10.5%).
 */
export const PAD_MODEL_THRESHOLD = 0.7;
/** Mean absolute grey difference (0..255) below which two frames count as the same picture. */
export const STILL_FRAME_DIFFERENCE = 0.35;
/**
 * Share of the frames that are distinct pictures at or below which the frames are a still.
 * Counting distinct pictures, not identical neighbours: a video file whose frames repeat
 * (a 15 fps clip in a 30 fps stream) has many identical neighbours but about half its
 * frames distinct; a still fed to a virtual camera has one picture, a photo swap two.
 */
export const STILL_DISTINCT_SHARE = 0.25;
/** Background shift over face shift (projected) at or above which the scene moves with the face. */
export const RIGID_MOTION_COUPLING = 0.6;
/** A pair of frames counts for rigid motion only when the face moved at least this share of its width. */
const MIN_FACE_SHIFT = 0.03;
/** And only when enough pairs moved: a still customer says nothing either way. */
const MIN_MOVING_PAIRS = 3;

/**
 * Thresholds of the medium's traces (src/main/vision/screen-evidence.ts), each the median
 * over the frames with a face, at or above which the trace fails. Each is set just above
 * every live sample of the tuning half (bench/pad.mjs --part tune), so alone it refuses none
 * of them: live moire reached 1.99 (a screen replay generated there, 2.7-4.1; spoof-dev's real
 * laptop replay only 1.2-1.7, as live), bezel 0.84 (a verification photo; the real laptop
 * replay 0.54-0.79), glare 0.016. On the tuning half none caught an attack the model missed:
 * they are there for phones and glossy media held close, which the tuning half lacks.
 */
export const SCREEN_THRESHOLDS: ScreenSignal['thresholds'] = { moire: 2.2, bezel: 0.85, glare: 0.03 };

export type PresentationSignalName = 'model' | 'still-frames' | 'rigid-motion' | 'moire' | 'bezel' | 'glare';

export interface PresentationOptions {
  modelThreshold?: number;
  screenThresholds?: Partial<ScreenSignal['thresholds']>;
  /** Signals to ignore (bench: each signal alone, and the fusion before a signal was added). */
  disable?: readonly PresentationSignalName[];
}

/** Pure: median of a non-empty list. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of no values');
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Pure: mean absolute grey difference of two same-size frames (0..255). With `limit`, stops
 * as soon as the mean can no longer stay below it and returns Infinity: deciding "not the
 * same picture" needs only a few rows of two different frames.
 */
export function meanAbsoluteDifference(a: RgbImage, b: RgbImage, limit = Infinity): number {
  if (a.width !== b.width || a.height !== b.height) return Infinity;
  // Every 4th pixel of every 2nd row: plenty for a mean, a quarter of the work.
  const n = Math.ceil(a.height / 2) * Math.ceil(a.width / 4);
  const budget = limit * n;
  let s = 0;
  for (let y = 0; y < a.height; y += 2) {
    for (let x = 0; x < a.width; x += 4) {
      const p = (y * a.width + x) * 3;
      s += Math.abs(0.299 * (a.data[p] - b.data[p]) + 0.587 * (a.data[p + 1] - b.data[p + 1]) + 0.114 * (a.data[p + 2] - b.data[p + 2]));
    }
    if (s >= budget) return Infinity;
  }
  return s / n;
}

/** Pure: whether two frames are the same picture (no sensor noise between them). */
export function samePicture(a: RgbImage, b: RgbImage): boolean {
  return meanAbsoluteDifference(a, b, STILL_FRAME_DIFFERENCE) < STILL_FRAME_DIFFERENCE;
}

/**
 * Pure: the still-frames signal of consecutive frames: how many are distinct pictures (each
 * frame compared with every distinct picture seen before it, so pictures alternated count
 * once each), and how many consecutive pairs are identical (reported, not decisive).
 */
export function stillFramesSignal(frames: readonly RgbImage[]): StillFramesSignal {
  let identicalPairs = 0;
  for (let i = 1; i < frames.length; i++) if (samePicture(frames[i - 1], frames[i])) identicalPairs++;
  const distinct: RgbImage[] = [];
  for (const f of frames) if (!distinct.some((d) => samePicture(d, f))) distinct.push(f);
  const pairs = Math.max(0, frames.length - 1);
  return {
    identicalPairs,
    pairs,
    distinctPictures: distinct.length,
    passed: frames.length <= 1 || distinct.length / frames.length > STILL_DISTINCT_SHARE,
  };
}

type Grey = { data: Float32Array; width: number; height: number };

/**
 * Pure: the translation (dx, dy) of the patch `box` of `a` that best matches `b` (least mean
 * absolute difference, integer search within `radius`), or null when the patch is flat (no
 * texture to follow) or leaves the image.
 */
export function patchShift(a: Grey, b: Grey, box: Box, radius: number): { dx: number; dy: number } | null {
  const x0 = Math.round(box.x);
  const y0 = Math.round(box.y);
  const w = Math.round(box.width);
  const h = Math.round(box.height);
  if (w < 4 || h < 4 || x0 - radius < 0 || y0 - radius < 0 || x0 + w + radius > a.width || y0 + h + radius > a.height) return null;
  // A flat patch (a wall, a blown-out window) matches everywhere: its shift means nothing.
  let mean = 0;
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) mean += a.data[(y0 + y) * a.width + x0 + x];
  mean /= w * h;
  let spread = 0;
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) spread += Math.abs(a.data[(y0 + y) * a.width + x0 + x] - mean);
  if (spread / (w * h) < 3) return null;
  let best = { dx: 0, dy: 0, cost: Infinity };
  for (let dy = -radius; dy <= radius; dy++) {
    for (let dx = -radius; dx <= radius; dx++) {
      // A candidate already worse than the best is abandoned part way (most of them are).
      const bound = best.cost * w * h;
      let cost = 0;
      let y = 0;
      for (; y < h; y++) {
        const ra = (y0 + y) * a.width + x0;
        const rb = (y0 + y + dy) * b.width + x0 + dx;
        for (let x = 0; x < w; x++) cost += Math.abs(a.data[ra + x] - b.data[rb + x]);
        if (cost > bound) break;
      }
      if (y < h) continue;
      cost /= w * h;
      if (cost < best.cost || (cost === best.cost && Math.abs(dx) + Math.abs(dy) < Math.abs(best.dx) + Math.abs(best.dy))) best = { dx, dy, cost };
    }
  }
  return { dx: best.dx, dy: best.dy };
}

/** The patches beside and above the face whose motion stands for the background's. */
export function backgroundPatches(face: Box, width: number, height: number): Box[] {
  // Just off the head (its hair and ears reach about 0.7 face widths from the centre), on
  // both sides and at both upper corners; not above (hair) nor below (neck and shoulders),
  // which move with a live head. Chosen on the tuning partition (bench/pad.mjs --part tune).
  const s = face.width * 0.35;
  const cx = face.x + face.width / 2;
  const cy = face.y + face.height / 2;
  const spots = [[-0.95, 0], [0.95, 0], [-0.8, -0.85], [0.8, -0.85]];
  return spots
    .map(([fx, fy]) => ({ x: cx + fx * face.width - s / 2, y: cy + fy * face.height - s / 2, width: s, height: s }))
    .filter((b) => b.x >= 0 && b.y >= 0 && b.x + b.width <= width && b.y + b.height <= height);
}

/**
 * Pure: how much the scene around the face moves with it over consecutive frames. `faces[i]`
 * is frame i's face box (null: none). Only pairs where the face moved count.
 */
export function rigidMotionSignal(frames: readonly RgbImage[], faces: readonly (Box | null)[]): RigidMotionSignal {
  let along = 0;
  let faceSq = 0;
  let movingPairs = 0;
  for (let i = 1; i < frames.length; i++) {
    const fa = faces[i - 1];
    const fb = faces[i];
    if (!fa || !fb || frames[i].width !== frames[i - 1].width || frames[i].height !== frames[i - 1].height) continue;
    const dfx = fb.x + fb.width / 2 - (fa.x + fa.width / 2);
    const dfy = fb.y + fb.height / 2 - (fa.y + fa.height / 2);
    const shift = Math.hypot(dfx, dfy);
    if (shift < MIN_FACE_SHIFT * fa.width) continue;
    // Thumbnails about 160 px wide: block matching stays cheap and follows a face's worth of shift.
    const factor = Math.max(1, Math.floor(frames[i].width / 160));
    const a = greyThumbnail(frames[i - 1], factor);
    const b = greyThumbnail(frames[i], factor);
    const scaled = (box: Box): Box => ({ x: box.x / factor, y: box.y / factor, width: box.width / factor, height: box.height / factor });
    const radius = Math.min(24, Math.ceil((shift / factor) * 1.5) + 2);
    const shifts = backgroundPatches(scaled(fa), a.width, a.height)
      .map((p) => patchShift(a, b, p, radius))
      .filter((s): s is { dx: number; dy: number } => s !== null);
    if (shifts.length === 0) continue;
    const bx = median(shifts.map((s) => s.dx)) * factor;
    const by = median(shifts.map((s) => s.dy)) * factor;
    along += bx * dfx + by * dfy;
    faceSq += dfx * dfx + dfy * dfy;
    movingPairs++;
  }
  if (movingPairs < MIN_MOVING_PAIRS || faceSq === 0) return { coupling: null, movingPairs, passed: null };
  const coupling = along / faceSq;
  return { coupling: Math.round(coupling * 1000) / 1000, movingPairs, passed: coupling < RIGID_MOTION_COUPLING };
}

/** Pure: the screen signal from each face frame's evidence (median of each trace over the frames that measured it). */
export function screenSignal(evidence: readonly ScreenEvidence[], thresholds: ScreenSignal['thresholds'] = SCREEN_THRESHOLDS): ScreenSignal {
  const mid = (values: (number | null)[]): number | null => {
    const v = values.filter((x): x is number => x !== null);
    return v.length === 0 ? null : round3(median(v));
  };
  const moire = mid(evidence.map((e) => e.moire));
  const bezel = mid(evidence.map((e) => e.bezel));
  const glare = mid(evidence.map((e) => e.glare)) ?? 0;
  const failed: ScreenSignal['failed'] = [];
  if (moire !== null && moire >= thresholds.moire) failed.push('moire');
  if (bezel !== null && bezel >= thresholds.bezel) failed.push('bezel');
  if (glare >= thresholds.glare) failed.push('glare');
  return { moire, bezel, glare, thresholds: { ...thresholds }, failed, passed: failed.length === 0 };
}

/**
 * Pure fusion: the decision and its reasons from the signals; any failed signal is an
 * attack. Each failed signal is one message with its figures (shown in the operator's
 * language); `reason` is their English text, for the CLI and the logs.
 */
export function fuseSignals(signals: PresentationSignals, options: PresentationOptions = {}): { live: boolean; reason: string | null; findings: MessageRef[] } {
  const off = new Set(options.disable ?? []);
  const findings: MessageRef[] = [];
  const m = signals.model;
  if (!off.has('model') && !m.passed) {
    findings.push(msg('pad.finding.model', { score: fixed(m.score, 2), threshold: fixed(m.threshold, 2) }));
  }
  const screen = signals.screen;
  const traces = screen.failed.filter((t) => !off.has(t));
  if (traces.includes('moire')) findings.push(msg('pad.finding.moire', { value: fixed(screen.moire ?? 0, 2), limit: fixed(screen.thresholds.moire, 2) }));
  if (traces.includes('bezel')) findings.push(msg('pad.finding.bezel', { share: Math.round((screen.bezel ?? 0) * 100), limit: Math.round(screen.thresholds.bezel * 100) }));
  if (traces.includes('glare')) findings.push(msg('pad.finding.glare', { share: fixed(screen.glare * 100, 1), limit: fixed(screen.thresholds.glare * 100, 1) }));
  const s = signals.stillFrames;
  if (!off.has('still-frames') && s && !s.passed) {
    findings.push(plural('pad.finding.stillFrames', s.distinctPictures, { frames: s.pairs + 1 }));
  }
  const r = signals.rigidMotion;
  if (!off.has('rigid-motion') && r && r.passed === false) {
    findings.push(msg('pad.finding.rigidMotion', { coupling: fixed(r.coupling ?? 0, 2), moves: r.movingPairs }));
  }
  return { live: findings.length === 0, reason: englishReason(findings), findings };
}

function fixed(value: number, digits: number): FixedNumber {
  return { fixed: value, digits };
}

/** The face of one frame: the dominant one, and how many people are in view beside it. */
function customerFace(boxes: { box: Box; score: number }[]): { box: Box | null; people: number } {
  const main = pickDominant(boxes);
  if (!main) return { box: null, people: 0 };
  return { box: main.box, people: 1 + boxes.filter((b) => b !== main && isPersonInView(b, main)).length };
}

export class PresentationAttackDetector {
  private constructor(
    private readonly detector: FaceDetector,
    private readonly model: PresentationModel,
    private readonly ownsDetector: boolean,
  ) {}

  /** `detector`: share one already loaded (the face analyzer's); otherwise one is loaded and released with this. */
  static async load(modelsDir: string, options: { threads?: number; detector?: FaceDetector } = {}): Promise<PresentationAttackDetector> {
    const detector = options.detector ?? (await FaceDetector.load(modelsDir, options.threads));
    try {
      return new PresentationAttackDetector(detector, await PresentationModel.load(modelsDir, options.threads), !options.detector);
    } catch (err) {
      if (!options.detector) await detector.release();
      throw err;
    }
  }

  /** P(live) of the face in `box` of one frame (the face check already found it). */
  liveProbability(img: RgbImage, box: Box): Promise<number> {
    return this.model.liveProbability(img, box);
  }

  /**
   * Judges frames of one presentation, in time order. Throws NO_FACE when no frame shows a
   * face, MULTIPLE_FACES when the only picture, or most frames, show several people.
   */
  async assess(frames: readonly RgbImage[], options: PresentationOptions & { label?: string } = {}): Promise<PresentationResult> {
    if (frames.length === 0) throw new EkycError('INVALID_ARGUMENT', 'presentation-attack detection needs at least one frame');
    const label = options.label ?? (frames.length === 1 ? 'the picture' : 'the frames');
    const faces: (Box | null)[] = [];
    const perFrame: number[] = [];
    let crowded = 0;
    let people = 0;
    for (const img of frames) {
      const face = customerFace(await this.detector.detect(img));
      // A frame with several people is not scored: whose face would it be? A clip where
      // they are in most frames cannot be decided; a stray second face (a reflection, a
      // passer-by) in a few frames leaves the others to decide.
      if (face.people > 1) {
        crowded++;
        people = Math.max(people, face.people);
        faces.push(null);
        continue;
      }
      faces.push(face.box);
      if (face.box) perFrame.push(round3(await this.model.liveProbability(img, face.box)));
    }
    if (crowded > 0 && (perFrame.length === 0 || crowded * 2 > frames.length)) {
      const where = frames.length === 1 ? label : `${crowded} of ${frames.length} frames of ${label}`;
      throw new EkycError('MULTIPLE_FACES', `${people} faces found in ${where}; only the customer may be in view`, { faces: people, frames: crowded });
    }
    if (perFrame.length === 0) throw new EkycError('NO_FACE', `no face found in ${label}; the customer should face the camera in good light`);
    return decide(frames, faces, perFrame, options);
  }

  async release(): Promise<void> {
    await this.model.release();
    if (this.ownsDetector) await this.detector.release();
  }
}

/** Pure: the result from frames, their face boxes and the model's per-frame P(live). */
export function decide(frames: readonly RgbImage[], faces: readonly (Box | null)[], perFrame: number[], options: PresentationOptions = {}): PresentationResult {
  const threshold = options.modelThreshold ?? PAD_MODEL_THRESHOLD;
  const score = round3(median(perFrame));
  const evidence = frames.flatMap((img, i) => (faces[i] ? [screenEvidence(img, faces[i]!)] : []));
  const signals: PresentationSignals = {
    model: { score, threshold, passed: score >= threshold, perFrame },
    screen: screenSignal(evidence, { ...SCREEN_THRESHOLDS, ...options.screenThresholds }),
  };
  if (frames.length > 1) {
    signals.stillFrames = stillFramesSignal(frames);
    signals.rigidMotion = rigidMotionSignal(frames, faces);
  }
  const { live, reason, findings } = fuseSignals(signals, options);
  return { live, score, threshold, reason, findings, signals, frames: frames.length, faceFrames: perFrame.length };
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}

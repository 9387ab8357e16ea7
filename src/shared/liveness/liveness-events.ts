import { BlinkCounter } from './blink-counter';
import { ClosureBlinkCounter } from './closure-blink-counter';
import { MouthOpenDetector, SmileDetector } from './expression-detectors';
import {
  hasFullLandmarks, leftEyeAspectRatio, mouthOpening, mouthWidthRatio, rightEyeAspectRatio, yawRatio,
} from './face-geometry';
import { HeadTurnDetector } from './head-turn-detector';
import type { FaceCut } from './face-plausibility';
import type { EyeClosure, LandmarkFrame, TrackedFace } from './landmark-frame';
import { LIVENESS_DEFAULTS } from './liveness-defaults';
import { PlausibleFaceGate } from './plausible-face';
import { widestFace } from '../people-in-view';

export const LIVENESS_EVENT_TYPES = ['blink', 'smile', 'mouth-open', 'turn-left', 'turn-right'] as const;
export type LivenessEventType = (typeof LIVENESS_EVENT_TYPES)[number];

/** Something the customer did, seen at one frame. */
export interface LivenessEvent {
  type: LivenessEventType;
  /** Index of the frame that completed the gesture. */
  frame: number;
  timeMs: number;
}

/** What the frame said about who is in front of the camera. */
export interface FacePresence {
  /** The customer's face this frame (the largest), if any. */
  face: TrackedFace | undefined;
  /** Other faces large enough to be another person near the counter. */
  otherFaces: number;
}

/** The per-frame measurements the detectors consumed; exposed for progress display and debugging. */
export interface FaceMeasures {
  earRight: number;
  earLeft: number;
  yawRatio: number;
  mouthOpening: number;
  mouthWidthRatio: number;
  happy: number;
  surprised: number;
}

/** Picks the customer's face (the largest) and counts other faces that matter. */
export function facePresence(frame: LandmarkFrame, minRelativeWidth: number = LIVENESS_DEFAULTS.secondFaceMinRelativeWidth): FacePresence {
  const faces = frame.faces.filter((f) => hasFullLandmarks(f.landmarks) && f.box.width > 0);
  if (faces.length === 0) return { face: undefined, otherFaces: 0 };
  const face = widestFace(faces)!;
  const otherFaces = faces.filter((f) => f !== face && f.box.width >= minRelativeWidth * face.box.width).length;
  return { face, otherFaces };
}

export function measureFace(face: TrackedFace): FaceMeasures {
  const l = face.landmarks;
  return {
    earRight: rightEyeAspectRatio(l),
    earLeft: leftEyeAspectRatio(l),
    yawRatio: yawRatio(l),
    mouthOpening: mouthOpening(l),
    mouthWidthRatio: mouthWidthRatio(l),
    happy: face.expressions.happy,
    surprised: face.expressions.surprised,
  };
}

type EventSettings = typeof LIVENESS_DEFAULTS;

/**
 * Turns a stream of LandmarkFrames into liveness events. Every gesture is a change
 * relative to the same person's earlier frames, so a still picture, however it is moved,
 * produces none. When the face is gone for longer than a moment, every detector starts
 * over: the face that comes back may not be the same one.
 */
export class LivenessEventDetector {
  /** Eye aspect ratio blinks: for frames without eye-state probabilities (the renderer's face-api tracker). */
  private readonly blink: BlinkCounter;
  /** Blinks from main's eye-state classifier, used whenever a frame carries its probabilities. */
  private readonly closureBlink: ClosureBlinkCounter;
  private readonly turn: HeadTurnDetector;
  private readonly smile: SmileDetector;
  private readonly mouth: MouthOpenDetector;
  private lastFaceMs: number | undefined;
  private latest: FaceMeasures | undefined;
  /** Is it a face, the same face, and a head? Screens frames and vetoes events (plausible-face.ts). */
  readonly plausibility: PlausibleFaceGate;
  /** Set when the last frame pushed broke the face's continuity (a cut between two pictures). */
  lastCut: FaceCut | undefined;

  constructor(private readonly settings: EventSettings = LIVENESS_DEFAULTS) {
    this.blink = new BlinkCounter(settings);
    this.closureBlink = new ClosureBlinkCounter(settings);
    this.turn = new HeadTurnDetector(settings);
    this.smile = new SmileDetector(settings);
    this.mouth = new MouthOpenDetector(settings);
    this.plausibility = new PlausibleFaceGate(settings);
  }

  /** The last frame's measurements, undefined before the first face. */
  get measures(): FaceMeasures | undefined {
    return this.latest;
  }

  /** Smoothed signals, 0 before any face: what a progress bar shows. */
  get smoothed(): { yawRatio: number; happy: number; mouthOpening: number; blinks: number } {
    return { yawRatio: this.turn.smoothedYaw, happy: this.smile.smoothedHappy, mouthOpening: this.mouth.smoothedOpening, blinks: this.blink.count + this.closureBlink.count };
  }

  /** Feeds one frame; returns the events it completed (none when no face is in it). */
  push(input: LandmarkFrame): LivenessEvent[] {
    const frame = this.plausibility.screen(input);
    this.lastCut = undefined;
    const { face } = facePresence(frame, this.settings.secondFaceMinRelativeWidth);
    if (!face) return [];
    if (this.lastFaceMs !== undefined && frame.timeMs - this.lastFaceMs > this.settings.faceLostMaxMs) this.reset();
    this.lastFaceMs = frame.timeMs;
    this.lastCut = this.plausibility.observe(face, frame);
    // After a cut the face is another picture: nothing seen before it counts towards a gesture.
    if (this.lastCut) this.resetDetectors();
    const m = measureFace(face);
    this.latest = m;
    const t = frame.timeMs;
    const events: LivenessEvent[] = [];
    const emit = (type: LivenessEventType): void => {
      events.push({ type, frame: frame.index, timeMs: t });
    };
    const blinked = face.eyesClosed
      ? this.closureBlink.update({ timeMs: t, eyesClosed: face.eyesClosed, yawRatio: m.yawRatio })
      : this.blink.update({ timeMs: t, earRight: m.earRight, earLeft: m.earLeft, yawRatio: m.yawRatio });
    if (blinked) emit('blink');
    if (this.smile.update(m.happy, m.mouthWidthRatio, t)) emit('smile');
    if (this.mouth.update(m.mouthOpening, m.surprised, t)) emit('mouth-open');
    const turn = this.turn.update(m.yawRatio, t);
    if (turn) emit(turn);
    return this.plausibility.confirm(events);
  }

  /**
   * Feeds the eye state of a camera frame the tracker skipped (its landmarks are the last
   * tracked frame's, so only the eyes are new): a blink can complete here, nothing else can.
   * Ignored before the first face and once the face has been gone too long.
   */
  pushEyes(timeMs: number, eyesClosed: EyeClosure): LivenessEvent[] {
    if (!this.latest || this.lastFaceMs === undefined || timeMs - this.lastFaceMs > this.settings.faceLostMaxMs) return [];
    if (!this.closureBlink.update({ timeMs, eyesClosed, yawRatio: this.latest.yawRatio })) return [];
    return this.plausibility.confirm([{ type: 'blink', frame: -1, timeMs }]);
  }

  reset(): void {
    this.resetDetectors();
    this.plausibility.reset();
    this.lastFaceMs = undefined;
    this.latest = undefined;
  }

  private resetDetectors(): void {
    this.blink.reset();
    this.closureBlink.reset();
    this.turn.reset();
    this.smile.reset();
    this.mouth.reset();
  }
}

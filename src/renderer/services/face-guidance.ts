/**
 * What to tell the customer about the live picture, from the tracked face alone: pure, so
 * the wording and thresholds can be read and tested in one place.
 */
import { yawRatio } from '../../shared/liveness/face-geometry';
import { FRONTAL_MAX_YAW_RATIO } from '../../shared/liveness/liveness-defaults';
import { isPersonInView, widestFace } from '../../shared/people-in-view';
import type { TrackedFrame } from './face-tracker';

export type Guidance = 'no-face' | 'several-faces' | 'move-closer' | 'move-back' | 'more-light' | 'less-light' | 'look-straight' | 'centre-face' | 'hold-still' | 'ok';

/* Each guidance is worded by the catalogue's `guidance.*` messages (src/shared/messages). */

/**
 * The limits of a good picture. ENTER_LIMITS: a face becomes "ok" within them. STAY_LIMITS:
 * an "ok" face stays ok within these wider ones, so a face on the edge of one limit (the
 * head's sway of speech around 14 degrees of yaw, the light flickering around the minimum)
 * does not flip the guidance every frame. Both sets are within main's selfie minimums
 * (src/shared/defaults.ts SELFIE_MINIMUMS: 80 px, luma 50..215, 25 degrees of yaw), which stay
 * the judge of the capture.
 */
export interface GuidanceLimits {
  /** Face width as a share of the frame width (0.22 of 640 is about 140 px). */
  minFaceShare: number;
  maxFaceShare: number;
  /** Mean luma of the face. */
  minBrightness: number;
  maxBrightness: number;
  /** Face centre within this share of the frame from its centre. */
  maxCentreOffset: number;
  /** |yaw ratio| of the landmarks (0.25 is about 14 degrees, 0.32 about 17). */
  maxYawRatio: number;
}

export const ENTER_LIMITS: Readonly<GuidanceLimits> = { minFaceShare: 0.22, maxFaceShare: 0.7, minBrightness: 60, maxBrightness: 210, maxCentreOffset: 0.25, maxYawRatio: FRONTAL_MAX_YAW_RATIO };
export const STAY_LIMITS: Readonly<GuidanceLimits> = { minFaceShare: 0.19, maxFaceShare: 0.75, minBrightness: 54, maxBrightness: 213, maxCentreOffset: 0.3, maxYawRatio: 0.32 };

/** What one frame calls for, judged by `limits` (ENTER_LIMITS unless the face is ok already). */
export function guidanceFor(frame: TrackedFrame, limits: Readonly<GuidanceLimits> = ENTER_LIMITS): Guidance {
  const main = widestFace(frame.faces);
  if (!main) return 'no-face';
  if (frame.faces.some((f) => f !== main && isPersonInView(f, main))) return 'several-faces';
  const share = main.box.width / frame.frameWidth;
  if (share < limits.minFaceShare) return 'move-closer';
  if (share > limits.maxFaceShare) return 'move-back';
  const cx = (main.box.x + main.box.width / 2) / frame.frameWidth - 0.5;
  const cy = (main.box.y + main.box.height / 2) / frame.frameHeight - 0.5;
  if (Math.abs(cx) > limits.maxCentreOffset || Math.abs(cy) > limits.maxCentreOffset) return 'centre-face';
  if (frame.faceBrightness !== null && frame.faceBrightness < limits.minBrightness) return 'more-light';
  if (frame.faceBrightness !== null && frame.faceBrightness > limits.maxBrightness) return 'less-light';
  if (Math.abs(yawRatio(main.landmarks)) > limits.maxYawRatio) return 'look-straight';
  return 'ok';
}

/** A new message must be called for by this many frames in a row before it is shown (about 0.2 s at 15 fps). */
export const CONFIRM_FRAMES = 3;
/** A message shown stays at least this long, so the customer can read it. */
export const MIN_MESSAGE_MS = 1200;

/**
 * The guidance with hysteresis, frame by frame. `current`: the frame's guidance, judged by the
 * wider STAY_LIMITS while the face is ok (what the capture waits on). `shown`: what the customer
 * reads, which changes only when the new message was called for by CONFIRM_FRAMES frames in a
 * row and the one shown has been up for MIN_MESSAGE_MS.
 */
export class GuidanceFilter {
  private current: Guidance = 'no-face';
  private shownGuidance: Guidance = 'no-face';
  private shownSinceMs: number | null = null;
  private candidate: Guidance | null = null;
  private candidateFrames = 0;

  push(frame: TrackedFrame): { current: Guidance; shown: Guidance } {
    this.current = guidanceFor(frame, this.current === 'ok' ? STAY_LIMITS : ENTER_LIMITS);
    this.shownSinceMs ??= frame.timeMs;
    if (this.current === this.shownGuidance) {
      this.candidate = null;
      this.candidateFrames = 0;
    } else {
      this.candidateFrames = this.current === this.candidate ? this.candidateFrames + 1 : 1;
      this.candidate = this.current;
      if (this.candidateFrames >= CONFIRM_FRAMES && frame.timeMs - this.shownSinceMs >= MIN_MESSAGE_MS) {
        this.shownGuidance = this.current;
        this.shownSinceMs = frame.timeMs;
        this.candidate = null;
        this.candidateFrames = 0;
      }
    }
    return { current: this.current, shown: this.shownGuidance };
  }

  get shown(): Guidance {
    return this.shownGuidance;
  }

  reset(): void {
    this.current = 'no-face';
    this.shownGuidance = 'no-face';
    this.shownSinceMs = null;
    this.candidate = null;
    this.candidateFrames = 0;
  }
}

/**
 * With no automatic capture for this long, the operator may take the picture by hand ("Take
 * the picture now"): main's quality checks still judge it, and a refusal is not an attempt.
 */
export const MANUAL_CAPTURE_AFTER_MS = 6000;

/**
 * After "Take the picture now", how long the page waits for a frame main could accept before
 * it takes the current one anyway (main then judges it and says what is wrong).
 */
export const MANUAL_CAPTURE_WAIT_MS = 3000;

/**
 * "Take the picture now" overrides the page's own framing advice (centre, distance, a steady
 * hold), not main's quality checks: the picture taken is the first frame from the click on with
 * one person in view looking straight at the camera (main refuses a turned face), or the frame
 * at MANUAL_CAPTURE_WAIT_MS if none comes. Taking the frame under the click instead, the
 * operator of a customer who keeps glancing away got "not frontal" again and again.
 */
export class ManualCaptureRequest {
  private armedAtMs: number | null = null;
  private pending = false;

  /** The operator pressed the button: the next usable frame is taken. */
  arm(): void {
    this.pending = true;
    this.armedAtMs = null;
  }

  get armed(): boolean {
    return this.pending;
  }

  /** Whether `frame` is the picture to take; the request ends when it is. */
  push(frame: TrackedFrame): boolean {
    if (!this.pending) return false;
    this.armedAtMs ??= frame.timeMs;
    const main = widestFace(frame.faces);
    const usable = main !== undefined && !frame.faces.some((f) => f !== main && isPersonInView(f, main)) && Math.abs(yawRatio(main.landmarks)) <= ENTER_LIMITS.maxYawRatio;
    if (!usable && frame.timeMs - this.armedAtMs < MANUAL_CAPTURE_WAIT_MS) return false;
    this.cancel();
    return true;
  }

  cancel(): void {
    this.pending = false;
    this.armedAtMs = null;
  }
}

/**
 * Steady: the face centre stays within this share of the face width of where the hold
 * began. Measured against the start, not frame to frame, so detector box jitter (several
 * percent a frame) does not restart the hold while a real movement does.
 */
const MAX_STEADY_DRIFT = 0.3;
/** A bad frame or two (a landmark glitch, a blink) within this time does not restart the hold. */
const GRACE_MS = 500;

/**
 * Counts how long the picture has been good and steady; auto-capture fires on a good frame
 * once it has been for `holdMs`.
 */
export class SteadyFaceTimer {
  private since: number | null = null;
  private lastGoodMs: number | null = null;
  private anchor: { x: number; y: number; w: number } | null = null;

  constructor(private readonly holdMs = 1000) {}

  /** Milliseconds held so far (0 after a reset); progress is held / holdMs. */
  push(frame: TrackedFrame, guidance: Guidance): number {
    const face = frame.faces[0];
    if (guidance !== 'ok' || !face) {
      if (this.lastGoodMs === null || frame.timeMs - this.lastGoodMs > GRACE_MS) this.reset();
      return this.since === null || this.lastGoodMs === null ? 0 : this.lastGoodMs - this.since;
    }
    const centre = { x: face.box.x + face.box.width / 2, y: face.box.y + face.box.height / 2, w: face.box.width };
    if (this.anchor && Math.hypot(centre.x - this.anchor.x, centre.y - this.anchor.y) > MAX_STEADY_DRIFT * this.anchor.w) this.since = null;
    if (this.since === null) {
      this.since = frame.timeMs;
      this.anchor = centre;
    }
    this.lastGoodMs = frame.timeMs;
    return frame.timeMs - this.since;
  }

  /** True on a good frame that completes the hold. */
  ready(heldMs: number, guidance: Guidance): boolean {
    return guidance === 'ok' && heldMs >= this.holdMs;
  }

  get holdDurationMs(): number {
    return this.holdMs;
  }

  reset(): void {
    this.since = null;
    this.lastGoodMs = null;
    this.anchor = null;
  }
}

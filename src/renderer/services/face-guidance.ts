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

/** Face width as a share of the frame width. Below 0.22 the face is under ~140 px at 640. */
const MIN_FACE_SHARE = 0.22;
const MAX_FACE_SHARE = 0.7;
/** Mean luma of the face; main's selfie minimums are 50 and 215 on the aligned crop. */
const MIN_BRIGHTNESS = 60;
const MAX_BRIGHTNESS = 210;
/** Face centre within this share of the frame from its centre. */
const MAX_CENTRE_OFFSET = 0.25;
export function guidanceFor(frame: TrackedFrame): Guidance {
  const main = widestFace(frame.faces);
  if (!main) return 'no-face';
  if (frame.faces.some((f) => f !== main && isPersonInView(f, main))) return 'several-faces';
  const share = main.box.width / frame.frameWidth;
  if (share < MIN_FACE_SHARE) return 'move-closer';
  if (share > MAX_FACE_SHARE) return 'move-back';
  const cx = (main.box.x + main.box.width / 2) / frame.frameWidth - 0.5;
  const cy = (main.box.y + main.box.height / 2) / frame.frameHeight - 0.5;
  if (Math.abs(cx) > MAX_CENTRE_OFFSET || Math.abs(cy) > MAX_CENTRE_OFFSET) return 'centre-face';
  if (frame.faceBrightness !== null && frame.faceBrightness < MIN_BRIGHTNESS) return 'more-light';
  if (frame.faceBrightness !== null && frame.faceBrightness > MAX_BRIGHTNESS) return 'less-light';
  if (Math.abs(yawRatio(main.landmarks)) > FRONTAL_MAX_YAW_RATIO) return 'look-straight';
  return 'ok';
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

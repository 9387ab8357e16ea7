/**
 * What to tell the customer about the live picture, from the tracked face alone: pure, so
 * the wording and thresholds can be read and tested in one place.
 */
import { yawRatio } from '../../shared/liveness/face-geometry';
import type { TrackedFrame } from './face-tracker';

export type Guidance = 'no-face' | 'several-faces' | 'move-closer' | 'move-back' | 'more-light' | 'less-light' | 'look-straight' | 'centre-face' | 'hold-still' | 'ok';

export const GUIDANCE_TEXT: Readonly<Record<Guidance, string>> = {
  'no-face': 'Please look into the camera',
  'several-faces': 'Only one person should be in view',
  'move-closer': 'Please move closer',
  'move-back': 'Please move back a little',
  'more-light': 'More light is needed on your face',
  'less-light': 'Too much light: avoid light behind or on the camera',
  'look-straight': 'Please look straight at the camera',
  'centre-face': 'Please centre your face in the oval',
  'hold-still': 'Hold still…',
  ok: 'Hold still…',
};

/** Face width as a share of the frame width. Below 0.22 the face is under ~140 px at 640. */
const MIN_FACE_SHARE = 0.22;
const MAX_FACE_SHARE = 0.7;
/** Mean luma of the face; main's selfie minimums are 50 and 215 on the aligned crop. */
const MIN_BRIGHTNESS = 60;
const MAX_BRIGHTNESS = 210;
/** |yaw ratio| of a face looking at the camera (the liveness "frontal before a turn" bound). */
const MAX_FRONTAL_YAW = 0.15;
/** Face centre within this share of the frame from its centre. */
const MAX_CENTRE_OFFSET = 0.25;
/** Secondary faces narrower than this share of the customer's are background. */
const SECOND_FACE_SHARE = 0.4;

export function guidanceFor(frame: TrackedFrame): Guidance {
  const [main, ...rest] = [...frame.faces].sort((a, b) => b.box.width - a.box.width);
  if (!main) return 'no-face';
  if (rest.some((f) => f.box.width >= main.box.width * SECOND_FACE_SHARE)) return 'several-faces';
  const share = main.box.width / frame.frameWidth;
  if (share < MIN_FACE_SHARE) return 'move-closer';
  if (share > MAX_FACE_SHARE) return 'move-back';
  const cx = (main.box.x + main.box.width / 2) / frame.frameWidth - 0.5;
  const cy = (main.box.y + main.box.height / 2) / frame.frameHeight - 0.5;
  if (Math.abs(cx) > MAX_CENTRE_OFFSET || Math.abs(cy) > MAX_CENTRE_OFFSET) return 'centre-face';
  if (frame.faceBrightness !== null && frame.faceBrightness < MIN_BRIGHTNESS) return 'more-light';
  if (frame.faceBrightness !== null && frame.faceBrightness > MAX_BRIGHTNESS) return 'less-light';
  if (Math.abs(yawRatio(main.landmarks)) > MAX_FRONTAL_YAW) return 'look-straight';
  return 'ok';
}

/** Box centre moved less than this share of the face width between frames: steady. */
const MAX_STEADY_SHIFT = 0.08;

/**
 * Counts how long the picture has been good and steady; auto-capture fires when it has
 * been for `holdMs`.
 */
export class SteadyFaceTimer {
  private since: number | null = null;
  private last: { x: number; y: number; w: number } | null = null;

  constructor(private readonly holdMs = 1000) {}

  /** Milliseconds held so far, 0 when the frame is not good; progress is held / holdMs. */
  push(frame: TrackedFrame, guidance: Guidance): number {
    const face = frame.faces[0];
    if (guidance !== 'ok' || !face) {
      this.reset();
      return 0;
    }
    const centre = { x: face.box.x + face.box.width / 2, y: face.box.y + face.box.height / 2, w: face.box.width };
    if (this.last && Math.hypot(centre.x - this.last.x, centre.y - this.last.y) > MAX_STEADY_SHIFT * this.last.w) this.since = null;
    this.last = centre;
    this.since ??= frame.timeMs;
    return frame.timeMs - this.since;
  }

  ready(heldMs: number): boolean {
    return heldMs >= this.holdMs;
  }

  get holdDurationMs(): number {
    return this.holdMs;
  }

  reset(): void {
    this.since = null;
    this.last = null;
  }
}

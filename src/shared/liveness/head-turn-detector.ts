import { LIVENESS_DEFAULTS } from './liveness-defaults';
import { HeldGesture } from './held-gesture';
import { ExponentialSmoother } from './smoothing';

export type TurnDirection = 'turn-left' | 'turn-right';

type TurnSettings = Pick<typeof LIVENESS_DEFAULTS,
  'smoothingTauMs' | 'turnMinYawRatio' | 'turnFrontalMaxYawRatio' | 'turnMinSwing' | 'turnSwingWindowMs' | 'turnHoldMs'>;

/**
 * A head turn is a movement from near-frontal to turned, held briefly. Directions are the
 * customer's own: yawRatio > 0 means they turned to their own right (see face-geometry),
 * which the unmirrored camera shows as the nose moving towards the image's left, and the
 * mirrored preview shows as a turn to the preview's right.
 *
 * The turn is measured against this person's own recent near-frontal pose, not against 0:
 * face-api's yaw ratio of a face looking at the camera is off by up to 0.25 on real clips
 * (side light moves the shadowed jaw line; liveness-defaults.ts), so a turn must both reach
 * turnMinYawRatio and have swung by turnMinSwing from a near-frontal pose seen within
 * turnSwingWindowMs. A head already turned from the first frame has no near-frontal pose and
 * never turns; a head that eases from 0.2 to 0.35 while talking has not swung far enough.
 */
export class HeadTurnDetector {
  private readonly yaw: ExponentialSmoother;
  private readonly turn: HeldGesture<TurnDirection>;
  /** Smoothed yaw of the recent near-frontal frames, oldest first: this person's neutral pose. */
  private rest: { timeMs: number; yaw: number }[] = [];

  constructor(private readonly settings: TurnSettings = LIVENESS_DEFAULTS) {
    this.yaw = new ExponentialSmoother(settings.smoothingTauMs);
    this.turn = new HeldGesture(settings.turnHoldMs);
  }

  /** The smoothed yaw ratio, for progress display. */
  get smoothedYaw(): number {
    return this.yaw.current ?? 0;
  }

  /** Feeds one frame; returns the direction when this frame completes a turn. */
  update(yawRatio: number, timeMs: number): TurnDirection | undefined {
    const s = this.settings;
    const yaw = this.yaw.push(yawRatio, timeMs);
    const frontal = Math.abs(yaw) < s.turnFrontalMaxYawRatio;
    if (frontal) this.rest.push({ timeMs, yaw });
    while (this.rest.length > 0 && timeMs - this.rest[0].timeMs > s.turnSwingWindowMs) this.rest.shift();
    let direction: TurnDirection | undefined;
    if (this.rest.length > 0) {
      // The median, not the extreme: the frames passing through frontal on the way back from
      // one side are near-frontal too, and must not make the next small sway a full swing.
      const sorted = this.rest.map((r) => r.yaw).sort((a, b) => a - b);
      const neutral = sorted[Math.floor(sorted.length / 2)];
      if (yaw >= s.turnMinYawRatio && yaw - neutral >= s.turnMinSwing) direction = 'turn-right';
      else if (yaw <= -s.turnMinYawRatio && neutral - yaw >= s.turnMinSwing) direction = 'turn-left';
    }
    return this.turn.update(frontal, direction, timeMs);
  }

  reset(): void {
    this.yaw.reset();
    this.turn.reset();
    this.rest = [];
  }
}

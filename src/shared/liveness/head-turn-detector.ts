import { LIVENESS_DEFAULTS } from './liveness-defaults';
import { HeldGesture } from './held-gesture';
import { ExponentialSmoother } from './smoothing';

export type TurnDirection = 'turn-left' | 'turn-right';

type TurnSettings = Pick<typeof LIVENESS_DEFAULTS, 'smoothingTauMs' | 'turnMinYawRatio' | 'turnFrontalMaxYawRatio' | 'turnHoldMs'>;

/**
 * A head turn is a movement from frontal to turned, held briefly. Directions are the
 * customer's own: yawRatio > 0 means they turned to their own right (see face-geometry),
 * which the unmirrored camera shows as the nose moving towards the image's left, and the
 * mirrored preview shows as a turn to the preview's right.
 */
export class HeadTurnDetector {
  private readonly yaw: ExponentialSmoother;
  private readonly turn: HeldGesture<TurnDirection>;

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
    const direction: TurnDirection | undefined = yaw >= s.turnMinYawRatio ? 'turn-right' : yaw <= -s.turnMinYawRatio ? 'turn-left' : undefined;
    return this.turn.update(Math.abs(yaw) < s.turnFrontalMaxYawRatio, direction, timeMs);
  }

  reset(): void {
    this.yaw.reset();
    this.turn.reset();
  }
}

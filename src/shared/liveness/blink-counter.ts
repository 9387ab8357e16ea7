import { LIVENESS_DEFAULTS } from './liveness-defaults';
import { SlidingPercentile } from './smoothing';

export interface EyeSample {
  timeMs: number;
  /** Eye aspect ratio of the customer's right eye (image-left in the unmirrored frame). */
  earRight: number;
  earLeft: number;
  /** Yaw ratio from face-geometry; frames turned too far are skipped. */
  yawRatio: number;
}

type BlinkSettings = Pick<typeof LIVENESS_DEFAULTS,
  'eyeBaselineWindowMs' | 'eyeBaselinePercentile' | 'eyeBaselineMinFrames' | 'eyeClosedRatio' |
  'eyeClosedRatioEachEye' | 'eyeReopenedRatio' | 'blinkMaxClosedMs' | 'blinkMaxYawRatio'>;

/**
 * Counts blinks as close-then-reopen of both eyes, relative to this person's own open-eye
 * aspect ratio (people's eyes differ: a fixed EAR threshold misses narrow eyes and
 * false-fires on wide ones). The baseline is learned from the first frames and keeps
 * following slow changes (distance, lighting), but only from frames with the eyes open.
 */
export class BlinkCounter {
  private readonly baseline: SlidingPercentile;
  private state: 'open' | 'closed' | 'shut' = 'open';
  private closedAtMs = 0;
  private blinks = 0;

  constructor(private readonly settings: BlinkSettings = LIVENESS_DEFAULTS) {
    this.baseline = new SlidingPercentile(settings.eyeBaselineWindowMs);
  }

  /** Blinks completed since the counter was created or reset. */
  get count(): number {
    return this.blinks;
  }

  /** The open-eye EAR this person is compared against, once enough frames were seen. */
  get openEyeBaseline(): number | undefined {
    return this.baseline.count >= this.settings.eyeBaselineMinFrames ? this.baseline.percentile(this.settings.eyeBaselinePercentile) : undefined;
  }

  /** Feeds one frame; true when this frame completes a blink. */
  update(sample: EyeSample): boolean {
    const s = this.settings;
    if (Math.abs(sample.yawRatio) > s.blinkMaxYawRatio || !(sample.earLeft > 0) || !(sample.earRight > 0)) {
      if (this.state === 'closed' && sample.timeMs - this.closedAtMs > s.blinkMaxClosedMs) this.state = 'shut';
      return false;
    }
    const ear = (sample.earLeft + sample.earRight) / 2;
    const base = this.openEyeBaseline;
    if (base === undefined) {
      this.baseline.push(ear, sample.timeMs);
      return false;
    }
    const ratio = ear / base;
    const closed = ratio < s.eyeClosedRatio && sample.earLeft / base < s.eyeClosedRatioEachEye && sample.earRight / base < s.eyeClosedRatioEachEye;
    const reopened = ratio > s.eyeReopenedRatio;
    switch (this.state) {
      case 'open':
        if (closed) {
          this.state = 'closed';
          this.closedAtMs = sample.timeMs;
        } else {
          this.baseline.push(ear, sample.timeMs);
        }
        return false;
      case 'closed':
        if (reopened) {
          this.state = 'open';
          this.baseline.push(ear, sample.timeMs);
          if (sample.timeMs - this.closedAtMs <= s.blinkMaxClosedMs) {
            this.blinks++;
            return true;
          }
          return false;
        }
        if (sample.timeMs - this.closedAtMs > s.blinkMaxClosedMs) this.state = 'shut';
        return false;
      case 'shut':
        if (reopened) {
          this.state = 'open';
          this.baseline.push(ear, sample.timeMs);
        }
        return false;
    }
  }

  reset(): void {
    this.baseline.reset();
    this.state = 'open';
    this.blinks = 0;
  }
}

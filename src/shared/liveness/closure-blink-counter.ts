import type { EyeClosure } from './landmark-frame';
import { LIVENESS_DEFAULTS } from './liveness-defaults';

export interface EyeClosureSample {
  timeMs: number;
  /** P(closed) of each eye from the eye-state classifier. */
  eyesClosed: EyeClosure;
  /** Yaw ratio from face-geometry; frames turned too far are skipped. */
  yawRatio: number;
}

type ClosureBlinkSettings = Pick<typeof LIVENESS_DEFAULTS,
  'eyeClosedMinProbability' | 'eyeOpenMaxProbability' | 'closureBlinkMaxClosedMs' | 'blinkMaxYawRatio'>;

/**
 * Counts blinks from per-frame eye-closed probabilities (main's eye-state classifier): both
 * eyes closed, then both open again within closureBlinkMaxClosedMs. The eyes must have been
 * seen open first, so a face that starts with its eyes shut (or a photo of one) does not
 * blink by opening them. One eye closed while the other is open (a wink), eyes the model
 * is unsure of (half-closed, a squint) and closures longer than a blink do not count.
 * Pure: the same sequence of samples always gives the same blinks.
 */
export class ClosureBlinkCounter {
  private state: 'unknown' | 'open' | 'closed' | 'shut' = 'unknown';
  private closedAtMs = 0;
  private blinks = 0;

  constructor(private readonly settings: ClosureBlinkSettings = LIVENESS_DEFAULTS) {}

  /** Blinks completed since the counter was created or reset. */
  get count(): number {
    return this.blinks;
  }

  /** Feeds one frame; true when this frame completes a blink. */
  update(sample: EyeClosureSample): boolean {
    const s = this.settings;
    const { right, left } = sample.eyesClosed;
    const tooLong = (): boolean => sample.timeMs - this.closedAtMs > s.closureBlinkMaxClosedMs;
    if (Math.abs(sample.yawRatio) > s.blinkMaxYawRatio || !Number.isFinite(right) || !Number.isFinite(left)) {
      if (this.state === 'closed' && tooLong()) this.state = 'shut';
      return false;
    }
    const bothClosed = right >= s.eyeClosedMinProbability && left >= s.eyeClosedMinProbability;
    const bothOpen = right < s.eyeOpenMaxProbability && left < s.eyeOpenMaxProbability;
    // A closure ends when neither eye still reads closed and the pair reads open on average:
    // one eye's probability often lags the lids by a frame or two (eyes lowered, glasses),
    // and waiting for both under eyeOpenMaxProbability ran slow closures past the time limit.
    // Arming stays strict (bothOpen), so a wink, which never has both eyes closed, cannot count.
    const reopened = right < s.eyeClosedMinProbability && left < s.eyeClosedMinProbability && (right + left) / 2 < s.eyeOpenMaxProbability;
    switch (this.state) {
      case 'unknown':
        if (bothOpen) this.state = 'open';
        return false;
      case 'open':
        if (bothClosed) {
          this.state = 'closed';
          this.closedAtMs = sample.timeMs;
        }
        return false;
      case 'closed':
        if (tooLong()) {
          this.state = bothOpen ? 'open' : 'shut';
          return false;
        }
        if (reopened) {
          this.state = 'open';
          this.blinks++;
          return true;
        }
        return false;
      case 'shut':
        if (bothOpen) this.state = 'open';
        return false;
    }
  }

  reset(): void {
    this.state = 'unknown';
    this.blinks = 0;
  }
}

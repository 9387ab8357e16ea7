import { LIVENESS_DEFAULTS } from './liveness-defaults';
import { HeldGesture } from './held-gesture';
import { ExponentialSmoother, SlidingPercentile } from './smoothing';

type SmileSettings = Pick<typeof LIVENESS_DEFAULTS, 'smoothingTauMs' | 'smileMinHappy' | 'smileRestMaxHappy' | 'smileMinWidening' | 'smileHoldMs'>;
type MouthSettings = Pick<typeof LIVENESS_DEFAULTS, 'smoothingTauMs' | 'mouthOpenMin' | 'mouthOpenSure' | 'mouthOpenMinSurprised' | 'mouthRestMax' | 'mouthOpenHoldMs'>;

/** Frames of neutral mouth width kept to estimate this person's resting mouth. */
const NEUTRAL_WIDTH_WINDOW_MS = 3000;
const NEUTRAL_WIDTH_MIN_FRAMES = 3;

/**
 * A smile is a change from not smiling to smiling: face-api's "happy" score rises and the
 * mouth widens against this person's neutral mouth, and both hold for a moment. Requiring
 * the neutral phase first means a photo of a smiling face never produces a smile.
 */
export class SmileDetector {
  private readonly happy: ExponentialSmoother;
  private readonly width: ExponentialSmoother;
  private readonly neutralWidth = new SlidingPercentile(NEUTRAL_WIDTH_WINDOW_MS);
  private readonly smile: HeldGesture<true>;

  constructor(private readonly settings: SmileSettings = LIVENESS_DEFAULTS) {
    this.happy = new ExponentialSmoother(settings.smoothingTauMs);
    this.width = new ExponentialSmoother(settings.smoothingTauMs);
    this.smile = new HeldGesture(settings.smileHoldMs);
  }

  /** Smoothed happy score, 0..1, for progress display. */
  get smoothedHappy(): number {
    return this.happy.current ?? 0;
  }

  /** Feeds one frame; true when this frame completes a smile. */
  update(happy: number, mouthWidthRatio: number, timeMs: number): boolean {
    const s = this.settings;
    const h = this.happy.push(happy, timeMs);
    const w = this.width.push(mouthWidthRatio, timeMs);
    // At rest: not smiling, with enough neutral frames to know this person's resting mouth.
    const resting = h < s.smileRestMaxHappy;
    if (resting) this.neutralWidth.push(mouthWidthRatio, timeMs);
    const neutral = this.neutralWidth.percentile(0.5);
    const smiling = neutral !== undefined && h >= s.smileMinHappy && w >= neutral * s.smileMinWidening;
    return this.smile.update(resting && this.neutralWidth.count >= NEUTRAL_WIDTH_MIN_FRAMES, smiling ? true : undefined, timeMs) === true;
  }

  reset(): void {
    this.happy.reset();
    this.width.reset();
    this.neutralWidth.reset();
    this.smile.reset();
  }
}

/**
 * An open mouth ("say ah", or surprise) is a change from closed to wide open: the inner-lip
 * gap, in units of the eye distance, must be larger than speech makes it, and either very
 * large or confirmed by face-api's "surprised" score, held longer than a syllable.
 */
export class MouthOpenDetector {
  private readonly opening: ExponentialSmoother;
  private readonly surprised: ExponentialSmoother;
  private readonly mouthOpen: HeldGesture<true>;

  constructor(private readonly settings: MouthSettings = LIVENESS_DEFAULTS) {
    this.opening = new ExponentialSmoother(settings.smoothingTauMs);
    this.surprised = new ExponentialSmoother(settings.smoothingTauMs);
    this.mouthOpen = new HeldGesture(settings.mouthOpenHoldMs);
  }

  /** Smoothed inner-lip gap over interocular distance, for progress display. */
  get smoothedOpening(): number {
    return this.opening.current ?? 0;
  }

  /** Feeds one frame; true when this frame completes a mouth opening. */
  update(mouthOpening: number, surprised: number, timeMs: number): boolean {
    const s = this.settings;
    const gap = this.opening.push(mouthOpening, timeMs);
    const surprise = this.surprised.push(surprised, timeMs);
    const open = gap >= s.mouthOpenMin && (gap >= s.mouthOpenSure || surprise >= s.mouthOpenMinSurprised);
    return this.mouthOpen.update(gap < s.mouthRestMax, open ? true : undefined, timeMs) === true;
  }

  reset(): void {
    this.opening.reset();
    this.surprised.reset();
    this.mouthOpen.reset();
  }
}

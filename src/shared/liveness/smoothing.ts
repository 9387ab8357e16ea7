/**
 * Exponential smoothing over time rather than over frames, so the same time constant
 * behaves alike at 10 fps in a slow renderer and at 30 fps from a recorded clip.
 */
export class ExponentialSmoother {
  private value: number | undefined;
  private lastMs = 0;

  constructor(private readonly tauMs: number) {}

  /** Adds a sample taken at `timeMs` and returns the smoothed value. */
  push(sample: number, timeMs: number): number {
    if (this.value === undefined || this.tauMs <= 0) {
      this.value = sample;
    } else {
      const dt = Math.max(0, timeMs - this.lastMs);
      const alpha = 1 - Math.exp(-dt / this.tauMs);
      this.value += alpha * (sample - this.value);
    }
    this.lastMs = timeMs;
    return this.value;
  }

  get current(): number | undefined {
    return this.value;
  }

  reset(): void {
    this.value = undefined;
  }
}

/** Keeps samples of the last `windowMs` and answers percentiles over them. */
export class SlidingPercentile {
  private samples: { timeMs: number; value: number }[] = [];

  constructor(private readonly windowMs: number) {}

  push(value: number, timeMs: number): void {
    this.samples.push({ timeMs, value });
    const oldest = timeMs - this.windowMs;
    while (this.samples.length > 0 && this.samples[0].timeMs < oldest) this.samples.shift();
  }

  get count(): number {
    return this.samples.length;
  }

  /** The p-quantile (0..1) of the samples in the window, or undefined when empty. */
  percentile(p: number): number | undefined {
    if (this.samples.length === 0) return undefined;
    const sorted = this.samples.map((s) => s.value).sort((a, b) => a - b);
    const rank = Math.min(sorted.length - 1, Math.max(0, Math.round(p * (sorted.length - 1))));
    return sorted[rank];
  }

  reset(): void {
    this.samples = [];
  }
}

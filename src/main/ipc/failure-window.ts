/**
 * The station-wide lockout: failed face matches over a sliding window, across customers and
 * documents. The station is locked while the window holds `limit` failures, that is until the
 * oldest of the last `limit` is `windowMs` old, so no window ever holds more than `limit`.
 */
import { STATION_LOCKOUT_FAILURES, STATION_LOCKOUT_WINDOW_MS } from '../../shared/defaults';

export class FailureWindow {
  private failures: number[] = [];

  constructor(readonly limit: number = STATION_LOCKOUT_FAILURES, readonly windowMs: number = STATION_LOCKOUT_WINDOW_MS) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`the lockout limit must be a whole number of at least 1, got ${limit}`);
    if (!(windowMs > 0)) throw new RangeError(`the lockout window must be longer than 0 ms, got ${windowMs}`);
  }

  /** A failed match at `now` (epoch ms). */
  record(now: number): void {
    this.forget(now);
    this.failures.push(now);
  }

  /** Failed matches within the window ending at `now`. */
  count(now: number): number {
    this.forget(now);
    return this.failures.length;
  }

  /** Epoch ms at which matching reopens, or null when the station is not locked. */
  lockedUntil(now: number): number | null {
    this.forget(now);
    if (this.failures.length < this.limit) return null;
    return this.failures[this.failures.length - this.limit] + this.windowMs;
  }

  private forget(now: number): void {
    while (this.failures.length > 0 && now - this.failures[0] >= this.windowMs) this.failures.shift();
  }
}

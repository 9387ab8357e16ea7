import { STATION_LOCKOUT_FAILURES, STATION_LOCKOUT_WINDOW_MS } from '../../../src/shared/defaults';
import { FailureWindow } from '../../../src/main/ipc/failure-window';

const MINUTE = 60_000;

describe('FailureWindow, the station-wide lockout', () => {
  it('defaults to 5 failed matches in 3 minutes, as AWS Face Liveness', () => {
    const window = new FailureWindow();
    expect([window.limit, window.windowMs]).toEqual([STATION_LOCKOUT_FAILURES, STATION_LOCKOUT_WINDOW_MS]);
    expect([STATION_LOCKOUT_FAILURES, STATION_LOCKOUT_WINDOW_MS]).toEqual([5, 3 * MINUTE]);
  });

  it('stays open below the limit and locks on the 5th failure within the window', () => {
    const window = new FailureWindow(5, 3 * MINUTE);
    for (let i = 0; i < 4; i++) {
      window.record(i * 10_000);
      expect(window.lockedUntil(i * 10_000)).toBeNull();
    }
    window.record(40_000);
    expect(window.count(40_000)).toBe(5);
    // Locked until the first of the five is 3 minutes old.
    expect(window.lockedUntil(40_000)).toBe(3 * MINUTE);
    expect(window.lockedUntil(3 * MINUTE - 1)).toBe(3 * MINUTE);
  });

  it('reopens when the oldest failure leaves the window, and one more failure locks it again', () => {
    const window = new FailureWindow(5, 3 * MINUTE);
    for (let i = 0; i < 5; i++) window.record(i * 10_000);
    expect(window.lockedUntil(3 * MINUTE)).toBeNull();
    expect(window.count(3 * MINUTE)).toBe(4);
    window.record(3 * MINUTE);
    expect(window.lockedUntil(3 * MINUTE)).toBe(10_000 + 3 * MINUTE);
  });

  it('never counts failures spread wider than the window', () => {
    const window = new FailureWindow(5, 3 * MINUTE);
    for (let i = 0; i < 20; i++) {
      window.record(i * MINUTE);
      expect(window.lockedUntil(i * MINUTE)).toBeNull();
      expect(window.count(i * MINUTE)).toBeLessThanOrEqual(3);
    }
  });

  it('refuses a limit or a window that would never lock or always lock', () => {
    expect(() => new FailureWindow(0, MINUTE)).toThrow(/at least 1, got 0/);
    expect(() => new FailureWindow(2.5, MINUTE)).toThrow(/whole number/);
    expect(() => new FailureWindow(5, 0)).toThrow(/longer than 0 ms, got 0/);
  });
});

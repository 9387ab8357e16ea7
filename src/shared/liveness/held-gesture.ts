/**
 * The rule every gesture follows: it counts only after the face was seen at rest, when its
 * condition then holds for `holdMs` (the same kind of gesture throughout), and it counts once:
 * the face must come back to rest before it can count again. A still photo has no rest phase
 * followed by a change, so it never completes a gesture.
 */
export class HeldGesture<Kind> {
  private armed = false;
  private since: number | undefined;
  private holding: Kind | undefined;

  constructor(private readonly holdMs: number) {}

  /**
   * Feeds one frame: `atRest` when the face is in its neutral state, `active` the kind of
   * gesture the frame shows (undefined for none). Returns the kind when this frame completes it.
   */
  update(atRest: boolean, active: Kind | undefined, timeMs: number): Kind | undefined {
    if (atRest) this.armed = true;
    if (!this.armed || active === undefined) {
      this.since = undefined;
      return undefined;
    }
    if (this.since === undefined || this.holding !== active) {
      this.since = timeMs;
      this.holding = active;
    }
    if (timeMs - this.since < this.holdMs) return undefined;
    this.armed = false;
    this.since = undefined;
    return active;
  }

  reset(): void {
    this.armed = false;
    this.since = undefined;
    this.holding = undefined;
  }
}

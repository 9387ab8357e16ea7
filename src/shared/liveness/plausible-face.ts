import { FaceContinuity, withoutImplausibleFaces, type FaceCut } from './face-plausibility';
import { GestureEvidence, type RefusedGesture } from './gesture-evidence';
import type { LandmarkFrame, TrackedFace } from './landmark-frame';
import { LIVENESS_DEFAULTS } from './liveness-defaults';
import type { LivenessEvent } from './liveness-events';
import { PLAUSIBILITY_DEFAULTS } from './plausibility-defaults';

/**
 * The one place where the liveness detectors ask "is this a face, the same face, and a head?":
 * LivenessEventDetector screens every frame through it, tells it the customer's face, and
 * lets it veto the events the gesture detectors report. See face-plausibility.ts and
 * gesture-evidence.ts for the checks.
 */
export class PlausibleFaceGate {
  private readonly continuity: FaceContinuity;
  private readonly evidence: GestureEvidence;
  /** Every cut and refused gesture so far, for reports and tests. */
  readonly cuts: FaceCut[] = [];
  readonly refused: RefusedGesture[] = [];
  /** Faces dropped because their landmarks cannot be a face. */
  implausibleFaces = 0;

  constructor(gestures: typeof LIVENESS_DEFAULTS = LIVENESS_DEFAULTS, private readonly settings: typeof PLAUSIBILITY_DEFAULTS = PLAUSIBILITY_DEFAULTS) {
    this.continuity = new FaceContinuity(gestures.faceLostMaxMs, settings);
    this.evidence = new GestureEvidence(settings, gestures);
  }

  /** The frame without its implausible faces. */
  screen(frame: LandmarkFrame): LandmarkFrame {
    const screened = withoutImplausibleFaces(frame, this.settings);
    this.implausibleFaces += frame.faces.length - screened.faces.length;
    return screened;
  }

  /** Feeds the customer's face; returns a cut when it jumped from the previous frame's (the gestures so far are then void). */
  observe(face: TrackedFace, frame: LandmarkFrame): FaceCut | undefined {
    const cut = this.continuity.push(face, frame.index, frame.timeMs);
    if (cut) {
      this.cuts.push(cut);
      this.evidence.reset();
    }
    this.evidence.push(face, frame.timeMs);
    return cut;
  }

  /** The events that a head, not a sheet of paper, made. */
  confirm(events: readonly LivenessEvent[]): LivenessEvent[] {
    return events.filter((e) => {
      const refusal = this.evidence.judge(e);
      if (refusal) this.refused.push(refusal);
      return !refusal;
    });
  }

  reset(): void {
    this.continuity.reset();
    this.evidence.reset();
  }
}

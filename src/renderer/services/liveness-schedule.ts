/**
 * The liveness step's timing, apart from the page that shows it: feeds camera frames to the
 * challenge session, sends a frontal frame to main for the identity check every ~0.7 s (one
 * at a time), ends the session when no face comes, and after the last challenge waits for
 * one more frontal frame to be matched. Plain code over frames and a check function, so the
 * schedule is specified by tests without a camera or a page.
 */
import type { IdentityCheck } from '../../shared/ipc-contract';
import { ChallengeSession, type SessionState } from '../../shared/liveness/challenge-session';
import type { Challenge } from '../../shared/liveness/challenges';
import type { LandmarkFrame } from '../../shared/liveness/landmark-frame';
import type { ChallengeOutcome } from '../../shared/verdict';
import { challengeOutcomes } from './challenge-outcomes';
import { frameFitForIdentityCheck } from './identity-sampling';
import { errorMessage } from './station-api';

/** A frame goes to main for the identity check this often (one at a time). */
export const IDENTITY_CHECK_INTERVAL_MS = 700;
/** No face at all for this long before the first challenge ends the session. */
export const WAIT_FOR_FACE_MS = 10000;
/**
 * After the last challenge the customer looks into the camera once more, so at least one
 * frontal frame is matched against the verified face (a turn challenge alone may leave none).
 */
export const FINAL_CHECK_WAIT_MS = 3000;

export interface LivenessScheduleHooks {
  /** Sends the camera's current frame to main; null when there is no frame to send. */
  checkIdentity(): Promise<IdentityCheck | null>;
  /** Once, when the session is over, with what the record says of each challenge. */
  onEnd(outcomes: ChallengeOutcome[]): void;
  /** Something the page shows changed. */
  onChange?(): void;
}

export class LivenessSchedule {
  private readonly session: ChallengeSession;
  private snapshotState: SessionState;
  private latestMs = 0;
  private note: string | null = null;
  private outcomes: ChallengeOutcome[] | null = null;
  private firstFrameMs: number | null = null;
  private confirmingSinceMs: number | null = null;
  private lastCheckMs = -Infinity;
  private checking = false;

  constructor(challenges: Challenge[], private readonly hooks: LivenessScheduleHooks) {
    this.session = new ChallengeSession(challenges);
    this.snapshotState = this.session.snapshot;
  }

  get snapshot(): SessionState {
    return this.snapshotState;
  }

  /** Time of the latest frame, for the countdown. */
  get nowMs(): number {
    return this.latestMs;
  }

  /** What the identity checks say while the session runs; null when all is well. */
  get identityNote(): string | null {
    return this.note;
  }

  /** The outcomes once the session is over; null until then. */
  get finished(): ChallengeOutcome[] | null {
    return this.outcomes;
  }

  /** Whether an identity check is waiting for main's reply. */
  get checkingIdentity(): boolean {
    return this.checking;
  }

  push(frame: LandmarkFrame): void {
    if (this.outcomes) return;
    this.firstFrameMs ??= frame.timeMs;
    this.latestMs = frame.timeMs;
    let snapshot = this.session.push(frame);
    if (snapshot.status === 'waiting-for-face' && frame.timeMs - this.firstFrameMs > WAIT_FOR_FACE_MS) snapshot = this.session.finish();
    this.snapshotState = snapshot;
    this.hooks.onChange?.();
    if (this.session.done) {
      this.confirmOrEnd(snapshot, frame);
      return;
    }
    if (snapshot.status === 'running' && !this.checking && frame.timeMs - this.lastCheckMs >= IDENTITY_CHECK_INTERVAL_MS && frameFitForIdentityCheck(frame)) {
      this.lastCheckMs = frame.timeMs;
      void this.check();
    }
  }

  /** A passed session waits for one frontal frame to be matched; a failed one ends at once. */
  private confirmOrEnd(snapshot: SessionState, frame: LandmarkFrame): void {
    const outcomes = challengeOutcomes(snapshot, frame.timeMs);
    if (snapshot.status !== 'passed') {
      this.end(outcomes);
      return;
    }
    this.confirmingSinceMs ??= frame.timeMs;
    if (frame.timeMs - this.confirmingSinceMs > FINAL_CHECK_WAIT_MS) {
      this.end(outcomes);
    } else if (!this.checking && frameFitForIdentityCheck(frame)) {
      void this.check().then(() => {
        if (!this.outcomes) this.end(outcomes);
      });
    }
  }

  private async check(): Promise<void> {
    this.checking = true;
    try {
      const check = await this.hooks.checkIdentity();
      if (!check) return;
      if (check.identityChanged && !this.outcomes) {
        this.end(challengeOutcomes(this.snapshotState, this.latestMs, 'identity-changed'));
      } else {
        this.note = check.sameIdentity === false ? 'Checking that the same person is still in front of the camera…' : null;
      }
    } catch (err) {
      this.note = `Identity check failed: ${errorMessage(err).message}`;
    } finally {
      this.checking = false;
      this.hooks.onChange?.();
    }
  }

  private end(outcomes: ChallengeOutcome[]): void {
    this.outcomes = outcomes;
    this.hooks.onChange?.();
    this.hooks.onEnd(outcomes);
  }
}

import { formatChallenge, type Challenge } from './challenges';
import { withoutImplausibleFaces } from './face-plausibility';
import type { EyeClosure, LandmarkFrame } from './landmark-frame';
import { LIVENESS_DEFAULTS } from './liveness-defaults';
import { facePresence, LivenessEventDetector, type LivenessEvent } from './liveness-events';

export type ChallengeStatus = 'pending' | 'active' | 'passed' | 'failed';

/** Why a challenge or the whole session failed. */
/** `discontinuity`: the face jumped between two frames further than a head can move (a cut between pictures). */
export type ChallengeFailure = 'timeout' | 'face-lost' | 'multiple-faces' | 'no-face' | 'discontinuity' | 'ended';

export interface ChallengeProgress {
  challenge: Challenge;
  /** `blink:2`, `smile`, ... */
  name: string;
  status: ChallengeStatus;
  /** 0..1: blinks done over blinks asked, or how far the signal is towards its threshold. */
  progress: number;
  startedAtMs?: number;
  /** When the gesture completed, for a passed challenge. */
  passedAtMs?: number;
  failure?: ChallengeFailure;
}

export type SessionStatus = 'waiting-for-face' | 'running' | 'passed' | 'failed';

export interface SessionState {
  status: SessionStatus;
  /** Index of the active challenge while running. */
  current: number;
  challenges: ChallengeProgress[];
  failure?: ChallengeFailure;
  /** Events seen during the session, in order. */
  events: LivenessEvent[];
}

type SessionSettings = typeof LIVENESS_DEFAULTS;

/** How long the customer gets for one challenge. */
export function challengeTimeoutMs(c: Challenge, settings: SessionSettings = LIVENESS_DEFAULTS): number {
  return c.kind === 'blink' ? settings.blinkTimeoutBaseMs + settings.blinkTimeoutPerBlinkMs * c.count : settings.challengeTimeoutMs;
}

/**
 * Runs challenges one after another over a stream of frames. The clock of the first
 * challenge starts at the first frame with a face; each later one when the previous
 * passes. Only gestures made while a challenge is active count for it. The session
 * fails when a challenge times out, when the face is gone for more than a moment, or
 * when a second face stays in view.
 */
export class ChallengeSession {
  private readonly detector: LivenessEventDetector;
  private readonly state: SessionState;
  private blinksDone = 0;
  private lastFaceMs: number | undefined;
  private secondFaceSinceMs: number | undefined;

  constructor(challenges: readonly Challenge[], private readonly settings: SessionSettings = LIVENESS_DEFAULTS) {
    this.detector = new LivenessEventDetector(settings);
    this.state = {
      status: challenges.length === 0 ? 'passed' : 'waiting-for-face',
      current: 0,
      challenges: challenges.map((challenge) => ({ challenge, name: formatChallenge(challenge), status: 'pending', progress: 0 })),
      events: [],
    };
  }

  /** A snapshot of the session; safe to keep, later frames do not change it. */
  get snapshot(): SessionState {
    return structuredClone(this.state);
  }

  get done(): boolean {
    return this.state.status === 'passed' || this.state.status === 'failed';
  }

  /** Feeds one frame and returns the session as it stands after it. */
  push(input: LandmarkFrame): SessionState {
    if (this.done) return this.snapshot;
    const t = input.timeMs;
    const events = this.detector.push(input);
    // Faces whose landmarks cannot be a face are not there, for presence as for gestures.
    const frame = withoutImplausibleFaces(input);
    const presence = facePresence(frame, this.settings.secondFaceMinRelativeWidth);
    this.state.events.push(...events);
    if (this.detector.lastCut && this.state.status === 'running') {
      this.fail('discontinuity');
      return this.snapshot;
    }

    if (presence.face) {
      this.lastFaceMs = t;
      if (this.state.status === 'waiting-for-face') {
        this.state.status = 'running';
        this.activate(0, t);
      }
    } else if (this.state.status === 'running' && this.lastFaceMs !== undefined && t - this.lastFaceMs > this.settings.faceLostMaxMs) {
      this.fail('face-lost');
      return this.snapshot;
    }

    if (presence.otherFaces > 0) {
      this.secondFaceSinceMs ??= t;
      if (this.state.status === 'running' && t - this.secondFaceSinceMs >= this.settings.secondFaceMinMs) {
        this.fail('multiple-faces');
        return this.snapshot;
      }
    } else {
      this.secondFaceSinceMs = undefined;
    }

    if (this.state.status !== 'running') return this.snapshot;
    for (const event of events) this.consume(event);
    if (this.state.status === 'running') this.checkTimeout(t);
    return this.snapshot;
  }

  /**
   * Feeds the eye state of a camera frame between two tracked frames (main read it from that
   * frame's face crop, the eyes followed from the last tracked one): it can complete a blink,
   * and it times the active challenge like a frame.
   */
  pushEyes(timeMs: number, eyesClosed: EyeClosure): SessionState {
    if (this.state.status !== 'running') return this.snapshot;
    const events = this.detector.pushEyes(timeMs, eyesClosed);
    this.state.events.push(...events);
    for (const event of events) this.consume(event);
    if (this.state.status === 'running') this.checkTimeout(timeMs);
    return this.snapshot;
  }

  /**
   * Judges the active challenge's timeout at `timeMs` without a frame: main calls this on its
   * own clock, so a page that stops sending frames (or sends them late) cannot stretch a
   * challenge's time.
   */
  expire(timeMs: number): SessionState {
    if (this.state.status === 'running') this.checkTimeout(timeMs);
    return this.snapshot;
  }

  /** Ends the session at the end of a recording: whatever has not passed, fails. */
  finish(): SessionState {
    if (!this.done) this.fail(this.state.status === 'waiting-for-face' ? 'no-face' : 'ended');
    return this.snapshot;
  }

  private consume(event: LivenessEvent): void {
    const active = this.state.challenges[this.state.current];
    if (!active || active.status !== 'active') return;
    const c = active.challenge;
    if (c.kind === 'blink') {
      if (event.type !== 'blink') return;
      this.blinksDone++;
      active.progress = Math.min(1, this.blinksDone / c.count);
      if (this.blinksDone < c.count) return;
    } else if (event.type !== c.kind) {
      return;
    }
    active.status = 'passed';
    active.progress = 1;
    active.passedAtMs = event.timeMs;
    if (this.state.current + 1 < this.state.challenges.length) {
      this.activate(this.state.current + 1, event.timeMs);
    } else {
      this.state.status = 'passed';
    }
  }

  private activate(index: number, timeMs: number): void {
    this.state.current = index;
    const next = this.state.challenges[index];
    next.status = 'active';
    next.startedAtMs = timeMs;
    this.blinksDone = 0;
  }

  private checkTimeout(timeMs: number): void {
    const active = this.state.challenges[this.state.current];
    if (active.challenge.kind !== 'blink') active.progress = this.signalProgress(active.challenge);
    if (active.startedAtMs !== undefined && timeMs - active.startedAtMs > challengeTimeoutMs(active.challenge, this.settings)) {
      this.fail('timeout');
    }
  }

  /** How far the relevant smoothed signal is towards its threshold, for a progress bar. */
  private signalProgress(c: Challenge): number {
    const s = this.detector.smoothed;
    const clamp01 = (v: number): number => Math.max(0, Math.min(1, v));
    switch (c.kind) {
      case 'turn-right': return clamp01(s.yawRatio / this.settings.turnMinYawRatio);
      case 'turn-left': return clamp01(-s.yawRatio / this.settings.turnMinYawRatio);
      case 'smile': return clamp01(s.happy / this.settings.smileMinHappy);
      case 'mouth-open': return clamp01(s.mouthOpening / this.settings.mouthOpenMin);
      case 'blink': return 0;
    }
  }

  private fail(reason: ChallengeFailure): void {
    this.state.status = 'failed';
    this.state.failure = reason;
    for (const c of this.state.challenges) {
      if (c.status === 'active' || c.status === 'pending') {
        c.failure = c.status === 'active' ? reason : 'ended';
        c.status = 'failed';
      }
    }
  }
}

/**
 * Main's judge of one liveness session. The page reports what its tracker sees (face-api
 * landmarks and expression scores, a grey face crop per frame) and sends a full camera frame
 * every SAMPLE_INTERVAL_MS; main reads the eyes itself (the engine's eye-state classifier),
 * runs the same ChallengeSession `ekyc liveness` runs, and owns the clock: challenge
 * timeouts are judged on main's monotonic clock, and the page's frame times must be strictly
 * increasing and close to it. Whatever the page claims, only this decides a challenge.
 *
 * The per-frame reply does not wait for the eye state: frames are judged in arrival order
 * behind the engine's queue, and each reply reports the session as judged so far (a few
 * frames behind while the engine matches a sample). finish() waits for every frame.
 */
import { createHash } from 'node:crypto';
import type { CameraFrame, LivenessFrameRequest, LivenessSampleRequest, LivenessView } from '../../shared/ipc-contract';
import { challengeOutcomes } from '../../shared/liveness/challenge-outcomes';
import { challengeTimeoutMs, ChallengeSession, type SessionState } from '../../shared/liveness/challenge-session';
import type { Challenge } from '../../shared/liveness/challenges';
import type { Point } from '../../shared/geometry';
import { alignEyes } from '../../shared/liveness/eye-alignment';
import { FACE_CROP_SIDE, faceCropBox, landmarksInCrop } from '../../shared/liveness/face-crop';
import type { EyeClosure, TrackedFace } from '../../shared/liveness/landmark-frame';
import { LIVENESS_DEFAULTS } from '../../shared/liveness/liveness-defaults';
import { whyNotRetryable } from '../../shared/liveness/liveness-retry';
import { SESSION_SAMPLE_INTERVAL_MS } from '../liveness/sample-frames';
import { luma } from '../../shared/luma';
import { widestFace } from '../../shared/people-in-view';
import type { ChallengeFailure, ChallengeOutcome, LivenessRefusal, LivenessRefusalCode } from '../../shared/verdict';

/** The page sends a full camera frame this often, for identity continuity and the session's presentation-attack check. */
export const SAMPLE_INTERVAL_MS = SESSION_SAMPLE_INTERVAL_MS;
/**
 * A frame or sample may reach main at most this long after the time it claims: face-api's
 * tracking (20-100 ms on a 2-core PC) plus IPC. Older is a replay or a stalled page.
 */
export const MAX_FRAME_LATENCY_MS = 1000;
/** The page's clock starts after main's (on liveness:start's reply): a frame from main's future is forged. */
export const CLOCK_SLACK_MS = 50;
/** Two samples closer than this are not the camera's fixed rate (a timer late under load may fire the next tick early). */
export const MIN_SAMPLE_GAP_MS = SAMPLE_INTERVAL_MS / 5;
/** No sample for this long while the session runs: frames were held back. */
export const MAX_SAMPLE_GAP_MS = 5 * SAMPLE_INTERVAL_MS;
/**
 * Mean absolute luma difference (0..255, over every other pixel of every other row) below
 * which two samples are the same picture: a live camera's sensor noise alone gives more
 * than a grey level (measured on the E2E footage: 2.0-9.4 between samples 0.5 s apart).
 */
export const NEAR_IDENTICAL_MEAN_DIFF = 0.5;
/**
 * Byte-identical repeats are looked for among this many latest samples (3 s). Known limit:
 * the E2E's fake camera loops real clips (hamilton's 3.9 s as it is, krzysiek's forward then
 * back, 8.3 s), so frames one loop apart are byte-identical; a memory that long refuses that
 * footage. A replay loop longer than this is not caught here.
 */
export const REPEAT_MEMORY_SAMPLES = 6;
/** No face at all for this long before the first challenge ends the session. */
export const WAIT_FOR_FACE_MS = 10_000;
/**
 * After the last challenge the customer looks into the camera once more, so at least one
 * frontal sample is matched against the verified face (a turn challenge alone may leave none).
 */
export const FINAL_CHECK_WAIT_MS = 3000;

export interface LivenessJudgeDeps {
  /** Main's monotonic clock, milliseconds. */
  nowMs(): number;
  /** P(closed) of both eyes of a grey face crop (the engine's eye-state classifier). */
  eyesClosed(crop: { data: Uint8Array; width: number; height: number }, landmarks: TrackedFace['landmarks']): Promise<EyeClosure>;
}

/** What an identity check of a sample found (the handler runs the check; the judge keeps the score). */
export interface SampleJudgement {
  /** Null when the sample was not judged (no single frontal usable face). */
  sameIdentity: boolean | null;
  identityChanged: boolean;
}

/** Which of the customer session's liveness sessions this is: the 1-based number, and the most main starts. */
export interface AttemptNumber {
  attempt: number;
  maxAttempts: number;
}

export class LivenessJudge {
  private readonly session: ChallengeSession;
  private readonly startedAtMs: number;
  private state: SessionState;
  /** Frames wait here for their eye state, and are judged in arrival order; main's clock ticks in the same queue. */
  private chain: Promise<void> = Promise.resolve();
  private clockQueued = false;
  private lastFrameMs = -Infinity;
  /** The last tracked frame's face crop and landmarks in it: the skipped frames' eyes are followed from it. */
  private lastTracked: { crop: Uint8Array; points: Point[] } | undefined;
  private lastSample: { timeMs: number; luma: Uint8Array } | null = null;
  private sampleCount = 0;
  private readonly sampleHashes: string[] = [];
  private refused: ChallengeFailure | null = null;
  private refusedWhy: LivenessRefusal | null = null;
  private passedAtMs: number | null = null;
  private confirmed = false;
  private inDoubt = false;
  private outcomes: ChallengeOutcome[] | null = null;

  constructor(
    readonly sessionId: string,
    readonly challenges: readonly Challenge[],
    private readonly deps: LivenessJudgeDeps,
    readonly count: AttemptNumber = { attempt: 1, maxAttempts: 1 },
    private readonly settings: typeof LIVENESS_DEFAULTS = LIVENESS_DEFAULTS,
  ) {
    this.session = new ChallengeSession(challenges, settings);
    this.state = this.session.snapshot;
    this.startedAtMs = deps.nowMs();
  }

  /** Milliseconds since the session started, on main's clock. */
  private elapsed(): number {
    return this.deps.nowMs() - this.startedAtMs;
  }

  /** Why frames were refused (the view and the record carry it); null when none was. */
  get refusal(): LivenessRefusal | null {
    return this.refusedWhy ? { ...this.refusedWhy } : null;
  }

  /** Whether main's judgement is final. */
  get over(): boolean {
    return this.outcomes !== null;
  }

  /**
   * Why a new sequence may not follow this session, or null when it may (it failed, of
   * retryable failures only); undefined while it runs.
   */
  get notRetryable(): string | null | undefined {
    if (!this.outcomes) return undefined;
    return whyNotRetryable({ outcomes: this.outcomes, refusal: this.refusedWhy, identityInDoubt: this.inDoubt });
  }

  /** Takes one tracked frame; replies with the session as judged so far. */
  frame(request: LivenessFrameRequest): LivenessView {
    if (this.over) return this.view();
    const receivedAt = this.elapsed();
    const between = request.between ?? [];
    // The skipped frames come before this one, each after the one before: the same rules as frames.
    for (const b of between) {
      if (!this.plausibleTime(b.timeMs, receivedAt, this.lastFrameMs, 0, 'frame')) return this.view();
      this.lastFrameMs = b.timeMs;
    }
    if (!this.plausibleTime(request.timeMs, receivedAt, this.lastFrameMs, 0, 'frame')) return this.view();
    this.lastFrameMs = request.timeMs;
    this.chain = this.chain.then(async () => {
      if (this.over) return;
      // The skipped frames' eyes, followed from the last tracked crop (eye-alignment.ts); a
      // reading the eyes cannot be followed into (the head moved too far) is left out.
      const tracked = this.lastTracked;
      for (const b of tracked ? between : []) {
        const points = alignEyes(tracked!.crop, b.faceCrop, tracked!.points);
        if (!points) continue;
        const eyes = await this.deps.eyesClosed({ data: b.faceCrop, width: FACE_CROP_SIDE, height: FACE_CROP_SIDE }, points);
        this.applyClock(receivedAt - MAX_FRAME_LATENCY_MS);
        if (this.over) return;
        this.state = this.session.pushEyes(b.timeMs, eyes);
      }
      const faces: TrackedFace[] = request.faces.map((f) => ({ ...f }));
      const customer = widestFace(faces);
      this.lastTracked = undefined;
      // Only the customer's eyes are read: theirs are the blinks that count (as `ekyc liveness` does).
      if (customer && request.faceCrop) {
        const box = faceCropBox(customer.landmarks);
        const points = landmarksInCrop(customer.landmarks, box);
        customer.eyesClosed = await this.deps.eyesClosed({ data: request.faceCrop, width: FACE_CROP_SIDE, height: FACE_CROP_SIDE }, points);
        this.lastTracked = { crop: request.faceCrop, points };
      }
      // A frame counts only if it reached main before the active challenge's time was up.
      this.applyClock(receivedAt - MAX_FRAME_LATENCY_MS);
      if (this.over) return;
      this.state = this.session.push({ index: 0, timeMs: request.timeMs, frameWidth: request.frameWidth, frameHeight: request.frameHeight, faces });
      if (this.state.status === 'passed') this.passedAtMs ??= this.elapsed();
      this.applyClock(receivedAt - MAX_FRAME_LATENCY_MS);
    }).catch((err: unknown) => {
      this.refuse('aborted', 'eye-state-unread', `the eye state could not be read: ${(err as Error).message}`);
    });
    return this.view();
  }

  /**
   * Takes one sampled camera frame: refused when its timing is impossible or it repeats an
   * earlier picture. Returns whether the sample should go to the identity check.
   */
  sample(request: LivenessSampleRequest): boolean {
    if (this.over) return false;
    const now = this.elapsed();
    const last = this.lastSample;
    if (!this.plausibleTime(request.timeMs, now, last?.timeMs ?? -Infinity, last ? MIN_SAMPLE_GAP_MS : 0, 'sample')) return false;
    if (request.timeMs - (last?.timeMs ?? 0) > MAX_SAMPLE_GAP_MS) {
      this.refuse('implausible-frames', 'sample-gap', `no camera sample for ${Math.round(request.timeMs - (last?.timeMs ?? 0))} ms (one is due every ${SAMPLE_INTERVAL_MS} ms)`);
      return false;
    }
    const hash = createHash('sha256').update(request.frame.rgba).digest('hex');
    if (this.sampleHashes.includes(hash)) {
      this.refuse('implausible-frames', 'sample-repeated', 'a camera sample repeated an earlier one byte for byte');
      return false;
    }
    const grey = sampleLuma(request.frame);
    if (last && last.luma.length === grey.length && meanAbsDiff(last.luma, grey) < NEAR_IDENTICAL_MEAN_DIFF) {
      this.refuse('implausible-frames', 'sample-still', 'two camera samples were the same picture (a still, not a camera)');
      return false;
    }
    this.sampleHashes.push(hash);
    if (this.sampleHashes.length > REPEAT_MEMORY_SAMPLES) this.sampleHashes.shift();
    this.lastSample = { timeMs: request.timeMs, luma: grey };
    this.sampleCount++;
    return true;
  }

  /** The identity check's result on a sample. */
  judged(result: SampleJudgement): void {
    if (this.over) return;
    if (result.identityChanged) {
      this.refuse('identity-changed', 'identity-changed', 'another person appeared in the camera samples');
      return;
    }
    if (result.sameIdentity !== null) this.inDoubt = !result.sameIdentity;
    if (result.sameIdentity === true && this.passedAtMs !== null) this.confirmed = true;
    this.tick();
  }

  /** The session as judged so far. */
  view(): LivenessView {
    this.tick();
    const s = this.state;
    const active = s.status === 'running' ? s.challenges[s.current] : undefined;
    const over = this.outcomes !== null;
    const failed = this.refused !== null || s.status === 'failed';
    const status: LivenessView['status'] = failed ? 'failed' : s.status === 'passed' ? (over ? 'passed' : 'confirming') : s.status;
    const timeLeftMs = !failed && active?.startedAtMs !== undefined
      ? Math.max(0, Math.round(challengeTimeoutMs(active.challenge, this.settings) - (this.elapsed() - active.startedAtMs))) : null;
    return {
      sessionId: this.sessionId,
      status,
      current: s.current,
      challenges: s.challenges.map((c) => ({ name: c.name, status: c.status, progress: Math.round(c.progress * 100) / 100, ...(c.failure ? { failure: recordFailure(c.failure) } : {}) })),
      timeLeftMs,
      failure: this.refused ?? (s.status === 'failed' ? recordFailure(s.failure ?? 'ended') : null),
      refusal: this.refusal,
      identityInDoubt: this.inDoubt,
      outcomes: this.outcomes ? this.outcomes.map((o) => ({ ...o })) : null,
      retriesLeft: this.retriesLeft(),
    };
  }

  /** The record's outcomes: waits for every frame in flight and applies main's clock. */
  async finish(): Promise<ChallengeOutcome[]> {
    await this.chain;
    // Everything has arrived: main's clock now, with no allowance for frames on their way.
    this.applyClock(this.elapsed());
    if (!this.over) this.end();
    return this.outcomes!.map((o) => ({ ...o }));
  }

  /**
   * Ends the session now, without waiting for frames in flight (for a handler that runs in
   * the engine's queue, which those frames wait on): main's clock now decides, and a
   * challenge still active is recorded as stopped.
   */
  abandon(): ChallengeOutcome[] {
    this.applyClock(this.elapsed());
    if (!this.over) this.end();
    return this.outcomes!.map((o) => ({ ...o }));
  }

  /** New sequences main will still start once this failed session is over; null while it runs and after a pass. */
  private retriesLeft(): number | null {
    if (!this.outcomes || this.outcomes.every((o) => o.passed)) return null;
    return this.notRetryable === null ? Math.max(0, this.count.maxAttempts - this.count.attempt) : 0;
  }

  /** Queues a tick of main's clock behind the frames already received (at most one waits). */
  private tick(): void {
    if (this.over || this.clockQueued) return;
    this.clockQueued = true;
    const at = this.elapsed() - MAX_FRAME_LATENCY_MS;
    this.chain = this.chain.then(() => {
      this.clockQueued = false;
      this.applyClock(at);
    });
  }

  /** Main's clock at `at`: a challenge whose time is up fails even when no frame says so. */
  private applyClock(at: number): void {
    if (this.over) return;
    if (this.state.status === 'running') this.state = this.session.expire(at);
    if (this.state.status === 'waiting-for-face' && at > WAIT_FOR_FACE_MS) this.state = this.session.finish();
    const confirmedOrWaited = this.passedAtMs !== null && (this.confirmed || this.elapsed() - this.passedAtMs > FINAL_CHECK_WAIT_MS);
    if (this.state.status === 'failed' || (this.state.status === 'passed' && confirmedOrWaited)) this.end();
  }

  private plausibleTime(timeMs: number, now: number, previous: number, minGap: number, what: 'frame' | 'sample'): boolean {
    if (timeMs <= previous || timeMs - previous < minGap) {
      this.refuse('implausible-frames', minGap > 0 && timeMs > previous ? 'sample-too-soon' : `${what}-out-of-order`, `a ${what} at ${Math.round(timeMs)} ms came after one at ${Math.round(previous)} ms${minGap > 0 ? ` (they are at least ${minGap} ms apart)` : ''}`);
      return false;
    }
    if (timeMs > now + CLOCK_SLACK_MS) {
      this.refuse('implausible-frames', `${what}-from-future`, `a ${what} claims ${Math.round(timeMs)} ms, but main's clock says ${Math.round(now)} ms since the session started`);
      return false;
    }
    if (timeMs < now - MAX_FRAME_LATENCY_MS) {
      this.refuse('implausible-frames', `${what}-late`, `a ${what} of ${Math.round(timeMs)} ms reached main at ${Math.round(now)} ms, more than ${MAX_FRAME_LATENCY_MS} ms late`);
      return false;
    }
    return true;
  }

  /** Refused frames end the session at once: whatever they fed cannot count. */
  private refuse(failure: ChallengeFailure, code: LivenessRefusalCode, message: string): void {
    if (this.over) return;
    this.refused = failure;
    this.refusedWhy = { code, message };
    this.end();
  }

  private end(): void {
    if (this.over) return;
    const now = this.elapsed();
    // A passed session must have been sampled at the camera's rate throughout.
    if (this.refused === null && this.state.status === 'passed') {
      const due = Math.floor(now / SAMPLE_INTERVAL_MS);
      const gap = now - (this.lastSample?.timeMs ?? 0);
      if (this.sampleCount < Math.floor(due / 2) || gap > MAX_SAMPLE_GAP_MS + MAX_FRAME_LATENCY_MS) {
        this.refused = 'implausible-frames';
        this.refusedWhy = { code: 'too-few-samples', message: `${this.sampleCount} camera samples in ${Math.round(now)} ms (${due} were due), the last ${Math.round(gap)} ms ago` };
      }
    }
    if (!this.session.done) this.state = this.session.finish();
    const endedAt = Math.max(0, Math.min(now, this.lastFrameMs === -Infinity ? now : this.lastFrameMs));
    let outcomes = challengeOutcomes(this.state, endedAt, this.refused ?? undefined);
    const refused = this.refused;
    if (refused !== null) {
      // A refusal undoes every pass: frames main refused may have fed them, and it is on the record.
      outcomes = outcomes.map((o) => (o.passed ? { challenge: o.challenge, passed: false, durationMs: o.durationMs, failure: refused } : o));
      if (outcomes.length > 0 && !outcomes.some((o) => o.failure === refused)) outcomes[0] = { ...outcomes[0], failure: refused };
    }
    this.outcomes = outcomes;
  }
}

/** ChallengeSession's 'ended' is what the record calls 'aborted'. */
function recordFailure(f: SessionState['failure'] & string): ChallengeFailure {
  return f === 'ended' ? 'aborted' : f;
}

/** Luma of every other pixel of every other row: enough to tell a camera from a still. */
function sampleLuma(frame: CameraFrame): Uint8Array {
  const w = Math.ceil(frame.width / 2);
  const h = Math.ceil(frame.height / 2);
  const out = new Uint8Array(w * h);
  let k = 0;
  for (let y = 0; y < frame.height; y += 2) {
    for (let x = 0; x < frame.width; x += 2) {
      const i = (y * frame.width + x) * 4;
      // No Math.round per pixel (a global lookup, slow in the tests' vm context, test/jest-environment.js):
      // a Uint8Array keeps floor(v + 0.5) of the non-negative value written.
      out[k++] = luma(frame.rgba[i], frame.rgba[i + 1], frame.rgba[i + 2]) + 0.5;
    }
  }
  return out;
}

function meanAbsDiff(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i] - b[i];
    sum += d < 0 ? -d : d;
  }
  return sum / a.length;
}


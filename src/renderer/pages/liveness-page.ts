import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { styleMap } from 'lit/directives/style-map.js';
import { challengeTimeoutMs, ChallengeSession, type SessionState } from '../../shared/liveness/challenge-session';
import { describeChallenge, type Challenge } from '../../shared/liveness/challenges';
import type { ChallengeOutcome } from '../../shared/verdict';
import '../components/camera-status';
import '../components/camera-view';
import type { CameraView } from '../components/camera-view';
import { theme } from '../components/theme';
import { CameraController } from '../controllers/camera-controller';
import { FrameLoopController } from '../controllers/frame-loop-controller';
import { grabRgbaFrame } from '../services/camera-frames';
import { challengeOutcomes } from '../services/challenge-outcomes';
import type { FaceTracker, TrackedFrame } from '../services/face-tracker';
import { frameFitForIdentityCheck } from '../services/identity-sampling';
import { callStation, errorMessage } from '../services/station-api';
import { failureSentence } from '../services/verdict-text';

/** A frame goes to main for the identity check this often (one at a time). */
const IDENTITY_CHECK_INTERVAL_MS = 700;
/** No face at all for this long before the first challenge ends the session. */
const WAIT_FOR_FACE_MS = 10000;
/**
 * After the last challenge the customer looks into the camera once more, so at least one
 * frontal frame is matched against the verified face (a turn challenge alone may leave none).
 */
const FINAL_CHECK_WAIT_MS = 3000;
/** The outcome stays on screen this long before the result page. */
const OUTCOME_PAUSE_MS = 1200;

/**
 * Step 3: randomised liveness challenges over the live landmarks, with the face matched
 * against the verified selfie in main every ~0.7 s.
 * @fires liveness-done - detail: { challenges: ChallengeOutcome[] }
 */
@customElement('ekyc-liveness-page')
export class LivenessPage extends LitElement {
  static override styles = [theme, css`
    :host { display: block; }
    .grid { display: grid; grid-template-columns: minmax(0, 1.4fr) minmax(0, 1fr); gap: 1.5rem; align-items: start; }
    .instruction { font-size: 2rem; font-weight: 800; text-align: center; margin: 1rem 0 0.5rem; min-height: 1.3em; }
    .bar { height: 14px; border-radius: 7px; background: var(--line); overflow: hidden; }
    .bar > div { height: 100%; width: var(--p, 0%); background: var(--accent); transition: width 100ms linear; }
    .time { text-align: center; color: var(--muted); margin-top: 0.4rem; }
    ol { padding-left: 1.3em; margin: 0; }
    li { margin: 0.45em 0; }
    li.passed { color: var(--ok); font-weight: 600; }
    li.failed { color: var(--bad); font-weight: 600; }
    li.active { font-weight: 700; }
    .fps { font-size: 0.8rem; color: var(--muted); text-align: right; }
    @media (max-width: 900px) { .grid { grid-template-columns: 1fr; } }
  `];

  /** The challenges of this session, drawn (or fixed by the operator) by the app. */
  @property({ attribute: false }) challenges: Challenge[] = [];
  @property({ attribute: false }) tracker: FaceTracker | null = null;

  @state() private snapshot: SessionState | null = null;
  @state() private nowMs = 0;
  @state() private identityNote: string | null = null;
  @state() private finished: ChallengeOutcome[] | null = null;

  private readonly camera = new CameraController(this);
  private readonly frames = new FrameLoopController(this, (frame) => this.onFrame(frame));
  private session: ChallengeSession | null = null;
  private firstFrameMs: number | null = null;
  private confirmingSinceMs: number | null = null;
  private lastCheckMs = -Infinity;
  private checking = false;
  private doneTimer: ReturnType<typeof setTimeout> | undefined;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.doneTimer);
  }

  override render() {
    const s = this.snapshot;
    const active = s && s.status === 'running' ? s.challenges[s.current] : null;
    const left = active?.startedAtMs !== undefined ? Math.max(0, challengeTimeoutMs(active.challenge) - (this.nowMs - active.startedAtMs)) : null;
    return html`
      <h2>Liveness check</h2>
      <div class="grid">
        <section class="panel">
          <ekyc-camera-view .stream=${this.camera.stream} state=${s?.status === 'failed' ? 'bad' : s?.status === 'passed' ? 'good' : 'idle'}></ekyc-camera-view>
          <ekyc-camera-status .status=${this.camera.status} .problem=${this.camera.problem} .cameras=${this.camera.cameras} .deviceId=${this.camera.deviceId}
            @camera-select=${(e: CustomEvent<{ deviceId: string }>) => this.camera.select(e.detail.deviceId)} @camera-retry=${() => this.camera.start()}></ekyc-camera-status>
          <p class="instruction" id="instruction" role="status">${this.instruction(s)}</p>
          ${active ? html`<div class="bar" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow=${Math.round(active.progress * 100)}>
              <div style=${styleMap({ '--p': `${Math.round(active.progress * 100)}%` })}></div></div>
            <p class="time">${left !== null ? `${Math.ceil(left / 1000)} s left` : ''}</p>` : nothing}
          <p class="fps" id="fps">${this.frames.fps > 0 ? `${this.frames.fps.toFixed(1)} frames/s` : ''}</p>
        </section>
        <aside class="panel" aria-live="polite">
          <h3>Challenges</h3>
          <ol id="challenge-list">${(s?.challenges ?? []).map((c, i) => {
            const outcome = this.finished?.[i];
            const cls = outcome ? (outcome.passed ? 'passed' : 'failed') : c.status;
            return html`<li class=${cls}>${describeChallenge(c.challenge)}${outcome ? html` — ${outcome.passed ? `done in ${(outcome.durationMs / 1000).toFixed(1)} s` : failureSentence(outcome.failure ?? 'aborted')}` : c.status === 'active' ? ' ←' : ''}</li>`;
          })}</ol>
          ${this.identityNote ? html`<p class="notice warn">${this.identityNote}</p>` : nothing}
          ${this.frames.error ? html`<p class="notice bad" role="alert">Face detection stopped: ${this.frames.error}</p>` : nothing}
        </aside>
      </div>`;
  }

  private instruction(s: SessionState | null): string {
    if (!this.tracker) return 'Preparing face detection…';
    if (!s || s.status === 'waiting-for-face') return 'Look into the camera';
    if (s.status === 'running') return describeChallenge(s.challenges[s.current].challenge);
    if (s.status === 'passed') return this.finished ? 'Well done, all done' : 'Well done: now look into the camera once more';
    const failure = this.finished?.find((o) => !o.passed && o.failure !== 'not-reached')?.failure;
    return failure ? failureSentence(failure) : 'The check did not pass';
  }

  protected override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('challenges')) {
      this.session = new ChallengeSession(this.challenges);
      this.snapshot = this.session.snapshot;
      this.finished = null;
      this.firstFrameMs = null;
      this.confirmingSinceMs = null;
    }
  }

  protected override updated(): void {
    const view = this.renderRoot.querySelector<CameraView>('ekyc-camera-view');
    if (this.tracker && view && this.camera.status === 'live' && !this.frames.isRunning && !this.finished && !this.frames.error) {
      this.frames.start(this.tracker, view.video);
    }
  }

  private onFrame(frame: TrackedFrame): void {
    const session = this.session;
    if (!session || this.finished) return;
    this.firstFrameMs ??= frame.timeMs;
    this.nowMs = frame.timeMs;
    let snapshot = session.push(frame);
    if (snapshot.status === 'waiting-for-face' && frame.timeMs - this.firstFrameMs > WAIT_FOR_FACE_MS) snapshot = session.finish();
    this.snapshot = snapshot;
    if (session.done) {
      this.confirmOrEnd(snapshot, frame);
      return;
    }
    if (snapshot.status === 'running' && !this.checking && frame.timeMs - this.lastCheckMs >= IDENTITY_CHECK_INTERVAL_MS && frameFitForIdentityCheck(frame)) {
      this.lastCheckMs = frame.timeMs;
      void this.checkIdentity();
    }
  }

  /** A passed session waits for one frontal frame to be matched; a failed one ends at once. */
  private confirmOrEnd(snapshot: SessionState, frame: TrackedFrame): void {
    const outcomes = challengeOutcomes(snapshot, frame.timeMs);
    if (snapshot.status !== 'passed') {
      this.end(outcomes);
      return;
    }
    this.confirmingSinceMs ??= frame.timeMs;
    if (frame.timeMs - this.confirmingSinceMs > FINAL_CHECK_WAIT_MS) {
      this.end(outcomes);
    } else if (!this.checking && frameFitForIdentityCheck(frame)) {
      void this.checkIdentity().then(() => {
        if (!this.finished) this.end(outcomes);
      });
    }
  }

  private async checkIdentity(): Promise<void> {
    const view = this.renderRoot.querySelector<CameraView>('ekyc-camera-view');
    if (!view) return;
    this.checking = true;
    try {
      const check = await callStation('checkIdentity', grabRgbaFrame(view.video));
      if (check.identityChanged && !this.finished && this.snapshot) {
        this.end(challengeOutcomes(this.snapshot, this.nowMs, 'identity-changed'));
      } else {
        this.identityNote = check.sameIdentity === false ? 'Checking that the same person is still in front of the camera…' : null;
      }
    } catch (err) {
      this.identityNote = `Identity check failed: ${errorMessage(err).message}`;
    } finally {
      this.checking = false;
    }
  }

  private end(outcomes: ChallengeOutcome[]): void {
    this.finished = outcomes;
    this.frames.stop();
    this.doneTimer = setTimeout(() => {
      this.dispatchEvent(new CustomEvent('liveness-done', { detail: { challenges: outcomes }, bubbles: true, composed: true }));
    }, OUTCOME_PAUSE_MS);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ekyc-liveness-page': LivenessPage;
  }
}

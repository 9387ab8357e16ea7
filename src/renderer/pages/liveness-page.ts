import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { styleMap } from 'lit/directives/style-map.js';
import { challengeTimeoutMs, type SessionState } from '../../shared/liveness/challenge-session';
import { describeChallenge, type Challenge } from '../../shared/liveness/challenges';
import type { ChallengeOutcome } from '../../shared/verdict';
import '../components/camera-status';
import '../components/camera-view';
import type { CameraView } from '../components/camera-view';
import { theme } from '../components/theme';
import { CameraController } from '../controllers/camera-controller';
import { FrameLoopController } from '../controllers/frame-loop-controller';
import { grabRgbaFrame } from '../services/camera-frames';
import type { FaceTracker } from '../services/face-tracker';
import { LivenessSchedule } from '../services/liveness-schedule';
import { callStation } from '../services/station-api';
import { failureSentence } from '../services/verdict-text';

/** The outcome stays on screen this long before the result page. */
const OUTCOME_PAUSE_MS = 1200;

/**
 * Step 3: randomised liveness challenges over the live landmarks, with the face matched
 * against the verified selfie in main every ~0.7 s. The timing is LivenessSchedule's; the
 * page shows it and owns the camera.
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
    @media (max-width: 900px) { .grid { grid-template-columns: 1fr; } }
  `];

  /** The challenges of this session, drawn (or fixed by the operator) by the app. */
  @property({ attribute: false }) challenges: Challenge[] = [];
  @property({ attribute: false }) tracker: FaceTracker | null = null;

  @state() private schedule: LivenessSchedule | null = null;

  private readonly camera = new CameraController(this);
  private readonly frames = new FrameLoopController(this, (frame) => this.schedule?.push(frame));
  private doneTimer: ReturnType<typeof setTimeout> | undefined;

  private get snapshot(): SessionState | null {
    return this.schedule?.snapshot ?? null;
  }

  private get finished(): ChallengeOutcome[] | null {
    return this.schedule?.finished ?? null;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.doneTimer);
  }

  override render() {
    const s = this.snapshot;
    const active = s && s.status === 'running' ? s.challenges[s.current] : null;
    const nowMs = this.schedule?.nowMs ?? 0;
    const left = active?.startedAtMs !== undefined ? Math.max(0, challengeTimeoutMs(active.challenge) - (nowMs - active.startedAtMs)) : null;
    const identityNote = this.schedule?.identityNote ?? null;
    return html`
      <h2>Liveness check</h2>
      <div class="grid">
        <section class="panel" id="camera-panel" data-fps=${this.frames.fps > 0 ? this.frames.fps.toFixed(1) : nothing}>
          <ekyc-camera-view .stream=${this.camera.stream} state=${s?.status === 'failed' ? 'bad' : s?.status === 'passed' ? 'good' : 'idle'}></ekyc-camera-view>
          <ekyc-camera-status .status=${this.camera.status} .problem=${this.camera.problem} .cameras=${this.camera.cameras} .deviceId=${this.camera.deviceId}
            @camera-select=${(e: CustomEvent<{ deviceId: string }>) => this.camera.select(e.detail.deviceId)} @camera-retry=${() => this.camera.start()}></ekyc-camera-status>
          <p class="instruction" id="instruction" role="status">${this.instruction(s)}</p>
          ${active ? html`<div class="bar" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow=${Math.round(active.progress * 100)}>
              <div style=${styleMap({ '--p': `${Math.round(active.progress * 100)}%` })}></div></div>
            <p class="time">${left !== null ? `${Math.ceil(left / 1000)} s left` : ''}</p>` : nothing}
        </section>
        <aside class="panel" aria-live="polite">
          <h3>Challenges</h3>
          <ol id="challenge-list">${(s?.challenges ?? []).map((c, i) => {
            const outcome = this.finished?.[i];
            const cls = outcome ? (outcome.passed ? 'passed' : 'failed') : c.status;
            return html`<li class=${cls}>${describeChallenge(c.challenge)}${outcome ? html` — ${outcome.passed ? `done in ${(outcome.durationMs / 1000).toFixed(1)} s` : failureSentence(outcome.failure ?? 'aborted')}` : c.status === 'active' ? html` <strong class="now">(now)</strong>` : ''}</li>`;
          })}</ol>
          ${identityNote ? html`<p class="notice warn">${identityNote}</p>` : nothing}
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
      this.schedule = new LivenessSchedule(this.challenges, {
        checkIdentity: () => {
          const view = this.renderRoot.querySelector<CameraView>('ekyc-camera-view');
          return view ? callStation('checkIdentity', grabRgbaFrame(view.video)) : Promise.resolve(null);
        },
        onEnd: (outcomes) => this.end(outcomes),
        onChange: () => this.requestUpdate(),
      });
    }
  }

  protected override updated(): void {
    const view = this.renderRoot.querySelector<CameraView>('ekyc-camera-view');
    if (this.tracker && view && this.camera.status === 'live' && !this.frames.isRunning && !this.finished && !this.frames.error) {
      this.frames.start(this.tracker, view.video);
    }
  }

  private end(outcomes: ChallengeOutcome[]): void {
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

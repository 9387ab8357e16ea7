import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { SelfieVerification, SupervisorDecisionReply } from '../../shared/ipc-contract';
import { MAX_SUPERVISOR_ID_LENGTH } from '../../shared/verdict';
import '../components/camera-status';
import '../components/camera-view';
import type { CameraView } from '../components/camera-view';
import { theme } from '../components/theme';
import { CameraController } from '../controllers/camera-controller';
import { FrameLoopController } from '../controllers/frame-loop-controller';
import { grabRgbaFrame } from '../services/camera-frames';
import { GUIDANCE_TEXT, GuidanceFilter, MANUAL_CAPTURE_AFTER_MS, SteadyFaceTimer, type Guidance } from '../services/face-guidance';
import type { FaceTracker, TrackedFrame } from '../services/face-tracker';
import { callStation, errorMessage, StationError } from '../services/station-api';
import { lockoutNotice, lockoutOf } from '../services/verdict-text';

/** What this page says beyond the guidance (one place, for the translations to come). */
const TEXT = {
  autoHint: 'Look at the camera. The picture is taken automatically.',
  manualHint: 'The picture was not taken yet: check the advice above, or take it now.',
  takeNow: 'Take the picture now',
} as const;

/**
 * Step 2: the live face against the ID portrait. Guides the customer until one steady,
 * frontal, well-lit face has been held for a second, captures it, and lets main match it.
 * The customer sees the decision only; the similarity, threshold and attempt count sit under
 * "Operator detail", since a score on screen tells an attacker how close each photo came.
 * A score in the review band is referred: the customer reads "A supervisor will check this",
 * and the supervisor, having compared the customer with the ID photo, types their name or ID
 * and accepts (on to liveness) or declines (a failed match). The guidance has hysteresis
 * (GuidanceFilter), and when no picture was taken automatically for MANUAL_CAPTURE_AFTER_MS
 * the operator may take it by hand; main's quality checks judge it either way.
 * @fires face-verified - the face matches; go to liveness
 * @fires face-rejected - no match and no attempt left, matching refused, a presentation attack refused (or the operator stops); go to the result
 */
@customElement('ekyc-face-verification-page')
export class FaceVerificationPage extends LitElement {
  static override styles = [theme, css`
    :host { display: block; }
    .grid { display: grid; grid-template-columns: minmax(0, 1.4fr) minmax(0, 1fr); gap: 1.5rem; align-items: start; }
    /* The picture is as large as the window's height leaves room for: the guidance under it and the actions stay in view. */
    ekyc-camera-view { width: min(100%, calc((100vh - var(--camera-reserve-y, 330px)) * 4 / 3)); margin: 0 auto; }
    .guidance { font-size: 1.5rem; font-weight: 700; min-height: 2.4em; margin: 0.6rem 0 0; text-align: center; }
    .score { font-weight: 700; }
    details.operator { margin-top: 0.8rem; font-size: 0.9rem; }
    details.operator summary { cursor: pointer; color: var(--muted); }
    .supervisor { margin-top: 0.8rem; padding: 0.6rem 0.8rem; border: 1px solid var(--line); border-radius: 6px; }
    .supervisor label { display: block; margin: 0.4rem 0; }
    .supervisor input { width: 100%; box-sizing: border-box; }
    @media (max-width: 900px) { .grid { grid-template-columns: 1fr; } }
  `];

  /** The face tracker, loaded once by the app. */
  @property({ attribute: false }) tracker: FaceTracker | null = null;

  @state() private guidance: Guidance = 'no-face';
  @state() private heldShare = 0;
  @state() private matching = false;
  @state() private result: SelfieVerification | null = null;
  @state() private problem: string | null = null;
  /** Main refused to match (lockout, or no attempt left): the session can only be finished. */
  @state() private refused = false;
  /** The supervisor's decision on a referred match, as main recorded it. */
  @state() private supervisorReply: SupervisorDecisionReply | null = null;
  @state() private supervisorId = '';
  @state() private deciding = false;
  /** No automatic capture for MANUAL_CAPTURE_AFTER_MS: "Take the picture now" is offered. */
  @state() private manualOffered = false;

  private readonly camera = new CameraController(this);
  private readonly frames = new FrameLoopController(this, (frame) => this.onFrame(frame));
  private readonly steady = new SteadyFaceTimer(800);
  private readonly guide = new GuidanceFilter();
  /** Frame time from which the wait for an automatic capture is measured; null until the first frame. */
  private waitingSinceMs: number | null = null;

  override render() {
    const r = this.result;
    return html`
      <h2>Face check</h2>
      <div class="grid">
        <section class="panel" id="camera-panel" data-fps=${this.frames.fps > 0 ? this.frames.fps.toFixed(1) : nothing}>
          <ekyc-camera-view .stream=${this.camera.stream} state=${this.guidance === 'ok' ? 'good' : this.guidance === 'no-face' ? 'idle' : 'bad'}
            .ring=${!r && !this.refused && !this.matching && this.heldShare > 0 ? this.heldShare : null}></ekyc-camera-view>
          <ekyc-camera-status .status=${this.camera.status} .problem=${this.camera.problem} .cameras=${this.camera.cameras} .deviceId=${this.camera.deviceId}
            @camera-select=${(e: CustomEvent<{ deviceId: string }>) => this.camera.select(e.detail.deviceId)} @camera-retry=${() => this.camera.start()}></ekyc-camera-status>
          ${!r && !this.refused ? html`<p class="guidance" id="guidance" role="status">${this.matching ? 'Checking…' : this.tracker ? GUIDANCE_TEXT[this.guidance] : 'Preparing face detection…'}</p>` : nothing}
        </section>
        <aside class="panel" aria-live="polite">
          <h3>Match with the ID photo</h3>
          ${this.problem ? html`<p class="notice warn" id="match-problem" role="alert">${this.problem}</p>` : nothing}
          ${this.frames.error ? html`<p class="notice bad" role="alert">Face detection stopped: ${this.frames.error}</p>` : nothing}
          ${r ? this.renderResult(r) : this.refused
            ? html`<div class="actions"><button class="primary" id="reject" @click=${this._onReject}>Finish: not verified</button></div>`
            : this.camera.status === 'error'
              // Under a camera error nothing is taken automatically; the way out is "Start over" above.
              ? html`<p class="muted" id="capture-hint">No picture can be taken until the camera works: fix it above, or start over.</p>`
              : this.manualOffered && !this.matching
                ? html`<p class="muted" id="capture-hint">${TEXT.manualHint}</p>
                  <div class="actions"><button class="primary" id="manual-capture" ?disabled=${this.camera.status !== 'live'} @click=${() => this.capture()}>${TEXT.takeNow}</button></div>`
                : html`<p class="muted" id="capture-hint">${TEXT.autoHint}</p>`}
        </aside>
      </div>`;
  }

  private renderResult(r: SelfieVerification) {
    // Cosine similarity as the CLI and the record give it (-1..1): a percentage would suggest a probability.
    const score = (v: number) => v.toFixed(2);
    const decided = this.supervisorReply;
    const awaiting = r.match.decision === 'refer' && !decided;
    const passed = r.match.match || decided?.faceMatch.match === true;
    const attemptsLeft = decided ? decided.attemptsLeft : r.attemptsLeft;
    const lockout = decided ? decided.lockout : r.lockout;
    const supervisor = decided?.faceMatch.supervisor;
    return html`<div id="match-result">
      <p class="notice ${passed ? 'ok' : awaiting ? 'warn' : 'bad'}" id="match-decision">${passed ? 'Same person as on the ID' : awaiting ? 'A supervisor will check this' : 'Not the person on the ID'}</p>
      ${lockout ? html`<p class="notice warn" id="lockout" role="alert">${lockoutNotice(lockout)}</p>` : nothing}
      <details class="operator" id="operator-detail"><summary>Operator detail</summary>
        <p>Similarity <span class="score" id="similarity">${score(r.match.similarity)}</span>, required ${score(r.match.threshold)} or more · attempt ${r.attempt} on this document, ${attemptsLeft} left</p>
        ${r.match.decision === 'refer' ? html`<p id="review-band">In the review band: accept at ${score(r.match.threshold)}, decline below ${score(r.match.declineBelow)}; referred to a supervisor</p>` : nothing}
      </details>
      ${awaiting ? this.renderSupervisorDecision() : nothing}
      ${supervisor ? html`<p class="notice ${supervisor.decision === 'accept' ? 'ok' : 'bad'}" id="supervisor-result">${supervisor.decision === 'accept' ? 'Accepted' : 'Declined'} by supervisor ${supervisor.supervisorId}</p>` : nothing}
      <div class="actions">
        ${passed
          ? html`<button class="primary" id="continue" @click=${this._onContinue}>Next: liveness</button>`
          : awaiting ? nothing
          // On a mismatch a new attempt is the way forward; finishing "not verified" is primary
          // only when no attempt is left, so a hurried click does not end the customer's session.
          : html`${attemptsLeft > 0 ? html`<button class="primary" id="retry" @click=${this._onRetry}>Try again (${attemptsLeft} left)</button>` : nothing}
            <button class=${attemptsLeft > 0 ? '' : 'primary'} id="reject" @click=${this._onReject}>Finish: not verified</button>`}
      </div></div>`;
  }

  /** The supervisor's part: compare by eye, give a name or ID (kept in the record), decide. */
  private renderSupervisorDecision() {
    const ready = this.supervisorId.trim().length > 0 && !this.deciding;
    return html`<div class="supervisor" id="supervisor-panel">
      <p>Supervisor: compare the customer with the ID photo, then decide. Your name or ID goes in the record.</p>
      <label>Supervisor name or ID
        <input id="supervisor-id" maxlength=${MAX_SUPERVISOR_ID_LENGTH} autocomplete="off" .value=${this.supervisorId}
          @input=${(e: Event) => { this.supervisorId = (e.target as HTMLInputElement).value; }}></label>
      <div class="actions">
        <button class="primary" id="supervisor-accept" ?disabled=${!ready} @click=${() => this.decide('accept')}>Accept: same person</button>
        <button id="supervisor-decline" ?disabled=${!ready} @click=${() => this.decide('decline')}>Decline</button>
      </div></div>`;
  }

  private async decide(decision: 'accept' | 'decline'): Promise<void> {
    this.deciding = true;
    try {
      this.supervisorReply = await callStation('decideReferral', { decision, supervisorId: this.supervisorId.trim() });
      this.problem = null;
    } catch (err) {
      this.problem = errorMessage(err).message;
    } finally {
      this.deciding = false;
    }
  }

  protected override updated(): void {
    const view = this.renderRoot.querySelector<CameraView>('ekyc-camera-view');
    if (this.tracker && view && this.camera.status === 'live' && !this.frames.isRunning && !this.result && !this.refused && !this.frames.error) {
      this.steady.reset();
      this.guide.reset();
      this.waitingSinceMs = null;
      this.frames.start(this.tracker, view.video);
    }
  }

  private async onFrame(frame: TrackedFrame): Promise<void> {
    if (this.matching || this.result) return;
    // The customer reads the filtered guidance; the hold and the capture go by the frame's own.
    const { current, shown } = this.guide.push(frame);
    this.guidance = shown;
    const held = this.steady.push(frame, current);
    this.heldShare = Math.min(1, held / this.steady.holdDurationMs);
    this.waitingSinceMs ??= frame.timeMs;
    if (!this.manualOffered && frame.timeMs - this.waitingSinceMs >= MANUAL_CAPTURE_AFTER_MS) this.manualOffered = true;
    if (this.steady.ready(held, current)) await this.capture();
  }

  private async capture(): Promise<void> {
    const view = this.renderRoot.querySelector<CameraView>('ekyc-camera-view');
    if (!view || this.matching || this.result) return;
    this.matching = true;
    this.frames.pause(true);
    try {
      this.result = await callStation('verifyFace', grabRgbaFrame(view.video));
      this.problem = null;
      this.frames.stop();
    } catch (err) {
      const { code, message } = errorMessage(err);
      // Refusals are final for this session; a quality problem ("move closer") is retried. A
      // presentation attack (a photo, a print, a screen) is final too: retrying would only
      // give the attacker more tries, and main has already made the session "not verified".
      const refused = code === 'MATCH_LOCKED_OUT' || code === 'ATTEMPTS_EXHAUSTED' || code === 'SESSION_STATE' || code === 'PRESENTATION_ATTACK';
      const lockout = err instanceof StationError ? lockoutOf(err.details) : null;
      // An attack's reason comes first even when it also ran the document into the lockout: it is why the session ends.
      this.problem = code === 'PRESENTATION_ATTACK' ? message : lockout ? lockoutNotice(lockout) : refused ? message : `${message}. Trying again…`;
      this.refused = refused;
      this.steady.reset();
      if (refused) this.frames.stop();
    } finally {
      this.matching = false;
      this.heldShare = 0;
      this.frames.pause(false);
    }
  }

  private _onRetry(): void {
    this.result = null;
    this.supervisorReply = null;
    this.problem = null;
    this.manualOffered = false;
    this.steady.reset();
  }

  private _onContinue(): void {
    this.dispatchEvent(new CustomEvent('face-verified', { bubbles: true, composed: true }));
  }

  private _onReject(): void {
    this.dispatchEvent(new CustomEvent('face-rejected', { bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ekyc-face-verification-page': FaceVerificationPage;
  }
}

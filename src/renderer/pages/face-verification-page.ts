import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { SelfieVerification, SupervisorDecisionReply } from '../../shared/ipc-contract';
import { MAX_SUPERVISOR_ID_LENGTH } from '../../shared/verdict';
import '../components/camera-status';
import '../components/camera-view';
import type { CameraView } from '../components/camera-view';
import { theme } from '../components/theme';
import { CameraController } from '../controllers/camera-controller';
import { LocaleController } from '../controllers/locale-controller';
import { FrameLoopController } from '../controllers/frame-loop-controller';
import { grabRgbaFrame } from '../services/camera-frames';
import { GuidanceFilter, MANUAL_CAPTURE_AFTER_MS, ManualCaptureRequest, SteadyFaceTimer, type Guidance } from '../services/face-guidance';
import type { FaceTracker, TrackedFrame } from '../services/face-tracker';
import { errorText, logged } from '../services/locale';
import { callStation, errorMessage, StationError } from '../services/station-api';
import { lockoutNotice, lockoutOf } from '../services/verdict-text';

/**
 * Step 2: the live face against the ID portrait. Guides the customer until one steady,
 * frontal, well-lit face has been held for a second, captures it, and lets main match it.
 * The customer sees the decision only; the similarity, threshold and attempt count sit under
 * "Operator detail", since a score on screen tells an attacker how close each photo came.
 * A score in the review band is referred: the customer reads "A supervisor will check this",
 * and the supervisor, having compared the customer with the ID photo, types their name or ID
 * and accepts (on to liveness) or declines (a failed match). The guidance has hysteresis
 * (GuidanceFilter), and when no picture was taken automatically for MANUAL_CAPTURE_AFTER_MS
 * the operator may take it by hand (the next frame with the customer looking straight,
 * ManualCaptureRequest); main's quality checks judge it either way.
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
  /** Why the last capture or decision did not go through, worded when shown. */
  @state() private problem: { thrown: unknown; retrying: boolean } | null = null;
  /** Main refused to match (lockout, or no attempt left): the session can only be finished. */
  @state() private refused = false;
  /** The supervisor's decision on a referred match, as main recorded it. */
  @state() private supervisorReply: SupervisorDecisionReply | null = null;
  @state() private supervisorId = '';
  @state() private deciding = false;
  /** No automatic capture for MANUAL_CAPTURE_AFTER_MS: "Take the picture now" is offered. */
  @state() private manualOffered = false;
  /** "Take the picture now" was pressed: the next frame with the customer looking straight is taken. */
  @state() private manualWaiting = false;

  private readonly camera = new CameraController(this);
  private readonly frames = new FrameLoopController(this, (frame) => this.onFrame(frame));
  private readonly steady = new SteadyFaceTimer(800);
  private readonly locale = new LocaleController(this);
  private readonly guide = new GuidanceFilter();
  private readonly manual = new ManualCaptureRequest();
  /** Frame time from which the wait for an automatic capture is measured; null until the first frame. */
  private waitingSinceMs: number | null = null;

  override render() {
    const { locale } = this;
    const r = this.result;
    return html`
      <h2>${locale.t('face.heading')}</h2>
      <div class="grid">
        <section class="panel" id="camera-panel" data-fps=${this.frames.fps > 0 ? this.frames.fps.toFixed(1) : nothing}>
          <ekyc-camera-view .stream=${this.camera.stream} state=${this.guidance === 'ok' ? 'good' : this.guidance === 'no-face' ? 'idle' : 'bad'}
            .ring=${!r && !this.refused && !this.matching && this.heldShare > 0 ? this.heldShare : null}></ekyc-camera-view>
          <ekyc-camera-status .status=${this.camera.status} .problem=${this.camera.problem} .cameras=${this.camera.cameras} .deviceId=${this.camera.deviceId}
            @camera-select=${(e: CustomEvent<{ deviceId: string }>) => this.camera.select(e.detail.deviceId)} @camera-retry=${() => this.camera.start()}></ekyc-camera-status>
          ${!r && !this.refused ? html`<p class="guidance" id="guidance" role="status">${this.matching ? locale.t('face.checking') : this.tracker ? locale.t(`guidance.${this.guidance}`) : locale.t('common.preparingDetection')}</p>` : nothing}
        </section>
        <aside class="panel" aria-live="polite">
          <h3>${locale.t('face.matchHeading')}</h3>
          ${this.problem ? html`<p class="notice warn" id="match-problem" role="alert">${this.problemText(this.problem)}</p>` : nothing}
          ${this.frames.error !== null ? html`<p class="notice bad" role="alert">${locale.t('common.detectionStopped', { reason: errorText(this.frames.error, locale.translator) })}</p>` : nothing}
          ${r ? this.renderResult(r) : this.refused
            ? html`<div class="actions"><button class="primary" id="reject" @click=${this._onReject}>${locale.t('face.finishNotVerified')}</button></div>`
            : this.camera.status === 'error'
              // Under a camera error nothing is taken automatically; the way out is "Start over" above.
              ? html`<p class="muted" id="capture-hint">${locale.t('face.noCameraHint')}</p>`
              : this.manualWaiting && !this.matching
                ? html`<p class="muted" id="capture-hint">${locale.t('face.manualWaiting')}</p>`
              : this.manualOffered && !this.matching
                ? html`<p class="muted" id="capture-hint">${locale.t('face.manualHint')}</p>
                  <div class="actions"><button class="primary" id="manual-capture" ?disabled=${this.camera.status !== 'live'} @click=${this._onTakeNow}>${locale.t('face.takeNow')}</button></div>`
                : html`<p class="muted" id="capture-hint">${locale.t('face.autoHint')}</p>`}
        </aside>
      </div>`;
  }

  /** A lockout says until when (unless an attack was refused); any other refusal or quality problem is worded by its code. */
  private problemText(problem: { thrown: unknown; retrying: boolean }): string {
    const tr = this.locale.translator;
    const thrown = problem.thrown instanceof StationError ? problem.thrown : null;
    // An attack's reason comes first even when it also ran the document into the lockout: it is why the session ends.
    const lockout = thrown && thrown.code !== 'PRESENTATION_ATTACK' ? lockoutOf(thrown.details) : null;
    if (lockout) return lockoutNotice(lockout, tr);
    const text = errorText(problem.thrown, tr);
    return problem.retrying ? tr.t('face.tryingAgain', { reason: text }) : text;
  }

  private renderResult(r: SelfieVerification) {
    const { locale } = this;
    // Cosine similarity as the CLI and the record give it (-1..1): a percentage would suggest a probability.
    const score = (v: number) => locale.translator.fixed(v, 2);
    const decided = this.supervisorReply;
    const awaiting = r.match.decision === 'refer' && !decided;
    const passed = r.match.match || decided?.faceMatch.match === true;
    const attemptsLeft = decided ? decided.attemptsLeft : r.attemptsLeft;
    const lockout = decided ? decided.lockout : r.lockout;
    const supervisor = decided?.faceMatch.supervisor;
    return html`<div id="match-result">
      <p class="notice ${passed ? 'ok' : awaiting ? 'warn' : 'bad'}" id="match-decision">${locale.t(passed ? 'face.same' : awaiting ? 'face.referred' : 'face.notSame')}</p>
      ${lockout ? html`<p class="notice warn" id="lockout" role="alert">${lockoutNotice(lockout, locale.translator)}</p>` : nothing}
      <details class="operator" id="operator-detail"><summary>${locale.t('face.operatorDetail')}</summary>
        <p>${locale.t('face.similarity')} <span class="score" id="similarity">${score(r.match.similarity)}</span>, ${locale.t('face.scoreDetail', { threshold: score(r.match.threshold), attempt: r.attempt, left: attemptsLeft })}</p>
        ${r.match.decision === 'refer' ? html`<p id="review-band">${locale.t('face.reviewBand', { accept: score(r.match.threshold), decline: score(r.match.declineBelow) })}</p>` : nothing}
      </details>
      ${awaiting ? this.renderSupervisorDecision() : nothing}
      ${supervisor ? html`<p class="notice ${supervisor.decision === 'accept' ? 'ok' : 'bad'}" id="supervisor-result">${locale.t(supervisor.decision === 'accept' ? 'face.supervisorAccepted' : 'face.supervisorDeclined', { name: supervisor.supervisorId })}</p>` : nothing}
      <div class="actions">
        ${passed
          ? html`<button class="primary" id="continue" @click=${this._onContinue}>${locale.t('face.nextLiveness')}</button>`
          : awaiting ? nothing
          // On a mismatch a new attempt is the way forward; finishing "not verified" is primary
          // only when no attempt is left, so a hurried click does not end the customer's session.
          : html`${attemptsLeft > 0 ? html`<button class="primary" id="retry" @click=${this._onRetry}>${locale.t('face.tryAgain', { left: attemptsLeft })}</button>` : nothing}
            <button class=${attemptsLeft > 0 ? '' : 'primary'} id="reject" @click=${this._onReject}>${locale.t('face.finishNotVerified')}</button>`}
      </div></div>`;
  }

  /** The supervisor's part: compare by eye, give a name or ID (kept in the record), decide. */
  private renderSupervisorDecision() {
    const { locale } = this;
    const ready = this.supervisorId.trim().length > 0 && !this.deciding;
    return html`<div class="supervisor" id="supervisor-panel">
      <p>${locale.t('face.supervisorIntro')}</p>
      <label>${locale.t('face.supervisorName')}
        <input id="supervisor-id" maxlength=${MAX_SUPERVISOR_ID_LENGTH} autocomplete="off" .value=${this.supervisorId}
          @input=${(e: Event) => { this.supervisorId = (e.target as HTMLInputElement).value; }}></label>
      <div class="actions">
        <button class="primary" id="supervisor-accept" ?disabled=${!ready} @click=${() => this.decide('accept')}>${locale.t('face.supervisorAccept')}</button>
        <button id="supervisor-decline" ?disabled=${!ready} @click=${() => this.decide('decline')}>${locale.t('face.supervisorDecline')}</button>
      </div></div>`;
  }

  private async decide(decision: 'accept' | 'decline'): Promise<void> {
    this.deciding = true;
    try {
      this.supervisorReply = await callStation('decideReferral', { decision, supervisorId: this.supervisorId.trim() });
      this.problem = null;
    } catch (err) {
      this.problem = { thrown: logged(err), retrying: false };
    } finally {
      this.deciding = false;
    }
  }

  protected override updated(): void {
    const view = this.renderRoot.querySelector<CameraView>('ekyc-camera-view');
    if (this.tracker && view && this.camera.status === 'live' && !this.frames.isRunning && !this.result && !this.refused && this.frames.error === null) {
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
    if (this.manual.push(frame)) {
      this.manualWaiting = false;
      await this.capture(true);
    } else if (this.steady.ready(held, current)) {
      await this.capture(false);
    }
  }

  private _onTakeNow(): void {
    this.manual.arm();
    this.manualWaiting = true;
  }

  /** `byHand`: "Take the picture now"; a quality refusal then leaves the button for another try. */
  private async capture(byHand: boolean): Promise<void> {
    const view = this.renderRoot.querySelector<CameraView>('ekyc-camera-view');
    if (!view || this.matching || this.result) return;
    this.matching = true;
    this.frames.pause(true);
    try {
      this.result = await callStation('verifyFace', grabRgbaFrame(view.video));
      this.problem = null;
      this.frames.stop();
    } catch (err) {
      const { code } = errorMessage(logged(err));
      // Refusals are final for this session; a quality problem ("move closer") is retried. A
      // presentation attack (a photo, a print, a screen) is final too: retrying would only
      // give the attacker more tries, and main has already made the session "not verified".
      const refused = code === 'MATCH_LOCKED_OUT' || code === 'ATTEMPTS_EXHAUSTED' || code === 'SESSION_STATE' || code === 'PRESENTATION_ATTACK';
      // After a picture taken by hand the automatic capture may still never fire: the button stays, and the text says what is wrong.
      this.problem = { thrown: err, retrying: !refused && !byHand };
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
    this.manualWaiting = false;
    this.manual.cancel();
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

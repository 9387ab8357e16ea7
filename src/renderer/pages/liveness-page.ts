import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { styleMap } from 'lit/directives/style-map.js';
import type { LivenessStart, LivenessView } from '../../shared/ipc-contract';
import { challengeTimeoutMs } from '../../shared/liveness/challenge-session';
import { parseChallenge, recordedChallengeMessage } from '../../shared/liveness/challenges';
import { msg, type MessageRef } from '../../shared/messages/catalogue';
import { challengeFailureMessage } from '../../shared/verdict';
import { widestFace } from '../../shared/people-in-view';
import '../components/camera-status';
import '../components/camera-view';
import type { CameraView } from '../components/camera-view';
import { theme } from '../components/theme';
import { CameraController } from '../controllers/camera-controller';
import { FrameLoopController } from '../controllers/frame-loop-controller';
import { LocaleController } from '../controllers/locale-controller';
import { grabRgbaFrame } from '../services/camera-frames';
import type { FaceTracker, TrackedFrame } from '../services/face-tracker';
import { SkippedFrames } from '../services/skipped-frames';
import { faceCropBox } from '../../shared/liveness/face-crop';
import { errorText, logged } from '../services/locale';
import { callStation } from '../services/station-api';
import { turnDirectionOf } from '../services/turn-cue';
import { failureSentence, livenessTips } from '../services/verdict-text';

/** The outcome stays on screen this long before the result page. */
const OUTCOME_PAUSE_MS = 1200;

/**
 * More frames than this waiting for main's reply and the next is not sent: main judges
 * frames in order, so a backlog would only delay what the customer sees.
 */
const MAX_FRAMES_IN_FLIGHT = 3;

/** The share of a challenge's time still left, for the countdown ring: main gives the time left, the challenge its limit. */
function timeLeftShare(recordedChallenge: string, timeLeftMs: number): number | null {
  // Main's names parse; one it sends that this renderer does not know shows no ring rather
  // than a wrong one, and the time left is still written under the picture.
  try {
    return timeLeftMs / challengeTimeoutMs(parseChallenge(recordedChallenge));
  } catch {
    return null;
  }
}

/**
 * Step 3: the liveness challenges. Main draws them, owns the clock and judges every one
 * (src/main/ipc/liveness-judge.ts); this page owns the camera, sends main what its tracker
 * sees in each frame (landmarks, expression scores and a small grey face crop for the eyes)
 * and a full camera frame every `sampleIntervalMs` for the identity check, and shows the
 * instruction and progress main replies with. It cannot declare a pass.
 * After a missed session with tries left (main says how many, and counts them) the page shows
 * tips naming the challenge that failed, and offers a new session or finishing.
 * @fires liveness-done - once main's judgement is final (or, with a retry on offer, the customer finishes); main puts it in the record.
 */
@customElement('ekyc-liveness-page')
export class LivenessPage extends LitElement {
  static override styles = [theme, css`
    :host { display: block; }
    .grid { display: grid; grid-template-columns: minmax(0, 1.4fr) minmax(0, 1fr); gap: 1.5rem; align-items: start; }
    /* The picture is as large as the window's height leaves room for: the instruction and its time left stay in view under it. */
    ekyc-camera-view { width: min(100%, calc((100vh - var(--camera-reserve-y, 360px)) * 4 / 3)); margin: 0 auto; }
    .instruction { font-size: 1.8rem; font-weight: 800; text-align: center; margin: 0.6rem 0 0.4rem; min-height: 1.3em; }
    .bar { height: 14px; border-radius: 7px; background: var(--line); overflow: hidden; }
    .bar > div { height: 100%; width: var(--p, 0%); background: var(--accent); transition: width 100ms linear; }
    .time { text-align: center; color: var(--muted); margin: 0.3rem 0 0; }
    ol { padding-left: 1.3em; margin: 0; }
    li { margin: 0.45em 0; }
    li.passed { color: var(--ok); font-weight: 600; }
    li.failed { color: var(--bad); font-weight: 600; }
    li.active { font-weight: 700; }
    @media (max-width: 900px) { .grid { grid-template-columns: 1fr; } }
  `];

  @property({ attribute: false }) tracker: FaceTracker | null = null;

  /** Main's latest judgement of the session. */
  @state() private view: LivenessView | null = null;
  /** What went wrong with main, worded when shown: which call failed and its error. */
  @state() private problem: { what: 'liveness.cannotStart' | 'liveness.frameRefused' | 'liveness.identityFailed'; thrown: unknown } | null = null;

  private readonly camera = new CameraController(this);
  private readonly frames = new FrameLoopController(this, (frame) => this.sendFrame(frame));
  private readonly locale = new LocaleController(this);
  private start: LivenessStart | null = null;
  private starting = false;
  /** performance.now() when main's liveness:start reply arrived: the page's time zero. */
  private startedAt = 0;
  private inFlight = 0;
  /** The camera frames the tracker skips, cut in a worker; null where the browser cannot. */
  private skipped: SkippedFrames | null = null;
  /** The last tracked frame sent to main (its index and time): the skipped frames after it ride with the next. */
  private lastSent: { index: number; timeMs: number } | null = null;
  private sampleTimer: ReturnType<typeof setInterval> | undefined;
  private doneTimer: ReturnType<typeof setTimeout> | undefined;
  private ended = false;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.doneTimer);
    clearInterval(this.sampleTimer);
    this.stopSkippedFrames();
  }

  private stopSkippedFrames(): void {
    this.skipped?.stop();
    this.skipped = null;
    this.lastSent = null;
  }

  override render() {
    const s = this.view;
    const active = s && s.status === 'running' ? s.challenges[s.current] : null;
    const left = s?.timeLeftMs ?? null;
    const { locale } = this;
    const tr = locale.translator;
    const identityNote = this.problem ? tr.t(this.problem.what, { reason: errorText(this.problem.thrown, tr) }) : s?.identityInDoubt ? tr.t('liveness.identityInDoubt') : null;
    const retry = this.retryOffer();
    return html`
      <h2>${locale.t('liveness.heading')}</h2>
      ${this.start && this.start.attempt > 1 ? html`<p class="muted" id="liveness-attempt">${locale.t('liveness.attempt', { attempt: this.start.attempt, of: this.start.maxAttempts })}</p>` : nothing}
      <div class="grid">
        <section class="panel" id="camera-panel" data-fps=${this.frames.fps > 0 ? this.frames.fps.toFixed(1) : nothing}>
          <ekyc-camera-view .stream=${this.camera.stream} state=${s?.status === 'failed' ? 'bad' : s?.status === 'passed' ? 'good' : 'idle'}
            .ring=${active && left !== null ? timeLeftShare(active.name, left) : null} .turn=${turnDirectionOf(active?.name)}></ekyc-camera-view>
          <ekyc-camera-status .status=${this.camera.status} .problem=${this.camera.problem} .cameras=${this.camera.cameras} .deviceId=${this.camera.deviceId}
            @camera-select=${(e: CustomEvent<{ deviceId: string }>) => this.camera.select(e.detail.deviceId)} @camera-retry=${() => this.camera.start()}></ekyc-camera-status>
          <p class="instruction" id="instruction" role="status">${locale.ref(this.instruction(s))}</p>
          ${active ? html`<div class="bar" id="challenge-progress" role="progressbar" aria-label=${locale.t('liveness.progressLabel')} aria-valuemin="0" aria-valuemax="100" aria-valuenow=${Math.round(active.progress * 100)}>
              <div style=${styleMap({ '--p': `${Math.round(active.progress * 100)}%` })}></div></div>
            <p class="time" id="time-left">${left !== null ? locale.t('liveness.timeLeft', { seconds: Math.ceil(left / 1000) }) : ''}</p>` : nothing}
        </section>
        <aside class="panel" aria-live="polite">
          <h3>${locale.t('liveness.challenges')}</h3>
          <ol id="challenge-list">${(s?.challenges ?? []).map((c, i) => {
            const outcome = s?.outcomes?.[i];
            const cls = outcome ? (outcome.passed ? 'passed' : 'failed') : c.status;
            return html`<li class=${cls}>${locale.ref(recordedChallengeMessage(c.name))}${outcome ? html` — ${outcome.passed ? locale.t('liveness.doneIn', { seconds: { fixed: outcome.durationMs / 1000, digits: 1 } }) : failureSentence(outcome.failure ?? 'aborted', tr)}` : c.status === 'active' ? html` <strong class="now">${locale.t('liveness.now')}</strong>` : ''}</li>`;
          })}</ol>
          ${identityNote ? html`<p class="notice warn">${identityNote}</p>` : nothing}
          ${s?.refusal ? html`<p class="notice bad" id="liveness-refusal" data-code=${s.refusal.code} title=${s.refusal.message}>${locale.t('liveness.refused', { reason: msg(`refusal.${s.refusal.code}`) })}</p>` : nothing}
          ${this.frames.error !== null ? html`<p class="notice bad" role="alert">${locale.t('common.detectionStopped', { reason: errorText(this.frames.error, locale.translator) })}</p>` : nothing}
          ${retry ? this.renderRetry(s!, retry) : nothing}
          ${this.problem && this.ended && !s ? html`<div class="actions"><button class="primary" id="liveness-finish" @click=${this._onFinish}>${locale.t('face.finishNotVerified')}</button></div>` : nothing}
        </aside>
      </div>`;
  }

  /** New sequences main offers after this failed session; null when it offers none (or it did not fail). */
  private retryOffer(): number | null {
    const s = this.view;
    return s?.status === 'failed' && s.outcomes && (s.retriesLeft ?? 0) > 0 ? s.retriesLeft : null;
  }

  /** After a missed session with tries left: tips naming what failed, and the customer's choice. */
  private renderRetry(s: LivenessView, left: number) {
    const { locale } = this;
    return html`<div id="liveness-retry">
      <h3>${locale.t('liveness.tipsTitle')}</h3>
      <ul id="liveness-tips">${livenessTips(s.outcomes ?? [], locale.translator).map((tip) => html`<li>${tip}</li>`)}</ul>
      <div class="actions">
        <button id="liveness-finish" @click=${this._onFinish}>${locale.t('face.finishNotVerified')}</button>
        <button class="primary" id="liveness-retry-button" @click=${this._onRetry}>${this.start?.drawn === false ? locale.t('liveness.retrySame', { left }) : locale.t('liveness.retryNew', { left })}</button>
      </div></div>`;
  }

  private instruction(s: LivenessView | null): MessageRef | string {
    if (!this.tracker) return msg('common.preparingDetection');
    if (!s || s.status === 'waiting-for-face') return msg('liveness.lookIntoCamera');
    if (s.status === 'running') return recordedChallengeMessage(s.challenges[s.current].name);
    if (s.status === 'confirming') return msg('liveness.confirming');
    if (s.status === 'passed') return msg('liveness.passed');
    const failed = s.outcomes?.find((o) => !o.passed && o.failure !== 'not-reached');
    const failure = s.failure ?? failed?.failure;
    if (!failure) return msg('liveness.didNotPass');
    // The challenge that failed is named, so the tips below read against it.
    return failed ? msg('liveness.failedChallenge', { challenge: recordedChallengeMessage(failed.challenge), failure: challengeFailureMessage(failure) }) : failureSentence(failure, this.locale.translator);
  }

  protected override updated(): void {
    const view = this.renderRoot.querySelector<CameraView>('ekyc-camera-view');
    if (!this.tracker || !view || this.camera.status !== 'live' || this.ended || this.frames.error !== null) return;
    if (!this.start) {
      void this.startSession(this.tracker, view);
    } else if (!this.frames.isRunning) {
      this.frames.start(this.tracker, view.video);
    }
  }

  /** Asks main for a session; the frame loop and the samples start with its reply, so their times count from it. */
  private async startSession(tracker: FaceTracker, view: CameraView): Promise<void> {
    if (this.starting) return;
    this.starting = true;
    try {
      this.start = await callStation('startLiveness', {});
    } catch (err) {
      this.problem = { what: 'liveness.cannotStart', thrown: logged(err) };
      this.ended = true;
      return;
    } finally {
      this.starting = false;
    }
    this.startedAt = performance.now();
    const track = view.video.srcObject instanceof MediaStream ? view.video.srcObject.getVideoTracks()[0] : undefined;
    this.skipped = track ? SkippedFrames.start(track, this.startedAt) : null;
    this.frames.start(tracker, view.video);
    const sessionId = this.start.sessionId;
    this.sampleTimer = setInterval(() => this.sendSample(sessionId, view), this.start.sampleIntervalMs);
  }

  /** What the tracker saw, to main; main's reply is what the page shows. Not awaited: the tracker keeps its rate. */
  private async sendFrame(frame: TrackedFrame): Promise<void> {
    if (!this.start || !this.tracker || this.ended || this.inFlight >= MAX_FRAMES_IN_FLIGHT) return;
    // The worker's crops of the frames skipped while the tracker ran are queued as tasks behind
    // this continuation: one turn of the event loop lets them in before this frame takes them.
    if (this.skipped) {
      const session = this.start.sessionId;
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (this.start?.sessionId !== session || !this.tracker || this.ended || this.inFlight >= MAX_FRAMES_IN_FLIGHT) return;
    }
    // The loop started with main's reply, so its clock is the page's time since liveness:start.
    const faces = frame.faces.map(({ box, landmarks, expressions, detectionScore }) => ({ box, landmarks, expressions, detectionScore }));
    const customer = widestFace(frame.faces);
    const last = this.lastSent;
    const request = {
      sessionId: this.start.sessionId,
      timeMs: frame.timeMs,
      frameWidth: frame.frameWidth,
      frameHeight: frame.frameHeight,
      faces,
      faceCrop: customer ? this.tracker.faceCrop(customer) : null,
      between: this.skipped && last ? this.skipped.take(last.index, last.timeMs, frame.timeMs) : [],
    };
    this.lastSent = customer ? { index: frame.index, timeMs: frame.timeMs } : null;
    this.skipped?.tracked(frame.index, customer ? faceCropBox(customer.landmarks) : null, frame.timeMs);
    this.inFlight++;
    callStation('sendLivenessFrame', request).then(
      (reply) => this.show(reply),
      (err: unknown) => { this.problem = { what: 'liveness.frameRefused', thrown: logged(err) }; },
    ).finally(() => { this.inFlight--; });
  }

  /** A full camera frame at main's fixed rate, for the identity check. */
  private sendSample(sessionId: string, view: CameraView): void {
    if (this.ended) return;
    let frame;
    try {
      frame = grabRgbaFrame(view.video);
    } catch {
      // No picture yet (the camera is starting): main counts the samples, and judges a gap.
      return;
    }
    callStation('sendLivenessSample', { sessionId, timeMs: performance.now() - this.startedAt, frame }).then(
      (reply) => this.show(reply),
      (err: unknown) => { this.problem = { what: 'liveness.identityFailed', thrown: logged(err) }; },
    );
  }

  private show(reply: LivenessView): void {
    // A late reply of an earlier session is not this one's.
    if (this.ended || reply.sessionId !== this.start?.sessionId) return;
    this.view = reply;
    const active = reply.status === 'running' ? reply.challenges[reply.current] : undefined;
    this.skipped?.arm(active !== undefined && active.name.startsWith('blink'));
    if (reply.outcomes) this.end();
  }

  private end(): void {
    this.ended = true;
    this.frames.stop();
    this.stopSkippedFrames();
    clearInterval(this.sampleTimer);
    // With a retry on offer the customer (or operator) chooses; otherwise the result follows.
    if (this.retryOffer() !== null) return;
    this.doneTimer = setTimeout(() => this._onFinish(), OUTCOME_PAUSE_MS);
  }

  private _onFinish(): void {
    clearTimeout(this.doneTimer);
    this.dispatchEvent(new CustomEvent('liveness-done', { bubbles: true, composed: true }));
  }

  /** A new session from main (which counts it and draws the sequence); the camera stays on. */
  private async _onRetry(): Promise<void> {
    this.start = null;
    this.view = null;
    this.problem = null;
    this.ended = false;
    await this.updateComplete;
    // The button is gone: the focus goes to the instruction the customer now follows.
    const heading = this.renderRoot.querySelector<HTMLElement>('h2');
    if (heading) {
      heading.tabIndex = -1;
      heading.focus();
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ekyc-liveness-page': LivenessPage;
  }
}

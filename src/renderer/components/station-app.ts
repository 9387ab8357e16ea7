import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { SessionRecord } from '../../shared/verdict';
import '../pages/face-verification-page';
import '../pages/id-document-page';
import '../pages/liveness-page';
import '../pages/result-page';
import { FaceTracker } from '../services/face-tracker';
import { callStation, errorMessage } from '../services/station-api';
import './settings-panel';
import './step-indicator';
import { theme } from './theme';

type Step = 0 | 1 | 2 | 3;

/**
 * The station: a four-step wizard. Each page owns its camera while shown; this element
 * holds only which step is shown and the finished record.
 */
@customElement('ekyc-station-app')
export class StationApp extends LitElement {
  static override styles = [theme, css`
    :host { display: flex; flex-direction: column; min-height: 100vh; background: var(--page); }
    /* One row from 1024 px wide up: a second row would push every step's actions down. */
    header { background: #0b2545; color: #fff; padding: 0.6rem 1.5rem; display: flex; align-items: center; gap: 1.5rem; justify-content: space-between; flex-wrap: nowrap; }
    header h1 { font-size: 1.2rem; margin: 0; letter-spacing: 0.02em; white-space: nowrap; }
    header ekyc-step-indicator { min-width: 0; }
    header .brand { display: flex; align-items: center; gap: 0.7rem; }
    header .logo { width: 34px; height: 34px; border-radius: 8px; background: linear-gradient(135deg, #3b82f6, #0ea5e9); display: grid; place-items: center; font-weight: 800; }
    header button { border-color: #c9d6ea; color: #fff; background: transparent; min-height: 40px; padding: 0.3em 1em; }
    main { flex: 1; padding: 1.5rem 2rem; max-width: 1280px; width: 100%; box-sizing: border-box; margin: 0 auto; }
    /* Counter PCs are mostly 768 px high: every step's primary action fits above the fold. */
    @media (max-height: 900px) { main { padding: 0.75rem 1.5rem; } }
    @media (max-width: 1100px) { header { gap: 1rem; padding: 0.6rem 1rem; } main { padding-left: 1rem; padding-right: 1rem; } }
    /* The first Tab stop, shown only while it has the focus; a button, since a #fragment cannot reach into a page's shadow root. */
    header .skip { position: absolute; left: 1rem; top: -100px; background: #fff; color: var(--accent-dark); z-index: 10; }
    header .skip:focus { top: 0.5rem; }
    .overlay { position: fixed; inset: 0; background: rgba(11, 37, 69, 0.45); display: grid; place-items: center; z-index: 20; }
    .overlay > * { width: min(560px, 92vw); }
    .session-bar { display: flex; justify-content: flex-end; gap: 0.8rem; align-items: center; flex-wrap: wrap; margin-bottom: 0.4rem; }
    .session-bar p { margin: 0; }
  `];

  @state() private step: Step = 0;
  @state() private tracker: FaceTracker | null = null;
  @state() private trackerError: string | null = null;
  @state() private record: SessionRecord | null = null;
  @state() private settingsOpen = false;
  @state() private customer = 0;
  @state() private error: string | null = null;
  /** The operator asked to start over and has not yet confirmed or kept going. */
  @state() private confirmingStartOver = false;
  /** The last of steps 0..2 this customer's session entered, for the step bar on the result. */
  @state() private reached = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    FaceTracker.load().then(
      (tracker) => { this.tracker = tracker; },
      (err: unknown) => { this.trackerError = `Face detection cannot start: ${errorMessage(err).message}`; },
    );
  }

  override render() {
    return html`
      <header>
        <button class="skip" id="skip-to-step" @click=${this._onSkipToStep}>Skip to the current step</button>
        <div class="brand"><div class="logo" aria-hidden="true">ID</div><h1>Identity verification</h1></div>
        <ekyc-step-indicator .current=${this.step} .reached=${this.reached}></ekyc-step-indicator>
        <button id="settings" @click=${() => { this.settingsOpen = true; }}>Settings</button>
      </header>
      <main data-step=${this.step}>
        ${this.trackerError ? html`<p class="notice bad" role="alert">${this.trackerError}</p>` : nothing}
        ${this.error ? html`<p class="notice bad" role="alert">${this.error}</p>` : nothing}
        ${this.renderSessionBar()}
        ${this.renderStep()}
      </main>
      ${this.settingsOpen ? html`<div class="overlay" role="dialog" aria-modal="true" aria-label="Operator settings">
        <ekyc-settings-panel @settings-close=${() => { this.settingsOpen = false; }}></ekyc-settings-panel></div>` : nothing}`;
  }

  protected override updated(changed: Map<string, unknown>): void {
    // A new step starts at the top with the focus on its heading: otherwise the scroll position
    // of the last step is kept and keyboard and screen-reader focus drops to <body>.
    if (changed.has('step') && changed.get('step') !== undefined) void this.focusStepHeading();
  }

  private _onSkipToStep(): void {
    void this.focusStepHeading();
  }

  private async focusStepHeading(): Promise<void> {
    const page = this.renderRoot.querySelector<LitElement>('main > ekyc-id-document-page, main > ekyc-face-verification-page, main > ekyc-liveness-page, main > ekyc-result-page');
    if (!page) return;
    await page.updateComplete;
    const heading = page.shadowRoot?.querySelector<HTMLElement>('h2');
    window.scrollTo(0, 0);
    if (!heading) return;
    heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
  }

  /**
   * The way out of the face check and liveness, whatever the camera does: without it a missing
   * camera or a face that is never usable left only a restart. It discards work, so it asks first.
   */
  private renderSessionBar() {
    if (this.step !== 1 && this.step !== 2) return nothing;
    if (!this.confirmingStartOver) {
      return html`<div class="session-bar"><button id="start-over" @click=${this._onAskStartOver}>Start over</button></div>`;
    }
    return html`<div class="session-bar notice warn" role="alertdialog" aria-labelledby="start-over-question" id="start-over-confirm">
      <p id="start-over-question">Start over with the ID step? This customer's ID and checks so far are discarded (match attempts on the document still count).</p>
      <button id="start-over-keep" @click=${this._onKeepGoing}>Keep going</button>
      <button class="primary" id="start-over-yes" @click=${this._onStartOver}>Start over</button>
    </div>`;
  }

  private async _onAskStartOver(): Promise<void> {
    this.confirmingStartOver = true;
    await this.updateComplete;
    // The safe choice takes the focus, so Enter does not discard the customer's work.
    this.renderRoot.querySelector<HTMLButtonElement>('#start-over-keep')?.focus();
  }

  private async _onKeepGoing(): Promise<void> {
    this.confirmingStartOver = false;
    await this.updateComplete;
    // The question's buttons are gone: the focus returns to the button that asked it.
    this.renderRoot.querySelector<HTMLButtonElement>('#start-over')?.focus();
  }

  private async _onStartOver(): Promise<void> {
    this.confirmingStartOver = false;
    await this._onNextCustomer();
  }

  private renderStep() {
    switch (this.step) {
      case 0: return html`<ekyc-id-document-page data-customer=${this.customer} @id-accepted=${this._onIdAccepted}></ekyc-id-document-page>`;
      case 1: return html`<ekyc-face-verification-page .tracker=${this.tracker} @face-verified=${this._onFaceVerified} @face-rejected=${() => this.finish()}></ekyc-face-verification-page>`;
      case 2: return html`<ekyc-liveness-page .tracker=${this.tracker} @liveness-done=${() => this.finish()}></ekyc-liveness-page>`;
      case 3: return html`<ekyc-result-page .record=${this.record} @next-customer=${this._onNextCustomer}></ekyc-result-page>`;
    }
  }

  private _onIdAccepted(): void {
    this.step = 1;
    this.reached = 1;
  }

  /** Main draws the challenges from the operator's settings when the liveness page starts its session. */
  private _onFaceVerified(): void {
    this.step = 2;
    this.reached = 2;
  }

  /** Main puts its own liveness judgement in the record; the page sends no outcomes. */
  private async finish(): Promise<void> {
    try {
      this.record = await callStation('finishSession', {});
      this.step = 3;
    } catch (err) {
      this.error = errorMessage(err).message;
    }
  }

  private async _onNextCustomer(): Promise<void> {
    try {
      await callStation('resetSession', {});
    } catch (err) {
      this.error = errorMessage(err).message;
      return;
    }
    this.record = null;
    this.confirmingStartOver = false;
    this.reached = 0;
    this.error = null;
    this.customer += 1;
    this.step = 0;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ekyc-station-app': StationApp;
  }
}

import { LitElement, css, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import type { SessionRecord } from '../../shared/verdict';
import '../pages/face-verification-page';
import '../pages/id-document-page';
import '../pages/liveness-page';
import '../pages/result-page';
import { LocaleController } from '../controllers/locale-controller';
import { FaceTracker } from '../services/face-tracker';
import { errorText, logged, setLanguage } from '../services/locale';
import { callStation } from '../services/station-api';
import { loadSettings } from '../services/station-settings';
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
    header .tools { display: flex; gap: 0.8rem; }
    main { flex: 1; padding: 1.5rem 2rem; max-width: 1280px; width: 100%; box-sizing: border-box; margin: 0 auto; }
    dialog { border: none; border-radius: var(--radius); padding: 0; width: min(560px, 92vw); color: var(--ink); }
    dialog::backdrop { background: rgba(11, 37, 69, 0.45); }
    #start-over-confirm { padding: 1.5rem; }
    #start-over-confirm .actions { margin-top: 1rem; }
    /* Counter PCs are mostly 768 px high: every step's primary action fits above the fold. */
    @media (max-height: 900px) { main { padding: 0.75rem 1.5rem; } }
    @media (max-width: 1100px) { header { gap: 1rem; padding: 0.6rem 1rem; } main { padding-left: 1rem; padding-right: 1rem; } }
    /* The first Tab stop, shown only while it has the focus; a button, since a #fragment cannot reach into a page's shadow root. */
    header .skip { position: absolute; left: 1rem; top: -100px; background: #fff; color: var(--accent-dark); z-index: 10; }
    header .skip:focus { top: 0.5rem; }
  `];

  @state() private step: Step = 0;
  @state() private tracker: FaceTracker | null = null;
  /** Why face detection cannot start, worded when shown. */
  @state() private trackerError: unknown = null;
  @state() private record: SessionRecord | null = null;
  /** The settings panel is rendered (so it reads the settings afresh) only while its dialog is open. */
  @state() private settingsOpen = false;
  @state() private customer = 0;
  @state() private error: unknown = null;
  /** The last of steps 0..2 this customer's session entered, for the step bar on the result. */
  @state() private reached = 0;
  /** A document was opened on the ID step: from then on starting over discards work. */
  @state() private documentOpened = false;

  @query('#start-over-confirm') private startOverDialog!: HTMLDialogElement;
  @query('#settings-dialog') private settingsDialog!: HTMLDialogElement;

  private readonly locale = new LocaleController(this);

  override connectedCallback(): void {
    super.connectedCallback();
    FaceTracker.load().then(
      (tracker) => { this.tracker = tracker; },
      (err: unknown) => { this.trackerError = logged(err); },
    );
    // The station speaks the operator's language from the start; until main answers, English.
    loadSettings().then(
      (view) => setLanguage(view.settings.language),
      (err: unknown) => { logged(err); setLanguage('en'); },
    );
  }

  override render() {
    const { locale } = this;
    return html`
      <header>
        <button class="skip" id="skip-to-step" @click=${this._onSkipToStep}>${locale.t('app.skipToStep')}</button>
        <div class="brand"><div class="logo" aria-hidden="true">ID</div><h1>${locale.t('app.title')}</h1></div>
        <ekyc-step-indicator .current=${this.step} .reached=${this.reached}></ekyc-step-indicator>
        <div class="tools">
          ${this.workToLose() ? html`<button id="start-over" @click=${this._onAskStartOver}>${locale.t('app.startOver')}</button>` : nothing}
          <button id="settings" @click=${this._onOpenSettings}>${locale.t('app.settings')}</button>
        </div>
      </header>
      <main data-step=${this.step}>
        ${this.trackerError ? html`<p class="notice bad" role="alert">${locale.t('app.trackerError', { reason: errorText(this.trackerError, locale.translator) })}</p>` : nothing}
        ${this.error ? html`<p class="notice bad" role="alert">${errorText(this.error, locale.translator)}</p>` : nothing}
        ${this.renderStep()}
      </main>
      <dialog id="start-over-confirm" aria-labelledby="start-over-title" aria-describedby="start-over-question" @close=${this._onStartOverClosed}>
        <h2 id="start-over-title">${locale.t('app.startOverTitle')}</h2>
        <p id="start-over-question">${locale.t(this.step === 0 ? 'app.startAgainQuestion' : 'app.startOverQuestion')}</p>
        <div class="actions">
          <button id="start-over-keep" @click=${() => this.startOverDialog.close('keep')}>${locale.t('app.keepGoing')}</button>
          <button class="primary" id="start-over-yes" @click=${() => this.startOverDialog.close('start-over')}>${locale.t('app.startOver')}</button>
        </div>
      </dialog>
      <dialog id="settings-dialog" aria-label=${locale.t('app.settingsDialog')} @close=${this._onSettingsClosed}>
        ${this.settingsOpen ? html`<ekyc-settings-panel @settings-close=${() => this.settingsDialog.close()}></ekyc-settings-panel>` : nothing}
      </dialog>`;
  }

  /** Whether starting over discards anything: a document opened, a face check or liveness under way. The result has "Next customer". */
  private workToLose(): boolean {
    return this.step === 1 || this.step === 2 || (this.step === 0 && this.documentOpened);
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
   * The way out of every step with work to lose, whatever the camera does: without it a
   * missing camera or a face that is never usable left only a restart. It discards work, so a
   * modal dialog asks first (showModal: the rest of the page is inert, Escape keeps going).
   */
  private _onAskStartOver(): void {
    const dialog = this.startOverDialog;
    // Escape closes without a value, leaving the last one: cleared so it reads "keep going".
    dialog.returnValue = '';
    dialog.showModal();
    // The safe choice takes the focus, so Enter does not discard the customer's work.
    this.renderRoot.querySelector<HTMLButtonElement>('#start-over-keep')?.focus();
  }

  private async _onStartOverClosed(): Promise<void> {
    if (this.startOverDialog.returnValue === 'start-over') {
      await this._onNextCustomer();
      return;
    }
    // Kept going (the button or Escape): the focus returns to the button that asked.
    this.renderRoot.querySelector<HTMLButtonElement>('#start-over')?.focus();
  }

  private async _onOpenSettings(): Promise<void> {
    this.settingsOpen = true;
    await this.updateComplete;
    // Modal: the focus moves into the dialog and stays there; Escape closes it.
    this.settingsDialog.showModal();
  }

  private _onSettingsClosed(): void {
    this.settingsOpen = false;
    this.renderRoot.querySelector<HTMLButtonElement>('#settings')?.focus();
  }

  private renderStep() {
    switch (this.step) {
      // Keyed by customer: starting over on the ID step itself gives a new, empty page.
      case 0: return keyed(this.customer, html`<ekyc-id-document-page data-customer=${this.customer} @id-accepted=${this._onIdAccepted} @document-opened=${() => { this.documentOpened = true; }}></ekyc-id-document-page>`);
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
      this.error = logged(err);
    }
  }

  private async _onNextCustomer(): Promise<void> {
    try {
      await callStation('resetSession', {});
    } catch (err) {
      this.error = logged(err);
      return;
    }
    const sameStep = this.step === 0;
    this.record = null;
    this.reached = 0;
    this.error = null;
    this.documentOpened = false;
    this.customer += 1;
    this.step = 0;
    // A step change moves the focus (updated()); starting over on the ID step is none.
    if (sameStep) {
      await this.updateComplete;
      await this.focusStepHeading();
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ekyc-station-app': StationApp;
  }
}

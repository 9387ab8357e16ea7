import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { CameraProblem, CameraStatus } from '../controllers/camera-controller';
import { LocaleController } from '../controllers/locale-controller';
import { theme } from './theme';

/**
 * Camera choice and camera trouble, for the operator.
 * @fires camera-select - detail: { deviceId } when another camera is chosen
 * @fires camera-retry - the operator asks to open the camera again
 */
@customElement('ekyc-camera-status')
export class CameraStatusBar extends LitElement {
  static override styles = [theme, css`
    :host { display: block; }
    .row { display: flex; align-items: center; gap: 0.75rem; flex-wrap: wrap; margin-top: 0.75rem; }
    select { font: inherit; padding: 0.4em; border-radius: 8px; border: 1px solid var(--line); min-height: 44px; }
    label { color: var(--muted); }
  `];

  @property() status: CameraStatus = 'stopped';
  @property({ attribute: false }) problem: CameraProblem | null = null;
  @property({ attribute: false }) cameras: MediaDeviceInfo[] = [];
  @property() deviceId: string | null = null;

  private readonly locale = new LocaleController(this);

  override render() {
    const { locale } = this;
    return html`
      ${this.problem ? html`<div class="notice bad" role="alert">${locale.ref(this.problem.text)}
        <div class="row"><button @click=${this._onRetry}>${locale.t('camera.retry')}</button></div></div>` : ''}
      ${this.status === 'starting' ? html`<p class="muted" role="status">${locale.t('camera.starting')}</p>` : ''}
      ${this.cameras.length > 1 ? html`<div class="row"><label for="camera">${locale.t('camera.label')}</label>
        <select id="camera" @change=${this._onSelect}>
          ${this.cameras.map((c, i) => html`<option value=${c.deviceId} ?selected=${c.deviceId === this.deviceId}>${c.label || locale.t('camera.unnamed', { number: i + 1 })}</option>`)}
        </select></div>` : ''}
    `;
  }

  private _onSelect(e: Event): void {
    const deviceId = (e.target as HTMLSelectElement).value;
    this.dispatchEvent(new CustomEvent('camera-select', { detail: { deviceId }, bubbles: true, composed: true }));
  }

  private _onRetry(): void {
    this.dispatchEvent(new CustomEvent('camera-retry', { bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ekyc-camera-status': CameraStatusBar;
  }
}

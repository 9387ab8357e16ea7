import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { CameraController } from '../controllers/camera-controller';
import { LocaleController } from '../controllers/locale-controller';
import { grabJpeg } from '../services/camera-frames';
import type { CameraView } from './camera-view';
import './camera-status';
import './camera-view';
import { theme } from './theme';

/**
 * Photographs the ID document with the camera; the camera runs only while this is shown.
 * @fires id-captured - detail: EncodedImage of the picture
 * @fires capture-cancel - the operator closes the camera
 */
@customElement('ekyc-id-camera-capture')
export class IdCameraCapture extends LitElement {
  static override styles = [theme, css`
    :host { display: block; }
    /* As large as the window's height leaves room for, so the camera's trouble and "Take picture" stay in view. */
    ekyc-camera-view { width: min(100%, 640px, calc((100vh - 500px) * 4 / 3)); }
  `];

  private readonly camera = new CameraController(this);
  private readonly locale = new LocaleController(this);
  @state() private busy = false;

  override render() {
    return html`
      <p>${this.locale.t('id.capture.hint')}</p>
      <ekyc-camera-view .stream=${this.camera.stream} .guide=${false} .mirror=${false}></ekyc-camera-view>
      <ekyc-camera-status .status=${this.camera.status} .problem=${this.camera.problem} .cameras=${this.camera.cameras} .deviceId=${this.camera.deviceId}
        @camera-select=${(e: CustomEvent<{ deviceId: string }>) => this.camera.select(e.detail.deviceId)} @camera-retry=${() => this.camera.start()}></ekyc-camera-status>
      <div class="actions">
        <button @click=${this._onCancel}>${this.locale.t('common.cancel')}</button>
        <button class="primary" id="take-picture" ?disabled=${this.camera.status !== 'live' || this.busy} @click=${this._onCapture}>${this.locale.t('id.capture.take')}</button>
      </div>`;
  }

  private async _onCapture(): Promise<void> {
    const view = this.renderRoot.querySelector<CameraView>('ekyc-camera-view');
    if (!view) return;
    this.busy = true;
    try {
      const image = await grabJpeg(view.video, 'camera picture of the document');
      this.dispatchEvent(new CustomEvent('id-captured', { detail: image, bubbles: true, composed: true }));
    } finally {
      this.busy = false;
    }
  }

  private _onCancel(): void {
    this.dispatchEvent(new CustomEvent('capture-cancel', { bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ekyc-id-camera-capture': IdCameraCapture;
  }
}

import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { DocumentFrameProblem, DocumentSide } from '../../shared/document-types';
import type { PlainMessageKey } from '../../shared/messages/catalogue';
import { CameraController } from '../controllers/camera-controller';
import { DocumentFrameController } from '../controllers/document-frame-controller';
import { LocaleController } from '../controllers/locale-controller';
import { grabJpeg } from '../services/camera-frames';
import { errorText } from '../services/locale';
import type { CameraView } from './camera-view';
import './camera-status';
import './camera-view';
import { theme } from './theme';

/** The operator's guidance for each thing main found keeping the picture from being taken ('wrong-side' depends on the side asked for). */
const GUIDANCE: Readonly<Record<Exclude<DocumentFrameProblem, 'wrong-side'>, PlainMessageKey>> = {
  'no-zone': 'id.capture.noZone',
  tilted: 'id.capture.tilted',
  moving: 'id.capture.moving',
  'cut-off': 'capture.cut-off',
  glare: 'capture.glare',
  'too-small': 'capture.too-small',
  blurred: 'capture.blurred',
  'no-portrait': 'id.capture.noPortrait',
  'no-document': 'id.capture.noDocument',
  'portrait-cut-off': 'id.capture.portrait-cut-off',
  'portrait-too-small': 'id.capture.portrait-too-small',
  'portrait-glare': 'id.capture.portrait-glare',
  'portrait-too-dark': 'id.capture.portrait-too-dark',
};

/** What to hold up, and what main says when the other side is in view. */
const SIDE_TEXT: Readonly<Record<DocumentSide, { hint: PlainMessageKey; wrongSide: PlainMessageKey }>> = {
  front: { hint: 'id.capture.hint', wrongSide: 'id.capture.wrongSide.front' },
  back: { hint: 'id.capture.hintBack', wrongSide: 'id.capture.wrongSide.back' },
};

/**
 * Photographs one side of the ID document with the camera; the camera runs only while this is
 * shown. While it runs, main judges the picture of that side a few times a second
 * (DocumentFrameController): what keeps it from being taken is shown over the picture's lower
 * edge (the other side of the card in view, too), and once the front's portrait, or the back's
 * zone, is in view, whole, sharp, free of glare and steady, the picture is taken without a
 * press. "Take picture" always works.
 * @fires id-captured - detail: EncodedImage of the picture
 * @fires capture-cancel - the operator closes the camera
 */
@customElement('ekyc-id-camera-capture')
export class IdCameraCapture extends LitElement {
  /** The side to photograph: the front (the portrait; a passport's data page) or a card's back. */
  @property() side: DocumentSide = 'front';

  static override styles = [theme, css`
    :host { display: block; }
    /* As large as the window's height leaves room for, so the camera's trouble and "Take picture" stay in view. */
    .stage { position: relative; width: min(100%, 640px, calc((100vh - 500px) * 4 / 3)); }
    ekyc-camera-view { width: 100%; }
    /* Over the picture's lower edge, as a caption: the guidance takes no room from "Take picture". */
    #capture-guidance { position: absolute; left: 0; right: 0; bottom: 0; margin: 0; padding: 0.35rem 0.6rem; background: rgba(12, 22, 40, 0.78); color: #fff; font-size: 0.95rem; }
  `];

  private readonly camera = new CameraController(this);
  private readonly locale = new LocaleController(this);
  private readonly watcher = new DocumentFrameController(this, () => this._onCapture());
  @state() private busy = false;

  override updated(): void {
    // Watching starts once the camera delivers, and not again after this capture took its picture.
    if (this.camera.status === 'live' && !this.watcher.running && !this.busy && this.watcher.assessment?.problem !== null) {
      this.watcher.start(() => this.renderRoot.querySelector<CameraView>('ekyc-camera-view')?.video, this.side);
    }
    if (this.camera.status !== 'live' && this.watcher.running) this.watcher.stop();
  }

  override render() {
    return html`
      <p>${this.locale.t(SIDE_TEXT[this.side].hint)}</p>
      <div class="stage">
        <ekyc-camera-view .stream=${this.camera.stream} .guide=${false} .mirror=${false}></ekyc-camera-view>
        ${this.renderGuidance()}
      </div>
      <ekyc-camera-status .status=${this.camera.status} .problem=${this.camera.problem} .cameras=${this.camera.cameras} .deviceId=${this.camera.deviceId}
        @camera-select=${(e: CustomEvent<{ deviceId: string }>) => this.camera.select(e.detail.deviceId)} @camera-retry=${() => this.camera.start()}></ekyc-camera-status>
      <div class="actions">
        <button @click=${this._onCancel}>${this.locale.t('common.cancel')}</button>
        <button class="primary" id="take-picture" ?disabled=${this.camera.status !== 'live' || this.busy} @click=${this._onCapture}>${this.locale.t('id.capture.take')}</button>
      </div>`;
  }

  private renderGuidance() {
    const a = this.watcher.assessment;
    if (this.camera.status !== 'live' || (!a && !this.watcher.error)) return nothing;
    if (this.watcher.error) return html`<p id="capture-guidance" data-problem="error">${errorText(this.watcher.error, this.locale.translator)}</p>`;
    const problem = a!.problem;
    const text = problem === null ? 'id.capture.ready' : problem === 'wrong-side' ? SIDE_TEXT[this.side].wrongSide : GUIDANCE[problem];
    return html`<p id="capture-guidance" data-problem=${problem ?? 'ready'} aria-live="polite">${this.locale.t(text)}</p>`;
  }

  private async _onCapture(): Promise<void> {
    const view = this.renderRoot.querySelector<CameraView>('ekyc-camera-view');
    if (!view || this.busy) return;
    this.watcher.stop();
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

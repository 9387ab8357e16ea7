import { LitElement, css, html } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { theme } from './theme';

/**
 * The live camera picture, mirrored like a mirror (people expect that of their face) unless
 * `mirror` is off (a document's text must read the right way round), with an oval face guide. It only displays: analysis reads the unmirrored pixels of `video`.
 */
@customElement('ekyc-camera-view')
export class CameraView extends LitElement {
  static override styles = [theme, css`
    :host { display: block; position: relative; border-radius: var(--radius); overflow: hidden; background: #0d1321; aspect-ratio: 4 / 3; }
    video { width: 100%; height: 100%; object-fit: cover; display: block; }
    :host([mirror]) video { transform: scaleX(-1); }
    svg { position: absolute; inset: 0; width: 100%; height: 100%; pointer-events: none; }
    .oval { fill: none; stroke-width: 5; stroke: rgba(255, 255, 255, 0.85); stroke-dasharray: 14 10; }
    :host([state='good']) .oval { stroke: #34c759; stroke-dasharray: none; }
    :host([state='bad']) .oval { stroke: #ff9f0a; }
    .shade { fill: rgba(13, 19, 33, 0.35); }
  `];

  /** The camera stream to show; null shows a dark frame. */
  @property({ attribute: false }) stream: MediaStream | null = null;
  /** Colours the guide: 'good' when the face is placed right, 'bad' when guidance is shown. */
  @property({ reflect: true }) state: 'idle' | 'good' | 'bad' = 'idle';
  /** Shows the picture mirrored; off for documents. */
  @property({ type: Boolean, reflect: true }) mirror = true;
  /** Draws the oval face guide. */
  @property({ type: Boolean }) guide = true;

  @query('video') video!: HTMLVideoElement;

  override render() {
    return html`
      <video autoplay muted playsinline aria-label="Live camera picture"></video>
      ${this.guide ? html`<svg viewBox="0 0 400 300" preserveAspectRatio="none" aria-hidden="true">
        <mask id="hole"><rect width="400" height="300" fill="white"></rect><ellipse cx="200" cy="140" rx="82" ry="108" fill="black"></ellipse></mask>
        <rect class="shade" width="400" height="300" mask="url(#hole)"></rect>
        <ellipse class="oval" cx="200" cy="140" rx="82" ry="108"></ellipse>
      </svg>` : ''}
    `;
  }

  protected override updated(changed: Map<string, unknown>): void {
    if (changed.has('stream') && this.video.srcObject !== this.stream) {
      this.video.srcObject = this.stream;
      if (this.stream) void this.video.play().catch(() => undefined);
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ekyc-camera-view': CameraView;
  }
}

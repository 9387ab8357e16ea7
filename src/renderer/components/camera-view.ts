import { LitElement, css, html, nothing, svg } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { turnCueSide, type TurnDirection } from '../services/turn-cue';
import { theme } from './theme';

/** The face guide in the overlay's 400x300 units; the ring runs just outside it. */
const OVAL = { cx: 200, cy: 140, rx: 82, ry: 108 } as const;
const RING = { rx: OVAL.rx + 9, ry: OVAL.ry + 9 } as const;
/** The ring as a path from the top of the oval, clockwise, so a share of its length starts at 12 o'clock. */
const RING_PATH = `M ${OVAL.cx} ${OVAL.cy - RING.ry} A ${RING.rx} ${RING.ry} 0 0 1 ${OVAL.cx} ${OVAL.cy + RING.ry} A ${RING.rx} ${RING.ry} 0 0 1 ${OVAL.cx} ${OVAL.cy - RING.ry}`;

/**
 * The live camera picture, mirrored like a mirror (people expect that of their face) unless
 * `mirror` is off (a document's text must read the right way round), with an oval face
 * guide, a ring around it (how far the hold or the time of a challenge has run) and an
 * animated arrow for head turns. Only the video is mirrored: the overlay, and any text,
 * reads the right way round. It only displays: analysis reads the unmirrored pixels of `video`.
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
    /* The ring has its own layer: it changes with every reply from main, and repainting the masked shade with it costs the tracker frames. */
    .ring-layer { will-change: transform; }
    .ring-track { fill: none; stroke: rgba(255, 255, 255, 0.25); stroke-width: 7; }
    .ring { fill: none; stroke: #4da3ff; stroke-width: 7; stroke-linecap: round; }
    :host([state='good']) .ring { stroke: #34c759; }
    /* The whole arrow moves (transform and opacity only, which the compositor animates without
       repainting): the page's main thread is the face tracker's, and a repaint per frame
       of a filtered SVG over the video costs it frames on a PC without a GPU. */
    .cue { inset: auto; top: 50%; width: 18%; height: auto; aspect-ratio: 1; margin-top: -9%; pointer-events: none; color: #fff; will-change: transform; }
    .cue.left { left: 3%; animation: nudge-left 1.1s ease-in-out infinite; }
    .cue.right { right: 3%; animation: nudge-right 1.1s ease-in-out infinite; }
    @keyframes nudge-right { 0%, 100% { transform: translateX(-12%); opacity: 0.6; } 50% { transform: translateX(12%); opacity: 1; } }
    @keyframes nudge-left { 0%, 100% { transform: translateX(12%); opacity: 0.6; } 50% { transform: translateX(-12%); opacity: 1; } }
    @media (prefers-reduced-motion: reduce) {
      .cue.left, .cue.right { animation: none; }
    }
  `];

  /** The camera stream to show; null shows a dark frame. */
  @property({ attribute: false }) stream: MediaStream | null = null;
  /** Colours the guide: 'good' when the face is placed right, 'bad' when guidance is shown. */
  @property({ reflect: true }) state: 'idle' | 'good' | 'bad' = 'idle';
  /** Shows the picture mirrored; off for documents. */
  @property({ type: Boolean, reflect: true }) mirror = true;
  /** Draws the oval face guide. */
  @property({ type: Boolean }) guide = true;
  /** How much of the ring around the oval is drawn, 0..1 (the hold before a capture, the time left of a challenge); null: no ring. */
  @property({ type: Number }) ring: number | null = null;
  /** The head turn the customer is asked for, in their own terms; the arrow points to that side of the screen as they see it. */
  @property() turn: TurnDirection | null = null;

  @query('video') video!: HTMLVideoElement;

  override render() {
    const ring = this.ring === null ? null : Math.min(1, Math.max(0, this.ring));
    const side = this.turn ? turnCueSide(this.turn, this.mirror) : null;
    return html`
      <video autoplay muted playsinline aria-label="Live camera picture"></video>
      ${this.guide ? html`<svg viewBox="0 0 400 300" preserveAspectRatio="none" aria-hidden="true">
        <mask id="hole"><rect width="400" height="300" fill="white"></rect><ellipse cx=${OVAL.cx} cy=${OVAL.cy} rx=${OVAL.rx} ry=${OVAL.ry} fill="black"></ellipse></mask>
        <rect class="shade" width="400" height="300" mask="url(#hole)"></rect>
        <ellipse class="oval" cx=${OVAL.cx} cy=${OVAL.cy} rx=${OVAL.rx} ry=${OVAL.ry}></ellipse>
      </svg>` : nothing}
      ${this.guide && ring !== null ? html`<svg class="ring-layer" viewBox="0 0 400 300" preserveAspectRatio="none" aria-hidden="true">
        ${svg`<path class="ring-track" d=${RING_PATH}></path>
          <path class="ring" id="ring" d=${RING_PATH} pathLength="100" stroke-dasharray=${`${Math.round(ring * 100)} 100`} data-share=${ring.toFixed(2)}></path>`}
      </svg>` : nothing}
      ${side ? html`<svg class="cue ${side}" id="turn-cue" data-side=${side} viewBox="0 0 100 100" aria-hidden="true">
        <path d=${side === 'right' ? 'M10 40 H58 V18 L94 50 L58 82 V60 H10 Z' : 'M90 40 H42 V18 L6 50 L42 82 V60 H90 Z'} fill="currentColor" stroke="#0d1321" stroke-width="3" stroke-linejoin="round"></path>
      </svg>` : nothing}
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

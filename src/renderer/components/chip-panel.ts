import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ChipReadProgress, ChipRecord } from '../../shared/chip-types';
import { chipErrorAdvice, chipFindings, chipProgressText, readChipWithProgress } from '../services/chip-read';
import { errorMessage } from '../services/station-api';
import { theme } from './theme';

/**
 * The document's chip on the ID page: a button once a zone is read (its document number and
 * dates open the chip), the read's progress, and what the chip says. Reading is optional:
 * without it the face check uses the printed portrait.
 * @fires chip-read - detail: the ChipRecord main keeps for the session
 */
@customElement('ekyc-chip-panel')
export class ChipPanel extends LitElement {
  static override styles = [theme, css`
    :host { display: block; margin-top: 0.8rem; }
    .bar { height: 10px; border-radius: 5px; background: var(--line); overflow: hidden; margin: 0.4rem 0; }
    .bar > div { height: 100%; background: var(--accent); transition: width 150ms linear; }
    .notice { margin: 0.4rem 0; }
    p.advice { margin: 0.3rem 0; }
  `];

  /** Whether main holds a zone whose keys can open the chip. */
  @property({ type: Boolean }) ready = false;

  @state() private progress: ChipReadProgress | null = null;
  @state() private chip: ChipRecord | null = null;
  @state() private failure: { message: string; advice: string } | null = null;

  override render() {
    if (!this.ready) return nothing;
    const reading = this.progress !== null;
    return html`<h3>Document chip</h3>
      ${reading ? this.renderProgress(this.progress!) : nothing}
      ${this.chip && !reading ? html`<div id="chip-result">${chipFindings(this.chip).map((f) => html`<p class="notice ${f.tone}">${f.text}</p>`)}</div>` : nothing}
      ${this.failure && !reading ? html`<div id="chip-error" role="alert"><p class="notice bad">${this.failure.message}</p><p class="advice">${this.failure.advice}</p></div>` : nothing}
      ${reading ? nothing : html`<button id="read-chip" @click=${this._onRead}>${this.chip || this.failure ? 'Read the chip again' : 'Read the chip'}</button>`}
      ${!this.chip && !reading ? html`<p class="muted">Optional: the chip holds the issuer's signed data and photo.</p>` : nothing}`;
  }

  private renderProgress(p: ChipReadProgress) {
    const { text, fraction } = chipProgressText(p);
    return html`<div id="chip-progress" role="status"><p>${text}</p>
      ${fraction === null ? nothing : html`<div class="bar" role="progressbar" aria-label="Chip read" aria-valuemin="0" aria-valuemax="100" aria-valuenow=${Math.round(fraction * 100)}><div style="width: ${Math.round(fraction * 100)}%"></div></div>`}</div>`;
  }

  private async _onRead(): Promise<void> {
    this.failure = null;
    this.progress = { stage: 'waiting-for-document', file: null, bytesRead: 0, bytesTotal: 0 };
    try {
      const chip = await readChipWithProgress((p) => { if (this.progress) this.progress = p; });
      this.chip = chip;
      this.dispatchEvent(new CustomEvent<ChipRecord>('chip-read', { detail: chip, bubbles: true, composed: true }));
    } catch (err) {
      const { code, message } = errorMessage(err);
      this.failure = { message, advice: chipErrorAdvice(code) };
    } finally {
      this.progress = null;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ekyc-chip-panel': ChipPanel;
  }
}

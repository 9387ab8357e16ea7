import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { loadChallengeSetting, saveChallengeSetting } from '../services/station-settings';
import { theme } from './theme';

/**
 * Operator settings: fix the challenge set (e.g. for a customer who cannot turn the head),
 * or leave it empty for three challenges drawn at random.
 * @fires settings-close
 */
@customElement('ekyc-settings-panel')
export class SettingsPanel extends LitElement {
  static override styles = [theme, css`
    :host { display: block; }
    input { font: inherit; padding: 0.5em; border: 1px solid var(--line); border-radius: 8px; width: 100%; box-sizing: border-box; }
    label { font-weight: 600; display: block; margin-bottom: 0.4rem; }
  `];

  @state() private text = loadChallengeSetting();
  @state() private error: string | null = null;

  override render() {
    return html`<div class="panel">
      <h3>Operator settings</h3>
      <label for="challenges">Fixed challenges (empty: three at random)</label>
      <input id="challenges" .value=${this.text} placeholder="e.g. blink:2,smile,turn-left" @input=${(e: Event) => { this.text = (e.target as HTMLInputElement).value; }}>
      <p class="muted">Choose from blink:N (N = 1 to 10), smile, mouth-open, turn-left, turn-right, separated by commas.</p>
      ${this.error ? html`<p class="notice bad" role="alert">${this.error}</p>` : nothing}
      <div class="actions"><button @click=${this._onClose}>Cancel</button><button class="primary" @click=${this._onSave}>Save</button></div>
    </div>`;
  }

  private _onSave(): void {
    try {
      saveChallengeSetting(this.text);
      this._onClose();
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    }
  }

  private _onClose(): void {
    this.dispatchEvent(new CustomEvent('settings-close', { bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ekyc-settings-panel': SettingsPanel;
  }
}

import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { SettingsView } from '../../shared/ipc-contract';
import { parseChallengeList } from '../../shared/liveness/challenges';
import { MATCH_PRESET_IDS, MAX_RANDOM_CHALLENGES, MIN_CHALLENGES_PER_SESSION, settingsUpdateOf, type MatchPresetId, type OperatorSettingsUpdate } from '../../shared/operator-settings';
import { errorMessage } from '../services/station-api';
import { chooseRecordsFolder, loadSettings, saveSettings } from '../services/station-settings';
import { theme } from './theme';

const PRESET_NAMES: Record<MatchPresetId, string> = { standard: 'Standard', strict: 'Strict', strictest: 'Strictest' };

/**
 * Operator settings, stored by main in the station's user-data folder: the match preset
 * (with what was measured at it), the liveness challenges, and record retention.
 * @fires settings-close - the panel is done (saved or cancelled)
 */
@customElement('ekyc-settings-panel')
export class SettingsPanel extends LitElement {
  static override styles = [theme, css`
    :host { display: block; }
    .panel { max-height: 86vh; overflow: auto; }
    /* Save and Cancel, and why saving failed, stay at the bottom of the panel while its fields
       scroll above them (Chromium keeps a sticky box inside the scroller's padding: hence -1.5rem). */
    .panel > .actions { position: sticky; bottom: -1.5rem; align-items: center; background: var(--panel); margin: 1rem -1.5rem -1.5rem; padding: 0.8rem 1.5rem; border-top: 1px solid var(--line); }
    fieldset { border: 1px solid var(--line); border-radius: 10px; margin: 0 0 1rem; padding: 0.8rem 1rem; }
    legend { font-weight: 700; padding: 0 0.3rem; }
    label { display: block; font-weight: 600; margin: 0.6rem 0 0.3rem; }
    label.inline { display: flex; gap: 0.6rem; align-items: center; font-weight: 500; }
    input[type='text'], input[type='number'], select { font: inherit; padding: 0.45em; border: 1px solid var(--line); border-radius: 8px; width: 100%; box-sizing: border-box; }
    .folder { display: flex; gap: 0.6rem; align-items: center; flex-wrap: wrap; }
    code { overflow-wrap: anywhere; }
    .actions .notice { flex: 1 1 100%; margin: 0; }
  `];

  @state() private view: SettingsView | null = null;
  @state() private draft: OperatorSettingsUpdate | null = null;
  @state() private error: string | null = null;
  @state() private busy = false;

  override connectedCallback(): void {
    super.connectedCallback();
    loadSettings().then(
      (view) => this.show(view),
      (err: unknown) => { this.error = `The settings cannot be read: ${errorMessage(err).message}`; },
    );
  }

  override render() {
    const d = this.draft;
    const view = this.view;
    if (!d || !view) {
      return html`<div class="panel"><h3>Operator settings</h3>
        ${this.error ? html`<p class="notice bad" role="alert">${this.error}</p>` : html`<p class="muted">Loading…</p>`}
        <div class="actions"><button @click=${this._onClose}>Close</button></div></div>`;
    }
    const preset = view.presets[d.matchPreset];
    const folder = view.settings.retention.folder;
    return html`<div class="panel">
      <h3>Operator settings</h3>
      ${view.problem ? html`<p class="notice warn" role="status">${view.problem}</p>` : nothing}
      <fieldset>
        <legend>Face match</legend>
        <label for="preset">Match threshold</label>
        <select id="preset" .value=${d.matchPreset} @change=${(e: Event) => this.edit({ matchPreset: (e.target as HTMLSelectElement).value as MatchPresetId })}>
          ${MATCH_PRESET_IDS.map((id) => html`<option value=${id} ?selected=${id === d.matchPreset}>${PRESET_NAMES[id]} (similarity ${view.presets[id].threshold.toFixed(2)})</option>`)}
        </select>
        <p class="muted" id="preset-figures">${preset.operatingPoint}</p>
      </fieldset>
      <fieldset>
        <legend>Liveness</legend>
        <label for="count">Challenges drawn at random per customer</label>
        <input id="count" type="number" min=${MIN_CHALLENGES_PER_SESSION} max=${MAX_RANDOM_CHALLENGES} .value=${String(d.liveness.challengesPerSession)}
          @input=${(e: Event) => this.edit({ liveness: { ...d.liveness, challengesPerSession: Number((e.target as HTMLInputElement).value) } })}>
        <label for="challenges">Fixed challenges instead (empty: random)</label>
        <input id="challenges" type="text" .value=${d.liveness.fixedChallenges} placeholder="e.g. blink:2,smile,turn-left"
          @input=${(e: Event) => this.edit({ liveness: { ...d.liveness, fixedChallenges: (e.target as HTMLInputElement).value } })}>
        <p class="muted">Choose from blink:N, smile, mouth-open, turn-left, turn-right, separated by commas; for example for a customer who cannot turn the head.</p>
      </fieldset>
      <fieldset>
        <legend>Records</legend>
        <label class="inline"><input id="retention" type="checkbox" .checked=${d.retention.enabled}
          @change=${(e: Event) => this.edit({ retention: { ...d.retention, enabled: (e.target as HTMLInputElement).checked } })}>
          Keep a record of every finished session (scores and checks only, never images)</label>
        <div class="folder"><span>Folder: ${folder ? html`<code id="folder">${folder}</code>` : html`<em>none chosen</em>`}</span>
          <button id="choose-folder" ?disabled=${this.busy} @click=${this._onChooseFolder}>Choose folder…</button></div>
        <label class="inline"><input id="names" type="checkbox" .checked=${d.retention.namesAndNumbers}
          @change=${(e: Event) => this.edit({ retention: { ...d.retention, namesAndNumbers: (e.target as HTMLInputElement).checked } })}>
          Include the document's names, number and dates in records</label>
      </fieldset>
      <div class="actions">${this.error ? html`<p class="notice bad" role="alert">${this.error}</p>` : nothing}<button @click=${this._onClose}>Cancel</button><button class="primary" id="save" ?disabled=${this.busy} @click=${this._onSave}>Save</button></div>
    </div>`;
  }

  private show(view: SettingsView): void {
    this.view = view;
    this.draft = settingsUpdateOf(view.settings);
  }

  private edit(change: Partial<OperatorSettingsUpdate>): void {
    if (this.draft) this.draft = { ...this.draft, ...change };
    this.error = null;
  }

  private async _onChooseFolder(): Promise<void> {
    this.busy = true;
    try {
      const view = await chooseRecordsFolder();
      // Keep the operator's unsaved edits; only the folder comes from main.
      this.view = view;
    } catch (err) {
      this.error = errorMessage(err).message;
    } finally {
      this.busy = false;
    }
  }

  private async _onSave(): Promise<void> {
    if (!this.draft) return;
    const fixed = this.draft.liveness.fixedChallenges.trim();
    try {
      if (fixed !== '') parseChallengeList(fixed);
    } catch (err) {
      this.error = errorMessage(err).message;
      return;
    }
    this.busy = true;
    try {
      this.show(await saveSettings({ ...this.draft, liveness: { ...this.draft.liveness, fixedChallenges: fixed } }));
      this._onClose();
    } catch (err) {
      this.error = errorMessage(err).message;
    } finally {
      this.busy = false;
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

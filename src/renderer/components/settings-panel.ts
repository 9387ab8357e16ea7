import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { SettingsView } from '../../shared/ipc-contract';
import { CHALLENGE_KINDS, type ChallengeKind } from '../../shared/liveness/challenges';
import { LIVENESS_DEFAULTS } from '../../shared/liveness/liveness-defaults';
import { MATCH_PRESET_IDS, MAX_RANDOM_CHALLENGES, MIN_CHALLENGES_PER_SESSION, settingsUpdateOf, type MatchPresetId, type OperatorSettingsUpdate } from '../../shared/operator-settings';
import { CHALLENGE_LABELS, challengeChoiceOf, fixedChallengesOf, PRESET_NAMES, presetMeaning, withBlinkCount, withChallenge, type ChallengeChoice } from '../services/settings-text';
import { errorMessage } from '../services/station-api';
import { chooseRecordsFolder, chooseTrustList, loadSettings, saveSettings } from '../services/station-settings';
import { theme } from './theme';

/** What the panel says beyond the settings-text service (one place, for the translations to come). */
const TEXT = {
  matchLegend: 'Face match',
  presetLabel: 'How strict the face match is',
  figuresSummary: 'Measured figures',
  livenessLegend: 'Liveness challenges',
  random: 'Different challenges for each customer, drawn at random (recommended)',
  howMany: 'How many challenges',
  fixed: 'Always the same challenges, in this order (for example for a customer who cannot turn the head)',
  blinkCount: 'Number of blinks',
  order: (list: string) => `Asked in this order: ${list}`,
  noneChosen: 'Choose at least one challenge, or go back to a random draw.',
  chipLegend: 'Document chips',
  trustNone: 'No country signing (CSCA) certificates installed: a chip\'s data is read, but its signer is reported "not trusted".',
  trustHolds: (certificates: number, countries: string) => `${certificates} CSCA certificate(s) for ${countries}`,
  trustSkipped: (files: number) => `${files} file(s) in it could not be read`,
  chooseTrust: 'Choose the CSCA folder…',
  removeTrust: 'Remove',
} as const;

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
    label.nested { margin-left: 2rem; }
    label.nested input { width: 5rem; }
    details summary { cursor: pointer; color: var(--muted); }
    input[type='text'], input[type='number'], select { font: inherit; padding: 0.45em; border: 1px solid var(--line); border-radius: 8px; width: 100%; box-sizing: border-box; }
    .folder { display: flex; gap: 0.6rem; align-items: center; flex-wrap: wrap; }
    code { overflow-wrap: anywhere; }
    .actions .notice { flex: 1 1 100%; margin: 0; }
  `];

  @state() private view: SettingsView | null = null;
  @state() private draft: OperatorSettingsUpdate | null = null;
  @state() private error: string | null = null;
  @state() private busy = false;
  /** The challenge controls' state; the draft's fixedChallenges is made from it. */
  @state() private challenges: ChallengeChoice = { mode: 'random', fixed: [] };
  /** The blink count control, kept while Blink is unticked. */
  @state() private blinks: number = LIVENESS_DEFAULTS.minBlinks;

  override connectedCallback(): void {
    super.connectedCallback();
    loadSettings().then(
      async (view) => {
        this.show(view);
        // The "Loading…" view, which had the focus, is gone: the first setting takes it, inside the dialog.
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLElement>('#preset')?.focus();
      },
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
        <legend>${TEXT.matchLegend}</legend>
        <label for="preset">${TEXT.presetLabel}</label>
        <select id="preset" .value=${d.matchPreset} aria-describedby="preset-meaning" @change=${(e: Event) => this.edit({ matchPreset: (e.target as HTMLSelectElement).value as MatchPresetId })}>
          ${MATCH_PRESET_IDS.map((id) => html`<option value=${id} ?selected=${id === d.matchPreset}>${PRESET_NAMES[id]}</option>`)}
        </select>
        <p id="preset-meaning">${PRESET_NAMES[d.matchPreset]}: ${presetMeaning(preset)}</p>
        <details id="preset-detail"><summary>${TEXT.figuresSummary}</summary><p class="muted" id="preset-figures">${preset.operatingPoint}</p></details>
      </fieldset>
      ${this.renderChallenges(d)}
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
      ${this.renderTrustList(view.trustList)}
      <div class="actions">${this.error ? html`<p class="notice bad" role="alert">${this.error}</p>` : nothing}<button @click=${this._onClose}>Cancel</button><button class="primary" id="save" ?disabled=${this.busy || (this.challenges.mode === 'fixed' && this.challenges.fixed.length === 0)} @click=${this._onSave}>Save</button></div>
    </div>`;
  }

  private renderChallenges(d: OperatorSettingsUpdate) {
    const c = this.challenges;
    const ticked = (kind: ChallengeKind) => c.fixed.some((x) => x.kind === kind);
    return html`<fieldset id="liveness-settings">
      <legend>${TEXT.livenessLegend}</legend>
      <label class="inline"><input type="radio" name="challenge-mode" id="mode-random" .checked=${c.mode === 'random'} @change=${() => this.editChallenges({ ...c, mode: 'random' })}>${TEXT.random}</label>
      ${c.mode === 'random' ? html`<label for="count">${TEXT.howMany}</label>
        <input id="count" type="number" min=${MIN_CHALLENGES_PER_SESSION} max=${MAX_RANDOM_CHALLENGES} .value=${String(d.liveness.challengesPerSession)}
          @input=${(e: Event) => this.edit({ liveness: { ...d.liveness, challengesPerSession: Number((e.target as HTMLInputElement).value) } })}>` : nothing}
      <label class="inline"><input type="radio" name="challenge-mode" id="mode-fixed" .checked=${c.mode === 'fixed'} @change=${() => this.editChallenges({ ...c, mode: 'fixed' })}>${TEXT.fixed}</label>
      ${c.mode === 'fixed' ? html`<div class="fixed" id="fixed-challenges">
        ${CHALLENGE_KINDS.map((kind) => html`<label class="inline"><input type="checkbox" id=${`challenge-${kind}`} .checked=${ticked(kind)}
          @change=${(e: Event) => this.editChallenges({ ...c, fixed: withChallenge(c.fixed, kind, (e.target as HTMLInputElement).checked, this.blinks) })}>${CHALLENGE_LABELS[kind]}</label>
          ${kind === 'blink' && ticked('blink') ? html`<label class="inline nested">${TEXT.blinkCount}<input id="blink-count" type="number" min="1" max="10" .value=${String(this.blinks)}
            @input=${(e: Event) => { this.blinks = Number((e.target as HTMLInputElement).value); this.editChallenges({ ...c, fixed: withBlinkCount(c.fixed, this.blinks) }); }}></label>` : nothing}`)}
        ${c.fixed.length > 0 ? html`<p class="muted" id="challenge-order">${TEXT.order(c.fixed.map((x) => CHALLENGE_LABELS[x.kind]).join(', '))}</p>`
          : html`<p class="notice warn" id="no-challenge">${TEXT.noneChosen}</p>`}
      </div>` : nothing}
    </fieldset>`;
  }

  private show(view: SettingsView): void {
    this.view = view;
    this.draft = settingsUpdateOf(view.settings);
    this.challenges = challengeChoiceOf(view.settings.liveness.fixedChallenges);
    this.blinks = this.challenges.fixed.find((c) => c.kind === 'blink')?.count ?? LIVENESS_DEFAULTS.minBlinks;
  }

  private editChallenges(choice: ChallengeChoice): void {
    this.challenges = choice;
    if (this.draft) this.edit({ liveness: { ...this.draft.liveness, fixedChallenges: fixedChallengesOf(choice) } });
  }

  private edit(change: Partial<OperatorSettingsUpdate>): void {
    if (this.draft) this.draft = { ...this.draft, ...change };
    this.error = null;
  }

  /** The CSCA trust list: main installs it from the folder dialog (checked there), the panel only shows what it holds. */
  private renderTrustList(t: SettingsView['trustList']) {
    return html`<fieldset id="trust-list">
      <legend>${TEXT.chipLegend}</legend>
      ${t === null ? html`<p class="muted" id="trust-summary">${TEXT.trustNone}</p>`
        : html`<p id="trust-summary"><code>${t.path}</code><br>${t.problem
          ? html`<span class="notice bad">${t.problem}</span>`
          : html`${TEXT.trustHolds(t.certificates, t.countries.join(', '))}${t.skippedFiles > 0 ? html`; ${TEXT.trustSkipped(t.skippedFiles)}` : nothing}`}</p>`}
      <div class="folder"><button id="choose-trust-list" ?disabled=${this.busy} @click=${() => this.changeTrustList(false)}>${TEXT.chooseTrust}</button>
        ${t !== null ? html`<button id="remove-trust-list" ?disabled=${this.busy} @click=${() => this.changeTrustList(true)}>${TEXT.removeTrust}</button>` : nothing}</div>
    </fieldset>`;
  }

  private async changeTrustList(clear: boolean): Promise<void> {
    this.busy = true;
    try {
      // Keep the operator's unsaved edits; only the trust list comes from main.
      this.view = await chooseTrustList(clear);
    } catch (err) {
      this.error = errorMessage(err).message;
    } finally {
      this.busy = false;
    }
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
    // Main checks what is saved and names what is wrong; the page only sends the controls' state.
    this.busy = true;
    try {
      this.show(await saveSettings(this.draft));
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

import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { SettingsView } from '../../shared/ipc-contract';
import { CHALLENGE_KINDS, type ChallengeKind } from '../../shared/liveness/challenges';
import { LIVENESS_DEFAULTS } from '../../shared/liveness/liveness-defaults';
import { LANGUAGE_NAMES } from '../../shared/messages/languages';
import { MATCH_PRESET_IDS, MAX_RANDOM_CHALLENGES, MIN_CHALLENGES_PER_SESSION, settingsUpdateOf, SUPPORTED_LANGUAGES, type Language, type MatchPresetId, type OperatorSettingsUpdate } from '../../shared/operator-settings';
import { LocaleController } from '../controllers/locale-controller';
import { errorText, logged, setLanguage } from '../services/locale';
import { challengeChoiceOf, challengeLabel, fixedChallengesOf, presetMeaning, withBlinkCount, withChallenge, type ChallengeChoice } from '../services/settings-text';
import { chooseRecordsFolder, chooseTrustList, loadSettings, saveSettings } from '../services/station-settings';
import { theme } from './theme';

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
  /** The last failure, worded when shown; `loading` when the settings could not be read at all. */
  @state() private error: { thrown: unknown; loading: boolean } | null = null;
  @state() private busy = false;
  /** The challenge controls' state; the draft's fixedChallenges is made from it. */
  @state() private challenges: ChallengeChoice = { mode: 'random', fixed: [] };
  /** The blink count control, kept while Blink is unticked. */
  @state() private blinks: number = LIVENESS_DEFAULTS.minBlinks;

  private readonly locale = new LocaleController(this);

  override connectedCallback(): void {
    super.connectedCallback();
    loadSettings().then(
      async (view) => {
        this.show(view);
        // The "Loading…" view, which had the focus, is gone: the first setting takes it, inside the dialog.
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLElement>('#preset')?.focus();
      },
      (err: unknown) => { this.error = { thrown: logged(err), loading: true }; },
    );
  }

  private errorNotice() {
    if (!this.error) return nothing;
    const text = errorText(this.error.thrown, this.locale.translator);
    return html`<p class="notice bad" role="alert">${this.error.loading ? this.locale.t('settings.cannotRead', { reason: text }) : text}</p>`;
  }

  override render() {
    const { locale } = this;
    const d = this.draft;
    const view = this.view;
    if (!d || !view) {
      return html`<div class="panel"><h3>${locale.t('settings.heading')}</h3>
        ${this.error ? this.errorNotice() : html`<p class="muted">${locale.t('settings.loading')}</p>`}
        <div class="actions"><button @click=${this._onClose}>${locale.t('common.close')}</button></div></div>`;
    }
    const preset = view.presets[d.matchPreset];
    const folder = view.settings.retention.folder;
    return html`<div class="panel">
      <h3>${locale.t('settings.heading')}</h3>
      ${view.problem ? html`<p class="notice warn" role="status">${view.problem}</p>` : nothing}
      <label for="language">${locale.t('settings.language')}</label>
      <select id="language" @change=${(e: Event) => this.edit({ language: (e.target as HTMLSelectElement).value as Language })}>
        ${SUPPORTED_LANGUAGES.map((l) => html`<option value=${l} lang=${l} ?selected=${l === d.language}>${LANGUAGE_NAMES[l]}</option>`)}
      </select>
      <fieldset>
        <legend>${locale.t('settings.faceMatch')}</legend>
        <label for="preset">${locale.t('settings.presetLabel')}</label>
        <select id="preset" .value=${d.matchPreset} aria-describedby="preset-meaning" @change=${(e: Event) => this.edit({ matchPreset: (e.target as HTMLSelectElement).value as MatchPresetId })}>
          ${MATCH_PRESET_IDS.map((id) => html`<option value=${id} ?selected=${id === d.matchPreset}>${locale.t(`settings.preset.${id}`)}</option>`)}
        </select>
        <p id="preset-meaning">${locale.t('settings.presetMeaning', { name: locale.t(`settings.preset.${d.matchPreset}`), meaning: presetMeaning(preset, locale.translator) })}</p>
        <details id="preset-detail"><summary>${locale.t('settings.figures')}</summary><p class="muted" id="preset-figures">${preset.operatingPoint}</p></details>
      </fieldset>
      ${this.renderChallenges(d)}
      <fieldset>
        <legend>${locale.t('settings.records')}</legend>
        <label class="inline"><input id="retention" type="checkbox" .checked=${d.retention.enabled}
          @change=${(e: Event) => this.edit({ retention: { ...d.retention, enabled: (e.target as HTMLInputElement).checked } })}>
          ${locale.t('settings.retention')}</label>
        <div class="folder"><span>${locale.t('settings.folder')} ${folder ? html`<code id="folder">${folder}</code>` : html`<em>${locale.t('settings.noFolder')}</em>`}</span>
          <button id="choose-folder" ?disabled=${this.busy} @click=${this._onChooseFolder}>${locale.t('settings.chooseFolder')}</button></div>
        <label class="inline"><input id="names" type="checkbox" .checked=${d.retention.namesAndNumbers}
          @change=${(e: Event) => this.edit({ retention: { ...d.retention, namesAndNumbers: (e.target as HTMLInputElement).checked } })}>
          ${locale.t('settings.namesAndNumbers')}</label>
      </fieldset>
      <fieldset>
        <legend>${locale.t('settings.documents')}</legend>
        <label class="inline"><input id="expired-override" type="checkbox" .checked=${d.allowExpiredOverride}
          @change=${(e: Event) => this.edit({ allowExpiredOverride: (e.target as HTMLInputElement).checked })}>
          ${locale.t('settings.expiredOverride')}</label>
      </fieldset>
      ${this.renderTrustList(view.trustList)}
      <div class="actions">${this.errorNotice()}<button @click=${this._onClose}>${locale.t('common.cancel')}</button><button class="primary" id="save" ?disabled=${this.busy || (this.challenges.mode === 'fixed' && this.challenges.fixed.length === 0)} @click=${this._onSave}>${locale.t('settings.save')}</button></div>
    </div>`;
  }

  private renderChallenges(d: OperatorSettingsUpdate) {
    const { locale } = this;
    const c = this.challenges;
    const ticked = (kind: ChallengeKind) => c.fixed.some((x) => x.kind === kind);
    return html`<fieldset id="liveness-settings">
      <legend>${locale.t('settings.livenessChallenges')}</legend>
      <label class="inline"><input type="radio" name="challenge-mode" id="mode-random" .checked=${c.mode === 'random'} @change=${() => this.editChallenges({ ...c, mode: 'random' })}>${locale.t('settings.random')}</label>
      ${c.mode === 'random' ? html`<label for="count">${locale.t('settings.howMany')}</label>
        <input id="count" type="number" min=${MIN_CHALLENGES_PER_SESSION} max=${MAX_RANDOM_CHALLENGES} .value=${String(d.liveness.challengesPerSession)}
          @input=${(e: Event) => this.edit({ liveness: { ...d.liveness, challengesPerSession: Number((e.target as HTMLInputElement).value) } })}>` : nothing}
      <label class="inline"><input type="radio" name="challenge-mode" id="mode-fixed" .checked=${c.mode === 'fixed'} @change=${() => this.editChallenges({ ...c, mode: 'fixed' })}>${locale.t('settings.fixedList')}</label>
      ${c.mode === 'fixed' ? html`<div class="fixed" id="fixed-challenges">
        ${CHALLENGE_KINDS.map((kind) => html`<label class="inline"><input type="checkbox" id=${`challenge-${kind}`} .checked=${ticked(kind)}
          @change=${(e: Event) => this.editChallenges({ ...c, fixed: withChallenge(c.fixed, kind, (e.target as HTMLInputElement).checked, this.blinks) })}>${challengeLabel(kind, locale.translator)}</label>
          ${kind === 'blink' && ticked('blink') ? html`<label class="inline nested">${locale.t('settings.blinkCount')}<input id="blink-count" type="number" min="1" max="10" .value=${String(this.blinks)}
            @input=${(e: Event) => { this.blinks = Number((e.target as HTMLInputElement).value); this.editChallenges({ ...c, fixed: withBlinkCount(c.fixed, this.blinks) }); }}></label>` : nothing}`)}
        ${c.fixed.length > 0 ? html`<p class="muted" id="challenge-order">${locale.t('settings.order', { list: { list: c.fixed.map((x) => challengeLabel(x.kind, locale.translator)) } })}</p>`
          : html`<p class="notice warn" id="no-challenge">${locale.t('settings.noneChosen')}</p>`}
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
    const { locale } = this;
    const tr = locale.translator;
    return html`<fieldset id="trust-list">
      <legend>${locale.t('settings.chips')}</legend>
      ${t === null ? html`<p class="muted" id="trust-summary">${locale.t('settings.trust.none')}</p>`
        : html`<p id="trust-summary"><code>${t.path}</code><br>${t.problem
          ? html`<span class="notice bad">${t.problem}</span>`
          : html`${tr.plural('settings.trust.holds', t.certificates, { countries: tr.list(t.countries) })}${t.skippedFiles > 0 ? html`; ${tr.plural('settings.trust.skipped', t.skippedFiles)}` : nothing}`}</p>`}
      <div class="folder"><button id="choose-trust-list" ?disabled=${this.busy} @click=${() => this.changeTrustList(false)}>${locale.t('settings.trust.choose')}</button>
        ${t !== null ? html`<button id="remove-trust-list" ?disabled=${this.busy} @click=${() => this.changeTrustList(true)}>${locale.t('settings.trust.remove')}</button>` : nothing}</div>
    </fieldset>`;
  }


  private async changeTrustList(clear: boolean): Promise<void> {
    this.busy = true;
    try {
      // Keep the operator's unsaved edits; only the trust list comes from main.
      this.view = await chooseTrustList(clear);
    } catch (err) {
      this.error = { thrown: logged(err), loading: false };
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
      this.error = { thrown: logged(err), loading: false };
    } finally {
      this.busy = false;
    }
  }

  private async _onSave(): Promise<void> {
    if (!this.draft) return;
    // Main checks what is saved and names what is wrong; the page only sends the controls' state.
    this.busy = true;
    try {
      const saved = await saveSettings(this.draft);
      this.show(saved);
      // The language applies at once, to every page: no restart, no reload.
      setLanguage(saved.settings.language);
      this._onClose();
    } catch (err) {
      this.error = { thrown: logged(err), loading: false };
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

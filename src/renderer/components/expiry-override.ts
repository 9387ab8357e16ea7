import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { DocumentOverride } from '../../shared/verdict';
import { MAX_OVERRIDE_REASON_LENGTH, MAX_SUPERVISOR_ID_LENGTH } from '../../shared/verdict';
import { LocaleController } from '../controllers/locale-controller';
import { errorText, logged } from '../services/locale';
import { callStation } from '../services/station-api';
import { theme } from './theme';

/**
 * A supervisor accepting an expired document, offered on the ID page only when the operator's
 * settings allow it: their name or ID and a reason, both required, sent to main, which checks
 * the setting and the block itself and records the decision. The page is told only once main
 * has recorded it.
 * @fires expiry-overridden - main recorded the override; detail: the DocumentOverride
 */
@customElement('ekyc-expiry-override')
export class ExpiryOverride extends LitElement {
  static override styles = [theme, css`
    :host { display: block; margin-bottom: 0.6rem; }
    form { display: grid; gap: 0.5rem; max-width: 36rem; }
    label { display: grid; gap: 0.2rem; }
    .actions { display: flex; gap: 0.6rem; }
  `];

  @state() private open = false;
  @state() private supervisorId = '';
  @state() private reason = '';
  @state() private sending = false;
  @state() private problem: unknown = null;

  private readonly locale = new LocaleController(this);

  override render() {
    const { locale } = this;
    if (!this.open) {
      return html`<button id="override-offer" @click=${() => { this.open = true; }}>${locale.t('id.override.offer')}</button>`;
    }
    const ready = this.supervisorId.trim() !== '' && this.reason.trim() !== '' && !this.sending;
    return html`<form id="override-form" @submit=${this._onSubmit}>
      <p>${locale.t('id.override.intro')}</p>
      <label>${locale.t('id.override.supervisor')}
        <input id="override-supervisor" required maxlength=${MAX_SUPERVISOR_ID_LENGTH} autocomplete="off" .value=${this.supervisorId}
          @input=${(e: Event) => { this.supervisorId = (e.target as HTMLInputElement).value; }}></label>
      <label>${locale.t('id.override.reason')}
        <input id="override-reason" required maxlength=${MAX_OVERRIDE_REASON_LENGTH} autocomplete="off" .value=${this.reason}
          @input=${(e: Event) => { this.reason = (e.target as HTMLInputElement).value; }}></label>
      ${this.problem ? html`<p class="notice bad" id="override-problem" role="alert">${errorText(this.problem, locale.translator)}</p>` : nothing}
      <div class="actions">
        <button class="primary" id="override-confirm" type="submit" ?disabled=${!ready}>${locale.t('id.override.confirm')}</button>
        <button id="override-cancel" type="button" @click=${() => { this.open = false; this.problem = null; }}>${locale.t('id.override.cancel')}</button>
      </div>
    </form>`;
  }

  private async _onSubmit(e: Event): Promise<void> {
    e.preventDefault();
    this.sending = true;
    try {
      const override: DocumentOverride = await callStation('overrideExpiry', { supervisorId: this.supervisorId.trim(), reason: this.reason.trim() });
      this.problem = null;
      this.dispatchEvent(new CustomEvent<DocumentOverride>('expiry-overridden', { detail: override, bubbles: true, composed: true }));
    } catch (err) {
      this.problem = logged(err);
    } finally {
      this.sending = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ekyc-expiry-override': ExpiryOverride;
  }
}

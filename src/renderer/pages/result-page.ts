import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { describeRecordedChallenge } from '../../shared/liveness/challenges';
import type { SessionRecord } from '../../shared/verdict';
import { theme } from '../components/theme';
import { challengeOutcomeText, exportSessionRecord, livenessTips, REASON_LABELS, reasonState, verdictHeadline } from '../services/verdict-text';

/** What this page says beyond the record's own wording (one place, for the translations to come). */
const TEXT = {
  earlierAttempts: 'Earlier liveness attempts',
  attempt: (n: number) => `Attempt ${n}`,
  tipsTitle: 'Tips for next time',
} as const;

/**
 * Step 4: the verdict with every reason and figure, export of the record, next customer.
 * @fires next-customer - clear everything and start again
 */
@customElement('ekyc-result-page')
export class ResultPage extends LitElement {
  static override styles = [theme, css`
    :host { display: block; }
    .verdict { display: flex; align-items: center; gap: 1.2rem; padding: 1.1rem 1.6rem; border-radius: var(--radius); margin-bottom: 1.2rem; flex-wrap: wrap; }
    .verdict.verified { background: var(--ok-soft); color: var(--ok); }
    .verdict.rejected { background: var(--bad-soft); color: var(--bad); }
    .verdict .mark { font-size: 3rem; font-weight: 800; line-height: 1; }
    .verdict h2 { font-size: 2.1rem; margin: 0; }
    .verdict p { margin: 0.2rem 0 0; }
    .verdict .headline { flex: 1 1 20rem; min-width: 0; }
    .verdict .actions { margin: 0; }
    table { width: 100%; border-collapse: collapse; }
    th, td { text-align: left; padding: 0.5em 0.6em; border-bottom: 1px solid var(--line); vertical-align: top; }
    th { color: var(--muted); font-weight: 600; font-size: 0.9rem; }
    td.state { font-weight: 700; white-space: nowrap; }
    td.state.ok { color: var(--ok); }
    td.state.bad { color: var(--bad); }
    td.state.warn { color: var(--warn); }
    td.check { white-space: nowrap; font-weight: 600; }
    tr.failed td { background: #fff8f7; }
    .panel + .panel { margin-top: 1.2rem; }
    #challenges { width: auto; min-width: min(100%, 36rem); }
    .meta { display: flex; justify-content: space-between; gap: 1rem; flex-wrap: wrap; margin-top: 0.8rem; }
  `];

  /** The finished session from main. */
  @property({ attribute: false }) record: SessionRecord | null = null;

  @state() private exportNote: string | null = null;

  override render() {
    const r = this.record;
    if (!r) return html`<p role="status">Preparing the result…</p>`;
    const verified = r.verdict === 'verified';
    const headline = verdictHeadline(r);
    return html`
      <div class="verdict ${r.verdict}">
        <span class="mark" aria-hidden="true">${verified ? '✓' : '✗'}</span>
        <div class="headline" id="verdict" data-verdict=${r.verdict} role="status"><h2>${headline.title}</h2><p>${headline.detail}</p></div>
        <div class="actions">
          <button id="export" @click=${this._onExport}>Export record (JSON)</button>
          <button class="primary" id="next-customer" @click=${this._onNext}>Next customer</button>
        </div>
      </div>
      <section class="panel">
        <h3>Reasons</h3>
        <table id="reasons"><thead><tr><th>Check</th><th>Result</th><th>Details</th></tr></thead><tbody>
          ${r.reasons.map((reason) => {
            const state = reasonState(reason);
            return html`<tr class=${state === 'failed' ? 'failed' : ''} data-code=${reason.code}><td class="check">${REASON_LABELS[reason.code]}</td>
              <td class="state ${state === 'passed' ? 'ok' : state === 'failed' ? 'bad' : 'warn'}">${state}</td><td>${reason.message}</td></tr>`;
          })}
        </tbody></table>
        ${r.faceMatch?.supervisor ? html`<p id="supervisor-decision">Face match referred to a supervisor (similarity ${r.faceMatch.similarity.toFixed(3)}, accept at ${r.faceMatch.threshold.toFixed(3)}, decline below ${r.faceMatch.declineBelow.toFixed(3)}):
          ${r.faceMatch.supervisor.decision === 'accept' ? 'accepted' : 'declined'} by ${r.faceMatch.supervisor.supervisorId} at ${new Date(r.faceMatch.supervisor.decidedAt).toLocaleString()}</p>` : nothing}
      </section>
      <section class="panel">
        <h3>Liveness challenges</h3>
        ${r.liveness.challenges.length === 0 ? html`<p class="muted">None were run.</p>` : html`<table id="challenges"><tbody>
          ${r.liveness.challenges.map((c) => html`<tr><td>${describeRecordedChallenge(c.challenge)}</td><td class="state ${c.passed ? 'ok' : 'bad'}">${challengeOutcomeText(c)}</td><td>${(c.durationMs / 1000).toFixed(1)} s</td></tr>`)}
        </tbody></table>`}
        ${this.renderEarlierAttempts(r)}
        ${this.renderTips(r)}
        ${r.liveness.refusal ? html`<p class="notice bad" id="liveness-refusal" data-code=${r.liveness.refusal.code}>Main refused the camera frames (${r.liveness.refusal.code}): ${r.liveness.refusal.message}</p>` : nothing}
        <div class="meta">
          <span class="muted">Session ${r.sessionId.slice(0, 8)} · ${new Date(r.finishedAt).toLocaleString()}</span>
          ${this.exportNote ? html`<span class="notice info" id="export-note">${this.exportNote}</span>` : nothing}
        </div>
      </section>`;
  }

  /** Every liveness session before the last (the one above), as main recorded it. */
  private renderEarlierAttempts(r: SessionRecord) {
    const earlier = (r.liveness.attempts ?? []).slice(0, -1);
    if (earlier.length === 0) return nothing;
    return html`<h4>${TEXT.earlierAttempts}</h4><ul id="liveness-attempts">${earlier.map((a) => html`<li>${TEXT.attempt(a.attempt)}: ${a.challenges
      .map((c) => `${describeRecordedChallenge(c.challenge)} ${challengeOutcomeText(c)}`).join('; ')}</li>`)}</ul>`;
  }

  /** After a missed liveness session: what to do differently when the customer comes back. */
  private renderTips(r: SessionRecord) {
    const tips = r.verdict === 'rejected' ? livenessTips(r.liveness.challenges) : [];
    if (tips.length === 0) return nothing;
    return html`<h4>${TEXT.tipsTitle}</h4><ul id="liveness-tips">${tips.map((tip) => html`<li>${tip}</li>`)}</ul>`;
  }

  private async _onExport(): Promise<void> {
    this.exportNote = await exportSessionRecord();
  }

  private _onNext(): void {
    this.dispatchEvent(new CustomEvent('next-customer', { bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ekyc-result-page': ResultPage;
  }
}

import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { LocaleController } from '../controllers/locale-controller';
import { theme } from './theme';

export const STEPS = ['steps.id', 'steps.face', 'steps.liveness', 'steps.result'] as const;

/** The four steps of the wizard, the current one highlighted. */
@customElement('ekyc-step-indicator')
export class StepIndicator extends LitElement {
  static override styles = [theme, css`
    ol { display: flex; gap: 0.5rem; list-style: none; padding: 0; margin: 0; }
    li { display: flex; align-items: center; gap: 0.45rem; padding: 0.3em 0.75em; border-radius: 999px; color: #c9d6ea; font-weight: 600; font-size: 0.95rem; white-space: nowrap; }
    @media (max-width: 1100px) { ol { gap: 0.2rem; } li { font-size: 0.9rem; padding: 0.3em 0.55em; } }
    .n { display: inline-grid; place-items: center; width: 1.8em; height: 1.8em; border-radius: 50%; border: 2px solid currentColor; }
    li[aria-current='step'] { background: #fff; color: var(--ink); }
    li.done { color: #8fd19e; }
    li.skipped { color: #c9d6ea; opacity: 0.75; text-decoration: line-through; }
    .sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  `];

  /** Index of the current step, 0..3. */
  @property({ type: Number }) current = 0;
  /**
   * The last step the session actually ran: a face-match rejection goes straight to the result,
   * and ticking Liveness then would claim a check that never happened.
   */
  @property({ type: Number }) reached = 0;

  private readonly locale = new LocaleController(this);

  override render() {
    return html`<ol aria-label=${this.locale.t('steps.label')}>
      ${STEPS.map((key, i) => {
        const label = this.locale.t(key);
        const done = i < this.current && i <= this.reached;
        const skipped = i < this.current && i > this.reached;
        return html`<li class=${done ? 'done' : skipped ? 'skipped' : ''} aria-current=${i === this.current ? 'step' : 'false'}>
          <span class="n">${done ? '✓' : i + 1}</span>${label}${skipped ? html`<span class="sr"> ${this.locale.t('steps.notReached')}</span>` : ''}</li>`;
      })}
    </ol>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ekyc-step-indicator': StepIndicator;
  }
}

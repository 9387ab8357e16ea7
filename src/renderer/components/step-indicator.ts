import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { theme } from './theme';

export const STEPS = ['ID document', 'Face check', 'Liveness', 'Result'] as const;

/** The four steps of the wizard, the current one highlighted. */
@customElement('ekyc-step-indicator')
export class StepIndicator extends LitElement {
  static override styles = [theme, css`
    ol { display: flex; gap: 0.5rem; list-style: none; padding: 0; margin: 0; }
    li { display: flex; align-items: center; gap: 0.5rem; padding: 0.35em 0.9em; border-radius: 999px; color: #c9d6ea; font-weight: 600; font-size: 0.95rem; }
    .n { display: inline-grid; place-items: center; width: 1.8em; height: 1.8em; border-radius: 50%; border: 2px solid currentColor; }
    li[aria-current='step'] { background: #fff; color: var(--ink); }
    li.done { color: #8fd19e; }
  `];

  /** Index of the current step, 0..3. */
  @property({ type: Number }) current = 0;

  override render() {
    return html`<ol aria-label="Verification steps">
      ${STEPS.map((label, i) => html`<li class=${i < this.current ? 'done' : ''} aria-current=${i === this.current ? 'step' : 'false'}>
        <span class="n">${i < this.current ? '✓' : i + 1}</span>${label}</li>`)}
    </ol>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ekyc-step-indicator': StepIndicator;
  }
}

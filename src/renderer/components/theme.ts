import { css } from 'lit';

/** The station's look: large type, high contrast, one accent colour, clear success and failure. */
export const theme = css`
  :host {
    --ink: #14213d;
    --muted: #4a5568;
    --line: #d5dbe5;
    --panel: #ffffff;
    --page: #f3f5f9;
    --accent: #0b5cad;
    --accent-dark: #084a8c;
    /* 5.7:1 on --ok-soft (WCAG AA asks 4.5:1; #1b7f3b was 4.46:1). */
    --ok: #176c32;
    --ok-soft: #e6f4ea;
    --bad: #b42318;
    --bad-soft: #fdecea;
    --warn: #9a5b00;
    --warn-soft: #fff4e0;
    --radius: 14px;
    font-family: 'Segoe UI', 'Helvetica Neue', Arial, system-ui, sans-serif;
    color: var(--ink);
    font-size: 18px;
    line-height: 1.45;
  }
  h1, h2, h3 { margin: 0 0 0.4em; line-height: 1.2; }
  h2 { font-size: 1.75rem; }
  p { margin: 0 0 0.6em; }
  button {
    font: inherit;
    font-weight: 600;
    border-radius: 10px;
    border: 2px solid var(--accent);
    padding: 0.65em 1.4em;
    cursor: pointer;
    background: var(--panel);
    color: var(--accent);
    min-height: 52px;
  }
  button.primary { background: var(--accent); color: #fff; }
  button.primary:hover:not(:disabled) { background: var(--accent-dark); }
  button:disabled { opacity: 0.45; cursor: not-allowed; }
  button:focus-visible, select:focus-visible, input:focus-visible { outline: 3px solid #f5a623; outline-offset: 2px; }
  .panel { background: var(--panel); border: 1px solid var(--line); border-radius: var(--radius); padding: 1.5rem; }
  .notice { border-radius: 10px; padding: 0.8em 1em; font-weight: 600; }
  .notice.ok { background: var(--ok-soft); color: var(--ok); }
  .notice.bad { background: var(--bad-soft); color: var(--bad); }
  .notice.warn { background: var(--warn-soft); color: var(--warn); }
  .notice.info { background: #e8f0fb; color: var(--accent-dark); }
  .actions { display: flex; gap: 1rem; justify-content: flex-end; margin-top: 1.5rem; flex-wrap: wrap; }
  .muted { color: var(--muted); }
`;

import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { MRZ_CHECK_LABELS, type MrzChecks, type MrzReading } from '../../shared/document-types';
import type { EncodedImage, IdAnalysis } from '../../shared/ipc-contract';
import '../components/id-camera-capture';
import { theme } from '../components/theme';
import { callStation, errorMessage } from '../services/station-api';

type Source = 'choose' | 'camera';

/**
 * Step 1: the ID document. The portrait is searched in main; the page shows the document
 * with the portrait outlined, and the machine-readable zone when one is read.
 * @fires id-accepted - the document has a usable portrait; go to the face check
 */
@customElement('ekyc-id-document-page')
export class IdDocumentPage extends LitElement {
  static override styles = [theme, css`
    :host { display: block; }
    .grid { display: grid; grid-template-columns: minmax(0, 1.3fr) minmax(0, 1fr); gap: 1.5rem; align-items: start; }
    .drop { border: 3px dashed var(--line); border-radius: var(--radius); padding: 2rem; text-align: center; background: #fafbfd; }
    .drop.over { border-color: var(--accent); background: #eef4fc; }
    .drop .buttons { display: flex; gap: 1rem; justify-content: center; margin-top: 1rem; flex-wrap: wrap; }
    figure { margin: 0; position: relative; }
    figure img { width: 100%; display: block; border-radius: 10px; border: 1px solid var(--line); }
    figure svg { position: absolute; inset: 0; width: 100%; height: 100%; }
    .outline { fill: none; stroke: #1b7f3b; stroke-width: 0.6%; }
    figcaption { margin-top: 0.5rem; color: var(--muted); font-size: 0.9rem; }
    dl { display: grid; grid-template-columns: auto 1fr; gap: 0.3rem 1rem; margin: 0.5rem 0; }
    dt { color: var(--muted); }
    dd { margin: 0; font-weight: 600; }
    ul.checks { list-style: none; padding: 0; margin: 0.5rem 0; }
    ul.checks li::before { content: '✓ '; color: var(--ok); font-weight: 700; }
    ul.checks li.fail::before { content: '✗ '; color: var(--bad); }
    @media (max-width: 900px) { .grid { grid-template-columns: 1fr; } }
  `];

  @state() private source: Source = 'choose';
  @state() private analysis: IdAnalysis | null = null;
  @state() private previewUrl: string | null = null;
  @state() private busy: string | null = null;
  @state() private error: string | null = null;
  @state() private mrz: MrzReading | null = null;
  @state() private mrzProblem: string | null = null;
  @state() private dragOver = false;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.forgetImage();
  }

  override render() {
    return html`
      <h2>Scan the customer's ID document</h2>
      <p class="muted">Use the side with the photo. Passports: the photo page. ID cards: the front, then the back for the machine-readable zone.</p>
      <div class="grid">
        <section class="panel">
          ${this.source === 'camera'
            ? html`<ekyc-id-camera-capture @id-captured=${(e: CustomEvent<EncodedImage>) => this.analyze(e.detail)} @capture-cancel=${() => { this.source = 'choose'; }}></ekyc-id-camera-capture>`
            : this.renderDropZone()}
          ${this.busy ? html`<p class="notice info" role="status">${this.busy}</p>` : nothing}
          ${this.error ? html`<p class="notice bad" role="alert">${this.error}</p>` : nothing}
          ${this.analysis ? this.renderPreview(this.analysis) : nothing}
        </section>
        <aside class="panel" aria-live="polite">${this.renderFindings()}</aside>
      </div>
      <div class="actions">
        <button class="primary" id="next" ?disabled=${!this.analysis?.portrait || this.busy !== null} @click=${this._onNext}>Next: face check</button>
      </div>`;
  }

  private renderDropZone() {
    return html`<div class="drop ${this.dragOver ? 'over' : ''}" @dragover=${this._onDragOver} @dragleave=${() => { this.dragOver = false; }} @drop=${this._onDrop}>
      <strong>Drop the document image here</strong>
      <div class="buttons">
        <button id="choose-file" class="primary" ?disabled=${this.busy !== null} @click=${this._onChooseFile}>Choose a file…</button>
        <button id="use-camera" ?disabled=${this.busy !== null} @click=${() => { this.source = 'camera'; }}>Photograph with the camera</button>
        ${this.analysis ? html`<button id="add-back" ?disabled=${this.busy !== null} @click=${this._onChooseBack}>Add the back of the card…</button>` : nothing}
      </div>
    </div>`;
  }

  private renderPreview(a: IdAnalysis) {
    const p = a.portrait;
    return html`<figure id="id-preview">
      ${this.previewUrl ? html`<img src=${this.previewUrl} alt="The ID document">` : nothing}
      ${p ? html`<svg viewBox="0 0 ${a.preview.width} ${a.preview.height}" preserveAspectRatio="none" aria-hidden="true">
        <rect class="outline" x=${p.box.x} y=${p.box.y} width=${p.box.width} height=${p.box.height} rx="6"></rect></svg>` : nothing}
      <figcaption>${a.fileName}</figcaption>
    </figure>`;
  }

  private renderFindings() {
    const a = this.analysis;
    if (!a) return html`<h3>Checks</h3><p class="muted">No document yet.</p>`;
    return html`<h3>Checks</h3>
      ${a.portrait
        ? html`<p class="notice ok" id="portrait-status">Portrait found (confidence ${(a.portrait.score * 100).toFixed(0)}%)</p>`
        : html`<p class="notice bad" id="portrait-status">No usable portrait: ${a.portraitProblem?.message ?? 'none found'}</p>`}
      ${this.mrz ? this.renderMrz(this.mrz) : this.mrzProblem ? html`<p class="notice warn" id="mrz-status">${this.mrzProblem}</p>` : nothing}`;
  }

  private renderMrz(r: MrzReading) {
    const f = r.mrz.fields;
    const checks = Object.entries(r.mrz.checks) as [keyof MrzChecks, boolean][];
    return html`<div id="mrz-status">
      ${r.mrz.valid ? html`<p class="notice ok">Machine-readable zone read, every check digit valid</p>`
        : html`<p class="notice bad">Machine-readable zone does not validate: retake the picture flat and sharp</p>`}
      ${r.mrz.expired ? html`<p class="notice bad">The document has expired (${f.expirationDate})</p>` : nothing}
      <dl>
        <dt>Document</dt><dd>${f.documentCode} · ${f.issuingState} · ${f.documentNumber}</dd>
        <dt>Name</dt><dd>${f.surname}, ${f.givenNames}</dd>
        <dt>Born</dt><dd>${f.birthDate ?? 'unreadable'}</dd>
        <dt>Expires</dt><dd>${f.expirationDate ?? 'unreadable'}</dd>
        <dt>Nationality</dt><dd>${f.nationality}</dd>
      </dl>
      <ul class="checks">${checks.map(([k, ok]) => html`<li class=${ok ? '' : 'fail'}>${MRZ_CHECK_LABELS[k]} check digit</li>`)}</ul>
    </div>`;
  }

  private async analyze(image: EncodedImage): Promise<void> {
    this.source = 'choose';
    this.error = null;
    this.busy = `Looking for the portrait on ${image.fileName}…`;
    try {
      const analysis = await callStation('analyzeId', image);
      this.forgetImage();
      this.analysis = analysis;
      this.previewUrl = URL.createObjectURL(new Blob([analysis.preview.jpeg as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }));
      this.mrz = null;
      this.mrzProblem = null;
      await this.readMrz(image);
    } catch (err) {
      this.error = errorMessage(err).message;
    } finally {
      this.busy = null;
    }
  }

  private async readMrz(image: EncodedImage): Promise<void> {
    this.busy = 'Reading the machine-readable zone…';
    try {
      this.mrz = await callStation('readMrz', image);
      this.mrzProblem = null;
    } catch (err) {
      const { code, message } = errorMessage(err);
      this.mrzProblem = code === 'NO_MRZ' ? `No machine-readable zone on this side (allowed, flagged). For ID cards add the back. ${message}` : message;
    }
  }

  private forgetImage(): void {
    if (this.previewUrl) URL.revokeObjectURL(this.previewUrl);
    this.previewUrl = null;
  }

  private async _onChooseFile(): Promise<void> {
    this.error = null;
    try {
      const reply = await callStation('openIdFile', {});
      if (!reply.canceled) await this.analyze(reply.file);
    } catch (err) {
      this.error = errorMessage(err).message;
    }
  }

  private async _onChooseBack(): Promise<void> {
    try {
      const reply = await callStation('openIdFile', {});
      if (reply.canceled) return;
      await this.readMrz(reply.file);
    } catch (err) {
      this.error = errorMessage(err).message;
    } finally {
      this.busy = null;
    }
  }

  private _onDragOver(e: DragEvent): void {
    e.preventDefault();
    this.dragOver = true;
  }

  private async _onDrop(e: DragEvent): Promise<void> {
    e.preventDefault();
    this.dragOver = false;
    const file = e.dataTransfer?.files[0];
    if (!file) {
      this.error = 'Nothing to read was dropped: drop an image file of the document.';
      return;
    }
    await this.analyze({ fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
  }

  private _onNext(): void {
    this.dispatchEvent(new CustomEvent('id-accepted', { bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ekyc-id-document-page': IdDocumentPage;
  }
}

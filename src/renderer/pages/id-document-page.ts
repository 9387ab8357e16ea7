import { LitElement, css, html, nothing, unsafeCSS } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import { styleMap } from 'lit/directives/style-map.js';
import type { ChipRecord } from '../../shared/chip-types';
import type { MrzChecks, MrzReading } from '../../shared/document-types';
import { PORTRAIT_GLARE_WARNING } from '../../shared/face-types';
import type { AnalyzeIdRequest, EncodedImage, IdAnalysis } from '../../shared/ipc-contract';
import { msg, type MessageRef } from '../../shared/messages/catalogue';
import type { DocumentOverride } from '../../shared/verdict';
import '../components/chip-panel';
import '../components/expiry-override';
import '../components/id-camera-capture';
import { theme } from '../components/theme';
import { LocaleController } from '../controllers/locale-controller';
import {
  analyzeDocument, backSideWanted, bestZone, chooseDocumentFile, documentBlocker, documentKind, expiryOverridable, firstImageSide, mrzCheckLabel, openCameraPicture, portraitProblemText, readDocumentZone, zoneNotices,
  type DocumentSide, type ZoneFinding,
} from '../services/id-document';
import { chipBlocker } from '../services/chip-read';
import { loadSettings } from '../services/station-settings';
import { errorText, logged } from '../services/locale';

/** Where the next picture comes from: a file or drop, or the camera (of the front, or of a card's back). */
type Source = 'choose' | 'camera' | 'camera-back';

/**
 * Document pictures are shown at most this high, so the checks and Next stay in view: 300 px,
 * less on a window under 780 px high (what the header, the buttons and Next take at 768).
 */
const PREVIEW_MAX_HEIGHT = 'min(300px, calc(100vh - 480px))';

/**
 * Step 1: the ID document. The portrait is searched in main; the page shows the document
 * with the portrait outlined and, read from the front or from the back of an ID card, the
 * machine-readable zone's fields and check digits.
 * @fires id-accepted - the document has a usable portrait; go to the face check
 * @fires document-opened - a document was analysed: from now on there is work to lose
 */
@customElement('ekyc-id-document-page')
export class IdDocumentPage extends LitElement {
  static override styles = [theme, css`
    :host { display: block; --preview-max-height: ${unsafeCSS(PREVIEW_MAX_HEIGHT)}; }
    .grid { display: grid; grid-template-columns: minmax(0, 1.2fr) minmax(0, 1fr); gap: 1.5rem; align-items: start; }
    .drop { border: 3px dashed var(--line); border-radius: var(--radius); padding: 1.2rem; text-align: center; background: #fafbfd; }
    .drop.over { border-color: var(--accent); background: #eef4fc; }
    .drop .buttons { display: flex; gap: 0.8rem; justify-content: center; margin-top: 0.8rem; flex-wrap: wrap; }
    .sides { display: grid; grid-template-columns: minmax(0, 1fr); gap: 0.8rem; margin-top: 1rem; }
    .sides.two { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); }
    figure { margin: 0; position: relative; }
    figure .frame { position: relative; margin: 0 auto; }
    figure img { width: 100%; display: block; border-radius: 10px; border: 1px solid var(--line); box-sizing: border-box; }
    figure .frame { max-width: calc(var(--preview-max-height) * var(--aspect, 1)); }
    #id-back img { width: auto; max-width: 100%; max-height: var(--preview-max-height); margin: 0 auto; }
    /* Next stays at the bottom of the window while the document's checks are read above it. */
    .step-actions { position: sticky; bottom: 0; background: var(--page); margin-top: 0.8rem; padding: 0.5rem 0; }
    figure svg { position: absolute; inset: 0; width: 100%; height: 100%; }
    .outline { fill: none; stroke: #1b7f3b; stroke-width: 0.6%; }
    figcaption { margin-top: 0.3rem; color: var(--muted); font-size: 0.85rem; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; text-align: center; }
    dl { display: grid; grid-template-columns: auto minmax(0, 1fr); gap: 0.2rem 1rem; margin: 0.6rem 0; }
    dt { color: var(--muted); }
    dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
    dd.bad { color: var(--bad); }
    .checks-title { margin: 0.6rem 0 0; font-size: 0.9rem; }
    ul.checks { list-style: none; padding: 0; margin: 0.2rem 0 0; display: flex; flex-wrap: wrap; gap: 0.3rem 1.2rem; }
    ul.checks li::before { content: '✓ '; color: var(--ok); font-weight: 700; }
    ul.checks li.fail { color: var(--bad); }
    ul.checks li.fail::before { content: '✗ '; color: var(--bad); }
    .notice { margin-bottom: 0.5rem; }
    .detail { font-size: 0.85rem; }
    @media (max-width: 900px) { .grid, .sides.two { grid-template-columns: 1fr; } }
  `];

  @state() private source: Source = 'choose';
  @state() private analysis: IdAnalysis | null = null;
  @state() private frontUrl: string | null = null;
  @state() private back: { fileName: string; url: string } | null = null;
  @state() private zones: ZoneFinding[] = [];
  /** What the page is doing, worded when shown (so a change of language rewords it). */
  @state() private busy: MessageRef | null = null;
  /** The last failure: a thrown error (worded by its code) or the page's own message. */
  @state() private error: { thrown: unknown } | { text: MessageRef } | null = null;
  @state() private dragOver = false;
  /** The chip read of this document, when the operator read it. */
  @state() private chip: ChipRecord | null = null;
  /** A supervisor's override of this document's expiry, as main recorded it. */
  @state() private override: DocumentOverride | null = null;
  /** Whether the operator's settings let a supervisor accept an expired document (read from main when one is shown). */
  @state() private overrideAllowed = false;

  private readonly locale = new LocaleController(this);

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.forgetImages();
  }

  override render() {
    const { locale } = this;
    const chipBlock = this.chip ? chipBlocker(this.chip, locale.translator) : null;
    const blocker = this.busy === null ? documentBlocker(this.zones, locale.translator, this.override !== null) ?? chipBlock : null;
    // Only the expiry may be overridden, and never on a document whose chip check failed.
    const offerOverride = blocker !== null && this.overrideAllowed && this.override === null && expiryOverridable(this.zones) && chipBlock === null;
    return html`
      <h2>${locale.t('id.heading')}</h2>
      <p class="muted">${locale.t('id.intro')}</p>
      <div class="grid">
        <section class="panel">
          ${this.source === 'choose'
            ? this.renderDropZone()
            : html`<ekyc-id-camera-capture .side=${this.source === 'camera-back' ? 'back' : 'front'}
                @id-captured=${(e: CustomEvent<EncodedImage>) => (this.source === 'camera-back' ? this.addBack(e.detail) : this.analyze(e.detail))}
                @capture-cancel=${() => { this.source = 'choose'; }}></ekyc-id-camera-capture>`}
          ${this.busy ? html`<p class="notice info" role="status">${locale.ref(this.busy)}</p>` : nothing}
          ${this.error ? html`<p class="notice bad" role="alert">${'thrown' in this.error ? errorText(this.error.thrown, locale.translator) : locale.ref(this.error.text)}</p>` : nothing}
          ${this.analysis ? this.renderSides(this.analysis) : nothing}
        </section>
        <aside class="panel" aria-live="polite">${this.renderFindings()}</aside>
      </div>
      <div class="actions step-actions">
        ${blocker ? html`<p class="notice bad" id="next-blocked">${blocker}</p>` : nothing}
        ${offerOverride ? html`<ekyc-expiry-override @expiry-overridden=${(e: CustomEvent<DocumentOverride>) => { this.override = e.detail; }}></ekyc-expiry-override>` : nothing}
        ${this.override ? html`<p class="notice warn" id="override-done">${locale.t('id.override.done', { name: this.override.supervisorId, reason: this.override.reason })}</p>` : nothing}
        <button class="primary" id="next" ?disabled=${!this.analysis?.portrait || this.busy !== null || blocker !== null} aria-describedby=${blocker ? 'next-blocked' : nothing} @click=${this._onNext}>${locale.t('id.next')}</button>
      </div>`;
  }

  private renderDropZone() {
    const { locale } = this;
    const offerBack = this.analysis !== null && backSideWanted(this.zones);
    return html`<div class="drop ${this.dragOver ? 'over' : ''}" @dragover=${this._onDragOver} @dragleave=${() => { this.dragOver = false; }} @drop=${this._onDrop}>
      <strong>${locale.t('id.drop')}</strong>
      <div class="buttons">
        <button id="choose-file" class=${offerBack ? '' : 'primary'} ?disabled=${this.busy !== null} @click=${this._onChooseFile}>${locale.t(this.analysis ? 'id.anotherDocument' : 'id.chooseFile')}</button>
        <button id="use-camera" ?disabled=${this.busy !== null} @click=${() => { this.source = 'camera'; }}>${locale.t('id.useCamera')}</button>
        ${offerBack ? html`<button id="add-back" class="primary" ?disabled=${this.busy !== null} @click=${this._onChooseBack}>${locale.t(this.back ? 'id.retakeBack' : 'id.addBack')}</button>
          <button id="camera-back" ?disabled=${this.busy !== null} @click=${() => { this.source = 'camera-back'; }}>${locale.t('id.addBackCamera')}</button>` : nothing}
      </div>
    </div>`;
  }

  private renderSides(a: IdAnalysis) {
    const { locale } = this;
    const p = a.portrait;
    const firstSide = firstImageSide(this.zones);
    return html`<div class="sides ${this.back ? 'two' : ''}">
      <figure id="id-preview">
        <div class="frame" style=${styleMap({ '--aspect': String(a.preview.width / a.preview.height) })}>
          ${this.frontUrl ? html`<img src=${this.frontUrl} alt=${locale.t(firstSide === 'back' ? 'id.altBack' : 'id.altFront')}>` : nothing}
          ${p ? html`<svg viewBox="0 0 ${a.preview.width} ${a.preview.height}" preserveAspectRatio="none" aria-hidden="true">
            <rect class="outline" x=${p.box.x} y=${p.box.y} width=${p.box.width} height=${p.box.height} rx="6"></rect></svg>` : nothing}
        </div>
        <figcaption>${locale.t(firstSide === 'back' ? 'id.caption.back' : 'id.caption.front')} · ${a.fileName}</figcaption>
      </figure>
      ${this.back ? html`<figure id="id-back"><div class="frame"><img src=${this.back.url} alt=${locale.t('id.altBack')}></div><figcaption>${locale.t('id.caption.back')} · ${this.back.fileName}</figcaption></figure>` : nothing}
    </div>`;
  }

  private renderFindings() {
    const { locale } = this;
    const tr = locale.translator;
    const a = this.analysis;
    if (!a) return html`<h3>${locale.t('id.checks')}</h3><p class="muted">${locale.t('id.noDocument')}</p>`;
    const zone = bestZone(this.zones);
    return html`<h3>${locale.t('id.checks')}</h3>
      ${a.portrait
        ? html`<p class="notice ok" id="portrait-status">${locale.t('id.portraitFound', { confidence: tr.percent(a.portrait.score) })}</p>
          ${a.portrait.glare >= PORTRAIT_GLARE_WARNING ? html`<p class="notice warn" id="portrait-glare">${locale.t('id.portraitGlare', { share: tr.percent(a.portrait.glare) })}</p>` : nothing}`
        : html`<p class="notice bad" id="portrait-status">${portraitProblemText(a.portraitProblem ?? undefined, tr)}</p>`}
      <div id="mrz-status">
        ${zoneNotices(this.zones, tr).map((n) => html`<p class="notice ${n.tone}">${n.text}</p>`)}
        ${zone ? this.renderZone(zone.reading) : nothing}
      </div>
      ${zone?.reading.mrz.valid && !zone.reading.mrz.expired
        // A new document or zone is a new chip to read: main forgets the last read, so does the panel.
        ? keyed(`${a.documentId}/${this.zones.length}`, html`<ekyc-chip-panel ready @chip-read=${(e: CustomEvent<ChipRecord>) => { this.chip = e.detail; }}></ekyc-chip-panel>`)
        : nothing}`;
  }

  private renderZone(r: MrzReading) {
    const { locale } = this;
    const tr = locale.translator;
    const f = r.mrz.fields;
    const checks = Object.entries(r.mrz.checks) as [keyof MrzChecks, boolean][];
    return html`<dl id="mrz-fields">
        <dt>${locale.t('id.field.document')}</dt><dd>${documentKind(f.documentCode, tr)} · ${f.issuingState}</dd>
        <dt>${locale.t('id.field.number')}</dt><dd>${f.documentNumber}</dd>
        <dt>${locale.t('id.field.surname')}</dt><dd>${f.surname}</dd>
        <dt>${locale.t('id.field.givenNames')}</dt><dd>${f.givenNames}</dd>
        <dt>${locale.t('id.field.born')}</dt><dd>${tr.date(f.birthDate)}</dd>
        <dt>${locale.t('id.field.expires')}</dt><dd class=${r.mrz.expired ? 'bad' : ''} id="mrz-expiry">${tr.date(f.expirationDate)}${r.mrz.expired ? ` ${locale.t('id.expired')}` : ''}</dd>
        <dt>${locale.t('id.field.nationality')}</dt><dd>${f.nationality}</dd>
      </dl>
      <p class="muted checks-title">${locale.t('id.checkDigits')}</p>
      <ul class="checks" id="mrz-checks" aria-label=${locale.t('id.checkDigits')}>${checks.map(([k, ok]) => html`<li class=${ok ? '' : 'fail'}>${mrzCheckLabel(k, tr)}</li>`)}</ul>`;
  }

  private async analyze(source: AnalyzeIdRequest): Promise<void> {
    this.source = 'choose';
    this.error = null;
    this.busy = msg('id.busyPortrait');
    try {
      const analysis = await analyzeDocument(source);
      this.forgetImages();
      this.analysis = analysis;
      this.dispatchEvent(new CustomEvent('document-opened', { bubbles: true, composed: true }));
      this.frontUrl = URL.createObjectURL(new Blob([analysis.preview.jpeg as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }));
      this.zones = [];
      this.chip = null;
      this.override = null;
      await this.readZone(analysis.documentId, 'front');
    } catch (err) {
      this.error = { thrown: logged(err) };
    } finally {
      this.busy = null;
    }
  }

  private async readZone(documentId: string, side: DocumentSide): Promise<void> {
    this.busy = msg('id.busyZone', { side: msg(`side.${side}`) });
    this.zones = [...this.zones, await readDocumentZone(documentId, side)];
    // Main forgets an override when another zone is read; so does the page.
    this.override = null;
    if (expiryOverridable(this.zones)) this.overrideAllowed = (await loadSettings()).settings.allowExpiredOverride;
  }

  private forgetImages(): void {
    if (this.frontUrl) URL.revokeObjectURL(this.frontUrl);
    if (this.back) URL.revokeObjectURL(this.back.url);
    this.frontUrl = null;
    this.back = null;
  }

  private async _onChooseFile(): Promise<void> {
    this.error = null;
    try {
      const file = await chooseDocumentFile({ preview: false });
      if (file) await this.analyze({ documentId: file.documentId });
    } catch (err) {
      this.error = { thrown: logged(err) };
    }
  }

  private async _onChooseBack(): Promise<void> {
    this.error = null;
    try {
      const file = await chooseDocumentFile({ preview: true });
      if (!file) return;
      await this.showBack(file.documentId, file.fileName, file.preview?.jpeg ?? new Uint8Array(0));
    } catch (err) {
      this.error = { thrown: logged(err) };
    } finally {
      this.busy = null;
    }
  }

  /** The camera's picture of the card's back: main keeps it, and its zone is read. */
  private async addBack(image: EncodedImage): Promise<void> {
    this.source = 'choose';
    this.error = null;
    try {
      const { documentId } = await openCameraPicture(image);
      await this.showBack(documentId, image.fileName, image.bytes);
    } catch (err) {
      this.error = { thrown: logged(err) };
    } finally {
      this.busy = null;
    }
  }

  private async showBack(documentId: string, fileName: string, jpeg: Uint8Array): Promise<void> {
    if (this.back) URL.revokeObjectURL(this.back.url);
    this.back = { fileName, url: URL.createObjectURL(new Blob([jpeg as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' })) };
    this.chip = null;
    await this.readZone(documentId, 'back');
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
      this.error = { text: msg('id.nothingDropped') };
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

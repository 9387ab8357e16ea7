/**
 * The current customer's document images behind a handle: the page gets a documentId and a
 * preview, never the file's bytes back, and each document is decoded once. In the app this
 * store lives in the engine process (src/main/engine/engine-process.ts): main sends the file's
 * path (or, for bytes the page sent, the bytes) once, and afterwards only the handle, so no
 * pixels cross between main and the engine and main's threads do no decoding. Tests and the
 * CLI, whose engines run in-process, use the same class in their own process.
 *
 * Pixels are decoded large enough for the MRZ (DOCUMENT_DECODE_SIDE); the portrait search
 * gets a copy shrunk to MAX_DECODE_SIDE, and the MRZ reader a grey copy, both made by sharp.
 * What is kept is bounded by count (MAX_KEPT_DOCUMENTS), by bytes (MAX_KEPT_DOCUMENT_BYTES)
 * and by time (KEPT_DOCUMENT_TTL_MS since last use), and released when the session ends.
 */
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { MAX_DECODE_SIDE } from '../../shared/defaults';
import { EkycError, toErrorInfo } from '../../shared/errors';
import { MAX_ENCODED_IMAGE_BYTES, MAX_KEPT_DOCUMENTS, type DocumentPreview } from '../../shared/ipc-contract';
import type { Rotation } from '../../shared/face-types';
import type { DocumentAnalysis, DocumentSource, OpenedDocument, PrintedPageCheck, ZonePrintedFields } from '../../shared/engine-contract';
import type { MrzReading } from '../../shared/document-types';
import { checkPrintedDates } from '../document/printed-dates';
import { checkPrintedSex } from '../document/printed-sex';
import { DOCUMENT_DECODE_SIDE, type GreyImage } from '../document/document-image';
import type { Box } from '../../shared/geometry';
import type { ApparentAgeEstimator } from '../vision/apparent-age';
import { decodeImage, decodeScale, readImageFile, type RgbImage } from '../vision/image-decoder';
import { rotateImage } from '../vision/image-ops';
import type { DocumentEngine, FaceEngine, MrzEngine } from './station-engines';

const PREVIEW_JPEG_QUALITY = 85;
/** The page shows documents at most a few hundred pixels wide; a larger preview only costs IPC. */
const PREVIEW_MAX_SIDE = MAX_DECODE_SIDE;
/**
 * Bytes kept over all documents (encoded until decoded, then RGB). A 4000 x 3000 scan decodes
 * to 36 MB; four of them fit. Beyond it the least recently used are forgotten first.
 */
export const MAX_KEPT_DOCUMENT_BYTES = 160 * 1024 * 1024;
/** A document unused this long is forgotten: a customer's checks take minutes, not this. */
export const KEPT_DOCUMENT_TTL_MS = 15 * 60_000;

interface KeptDocument {
  fileName: string;
  /** The encoded file until it is decoded, then null. */
  bytes: Uint8Array | null;
  decoding: Promise<RgbImage> | null;
  /** What this document holds now (encoded, then decoded), for MAX_KEPT_DOCUMENT_BYTES. */
  size: number;
  lastUsed: number;
  /** The clockwise turn that makes it upright, once its portrait or zone was found; 0 until then. */
  rotation: Rotation;
  /** The usable portrait analyzeDocument found: its face box in the portrait pixels turned by `rotation`. */
  portrait: { box: Box; rotation: Rotation } | null;
}

export interface KeptDocumentsOptions {
  /** The portrait search; absent: analyzeDocument fails (a store that only reads zones). */
  faces?: () => Promise<Pick<FaceEngine, 'findPortrait'>>;
  /** The MRZ reader; absent: readDocumentMrz replies NO_MRZ. */
  mrz?: () => Promise<MrzEngine>;
  /** The apparent-age model; absent: estimatePortraitAge replies MODEL_MISSING. */
  ages?: () => Promise<Pick<ApparentAgeEstimator, 'estimate'>>;
  now?: () => number;
  maxBytes?: number;
  ttlMs?: number;
}

export class KeptDocuments implements DocumentEngine {
  /** In least-recently-used order (a use moves a document to the end). */
  private readonly documents = new Map<string, KeptDocument>();
  private readonly now: () => number;
  private readonly maxBytes: number;
  private readonly ttlMs: number;

  constructor(private readonly options: KeptDocumentsOptions = {}) {
    this.now = options.now ?? Date.now;
    this.maxBytes = options.maxBytes ?? MAX_KEPT_DOCUMENT_BYTES;
    this.ttlMs = options.ttlMs ?? KEPT_DOCUMENT_TTL_MS;
  }

  /** How many documents are kept and the bytes they hold (tests, the log). */
  get usage(): { documents: number; bytes: number } {
    this.expire();
    let bytes = 0;
    for (const doc of this.documents.values()) bytes += doc.size;
    return { documents: this.documents.size, bytes };
  }

  /** Keeps `bytes` under a new handle; beyond the bounds the least recently used are forgotten. */
  add(fileName: string, bytes: Uint8Array): string {
    const id = randomUUID();
    this.documents.set(id, { fileName, bytes, decoding: null, size: bytes.length, lastUsed: this.now(), rotation: 0, portrait: null });
    this.bound(id);
    return id;
  }

  async openDocument(source: DocumentSource): Promise<OpenedDocument> {
    const bytes = 'path' in source ? await readImageFile(source.path, MAX_ENCODED_IMAGE_BYTES) : source.bytes;
    const documentId = this.add(source.fileName, bytes);
    const preview = source.preview ? await encodePreview(await this.pixels(documentId)) : null;
    return { documentId, fileName: source.fileName, preview };
  }

  async analyzeDocument(documentId: string): Promise<DocumentAnalysis> {
    const fileName = this.fileName(documentId);
    if (!this.options.faces) throw new EkycError('INTERNAL', 'this document store has no face engine to find the portrait with');
    const image = await this.portraitPixels(documentId);
    const engine = await this.options.faces();
    try {
      const { portrait, embedding } = await engine.findPortrait(image);
      const kept = this.get(documentId);
      kept.rotation = portrait.rotation;
      kept.portrait = { box: portrait.box, rotation: portrait.rotation };
      return { documentId, fileName, preview: await encodePreview(image, portrait.rotation), portrait, embedding, portraitProblem: null };
    } catch (err) {
      if (!(err instanceof EkycError) || err.code !== 'NO_USABLE_PORTRAIT') throw err;
      this.get(documentId).portrait = null;
      const rotation = err.details?.rotation;
      if (rotation === 90 || rotation === 180 || rotation === 270) this.get(documentId).rotation = rotation;
      const preview = await encodePreview(image, rotation === 90 || rotation === 180 || rotation === 270 ? rotation : 0);
      return { documentId, fileName, preview, portrait: null, embedding: null, portraitProblem: toErrorInfo(err) };
    }
  }

  async readDocumentMrz(documentId: string): Promise<MrzReading> {
    if (!this.options.mrz) throw new EkycError('NO_MRZ', 'this station has no MRZ reader installed; enter the document data by hand');
    const label = this.fileName(documentId) || 'the document image';
    const grey = await this.greyPixels(documentId);
    const reading = await (await this.options.mrz()).readImage(grey, label);
    this.get(documentId).rotation = reading.rotation;
    return reading;
  }

  /**
   * The zone's birth date, expiry and sex against those printed on the document's images (a
   * card's front and back, a passport's data page), each read upright as its portrait or zone
   * was found (printed-dates.ts, printed-sex.ts): one OCR of the pages for both.
   */
  async checkPrintedPage(documentIds: readonly string[], zone: ZonePrintedFields): Promise<PrintedPageCheck> {
    const reader = this.options.mrz ? await this.options.mrz() : null;
    if (!reader?.readPrintedLines) throw new EkycError('NO_MRZ', 'this station has no OCR installed to read the printed page with');
    const pages: { image: GreyImage; rotation: Rotation }[] = [];
    for (const id of documentIds) pages.push({ image: await this.greyPixels(id), rotation: this.get(id).rotation });
    const lines = await reader.readPrintedLines(pages);
    return { dates: checkPrintedDates(zone, lines), sex: checkPrintedSex(zone.sex, lines) };
  }

  /** How old the portrait analyzeDocument found on this document looks, in years (apparent-age.ts). */
  async estimatePortraitAge(documentId: string): Promise<number> {
    const { portrait } = this.get(documentId);
    if (!portrait) throw new EkycError('NO_USABLE_PORTRAIT', 'no usable portrait was found on this document, so its apparent age cannot be read');
    if (!this.options.ages) throw new EkycError('MODEL_MISSING', 'this station has no apparent-age model installed; run `npm run models`');
    const upright = rotateImage(await this.portraitPixels(documentId), portrait.rotation);
    return (await this.options.ages()).estimate(upright, portrait.box);
  }

  async releaseDocuments(): Promise<void> {
    this.clear();
  }

  fileName(id: string): string {
    return this.get(id).fileName;
  }

  /** The document's pixels, decoded on first use only (a failed decode is not retried: the file is bad). */
  pixels(id: string): Promise<RgbImage> {
    const doc = this.get(id);
    if (!doc.decoding) {
      const bytes = doc.bytes as Uint8Array;
      doc.bytes = null;
      doc.decoding = decodeImage(bytes, doc.fileName || 'the ID image', { maxSide: DOCUMENT_DECODE_SIDE });
      doc.decoding.then((img) => {
        doc.size = img.data.length;
        // The decoded document may be far larger than its file: the others make room.
        if (this.documents.get(id) === doc) this.bound(id);
      }, () => {
        // The decode's failure reaches whoever awaits `decoding` (the caller of pixels); this branch only sizes a success.
      });
    }
    return doc.decoding;
  }

  /** The pixels the portrait search uses: the size a direct decode at MAX_DECODE_SIDE gives. */
  async portraitPixels(id: string): Promise<RgbImage> {
    const full = await this.pixels(id);
    const sourceLong = Math.max(full.width, full.height) / full.scale;
    const scale = decodeScale(sourceLong, MAX_DECODE_SIDE);
    const width = Math.round((full.width / full.scale) * scale);
    const height = Math.round((full.height / full.scale) * scale);
    if (width >= full.width) return full;
    const data = await sharp(full.data, { raw: { width: full.width, height: full.height, channels: 3 } })
      .resize({ width, height, fit: 'fill', kernel: 'linear' }).raw().toBuffer();
    return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width, height, scale: full.scale * (width / full.width) };
  }

  /** The pixels the MRZ reader uses: grey, BT.601 luma. */
  async greyPixels(id: string): Promise<GreyImage> {
    const full = await this.pixels(id);
    const data = await sharp(full.data, { raw: { width: full.width, height: full.height, channels: 3 } }).greyscale().raw().toBuffer();
    return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: full.width, height: full.height };
  }

  /** Forgets every document (the session ended: finished, or Next customer). */
  clear(): void {
    this.documents.clear();
  }

  private get(id: string): KeptDocument {
    this.expire();
    const doc = this.documents.get(id);
    if (!doc) throw new EkycError('SESSION_STATE', 'this document is no longer open (a new customer, a while unused, or more than a few documents since); open the document again');
    doc.lastUsed = this.now();
    this.documents.delete(id);
    this.documents.set(id, doc);
    return doc;
  }

  private expire(): void {
    const t = this.now();
    for (const [id, doc] of this.documents) if (t - doc.lastUsed > this.ttlMs) this.documents.delete(id);
  }

  /** Forgets the least recently used documents other than `keep` until count and bytes are within bounds. */
  private bound(keep: string): void {
    this.expire();
    let bytes = 0;
    for (const doc of this.documents.values()) bytes += doc.size;
    for (const [id, doc] of this.documents) {
      if (this.documents.size <= MAX_KEPT_DOCUMENTS && bytes <= this.maxBytes) break;
      if (id === keep) continue;
      this.documents.delete(id);
      bytes -= doc.size;
    }
  }
}

/** A JPEG of `image` turned clockwise by `rotation`, shrunk to PREVIEW_MAX_SIDE; width and height are the turned image's. */
export async function encodePreview(image: RgbImage, rotation: Rotation = 0): Promise<DocumentPreview> {
  const turned = rotation === 90 || rotation === 270;
  const width = turned ? image.height : image.width;
  const height = turned ? image.width : image.height;
  const shrink = Math.min(1, PREVIEW_MAX_SIDE / Math.max(width, height));
  const pipeline = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } }).rotate(rotation);
  if (shrink < 1) pipeline.resize({ width: Math.round(width * shrink), height: Math.round(height * shrink), fit: 'fill' });
  const jpeg = await pipeline.jpeg({ quality: PREVIEW_JPEG_QUALITY }).toBuffer();
  // Coordinates (the portrait's outline) are in the turned image's pixels, whatever the JPEG's size.
  return { jpeg: new Uint8Array(jpeg.buffer, jpeg.byteOffset, jpeg.length), width, height };
}

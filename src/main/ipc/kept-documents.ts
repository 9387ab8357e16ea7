/**
 * The current customer's document images, kept in main behind a handle: the page gets a
 * documentId and a preview, never the file's bytes back, and each document is decoded once.
 * Pixels are decoded large enough for the MRZ (DOCUMENT_DECODE_SIDE); the portrait search
 * gets a copy shrunk to MAX_DECODE_SIDE, and the MRZ reader a grey copy, both made by sharp
 * off main's thread.
 */
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { MAX_DECODE_SIDE } from '../../shared/defaults';
import { EkycError } from '../../shared/errors';
import { MAX_KEPT_DOCUMENTS, type DocumentPreview } from '../../shared/ipc-contract';
import type { Rotation } from '../../shared/face-types';
import { DOCUMENT_DECODE_SIDE, type GreyImage } from '../document/document-image';
import { decodeImage, decodeScale, type RgbImage } from '../vision/image-decoder';

const PREVIEW_JPEG_QUALITY = 85;
/** The page shows documents at most a few hundred pixels wide; a larger preview only costs IPC. */
const PREVIEW_MAX_SIDE = MAX_DECODE_SIDE;

interface KeptDocument {
  fileName: string;
  /** The encoded file until it is decoded, then null. */
  bytes: Uint8Array | null;
  decoding: Promise<RgbImage> | null;
}

export class KeptDocuments {
  private readonly documents = new Map<string, KeptDocument>();

  /** Keeps `bytes` under a new handle; beyond MAX_KEPT_DOCUMENTS the oldest is forgotten. */
  add(fileName: string, bytes: Uint8Array): string {
    const id = randomUUID();
    this.documents.set(id, { fileName, bytes, decoding: null });
    while (this.documents.size > MAX_KEPT_DOCUMENTS) this.documents.delete(this.documents.keys().next().value as string);
    return id;
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

  /** Forgets every document (Next customer). */
  clear(): void {
    this.documents.clear();
  }

  private get(id: string): KeptDocument {
    const doc = this.documents.get(id);
    if (!doc) throw new EkycError('SESSION_STATE', 'this document is no longer open (a new customer, or more than a few documents since); open the document again');
    return doc;
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

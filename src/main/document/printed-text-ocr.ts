import sharp from 'sharp';
import { OEM, PSM } from 'tesseract.js';
import type { Worker } from 'tesseract.js';
import type { MrzRotation } from '../../shared/document-types';
import type { GreyImage } from './document-image';
import { isZoneLine } from './printed-dates';
import { mayBePrintedSex, sexLabelsWithoutValue, sexValueArea } from './printed-sex';
import type { PaddleMrzOcr } from './paddle-mrz-ocr';
import { startTesseractWorker, type TesseractModel } from './tesseract-mrz-ocr';

/**
 * The printed lines of a document's visual zone (the name, dates and labels beside the photo),
 * each read by two recognisers, to hold its dates against the machine-readable zone
 * (printed-dates.ts) and its sex (printed-sex.ts). Tesseract's LSTM finds and reads the lines
 * scattered over the page (sparse text; the same English model file as the zone's OCR, manifest
 * id `ocr-eng`, in its own worker: the zone's workers read only zone characters as one block);
 * every line with a digit in it, and every line that may be a printed sex (one letter, or two
 * about a slash), is then read again by PP-OCR's line recogniser (the zone's, paddle-mrz-ocr.ts)
 * from its box. Two readers, because one misreads: on the Liechtenstein card Tesseract reads
 * the printed birth date 12.05.1982 as 12.06 1982 at every width tried (1000-2400 px), and
 * PP-OCR reads it right; a date both read the same is what a mismatch may rest on.
 *
 * Input: a grey document image, any size, and the clockwise turn that makes it upright. It is
 * read at PAGE_READ_WIDTH pixels wide. Output: per line, the two readings (PP-OCR's '' where it
 * did not read the line), its box and its image.
 */

/** A line's box in the upright image as read (PAGE_READ_WIDTH wide), in pixels. */
export interface LineBox {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface PrintedLine {
  tesseract: string;
  paddle: string;
  box: LineBox;
  /** Which of the document's images the line is on (0 first): a label and its value are on one. */
  page: number;
}

/** Width a page is read at: small scans are enlarged to it, large photos shrunk (OCR time grows with pixels). */
export const PAGE_READ_WIDTH = 1400;

/** Margin around a line's box when PP-OCR reads it, in line heights: the recogniser was trained on lines with some. */
const LINE_MARGIN_SHARE = 0.25;

/**
 * Lines longer than this (width over height, margins included) are not read again: a date with
 * its label is about 25, and a longer line would hold the process (see read()) for little.
 */
const MAX_REREAD_ASPECT = 40;

interface TesseractLine {
  text: string;
  bbox: { x0: number; y0: number; x1: number; y1: number };
}

export class PrintedTextReader {
  private constructor(private readonly worker: Worker, private readonly lineOcr: PaddleMrzOcr) {}

  /** `lineOcr` stays its owner's (the MrzReader's): dispose() stops only the page worker. */
  static async create(model: TesseractModel, lineOcr: PaddleMrzOcr): Promise<PrintedTextReader> {
    const worker = await startTesseractWorker(model, 'the OCR engine for printed text', { oem: OEM.LSTM_ONLY }, async (started) => {
      await started.setParameters({ tessedit_pageseg_mode: PSM.SPARSE_TEXT, user_defined_dpi: '300' });
    });
    return new PrintedTextReader(worker, lineOcr);
  }

  /**
   * The lines of a document image but its machine-readable zone's, turned clockwise by
   * `rotation` first (MrzReading.rotation, PortraitFace.rotation); `page` says which image it is.
   */
  async read(image: GreyImage, rotation: MrzRotation = 0, page = 0, width = PAGE_READ_WIDTH): Promise<PrintedLine[]> {
    const turned = rotation === 90 || rotation === 270;
    const [uprightWidth, uprightHeight] = turned ? [image.height, image.width] : [image.width, image.height];
    const height = Math.max(1, Math.round((uprightHeight * width) / uprightWidth));
    // sharp turns before it resizes, so the size asked for is the upright image's.
    const grey = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 1 } })
      .rotate(rotation)
      .resize({ width, height, fit: 'fill', kernel: 'lanczos3' })
      .extractChannel(0)
      .raw()
      .toBuffer();
    const png = await sharp(grey, { raw: { width, height, channels: 1 } }).png().toBuffer();
    const result = await this.worker.recognize(png, {}, { blocks: true, text: true });
    const lines: TesseractLine[] = (result.data.blocks ?? []).flatMap((b) => b.paragraphs.flatMap((p) => p.lines));
    const read: PrintedLine[] = [];
    for (const line of lines) {
      const text = line.text.trim();
      // The zone's lines are the widest with digits, and the slowest to read again: skipped, as
      // their dates are not printed ones. (onnxruntime-node runs a model on the event loop's
      // thread, so a 1500-px-wide line holds the process for hundreds of milliseconds.)
      if (text === '' || isZoneLine(text)) continue;
      const { x0, y0, x1, y1 } = line.bbox;
      const lineBox = { left: x0, top: y0, right: x1, bottom: y1 };
      const margin = Math.round(Math.max(1, y1 - y0) * LINE_MARGIN_SHARE);
      const box = { left: Math.max(0, x0 - margin), right: Math.min(width, x1 + margin), top: Math.max(0, y0 - margin), bottom: Math.min(height, y1 + margin) };
      // Labels and names: no date or sex is read from them, so only Tesseract's reading is kept.
      const wanted = /\d/.test(text) || mayBePrintedSex(text);
      const readable = box.right - box.left >= 2 && box.bottom - box.top >= 2 && (box.right - box.left) / (box.bottom - box.top) <= MAX_REREAD_ASPECT;
      read.push({ tesseract: text, paddle: wanted && readable ? await this.lineOcr.readPrintedLine(grey, width, box) : '', box: lineBox, page });
    }
    // A sex label with no value found under it: Tesseract's sparse text often misses a lone
    // letter, so PP-OCR reads the area where the value would be (its reading alone can confirm
    // the zone's sex, never differ from it: printed-sex.ts).
    for (const label of sexLabelsWithoutValue(read)) {
      const area = sexValueArea(label);
      const clipped = { left: Math.max(0, Math.floor(area.left)), top: area.top, right: Math.min(width, Math.ceil(area.right)), bottom: Math.min(height, area.bottom) };
      if (clipped.right - clipped.left < 2 || clipped.bottom - clipped.top < 2) continue;
      read.push({ tesseract: '', paddle: await this.lineOcr.readPrintedLine(grey, width, clipped), box: clipped, page });
    }
    return read;
  }

  async dispose(): Promise<void> {
    await this.worker.terminate();
  }
}

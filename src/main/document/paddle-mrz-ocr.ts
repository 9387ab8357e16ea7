/**
 * Zone rows read by PaddleOCR's PP-OCRv4 text-line recogniser (models/ch_PP-OCRv4_rec_infer.onnx,
 * manifest id `ocr-line`), one row at a time.
 *   input  `x`                [1, 3, 48, W] float32, one text line scaled to 48 px tall, grey in
 *                             each of the three channels, normalised as the manifest says
 *                             ((v - 127.5) / 127.5)
 *   output `softmax_11.tmp_0` [1, T, 6625] class probabilities per column (T = W / 8):
 *                             0 is the CTC blank, k is line k of ppocr_keys_v1.txt (`ocr-line-keys`)
 * Decoding keeps only the zone's 37 characters (A-Z, 0-9, <): at each column the likeliest of
 * them, or the blank when the blank is likelier; then CTC's rule (repeats merge, blanks go).
 *
 * Why this before Tesseract: on the strips the search cuts it reads most zones as well as both
 * Tesseract engines together, in about a third of their time (docs/mrz.md), and its mistakes
 * are the letter/digit confusions (O/0, I/1, D/0) that the check-digit repair undoes. It is
 * weaker on 7-9 px glyphs, where the Tesseract passes that follow still run.
 *
 * Input: the same PNG strip as Tesseract's (mrz-strip.ts: upright, glyphs about 32 px tall,
 * contrast-stretched grey, 16 px white margin). Output: the text, one line per row.
 */
import sharp from 'sharp';
import { EkycError } from '../../shared/errors';
import { readVerifiedModel, REPAIR_HINT, type PixelNormalisation } from '../models/model-files';
import { normalisationOrRelease } from '../vision/model-normalisation';
import { ModelSession } from '../vision/onnx-runtime';
import { MRZ_CHARACTERS } from './tesseract-mrz-ocr';
import { MRZ_LINE_LENGTH } from '../../shared/document-types';

export const PADDLE_LINE_MODEL_ID = 'ocr-line';
export const PADDLE_LINE_KEYS_ID = 'ocr-line-keys';
const LINE_HEIGHT = 48;
/**
 * onnxruntime threads for the recogniser. It runs alone, before Tesseract's two workers run in
 * parallel, so it may take both cores of a 2-core counter PC: 1.4x faster than one thread on
 * the Liechtenstein card and the Luxembourg passport (7 December 2026, docs/mrz.md).
 */
const LINE_OCR_THREADS = 2;
/** A pixel this dark or darker is ink in the row split (the strip is stretched: paper is white). */
const INK_LEVEL = 128;
/** A strip row is text when it holds this share of the busiest row's ink: below it, specks and the gaps between lines. */
const ROW_INK_SHARE = 0.08;
/** Ink runs shorter than this share of the glyph height are specks or underline, not text rows. */
const MIN_ROW_SHARE = 0.4;
/** Margin above and below each row, in glyph heights: the recogniser was trained on lines with some. */
const ROW_MARGIN_SHARE = 0.25;
/**
 * Margins a row is read again with, in turn, when its reading is not as long as a zone line: how
 * much of the neighbouring lines the recogniser sees changes what it reads. On the Dutch
 * residence permit's 9 px glyphs line 2 read 25 characters (`...1061720E4128<44<2`) with a
 * quarter, and right with 0.6; on the Liechtenstein card line 1 read 28 with a quarter and 30 with
 * 0.1 (docs/mrz.md, Method, step 4).
 */
const RETRY_MARGIN_SHARES = [0.1, 0.6];
/** Characters in a zone line, whatever the format (TD1 30, TD2 and MRV-B 36, TD3 and MRV-A 44). */
const ZONE_LINE_LENGTHS: ReadonlySet<number> = new Set(Object.values(MRZ_LINE_LENGTH));

export interface RowSpan {
  top: number;
  bottom: number;
}

/**
 * Pure: the text rows of an upright strip (grey, ink dark) by its horizontal ink profile, each
 * widened by a margin; rows are where enough pixels are ink, gaps where almost none are.
 */
export function stripRows(grey: Uint8Array, width: number, height: number, glyphHeight: number, marginShare = ROW_MARGIN_SHARE): RowSpan[] {
  const profile = new Uint32Array(height);
  for (let y = 0; y < height; y++) {
    let ink = 0;
    for (let x = y * width, end = x + width; x < end; x++) if (grey[x] <= INK_LEVEL) ink++;
    profile[y] = ink;
  }
  const busiest = profile.reduce((a, b) => Math.max(a, b), 0);
  if (busiest === 0) return [];
  const threshold = busiest * ROW_INK_SHARE;
  const margin = Math.round(glyphHeight * marginShare);
  const rows: RowSpan[] = [];
  let start = -1;
  for (let y = 0; y <= height; y++) {
    const text = y < height && profile[y] > threshold;
    if (text && start < 0) start = y;
    if (!text && start >= 0) {
      if (y - start >= glyphHeight * MIN_ROW_SHARE) rows.push({ top: Math.max(0, start - margin), bottom: Math.min(height, y + margin) });
      start = -1;
    }
  }
  return rows;
}

/**
 * Pure: the zone line length (30, 36 or 44) most of a strip's row readings have (the longer on a
 * tie), or undefined when none has one.
 */
export function commonZoneLineLength(lines: readonly string[]): number | undefined {
  const counts = new Map<number, number>();
  for (const { length } of lines) if (ZONE_LINE_LENGTHS.has(length)) counts.set(length, (counts.get(length) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]?.[0];
}

/** The model's class of each zone character, from the keys file (class k = line k, from 1). */
export function zoneCharacterClasses(keys: string): number[] {
  return characterClasses(keys, MRZ_CHARACTERS);
}

/**
 * The model's class of each of `characters`, from the keys file: class k is line k (from 1),
 * and the space, which the file does not list, is the class after its last line (PP-OCR's
 * `use_space_char`: 6,623 keys, the blank and the space make the output's 6,625 classes).
 */
export function characterClasses(keys: string, characters: string): number[] {
  const lines = keys.split(/\r?\n/);
  return [...characters].map((c) => {
    if (c === ' ') return lines.length + 1;
    const line = lines.indexOf(c);
    if (line < 0) throw new RangeError(`the recogniser's character list has no "${c}"`);
    return line + 1;
  });
}

/**
 * Pure: CTC greedy decoding restricted to the zone's characters. `probabilities` is [T, C]
 * row-major; `classes[i]` is the class of MRZ_CHARACTERS[i]; class 0 is the blank.
 */
export function decodeZoneLine(probabilities: Float32Array, steps: number, classCount: number, classes: readonly number[]): string {
  return decodeLine(probabilities, steps, classCount, classes, MRZ_CHARACTERS);
}

/** Pure: CTC greedy decoding restricted to `characters`, whose classes are `classes` (characterClasses). */
export function decodeLine(probabilities: Float32Array, steps: number, classCount: number, classes: readonly number[], characters: string): string {
  let text = '';
  let previous = -1;
  for (let t = 0; t < steps; t++) {
    const row = t * classCount;
    let best = -1;
    let bestP = probabilities[row];
    for (let i = 0; i < classes.length; i++) {
      const p = probabilities[row + classes[i]];
      if (p > bestP) {
        bestP = p;
        best = i;
      }
    }
    if (best >= 0 && best !== previous) text += characters[best];
    previous = best;
  }
  return text;
}

/**
 * What a printed line of a document's visual zone is read with: digits, the separators dates
 * are printed with, and capital letters for month names (the page is read upper-cased).
 */
export const PRINTED_LINE_CHARACTERS = '0123456789./- ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export class PaddleMrzOcr {
  private constructor(
    private readonly model: ModelSession,
    private readonly normalisation: PixelNormalisation,
    private readonly classes: readonly number[],
    private readonly printedClasses: readonly number[],
  ) {}

  static async load(modelsDir: string): Promise<PaddleMrzOcr> {
    const keys = await readVerifiedModel(modelsDir, PADDLE_LINE_KEYS_ID);
    let classes: number[];
    let printedClasses: number[];
    try {
      classes = zoneCharacterClasses(keys.bytes.toString('utf8'));
      printedClasses = characterClasses(keys.bytes.toString('utf8'), PRINTED_LINE_CHARACTERS);
    } catch (err) {
      throw new EkycError('MODEL_CORRUPT', `${keys.path}: ${(err as Error).message}; ${REPAIR_HINT}`, { file: keys.path });
    }
    const model = await ModelSession.load(modelsDir, PADDLE_LINE_MODEL_ID, { threads: LINE_OCR_THREADS });
    return new PaddleMrzOcr(model, await normalisationOrRelease(model), classes, printedClasses);
  }

  /**
   * Reads every text row of a zone strip (PNG, see the header); rows top to bottom, one per line.
   * A row whose reading is not as long as the zone's lines is read again with other margins
   * (RETRY_MARGIN_SHARES) and the first reading of that length is kept; the zone's length is the
   * one most rows read (commonZoneLineLength).
   */
  async read(strip: Buffer, glyphHeight: number): Promise<string> {
    const { data, info } = await sharp(strip).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
    const rows = stripRows(data, info.width, info.height, glyphHeight);
    const lines: string[] = [];
    for (const row of rows) lines.push(await this.readRow(data, info.width, row));
    // A strip none of whose rows reads as a zone line is other text (a card's printed fields): nothing is read again.
    const length = commonZoneLineLength(lines);
    const misfits = length === undefined ? [] : [...lines.keys()].filter((k) => lines[k].length !== length);
    for (const share of misfits.length > 0 ? RETRY_MARGIN_SHARES : []) {
      // The same ink runs, widened by another margin: row k is the same row.
      const widened = stripRows(data, info.width, info.height, glyphHeight, share);
      for (const k of misfits) {
        if (lines[k].length === length) continue;
        const again = await this.readRow(data, info.width, widened[k]);
        if (again.length === length) lines[k] = again;
      }
    }
    return lines.join('\n');
  }

  /**
   * One printed line of a visual zone (printed-text-ocr.ts), read with PRINTED_LINE_CHARACTERS:
   * `box` is the line in `grey`'s pixels (a grey image `width` wide), margin included.
   */
  async readPrintedLine(grey: Buffer, width: number, box: { left: number; top: number; right: number; bottom: number }): Promise<string> {
    const left = Math.max(0, Math.floor(box.left));
    const right = Math.min(width, Math.ceil(box.right));
    const crop = await sharp(grey, { raw: { width, height: grey.length / width, channels: 1 } })
      .extract({ left, top: box.top, width: Math.max(1, right - left), height: Math.max(1, box.bottom - box.top) })
      // sharp writes three channels of a one-channel raw input unless told otherwise.
      .extractChannel(0)
      .raw()
      .toBuffer();
    return this.readRow(crop, Math.max(1, right - left), { top: 0, bottom: Math.max(1, box.bottom - box.top) }, this.printedClasses, PRINTED_LINE_CHARACTERS);
  }

  private async readRow(grey: Buffer, width: number, row: RowSpan, classes: readonly number[] = this.classes, characters: string = MRZ_CHARACTERS): Promise<string> {
    const rowHeight = row.bottom - row.top;
    const lineWidth = Math.max(LINE_HEIGHT / 2, Math.round((width * LINE_HEIGHT) / rowHeight));
    const pixels = await sharp(grey.subarray(row.top * width, row.bottom * width), { raw: { width, height: rowHeight, channels: 1 } })
      .resize(lineWidth, LINE_HEIGHT, { kernel: 'linear', fit: 'fill' })
      .extractChannel(0)
      .raw()
      .toBuffer();
    const plane = LINE_HEIGHT * lineWidth;
    const input = new Float32Array(3 * plane);
    const { mean, scale } = this.normalisation;
    for (let i = 0; i < plane; i++) {
      const v = (pixels[i] - mean) / scale;
      input[i] = v;
      input[plane + i] = v;
      input[2 * plane + i] = v;
    }
    const output = this.model.entry.output[0].name;
    const { outputs, shapes } = await this.model.runWithShapes(input, { W: lineWidth });
    const [, steps, classCount] = shapes[output];
    return decodeLine(outputs[output], steps, classCount, classes, characters);
  }

  release(): Promise<void> {
    return this.model.release();
  }
}

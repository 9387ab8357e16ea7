import * as path from 'node:path';
import sharp from 'sharp';
import { createWorker, OEM, PSM } from 'tesseract.js';
import type { Worker } from 'tesseract.js';
import { EkycError } from '../../shared/errors';
import { readVerifiedModel } from '../models/model-files';

/**
 * Tesseract (tesseract.js, WebAssembly) set up for machine-readable zones: English model
 * from @tesseract.js-data/eng pinned in models/manifest.json, only the characters a zone
 * can hold, the crop read as one block of uniform text.
 *
 * Two engines share the one model file: the legacy character classifier, which reads the
 * filler '<' reliably, and the LSTM, which reads letters and digits better but turns filler
 * runs into K, L and C (docs/mrz.md has the measurements).
 *
 * Input: a PNG of the zone, upright, glyphs about 32 px tall. Output: the text, one line
 * per row. Nothing is fetched or cached: the worker reads the model from models/ (langPath) right
 * after its SHA-256 is checked.
 */

export const MRZ_CHARACTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<';

export interface OcrModelEntry {
  id: string;
  file: string;
  sha256: string;
}

export interface TesseractModel {
  dir: string;
  entry: OcrModelEntry;
}

export type TesseractEngine = 'legacy' | 'lstm';

/** The manifest entry that the OCR engine runs. */
export const MRZ_OCR_MODEL_ID = 'ocr-eng';

/** Reads the manifest entry and checks the file it names, so a broken install fails early and clearly. */
export async function verifyOcrModel(modelsDir: string): Promise<TesseractModel> {
  const { entry } = await readVerifiedModel(modelsDir, MRZ_OCR_MODEL_ID);
  return { dir: modelsDir, entry };
}

/** What a worker is started with: the engine, for the legacy one its data, and init-only parameters. */
export interface TesseractWorkerOptions {
  oem: OEM;
  legacy?: boolean;
  /** Parameters tesseract.js takes only when the worker starts (e.g. the dictionaries). */
  init?: Record<string, string>;
}

/**
 * A tesseract.js worker on the checked model file, offline, set up by `configure` (parameters,
 * warm-up). A worker that started but failed `configure` is stopped; the start's error is
 * reported as MODEL_FAILED, naming `engine` (what the worker is for) and the file.
 */
export async function startTesseractWorker(model: TesseractModel, engine: string, options: TesseractWorkerOptions, configure: (worker: Worker) => Promise<void>): Promise<Worker> {
  const file = path.basename(model.entry.file);
  // tesseract.js reads `${langPath}/${lang}.traineddata[.gz]`, so the file name is the language.
  const lang = file.replace(/\.traineddata(\.gz)?$/, '');
  let worker: Worker | undefined;
  try {
    worker = await createWorker(lang, options.oem, {
      langPath: model.dir,
      cachePath: model.dir,
      cacheMethod: 'none',
      gzip: file.endsWith('.gz'),
      ...(options.legacy ? { legacyCore: true, legacyLang: true } : {}),
      // Without a handler tesseract.js throws worker errors on a later tick, out of reach of
      // any catch; the failing call's promise rejects with the same error anyway.
      errorHandler: (data: unknown) => void data,
    }, options.init ?? {});
    await configure(worker);
    return worker;
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    await worker?.terminate().catch(() => undefined);
    throw new EkycError('MODEL_FAILED', `${engine} could not start with ${path.join(model.dir, file)} (${reason.slice(0, 200)}): run npm run models`);
  }
}

export class TesseractMrzOcr {
  private constructor(private readonly worker: Worker) {}

  static async create(model: TesseractModel, engine: TesseractEngine): Promise<TesseractMrzOcr> {
    const legacy = engine === 'legacy';
    const worker = await startTesseractWorker(model, 'the OCR engine', {
      oem: legacy ? OEM.TESSERACT_ONLY : OEM.LSTM_ONLY,
      legacy,
      // Zone text is codes, not words: dictionaries only pull it towards English.
      init: { load_system_dawg: '0', load_freq_dawg: '0' },
    }, async (started) => {
      await started.setParameters({
        tessedit_pageseg_mode: PSM.SINGLE_BLOCK,
        tessedit_char_whitelist: MRZ_CHARACTERS,
        user_defined_dpi: '300',
        // The legacy classifier adapts to what it read before; a reading must not depend on
        // which documents the worker saw earlier.
        classify_enable_learning: '0',
      });
      // The engine's first recognition costs about 300 ms more than later ones (measured on
      // 0_id-esp: 546-608 ms first, 226-327 ms after): paid here, at start, not by the first document.
      await started.recognize(await warmUpStrip());
    });
    return new TesseractMrzOcr(worker);
  }

  /** Text of an upright zone image, one line per row. */
  async read(png: Buffer): Promise<string> {
    const result = await this.worker.recognize(png);
    return result.data.text;
  }

  async dispose(): Promise<void> {
    await this.worker.terminate();
  }
}

/** The warm-up strip, drawn once for every worker of the process. */
let warmUp: Promise<Buffer> | undefined;
const warmUpStrip = (): Promise<Buffer> => (warmUp ??= drawWarmUpStrip());

/**
 * Two rows of 44 glyph-sized marks (bars, boxes, hooks) at the zone strip's 32 px height, for a
 * worker's first recognition: marks shaped like characters, so the recognition runs as on a zone.
 */
async function drawWarmUpStrip(): Promise<Buffer> {
  const [glyphs, height, pitch, margin] = [44, 32, 22, 20];
  const width = glyphs * pitch + 2 * margin;
  const rows = 2 * (height + 16) + 2 * margin;
  const pixels = Buffer.alloc(width * rows, 255);
  for (let row = 0; row < 2; row++) {
    for (let g = 0; g < glyphs; g++) {
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < 14; x++) {
          const ink = g % 3 === 0 ? x < 3 || y < 3 || y > height - 4 : g % 3 === 1 ? x > 5 && x < 9 : y < 3 || x > 10;
          if (ink) pixels[(margin + row * (height + 16) + y) * width + margin + g * pitch + x] = 0;
        }
      }
    }
  }
  return sharp(pixels, { raw: { width, height: rows, channels: 1 } }).png().toBuffer();
}

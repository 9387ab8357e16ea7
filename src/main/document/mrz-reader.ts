import type { CaptureProblem, DocumentFrameAssessment, MrzReading, MrzResult, MrzRotation } from '../../shared/document-types';
import { assessDocumentFrame } from './document-frame';
import { diagnoseMissingZone } from './mrz-capture';
import { EkycError } from '../../shared/errors';
import type { Box } from '../../shared/geometry';
import { decodeDocumentImage } from './document-image';
import type { GreyImage } from './document-image';
import { locateMrzBands } from './mrz-band';
import { hasWellFormedCodes, parseWithLibrary, toMrzResult } from './mrz-fields';
import { loadMrzLibrary } from './mrz-library';
import type { MrzLibrary } from './mrz-library';
import { cutBand, OCR_GLYPH_HEIGHT, resizeGrey, uprightRotation, type StripInk } from './mrz-strip';
import { mergeZoneTexts } from './ocr-merge';
import { candidateZones, combineZoneLines, disputedCharacters, misalignedZones, withAgreedCodes, withMajorityUncheckedLine, withSeenCharacters, type DisputedCharacter } from './mrz-candidates';
import { realignLine, repairByCheckDigits } from './mrz-repair';
import type { RepairOutcome, UnresolvedRepair } from './mrz-repair';
import { crossCheckZone, documentNumberDisputed } from './mrz-cross-checks';
import { defaultModelsDir } from '../models/model-files';
import { TesseractMrzOcr, verifyOcrModel, type TesseractModel } from './tesseract-mrz-ocr';
import { PrintedTextReader, type PrintedLine } from './printed-text-ocr';
import { PaddleMrzOcr } from './paddle-mrz-ocr';

/**
 * Reads the machine-readable zone of a document photo or scan: finds the zone on a small
 * copy, has it cut upright from the full image (mrz-strip.ts), OCRs only that strip, parses
 * it with the `mrz` package and repairs misreads by the check digits (mrz-repair.ts). This
 * file is the search: which zones, which way round, which strips, within what time. One OCR
 * worker lives as long as the reader, so only the first document pays for starting it.
 */

/** What the operator is told to do about each capture problem (the measurement says why). */
const CAPTURE_ADVICE: Readonly<Record<CaptureProblem, (measured: string) => string>> = {
  'cut-off': (measured) => `the zone is cut off (${measured}): move the document so all of it is in the picture, with a margin`,
  glare: (measured) => `glare covers part of the zone (${measured}): tilt the document or move it out of the lamp's reflection`,
  'too-small': (measured) => `the document is too small in the picture (${measured}): bring it closer or use a higher resolution`,
  blurred: (measured) => `the picture is blurred (${measured}): hold the document still and let the camera focus`,
};

/** Side of the copy that zones are searched on. */
const SEARCH_SIDE = 1200;
/** Zones tried per document before giving up; each costs one or two OCR passes. */
const MAX_BANDS = 3;
/**
 * The search is bounded by work, not time, so a reading does not depend on how busy the
 * machine is (with a wall-clock budget 100_id-che's composite failed under load: the line
 * combinations were cut short). OCR passes (one strip read by both engines): once some reading
 * parsed no pass starts after MAX_PASSES_ONCE_PARSED, and none at all after MAX_PASSES. The
 * line combination search and realignment count parses by the `mrz` package (each repair
 * parses every candidate change that makes a check hold, so this follows their cost): they
 * stop after READ_PARSES in the document once some zone parsed, and each search always gets
 * MIN_SEARCH_PARSES, as it is what reads small, hard documents. Sized to the previous budget
 * of 650 ms of OCR and 750 ms of search on an idle machine (docs/mrz.md).
 */
const MAX_PASSES_ONCE_PARSED = 4;
const MAX_PASSES = 12;
const READ_PARSES = 2000;
const MIN_SEARCH_PARSES = 600;

/** The `mrz` package with a count of its parses: the unit the search's work is counted in. */
interface CountingLibrary extends MrzLibrary {
  readonly parses: number;
}

function countingLibrary(lib: MrzLibrary): CountingLibrary {
  let parses = 0;
  return {
    parse: (lines) => {
      parses++;
      return lib.parse(lines);
    },
    get parses() {
      return parses;
    },
    states: lib.states,
  };
}

export interface MrzReaderOptions {
  modelsDir?: string;
  /** The date "expired" is judged against; today by default. */
  today?: () => Date;
}

interface Attempt {
  result: MrzResult;
  rotation: MrzRotation;
  /** Share of check digits that hold. */
  validChecks: number;
  /** Fields the `mrz` package accepts (state codes, sex, dates...): breaks ties between readings. */
  validFields: number;
  /**
   * Every check holds, both dates are calendar dates and every field is well-formed. Check
   * digits weigh U, K, A and '<' like 0, so a date read as 85U101 can pass its check: such a
   * reading is kept, but the search goes on for a better one.
   */
  complete: boolean;
  /**
   * The document code, the state codes and the document number have their ICAO 9303 shapes:
   * codes are letters, then fillers (`P<`, `D<<`; a digit in a document code is a misread the
   * cross-checks doubt); a number is letters and digits, then fillers,
   * and one continued into the optional data (a TD1 card's check position holding `<`) has nine
   * characters before it, no filler. No check digit covers the codes, and the line combinations
   * can shift a filler into a field and still make every check hold: on the Dutch residence
   * permit, mixes of Tesseract's garbled readings validated with nationality `H<C`, and with a
   * "long" number `S2I51673<AVRI23456789`. A reading with a malformed field ranks below every
   * reading without one, and is never complete.
   */
  codesWellFormed: boolean;
  /**
   * The cross-checks doubt a field no check digit covers (a state or document code that is
   * not one, a sex that is not M, F or X), or a date. PP-OCR's letter/digit confusions there
   * (CAN read as OAZ, ID as 0) can leave every check holding on a wrong zone
   * (arg0s_passports_Canada, _Liechtenstein), so such a reading settles the search only once a
   * second OCR pass read the same zone or one more pass found nothing better (see `settled`), and
   * its codes are taken from the readings that agree on one (withAgreedCodes); ICAO's specimen
   * state UTO is doubted too, and is read so.
   */
  doubted: boolean;
  /** Checks the repair left failing as no unambiguous repair exists (a visa's document number). */
  unresolved: UnresolvedRepair[];
}

/** One OCR text of the zone: which engine read it (`merged`: Tesseract's two combined), which way round, and its candidate zones. */
interface ZoneReading {
  engine: 'paddle' | 'legacy' | 'lstm' | 'merged';
  rotation: MrzRotation;
  text: string;
  zones: string[][];
}

function isBetter(a: Attempt, b: Attempt): boolean {
  if (a.codesWellFormed !== b.codesWellFormed) return a.codesWellFormed;
  if (a.validChecks !== b.validChecks) return a.validChecks > b.validChecks;
  if (a.complete !== b.complete) return a.complete;
  if (a.doubted !== b.doubted) return !a.doubted;
  return a.validFields > b.validFields;
}

interface StripVariant {
  ink: StripInk;
  glyphHeight: number;
  /** PP-OCR's line recogniser, or Tesseract's legacy engine with the LSTM too when `lstm`. */
  reader: 'paddle' | 'tesseract';
  lstm: boolean;
}
/**
 * Tried in turn until a reading validates. PP-OCR's line recogniser first: it reads most zones
 * in about a third of a Tesseract pass (docs/mrz.md), and its reading joins the line
 * combinations below when it does not validate alone. Then Tesseract: the 48 px strip reads
 * small, low-resolution zones better (98_pass-nld's 0s, read as O at 32 px; glyphs 9.5 px in
 * the image) and costs about twice a 32 px pass, so only zones with small glyphs get it. Before
 * the binary strip or after it costs about the same in all (measured CPU: 98_pass-nld 0.96 ->
 * 0.65 s, 100_id-che 1.0 s both ways, 43_pass-fra 0.77 -> 0.80 s, 79_pass-can 0.34 -> 0.45 s);
 * before, the worst of the `100_` and `98_` files needs less. The legacy engine alone reads it:
 * that is the reading that gets 98_pass-nld right, and leaving the LSTM out saved 14% of the
 * CPU time on the seven small-glyph files with the same results.
 */
const STRIP_VARIANTS: readonly StripVariant[] = [
  { ink: 'grey', glyphHeight: OCR_GLYPH_HEIGHT, reader: 'paddle', lstm: false },
  { ink: 'grey', glyphHeight: OCR_GLYPH_HEIGHT, reader: 'tesseract', lstm: true },
  { ink: 'grey', glyphHeight: 48, reader: 'tesseract', lstm: false },
  { ink: 'binary', glyphHeight: OCR_GLYPH_HEIGHT, reader: 'tesseract', lstm: true },
];
/** The strip a variant reads: PP-OCR and Tesseract read the same one, cut once. */
const stripKey = (variant: StripVariant): string => `${variant.ink}@${variant.glyphHeight}`;
/** Zones whose glyphs are at least this tall in the image gain nothing from the 48 px strip. */
const SMALL_GLYPH_PX = 12;

export class MrzReader {
  private constructor(
    private readonly lineOcr: PaddleMrzOcr,
    private readonly legacyOcr: TesseractMrzOcr,
    private readonly lstmOcr: TesseractMrzOcr,
    private readonly lib: MrzLibrary,
    private readonly today: () => Date,
    private readonly ocrModel: TesseractModel,
  ) {}

  /** The visual zone's OCR (printed-text-ocr.ts): started on first use, as only the station's cross-check reads pages. */
  private pageOcr: Promise<PrintedTextReader> | null = null;
  /**
   * Readings that may outlive the call that started them: page reads (they run in the background,
   * outside the station's queue) and LSTM readings started ahead of their pass, which a settled
   * search leaves running. dispose() waits for them, as they use the OCR workers.
   */
  private readonly readsInFlight = new Set<Promise<unknown>>();
  private disposed = false;

  static async create(options: MrzReaderOptions = {}): Promise<MrzReader> {
    const modelsDir = options.modelsDir ?? defaultModelsDir();
    const model = await verifyOcrModel(modelsDir);
    const lineOcr = await PaddleMrzOcr.load(modelsDir);
    // What did start is released when any part fails: an OCR worker is a thread with its model.
    const [legacy, lstm, lib] = await Promise.allSettled([TesseractMrzOcr.create(model, 'legacy'), TesseractMrzOcr.create(model, 'lstm'), loadMrzLibrary()]);
    if (legacy.status === 'rejected' || lstm.status === 'rejected' || lib.status === 'rejected') {
      await Promise.all([lineOcr.release(), ...[legacy, lstm].map((w) => (w.status === 'fulfilled' ? w.value.dispose() : undefined))]);
      throw [legacy, lstm, lib].find((r): r is PromiseRejectedResult => r.status === 'rejected')!.reason;
    }
    return new MrzReader(lineOcr, legacy.value, lstm.value, lib.value, options.today ?? (() => new Date()), model);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await Promise.allSettled([...this.readsInFlight]);
    const page = this.pageOcr?.then((ocr) => ocr.dispose(), () => undefined);
    await Promise.all([this.lineOcr.release(), this.legacyOcr.dispose(), this.lstmOcr.dispose(), page]);
  }

  /**
   * The printed lines of a document's images (their visual zone: the data page, a card's front
   * and back), each image turned upright by its `rotation` first, in order.
   */
  async readPrintedLines(pages: readonly { image: GreyImage; rotation: MrzRotation }[]): Promise<PrintedLine[]> {
    if (this.disposed) throw new EkycError('MODEL_FAILED', 'the MRZ reader was shut down before the printed text was read');
    return this.tracked(this.readPages(pages));
  }

  private async readPages(pages: readonly { image: GreyImage; rotation: MrzRotation }[]): Promise<PrintedLine[]> {
    const starting = (this.pageOcr ??= PrintedTextReader.create(this.ocrModel, this.lineOcr));
    // A worker that failed to start is not kept: the next document tries again.
    const reader = await starting.catch((err: unknown) => {
      if (this.pageOcr === starting) this.pageOcr = null;
      throw err;
    });
    const lines: PrintedLine[] = [];
    for (const [index, page] of pages.entries()) lines.push(...(await reader.read(page.image, page.rotation, index)));
    return lines;
  }

  /**
   * `reading`, kept in readsInFlight until it ends; its failure is not left unhandled when no one
   * awaits it (a reading ahead whose pass never came), and whoever does still gets the rejection.
   */
  private tracked<T>(reading: Promise<T>): Promise<T> {
    this.readsInFlight.add(reading);
    reading.then(() => this.readsInFlight.delete(reading), () => this.readsInFlight.delete(reading));
    return reading;
  }

  /** Whether a camera frame of a document is ready to be taken (no OCR; see document-frame.ts). */
  assessFrame(image: GreyImage, besideFace?: Box): Promise<DocumentFrameAssessment> {
    return assessDocumentFrame(image, besideFace);
  }

  /** Reads a document image file; throws EkycError (NO_MRZ, FILE_*, IMAGE_*) when it cannot. */
  async read(file: string): Promise<MrzReading> {
    const started = performance.now();
    const image = await decodeDocumentImage(file);
    const decoded = performance.now();
    return this.readImage(image, file, started, decoded);
  }

  async readImage(image: GreyImage, label: string, started = performance.now(), decoded = started): Promise<MrzReading> {
    const scale = Math.min(1, SEARCH_SIDE / Math.max(image.width, image.height));
    const small = scale < 1 ? await resizeGrey(image, scale) : image;
    const bands = locateMrzBands(small).slice(0, MAX_BANDS);
    const located = performance.now();
    let ocrMs = 0;
    let parseMs = 0;
    let best: Attempt | undefined;
    const lib = countingLibrary(this.lib);
    let passes = 0;
    let linePasses = 0;
    // Every OCR text of the document, in the order read, with its candidate zones.
    const allReadings: ZoneReading[] = [];
    const zonesRead = (): string[][][] => allReadings.map((r) => r.zones);
    // Complete zones each OCR pass read, by zone text: a doubted reading needs two (see Attempt.doubted).
    const passesReading = new Map<string, number>();
    // OCR passes read when `best` was last replaced: a doubted reading waits for one more pass.
    let bestFrom = 0;
    const consider = (attempt: Attempt | undefined): void => {
      if (attempt && (!best || isBetter(attempt, best))) {
        best = attempt;
        bestFrom = passes + linePasses;
      }
    };
    // A doubted reading settles once a second pass read the same zone, or once a pass after it
    // found nothing better (the German visa's BOS, which no other engine reads: 2.8 s when it
    // waited for every pass).
    const settled = (): boolean =>
      best !== undefined && best.complete && (!best.doubted || (passesReading.get(best.result.lines.join('\n')) ?? 0) >= 2 || passes + linePasses > bestFrom);
    // Zones that fail their checks, by what the checks cover, and the OCR engines that read them so (see `agreed`).
    const failingReadings = new Map<string, { engines: Set<StripVariant['reader']>; first: Attempt }>();
    /**
     * Both OCR engines, PP-OCR and Tesseract, read the same fields and find the same checks
     * failing even with a character changed: that is the zone as printed, invalid (0_id-esp),
     * so no further pass is read; the line combinations and realignment of the readings so far
     * still run. Two passes of one engine are not enough: their errors go together (with PP-OCR
     * reading the binary strip too, its two readings of the French residence permit agreed on a
     * wrong document number). The names are left out of the comparison: no check covers them,
     * and the engines differ most there (ESPANOLA, ESPA5NOLA). The combinations may still find
     * the whole zone valid (a misread both engines made alike); short of that, the agreed reading
     * stands: a combination with fewer checks failing is a chance, not a reading (0_id-esp: a
     * line with a T inserted and cut back to length made its number's check hold on `AAA1T0000`).
     */
    let agreed: Attempt | undefined;
    const passFits = (): boolean => agreed === undefined && passes < MAX_PASSES && (!best || passes < MAX_PASSES_ONCE_PARSED);
    search: for (const [bandIndex, band] of bands.entries()) {
      const base = uprightRotation(band);
      let uprightSeen = false;
      for (const rotation of [base, ((base + 180) % 360) as MrzRotation]) {
        let parsedAny = false;
        // Whether any reading this way round has a valid check digit (see the turn-over below).
        let checkedAny = false;
        const readings: string[] = [];
        // The strips cut this way round, by ink and glyph height: PP-OCR and Tesseract read the same one.
        const strips = new Map<string, Promise<Buffer>>();
        // The likeliest zone the right way up always gets both inks: small, hard documents
        // (100_id-che) need the line combinations of both.
        // So does its other way round when no reading looked upright (an upside-down TD1 zone).
        const likeliest = bandIndex === 0 && (rotation === base || !uprightSeen);
        const stripOf = (variant: StripVariant): Promise<Buffer> => {
          const key = stripKey(variant);
          if (!strips.has(key)) strips.set(key, cutBand(image, band, scale, rotation, variant.ink, variant.glyphHeight));
          return strips.get(key)!;
        };
        // The LSTM's reading of the next pass's strip, started during a pass that leaves its worker idle.
        let lstmAhead: { key: string; text: Promise<string> } | undefined;
        const runs = (variant: StripVariant): boolean => variant.glyphHeight <= OCR_GLYPH_HEIGHT || band.glyphHeight / scale < SMALL_GLYPH_PX;
        for (const [index, variant] of STRIP_VARIANTS.entries()) {
          const { glyphHeight, reader, lstm } = variant;
          if (agreed || (!likeliest && !passFits())) break;
          if (!runs(variant)) continue;
          const t0 = performance.now();
          const key = stripKey(variant);
          const strip = await stripOf(variant);
          let texts: [ZoneReading['engine'], string][];
          if (reader === 'paddle') {
            texts = [['paddle', await this.lineOcr.read(strip, glyphHeight)]];
            linePasses++;
          } else {
            // A legacy-only pass leaves the LSTM's worker, and a core, idle: the next pass's LSTM
            // reading starts now, as the next pass runs unless this one settles the search (on the
            // small scans that need every pass this saves 100-200 ms: the two legacy readings, one
            // after the other on one worker, are what is left; docs/mrz.md).
            const next = STRIP_VARIANTS.slice(index + 1).find(runs);
            if (!lstm && next?.reader === 'tesseract' && next.lstm) {
              const ahead = stripOf(next).then((nextStrip) => this.lstmOcr.read(nextStrip));
              lstmAhead = { key: stripKey(next), text: this.tracked(ahead) };
            }
            const lstmRead = !lstm ? Promise.resolve('') : lstmAhead?.key === key ? lstmAhead.text : this.lstmOcr.read(strip);
            const [legacyText, lstmText] = await Promise.all([this.legacyOcr.read(strip), lstmRead]);
            passes++;
            // The merge first: on a tie it has the LSTM's letters in the unchecked name fields.
            const merged = mergeZoneTexts(legacyText, lstmText);
            const engines: [ZoneReading['engine'], string][] = lstm ? [['legacy', legacyText], ['lstm', lstmText]] : [['legacy', legacyText]];
            texts = merged ? [['merged', merged], ['legacy', legacyText], ['lstm', lstmText]] : engines;
          }
          const t1 = performance.now();
          ocrMs += t1 - t0;
          const pass = texts.map(([engine, text]): ZoneReading => ({ engine, rotation, text, zones: candidateZones(text) }));
          readings.push(...texts.map(([, text]) => text));
          allReadings.push(...pass);
          // One change per check on Tesseract's readings here, two on the line combinations below;
          // the line recogniser's reading, read first and most often right, gets two at once.
          const attempt = this.interpret(lib, pass.flatMap((r) => r.zones), rotation, [], () => false, reader === 'paddle' ? 2 : 1);
          parseMs += performance.now() - t1;
          if (attempt?.complete) {
            const zone = attempt.result.lines.join('\n');
            passesReading.set(zone, (passesReading.get(zone) ?? 0) + 1);
          } else if (attempt && looksUpright(attempt)) {
            const key = checkedContent(attempt.result);
            const seen = failingReadings.get(key) ?? { engines: new Set(), first: attempt };
            failingReadings.set(key, { ...seen, engines: seen.engines.add(reader) });
            // The first engine's reading: the line recogniser's, whose check digits are as read.
            if (!agreed && seen.engines.size === 2) agreed = seen.first;
          }
          consider(attempt);
          // A code no check covers that this pass read as a code where the best reading has none.
          if (best?.complete && best.doubted) consider(this.withAgreedCodes(best, zonesRead()));
          if (settled()) break search;
          parsedAny ||= attempt !== undefined;
          checkedAny ||= looksUpright(attempt);
        }
        if (parsedAny) {
          const t = performance.now();
          const zones = readings.map((text) => candidateZones(text));
          // Peers must be aligned readings: a line padded or cut to length has shifted characters.
          const aligned = readings.flatMap((text) => candidateZones(text, { exactOnly: true }));
          const limit = Math.max(READ_PARSES, lib.parses + MIN_SEARCH_PARSES);
          const exhausted = (): boolean => lib.parses > limit;
          const combinations = combineZoneLines(zones);
          // One change per check first, over all combinations; two only if that finds nothing.
          for (const maxChanges of [1, 2] as const) {
            const combined = this.interpret(lib, combinations, rotation, aligned, exhausted, maxChanges);
            consider(combined);
            checkedAny ||= looksUpright(combined);
            if (settled() || exhausted()) break;
          }
          if (!settled()) {
            consider(this.realign(lib, readings, rotation, exhausted));
          }
          parseMs += performance.now() - t;
          if (settled() || agreed) break search;
        }
        // Zone text read the right way up parses. Upside down a TD2 or TD3 zone does not, but a
        // TD1 zone can: any three lines of 30 characters parse as TD1, with every check digit
        // failing (or, after repairs, one holding by chance). So only a reading with a valid check
        // digit and a document code (A, C, I, P, V) first settles the way round.
        uprightSeen = checkedAny;
        if (checkedAny || (bandIndex > 0 && !passFits())) break;
      }
      // A zone every check of which holds is the document's zone: another band is other text.
      if (!passFits() || best?.complete) break;
    }
    if (agreed && best && !best.complete) best = agreed;
    if (!best) {
      const reason = bands.length === 0
        ? 'no band of machine-readable text was found'
        : `${bands.length} text band(s) were read but none is a TD1, TD2 or TD3 zone`;
      const diagnosis = await diagnoseMissingZone(small, scale, bands, (img, factor) => resizeGrey(img, factor));
      const advice = diagnosis ? CAPTURE_ADVICE[diagnosis.problem](diagnosis.measured) : 'photograph the page or card side that carries the two or three lines of <<< text, flat and sharp';
      throw new EkycError('NO_MRZ', `${label}: no machine-readable zone could be read (${reason}); ${advice}`, diagnosis ? { file: label, capture: diagnosis.problem } : { file: label });
    }
    // Only the recogniser's readings the same way round as the zone chosen (not a turned-over TD1's three lines).
    const recognised = allReadings.filter((r) => r.engine === 'paddle' && r.rotation === best!.rotation).map((r) => r.zones);
    best = this.withAgreedCodes(this.withMajorityNames(best, zonesRead(), recognised), zonesRead());
    // What each engine read, without the merge of Tesseract's two (it repeats their characters).
    const engineTexts = allReadings.filter((r) => r.engine !== 'merged').map((r) => r.text);
    best = this.withSeenNumber(best, engineTexts);
    const end = performance.now();
    return {
      mrz: best.result,
      findings: [...crossCheckZone(best.result, this.lib, best.unresolved), ...documentNumberDisputed(best.result, this.disputedNumber(best, engineTexts))],
      rotation: best.rotation,
      repairedCharacters: unseenCharacters(best.result.lines, zonesRead()),
      timingsMs: {
        decode: round(decoded - started),
        locate: round(located - decoded),
        ocr: round(ocrMs),
        parse: round(parseMs),
        total: round(end - started),
      },
      work: { ocrPasses: passes, lineOcrPasses: linePasses, parses: lib.parses },
    };
  }

  /** The attempt with the name line most readings agree on, the line recogniser's where it read one (see withMajorityUncheckedLine). */
  private withMajorityNames(attempt: Attempt, readings: string[][][], recognised: string[][][]): Attempt {
    return this.withUncheckedLines(attempt, withMajorityUncheckedLine(attempt.result.lines, readings, recognised));
  }

  /**
   * The attempt with `lines`, which differ from its own only in what no check covers (names,
   * codes), so the checks stand; the letters-only repairs run again, and a result with fewer
   * checks holding keeps the attempt as it was.
   */
  private withUncheckedLines(attempt: Attempt, lines: string[]): Attempt {
    if (lines.every((l, k) => l === attempt.result.lines[k])) return attempt;
    const repaired = repairByCheckDigits(this.lib, lines, [], 0);
    if (!repaired) return attempt;
    const changed = this.attemptOf(repaired, attempt.rotation);
    return changed.validChecks >= attempt.validChecks ? { ...changed, unresolved: attempt.unresolved } : attempt;
  }

  /**
   * The document number's characters, its check digit's too, that the readings dispute (see
   * disputedCharacters); only a number whose check holds is judged: one that fails already says so.
   */
  private disputedNumber(attempt: Attempt, readings: string[]): DisputedCharacter[] {
    if (attempt.result.checks.documentNumber !== true) return [];
    const parsed = parseWithLibrary(this.lib, attempt.result.lines);
    const number = parsed?.details.find((d) => d.field === 'documentNumber');
    const check = parsed?.details.find((d) => d.field === 'documentNumberCheckDigit');
    if (!number || !check) return [];
    // The principal part: a long number's continuation shares the optional data's places.
    const [principal] = number.ranges;
    const places = [...Array.from({ length: principal.end - principal.start }, (_, i) => ({ line: principal.line, index: principal.start + i })), { line: check.line, index: check.start }];
    return disputedCharacters(attempt.result.lines, places, readings.map((text) => candidateZones(text, { exactOnly: true })));
  }

  /**
   * The attempt with its document number as the readings saw it at some of the places they
   * dispute (see disputedNumber), when exactly one choice of those places gives a zone that is
   * complete and no more doubted; otherwise the attempt as it was. Places left disputed are still
   * reported (document-number-disputed): 43_pass-fra's readings at the zone's length are
   * Tesseract's, which saw its D as 0, so `OECD5O338` becomes `08CD50338` (the only choice that
   * holds: O -> 0, E -> 8 and the second O -> 0) and the D stays disputed.
   */
  private withSeenNumber(attempt: Attempt, readings: string[]): Attempt {
    const disputed = this.disputedNumber(attempt, readings);
    // At most 2^MAX_DISPUTED_PLACES - 1 choices, each one parse.
    if (disputed.length === 0 || disputed.length > MAX_DISPUTED_PLACES) return attempt;
    const holding: Attempt[] = [];
    for (let choice = 1; choice < 1 << disputed.length; choice++) {
      const lines = withSeenCharacters(attempt.result.lines, disputed.filter((_, k) => (choice >> k) & 1));
      const repaired = repairByCheckDigits(this.lib, lines, [], 0);
      if (!repaired) continue;
      const seen = this.attemptOf(repaired, attempt.rotation);
      if (seen.complete && (!seen.doubted || attempt.doubted)) holding.push(seen);
    }
    return holding.length === 1 ? { ...holding[0], unresolved: attempt.unresolved } : attempt;
  }

  /** The attempt with its code fields as most readings read them where it read no code (see withAgreedCodes). */
  private withAgreedCodes(attempt: Attempt, readings: string[][][]): Attempt {
    const parsed = parseWithLibrary(this.lib, attempt.result.lines);
    if (!parsed) return attempt;
    const isState = (text: string): boolean => /^[A-Z]+<*$/.test(text) && text.replace(/<+$/, '') in this.lib.states;
    const isDocumentCode = (text: string): boolean => DOCUMENT_CODE.test(text);
    const fields = parsed.details.flatMap((d) =>
      d.field === 'issuingState' || d.field === 'nationality' ? [{ ...d, isCode: isState }] : d.field === 'documentCode' ? [{ ...d, isCode: isDocumentCode }] : [],
    );
    return this.withUncheckedLines(attempt, withAgreedCodes(attempt.result.lines, fields, readings));
  }

  /** A zone whose every check holds once a dropped or doubled character is put right (see realignLine). */
  private realign(lib: MrzLibrary, readings: string[], rotation: MrzRotation, exhausted: () => boolean): Attempt | undefined {
    for (const text of readings) {
      for (const { lines, line, length } of misalignedZones(text)) {
        if (exhausted()) return undefined;
        const repaired = realignLine(lib, lines, line, length, exhausted);
        if (repaired) return this.attemptOf(repaired, rotation);
      }
    }
    return undefined;
  }

  private attemptOf(repaired: RepairOutcome, rotation: MrzRotation): Attempt {
    const result = toMrzResult(repaired.parsed, repaired.lines, this.today());
    const checks = Object.values(result.checks);
    const codesWellFormed = hasWellFormedCodes(repaired.lines, repaired.parsed.details);
    return {
      result,
      codesWellFormed,
      rotation,
      validChecks: checks.filter((ok) => ok).length / checks.length,
      validFields: repaired.parsed.details.filter((d) => d.valid).length,
      // A format without an expiry (the French national ID) is complete without one.
      complete: codesWellFormed && result.valid && result.fields.birthDate !== null && (result.fields.expirationDate !== null || result.checks.expirationDate === undefined),
      doubted: !validCode(repaired.parsed, 'documentCode') || !wellFormedUncheckedFields(result) || crossCheckZone(result, this.lib).length > 0,
      // Only what still fails: a later repair of the same check by another reading may have settled it.
      unresolved: repaired.unresolved.filter((u) => result.checks[u.field] === false),
    };
  }

  /**
   * The best reading among candidate zones, in the order given; stops at the first whose every
   * check holds and that the cross-checks do not doubt, and once one zone parsed when the
   * search's work is `exhausted`.
   */
  private interpret(lib: MrzLibrary, zones: string[][], rotation: MrzRotation, peers: string[][], exhausted: () => boolean, maxChanges: 1 | 2 = 2): Attempt | undefined {
    let best: Attempt | undefined;
    for (const zone of zones) {
      if (best && exhausted()) break;
      const repaired = repairByCheckDigits(lib, zone, peers.filter((p) => p.length === zone.length && p[0].length === zone[0].length), maxChanges);
      if (!repaired) continue;
      const attempt = this.attemptOf(repaired, rotation);
      if (!best || isBetter(attempt, best)) best = attempt;
      if (attempt.complete && !attempt.doubted) break;
    }
    return best;
  }
}

/**
 * Unchecked fields that have a fixed form: the French national ID's office code (line 1,
 * characters 31-36: department and office) is six digits or letters, and no check digit covers
 * it, so a dropped character shifted a filler into it unnoticed.
 */
function wellFormedUncheckedFields(result: MrzResult): boolean {
  return result.format !== 'FRENCH_NATIONAL_ID' || /^[0-9A-Z]{6}$/.test(result.lines[0].slice(30, 36));
}

/** Disputed places of a document number beyond which no choice among them is tried (see withSeenNumber). */
const MAX_DISPUTED_PLACES = 6;

/** An ICAO 9303 document code: A, C, I, P or V, then a letter or a filler. */
const DOCUMENT_CODE = /^[ACIPV][A-Z<]$/;

function validCode(parsed: RepairOutcome['parsed'], field: string): boolean {
  return parsed.details.find((d) => d.field === field)?.valid !== false;
}

/** What a reading says that the check digits cover or depend on, and which checks hold: the names aside. */
function checkedContent(result: MrzResult): string {
  const { surname: _surname, givenNames: _givenNames, ...checked } = result.fields;
  return JSON.stringify([result.format, checked, result.checks]);
}

/** A reading of upright zone text: a valid check digit and a document code where it belongs. */
function looksUpright(attempt: Attempt | undefined): boolean {
  return attempt !== undefined && attempt.validChecks > 0 && /^[ACIPV]/.test(attempt.result.lines[0]);
}

const round = (ms: number): number => Math.round(ms * 10) / 10;

/**
 * Characters of the zone that no reading saw at that place: line by line, the fewest
 * differences from any reading's line of the same shape. Lines are combined across readings
 * and repairs stack, so this counts what the check digits, not the OCR, decided.
 */
function unseenCharacters(lines: readonly string[], readings: readonly string[][][]): number {
  let total = 0;
  for (let k = 0; k < lines.length; k++) {
    let fewest = lines[k].length;
    for (const zones of readings) {
      for (const zone of zones) {
        if (zone.length !== lines.length || zone[k].length !== lines[k].length) continue;
        let differences = 0;
        for (let i = 0; i < lines[k].length; i++) if (zone[k][i] !== lines[k][i]) differences++;
        fewest = Math.min(fewest, differences);
      }
    }
    total += fewest;
  }
  return total;
}

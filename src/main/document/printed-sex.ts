import type { MrzSex, PrintedSexCheck } from '../../shared/document-types';
import { plainUpper } from './printed-dates';
import type { LineBox, PrintedLine } from './printed-text-ocr';

/**
 * The sex printed on a document's visual zone held against its machine-readable zone's. A zone
 * whose sex was changed still validates (no check digit covers it); the letter printed under
 * the "Sex" label beside the photo is harder to change. Pure: the OCR lines come in, with their
 * boxes, no pixels.
 *
 * A printed sex is one letter (F, M, X), or the national letter and ICAO's after a slash (K/F in
 * Poland, V/M in Latvia, V/F in the Netherlands). A lone letter on a page can be anything (a
 * document type, an initial), so it counts only where the layout says it is the sex: the short
 * line nearest below a line holding a sex label, starting under that label. A national/ICAO pair
 * says what it is by its form, so it counts without its label (Poland's PŁEĆ/SEX is not read).
 * As for the dates (printed-dates.ts), either recogniser reading the zone's letter confirms it,
 * and a mismatch rests only on a letter both recognisers read alike: a reading only one of them
 * made (a slash misread, PP-OCR's reading of the area under a label Tesseract found nothing
 * under) can confirm, never differ.
 */

/**
 * The label of the sex field in the languages of documents in Latin script, upper case and
 * accents dropped: English, French, Spanish and Portuguese, Italian, German, Dutch, Polish,
 * Czech and Slovak, Latvian, Lithuanian, Finnish, Croatian and Slovene, Romanian, Hungarian,
 * Estonian and Norwegian. Not Swedish and Danish Kön and Køn: their documents print Sex beside
 * them, and Tesseract reads the Czech passport's Kód (code) as `Kon`.
 */
const SEX_LABELS = /(?:^|[^A-Z])(SEX|SEXE|SEXO|SESSO|GESCHLECHT|GESLACHT|PLEC|POHLAVI|DZIMUMS|LYTIS|SUKUPUOLI|SPOL|SEXUL|NEME|SUGU|KJONN)(?![A-Z])/;

/** One letter, or two letters either side of a slash: the whole of a line that may be a sex. */
const SHORT_VALUE = /^([A-Z])(?:\s*\/\s*([A-Z]))?$/;
/**
 * A pair whose slash Tesseract read as a letter or a bar (Latvia's V/M as `VIM`). Taken only under
 * a sex label, and never re-read by PP-OCR (it is not a SHORT_VALUE), so it can confirm the
 * zone's sex but never differ from it.
 */
const PAIR_WITHOUT_SLASH = /^([A-Z])[IL1|]([A-Z])$/;
const ICAO_SEX: ReadonlySet<string> = new Set(['M', 'F', 'X']);

/** plainUpper, and Ł as L: NFD does not split Ł (Polish PŁEĆ). */
const comparable = (text: string): string => plainUpper(text).replace(/Ł/g, 'L');

/** Whether an OCR line could be a printed sex (then both recognisers read it: printed-text-ocr.ts). */
export const mayBePrintedSex = (text: string): boolean => SHORT_VALUE.test(comparable(text).trim());

/** Whether an OCR line holds a sex field's label. */
export const holdsSexLabel = (text: string): boolean => SEX_LABELS.test(comparable(text));

interface SexValue {
  sex: MrzSex;
  /** Printed as the national letter and ICAO's (K/F): its form says it is a sex, label or not. */
  paired: boolean;
}

/** The ICAO letter a printed sex value gives (the one after the slash of a pair), or undefined when the text is none. */
export function printedSexValue(text: string): SexValue | undefined {
  const m = SHORT_VALUE.exec(comparable(text).trim());
  if (!m) return undefined;
  const letter = m[2] ?? m[1];
  return ICAO_SEX.has(letter) ? { sex: letter as MrzSex, paired: m[2] !== undefined } : undefined;
}

/** How far below its label a value may start, and how far left of it, in label heights. */
const BELOW_LABEL_HEIGHTS = 3;
const LEFT_OF_LABEL_HEIGHTS = 2;

/**
 * Where the sex label ends in its line, in pixels: Tesseract gives the line's box, not its
 * words', so the label's last letter is placed by its share of the line's characters (a line
 * can run on into the next column: "06 POHLAVI/SEX 07 MISTO NAROZENI").
 */
function labelEnd(line: PrintedLine): number {
  const text = comparable(line.tesseract);
  const m = SEX_LABELS.exec(text)!;
  const end = m.index + m[0].length;
  return line.box.left + ((line.box.right - line.box.left) * end) / Math.max(1, text.length);
}

/**
 * Where a sex label's value may be printed: from the label's line down three label heights, and
 * from a little left of the line to a label height past the label's end (see printedSexReadings).
 * Where Tesseract found no line there, PP-OCR reads this area (printed-text-ocr.ts).
 */
export function sexValueArea(label: PrintedLine): LineBox {
  const height = Math.max(1, label.box.bottom - label.box.top);
  return {
    left: label.box.left - LEFT_OF_LABEL_HEIGHTS * height,
    top: label.box.bottom + 1,
    right: labelEnd(label) + height,
    bottom: label.box.bottom + BELOW_LABEL_HEIGHTS * height,
  };
}

/** The sex a reading of a line under a sex label gives: a value, or a pair whose slash was misread. */
function sexUnderLabel(text: string): MrzSex | undefined {
  const value = printedSexValue(text);
  if (value) return value.sex;
  const m = PAIR_WITHOUT_SLASH.exec(comparable(text).trim());
  return m && ICAO_SEX.has(m[2]) ? (m[2] as MrzSex) : undefined;
}

/** The short line nearest under a sex label, in sexValueArea; undefined when there is none. */
function lineUnderLabel(label: PrintedLine, lines: readonly PrintedLine[]): PrintedLine | undefined {
  const area = sexValueArea(label);
  return lines
    .filter((l) => l !== label && l.page === label.page && (sexUnderLabel(l.tesseract) !== undefined || sexUnderLabel(l.paddle) !== undefined || mayBePrintedSex(l.tesseract)))
    .filter((l) => l.box.top > label.box.top && l.box.top <= area.bottom && l.box.left >= area.left && l.box.left <= area.right)
    .sort((a, b) => a.box.top - b.box.top)[0];
}

/** The lines holding a sex label with no short line under it: where PP-OCR reads sexValueArea (printed-text-ocr.ts). */
export function sexLabelsWithoutValue(lines: readonly PrintedLine[]): PrintedLine[] {
  return lines.filter((l) => holdsSexLabel(l.tesseract) && lineUnderLabel(l, lines) === undefined);
}

/** A line where the sex is printed, and the sex each recogniser read there (undefined: none). */
export interface PrintedSexReading {
  line: PrintedLine;
  tesseract: MrzSex | undefined;
  paddle: MrzSex | undefined;
}

/**
 * The document's printed sex, as read: the short line under a sex label (the nearest below it,
 * starting between a little left of the label's line and the label's end), and any
 * national/ICAO pair.
 */
export function printedSexReadings(lines: readonly PrintedLine[]): PrintedSexReading[] {
  const found = new Map<PrintedLine, PrintedSexReading>();
  for (const label of lines.filter((l) => holdsSexLabel(l.tesseract))) {
    const under = lineUnderLabel(label, lines);
    if (under) found.set(under, { line: under, tesseract: sexUnderLabel(under.tesseract), paddle: sexUnderLabel(under.paddle) });
  }
  for (const line of lines) {
    const [tesseract, paddle] = [printedSexValue(line.tesseract), printedSexValue(line.paddle)];
    if (!found.has(line) && (tesseract?.paired || paddle?.paired)) found.set(line, { line, tesseract: tesseract?.sex, paddle: paddle?.sex });
  }
  return [...found.values()];
}

/**
 * The zone's sex against the one printed: `matches` when either recogniser read the zone's
 * letter where the sex is printed, `differs` when both read the same other letter there, and
 * `not-read` otherwise. A zone with no sex (`<`, X) is held against a printed X only: ICAO lets
 * such a document print nothing, a dash or X.
 */
export function checkPrintedSex(zoneSex: MrzSex, lines: readonly PrintedLine[]): PrintedSexCheck {
  const readings = printedSexReadings(lines);
  if (readings.some((r) => r.tesseract === zoneSex || r.paddle === zoneSex)) return { status: 'matches' };
  if (zoneSex === 'X') return { status: 'not-read' };
  const agreed = readings.find((r) => r.tesseract !== undefined && r.tesseract === r.paddle);
  return agreed ? { status: 'differs' } : { status: 'not-read' };
}

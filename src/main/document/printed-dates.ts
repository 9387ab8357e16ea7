import type { DatePart, MrzFields, PrintedDateCheck, PrintedDatesCheck } from '../../shared/document-types';
import type { PrintedLine } from './printed-text-ocr';

/** What the dates are read from: a line's two readings (its box does not matter). */
export type PrintedText = Pick<PrintedLine, 'tesseract' | 'paddle'>;

/**
 * The dates printed on a document's visual zone (its page or card front, as OCR text) held
 * against the dates its machine-readable zone gives. A zone whose birth date or expiry was
 * altered, with its check digits recomputed, still validates; the printed date beside the
 * photo is harder to change. Pure: the OCR text comes in, no pixels.
 *
 * The OCR of a visual zone is noisy (guilloche, holograms, small print), so a printed date
 * counts only as a whole date in a format documents use; a zone date is confirmed when either
 * recogniser read it on the page; and a mismatch is raised only on a date both recognisers
 * read alike on the same line (printed-text-ocr.ts), in that field's place, agreeing with the
 * zone in two of its three parts: an altered year, month or day. A date the page does not
 * show legibly is "not read", never a mismatch.
 */

export interface PrintedDate {
  day: number;
  month: number;
  year: number;
  /** 2 when the page prints the year with two digits (its century is then unknown). */
  yearDigits: 2 | 4;
  /** As read, for the finding's text. */
  text: string;
}

/**
 * Month names and abbreviations of the languages documents in Latin script print (English,
 * French, German, Spanish, Italian, Portuguese, Dutch), upper case, accents dropped: the
 * first name of "12 AUG/AOUT 74" or "16 APR/AVR 07" is looked up.
 */
const MONTHS: Readonly<Record<string, number>> = Object.fromEntries(([
  [1, ['JAN', 'JANUARY', 'JANV', 'JANVIER', 'JANUAR', 'JAENNER', 'ENE', 'ENERO', 'GEN', 'GENNAIO', 'JANEIRO', 'JANUARI']],
  [2, ['FEB', 'FEBRUARY', 'FEV', 'FEVR', 'FEVRIER', 'FEBR', 'FEBRUAR', 'FEBRERO', 'FEBBRAIO', 'FEVEREIRO', 'FEBRUARI']],
  [3, ['MAR', 'MARCH', 'MARS', 'MRZ', 'MAERZ', 'MARZ', 'MARZO', 'MARCO', 'MAART', 'MRT']],
  [4, ['APR', 'APRIL', 'AVR', 'AVRIL', 'ABR', 'ABRIL', 'APRILE']],
  [5, ['MAY', 'MAI', 'MAYO', 'MAG', 'MAGGIO', 'MAIO', 'MEI']],
  [6, ['JUN', 'JUNE', 'JUIN', 'JUNI', 'JUNIO', 'GIU', 'GIUGNO', 'JUNHO']],
  [7, ['JUL', 'JULY', 'JUIL', 'JUILLET', 'JULI', 'JULIO', 'LUG', 'LUGLIO', 'JULHO']],
  [8, ['AUG', 'AUGUST', 'AOU', 'AOUT', 'AGO', 'AGOSTO', 'AUGUSTUS']],
  [9, ['SEP', 'SEPT', 'SEPTEMBER', 'SEPTEMBRE', 'SEPTIEMBRE', 'SETT', 'SETTEMBRE', 'SET', 'SETEMBRO']],
  [10, ['OCT', 'OCTOBER', 'OCTOBRE', 'OKT', 'OKTOBER', 'OCTUBRE', 'OTT', 'OTTOBRE', 'OUT', 'OUTUBRO']],
  [11, ['NOV', 'NOVEMBER', 'NOVEMBRE', 'NOVIEMBRE', 'NOVEMBRO']],
  [12, ['DEC', 'DECEMBER', 'DECEMBRE', 'DEZ', 'DEZEMBER', 'DIC', 'DICIEMBRE', 'DICEMBRE', 'DEZEMBRO']],
] as const).flatMap(([month, names]) => names.map((name) => [name, month])));

/** Upper case with accents dropped, as OCR text is compared (here, and by printed-sex.ts). */
export const plainUpper = (text: string): string => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toUpperCase();

/** A line of the machine-readable zone, which is not the visual zone: fillers, or a long run of code characters. */
const ZONE_LINE = /<|[A-Z0-9]{20,}/;

/** Whether an OCR line is the machine-readable zone's, whose dates are not printed ones (nor read for them). */
export const isZoneLine = (text: string): boolean => ZONE_LINE.test(plainUpper(text));

const SEPARATOR = String.raw`\s*[./-]\s*|\s+`;
/** Day, month, year in digits: 12.08.1974, 12 08 74, 12/08/1974, 21.08 2008. */
const DAY_MONTH_YEAR = new RegExp(String.raw`(?<![\d.])(\d{1,2})(?:${SEPARATOR})(\d{1,2})(?:${SEPARATOR})(\d{4}|\d{2})(?![\d])`, 'g');
/** Year, month, day in digits: 1974-08-12, 1974.08.12. */
const YEAR_MONTH_DAY = /(?<![\d.])(\d{4})\s*[./-]\s*(\d{1,2})\s*[./-]\s*(\d{1,2})(?!\d)/g;
/** Day, month name(s), year: 12 AUG/AOUT 74, 12 AUGUST 1974, 12.AUG.1974. */
const DAY_NAME_YEAR = /(?<!\d)(\d{1,2})[\s./-]*([A-Z]{3,9})(?:\s*\/\s*[A-Z]{3,9})*[\s./-]*(\d{4}|\d{2})(?!\d)/g;

const isCalendarDate = (year: number, month: number, day: number): boolean => {
  if (month < 1 || month > 12 || day < 1) return false;
  const fullYear = year < 100 ? 2000 + year : year;
  return day <= new Date(Date.UTC(fullYear, month, 0)).getUTCDate();
};

const sameDate = (a: PrintedDate, b: PrintedDate): boolean => a.day === b.day && a.month === b.month && a.year === b.year;

/** Every whole date in the OCR text of a visual zone, once each, in reading order; zone lines skipped. */
export function printedDatesIn(text: string): PrintedDate[] {
  const found: PrintedDate[] = [];
  const add = (day: number, month: number, yearText: string, seen: string): void => {
    const year = Number(yearText);
    if (yearText.length === 4 && (year < 1900 || year > 2100)) return;
    if (!isCalendarDate(year, month, day)) return;
    const date: PrintedDate = { day, month, year, yearDigits: yearText.length === 4 ? 4 : 2, text: seen.trim().replace(/\s+/g, ' ') };
    if (!found.some((d) => sameDate(d, date))) found.push(date);
  };
  for (const line of plainUpper(text).split(/\r?\n/)) {
    if (isZoneLine(line)) continue;
    for (const m of line.matchAll(YEAR_MONTH_DAY)) add(Number(m[3]), Number(m[2]), m[1], m[0]);
    for (const m of line.matchAll(DAY_MONTH_YEAR)) add(Number(m[1]), Number(m[2]), m[3], m[0]);
    for (const m of line.matchAll(DAY_NAME_YEAR)) {
      const month = MONTHS[m[2]];
      if (month !== undefined) add(Number(m[1]), month, m[3], m[0]);
    }
  }
  return found;
}

interface IsoParts { year: number; month: number; day: number }
const isoParts = (iso: string): IsoParts => ({ year: Number(iso.slice(0, 4)), month: Number(iso.slice(5, 7)), day: Number(iso.slice(8, 10)) });

/**
 * Which of day, month and year the printed date shares with the zone's. Years are compared by
 * their last two digits, all the zone holds: its century is inferred (a Czech specimen's holder,
 * born 01.01.1911, is 2011-01-01 by the zone's rule that birth dates lie in the past).
 */
function agreement(p: PrintedDate, z: IsoParts): { day: boolean; month: boolean; year: boolean } {
  return { day: p.day === z.day, month: p.month === z.month, year: p.year % 100 === z.year % 100 };
}

const agreeing = (p: PrintedDate, z: IsoParts): number => Object.values(agreement(p, z)).filter(Boolean).length;

/** Order of printed dates in time; a two-digit year is placed in the century of `near`. */
function sortKey(p: PrintedDate, near: number): number {
  let year = p.year;
  if (p.yearDigits === 2) {
    year = Math.floor(near / 100) * 100 + p.year;
    if (year - near > 50) year -= 100;
    else if (near - year > 50) year += 100;
  }
  return year * 10_000 + p.month * 100 + p.day;
}

/** A line's characters without spaces and date separators, to compare two readings of it. */
const compact = (text: string): string => plainUpper(text).replace(/[\s./-]/g, '');

/**
 * The dates of the printed lines: every date either recogniser read (`read`), and those both
 * read alike on the same line (`agreed`: the same date, or its characters but for spacing in
 * the other reading), each once.
 */
export function datesOfLines(lines: readonly PrintedText[]): { read: PrintedDate[]; agreed: PrintedDate[] } {
  const read: PrintedDate[] = [];
  const agreed: PrintedDate[] = [];
  const addTo = (list: PrintedDate[], d: PrintedDate): void => {
    if (!list.some((e) => sameDate(e, d))) list.push(d);
  };
  // Alike: the same date, or the same characters but for spacing (PP-OCR often drops the
  // spaces of "12 08 1974", reading 12081974, which alone is no date).
  const sawToo = (d: PrintedDate, others: PrintedDate[], otherLine: string): boolean => others.some((o) => sameDate(o, d)) || compact(otherLine).includes(compact(d.text));
  for (const line of lines) {
    const tesseract = printedDatesIn(line.tesseract);
    const paddle = printedDatesIn(line.paddle);
    for (const d of [...tesseract, ...paddle]) addTo(read, d);
    for (const d of tesseract) if (sawToo(d, paddle, line.paddle)) addTo(agreed, d);
    for (const d of paddle) if (sawToo(d, tesseract, line.tesseract)) addTo(agreed, d);
  }
  return { read, agreed };
}

/**
 * The zone's birth date and expiry against the dates printed on the document. `matches`: either
 * recogniser read the zone's date. `differs` needs a date both read alike in the field's place:
 * for the birth date the earliest such date, for the expiry the latest (a page prints birth,
 * issue and expiry in that order of time), agreeing with the zone in two of day, month and
 * year. An expiry whose year alone differs also needs three such dates, because the issue date
 * often shares the expiry's day and month (passports valid ten years to the day): with only two
 * read, the missed one may be the expiry.
 */
export function checkPrintedDates(fields: Pick<MrzFields, 'birthDate' | 'expirationDate'>, lines: readonly PrintedText[]): PrintedDatesCheck {
  const { read, agreed } = datesOfLines(lines);
  const zoneDates = [fields.birthDate, fields.expirationDate].filter((d): d is string => d !== null).map(isoParts);
  const near = zoneDates[0]?.year ?? 2000;
  const inTime = [...agreed].sort((a, b) => sortKey(a, near) - sortKey(b, near));
  const check = (iso: string | null, place: PrintedDate | undefined, field: 'birthDate' | 'expirationDate'): PrintedDateCheck => {
    if (iso === null) return { status: 'not-in-zone' };
    const zone = isoParts(iso);
    if (read.some((p) => agreeing(p, zone) === 3)) return { status: 'matches' };
    if (!place || agreeing(place, zone) !== 2) return { status: 'not-read' };
    // A printed date that is the zone's other date is that date, not this one altered.
    if (zoneDates.some((other) => agreeing(place, other) === 3)) return { status: 'not-read' };
    const parts = agreement(place, zone);
    const part: DatePart = !parts.year ? 'year' : !parts.month ? 'month' : 'day';
    if (field === 'expirationDate' && part === 'year' && inTime.length < 3) return { status: 'not-read' };
    return { status: 'differs', part };
  };
  return {
    birthDate: check(fields.birthDate, inTime[0], 'birthDate'),
    expirationDate: check(fields.expirationDate, inTime.length > 1 ? inTime[inTime.length - 1] : undefined, 'expirationDate'),
    datesRead: read.length,
  };
}

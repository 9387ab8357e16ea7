import type { MrzChecks, MrzFields, MrzFormat, MrzResult, MrzSex } from '../../shared/document-types';
import { MRZ_LINE_COUNT, MRZ_LINE_LENGTH } from '../../shared/document-types';
import type { MrzDetail, MrzLibrary, MrzParseResult } from './mrz-library';

/** The zone shapes: a visa has the shape of a TD2 (MRV-B) or TD3 (MRV-A) zone, as does the French national ID (TD2). */
const SHAPES: readonly MrzFormat[] = ['TD1', 'TD2', 'TD3'];
/**
 * The `mrz` package tells this format from a TD2 by line 1 (IDFRA, or digits in the
 * administrative code at 30-35) and knows its fields and checks.
 */
const FRENCH_NATIONAL_ID: MrzFormat = 'FRENCH_NATIONAL_ID';

/** Which of the library's check-digit fields feeds which entry of MrzChecks. */
const CHECK_FIELDS: Readonly<Record<string, keyof MrzChecks>> = {
  documentNumberCheckDigit: 'documentNumber',
  birthDateCheckDigit: 'birthDate',
  expirationDateCheckDigit: 'expirationDate',
  personalNumberCheckDigit: 'personalNumber',
  compositeCheckDigit: 'composite',
};

export function isCheckDigitField(field: string | null): boolean {
  return field !== null && field in CHECK_FIELDS;
}

/** The shape (TD1, TD2 or TD3) whose line count and length these lines have exactly, if any. */
export function formatOfLines(lines: readonly string[]): MrzFormat | undefined {
  return SHAPES.find((f) => lines.length === MRZ_LINE_COUNT[f] && lines.every((l) => l.length === MRZ_LINE_LENGTH[f]));
}

/**
 * Parses lines with the `mrz` package; undefined when they are not a TD1/TD2/TD3, visa or French
 * national ID zone.
 * The package knows no visas: a zone starting with V in TD2's or TD3's shape is parsed as that
 * and then given the visa's own rules (asVisa).
 */
export function parseWithLibrary(lib: MrzLibrary, lines: readonly string[]): MrzParseResult | undefined {
  const shape = formatOfLines(lines);
  if (!shape) return undefined;
  let parsed: MrzParseResult;
  try {
    parsed = lib.parse(lines);
  } catch {
    // The library throws on shapes it does not know; for us that is "not a zone".
    return undefined;
  }
  if (parsed.format === FRENCH_NATIONAL_ID) return parsed;
  if (!SHAPES.includes(parsed.format as MrzFormat)) return undefined;
  return shape !== 'TD1' && lines[0][0] === 'V' ? asVisa(parsed, shape === 'TD3' ? 'MRV-A' : 'MRV-B', lines) : parsed;
}

/**
 * ICAO 9303 part 7: a visa's second line has the document number, birth date and expiry date
 * with their check digits at TD3's (MRV-A) or TD2's (MRV-B) places, and after the expiry
 * check only optional data (16 or 8 characters): no personal-number check, no composite.
 * The document code is V and a letter or filler, which the package's TD2/TD3 rules reject.
 */
function asVisa(parsed: MrzParseResult, format: 'MRV-A' | 'MRV-B', lines: readonly string[]): MrzParseResult {
  const optionalStart = 28;
  const end = lines[1].length;
  const raw = lines[1].slice(optionalStart, end);
  const optional: MrzDetail = {
    label: 'Optional data',
    field: 'optional',
    value: raw.replace(/</g, ' ').trim(),
    valid: /^[A-Z0-9<]*$/.test(raw),
    ranges: [{ line: 1, start: optionalStart, end, raw }],
    line: 1,
    start: optionalStart,
    end,
  };
  const details: MrzDetail[] = [];
  for (const d of parsed.details) {
    if (d.line === 1 && d.start >= optionalStart) {
      if (d.start === optionalStart) details.push(optional);
      continue;
    }
    if (d.field === 'documentCode') {
      const code = lines[0].slice(0, 2);
      const { error: _libraryError, ...rest } = d;
      void _libraryError;
      details.push(/^V[A-Z<]$/.test(code)
        ? { ...rest, valid: true, value: code.replace(/</g, '') }
        : { ...rest, valid: false, value: code, error: `invalid document code: ${code}. A visa's code is V and a letter or filler` });
      continue;
    }
    details.push(d);
  }
  const fields: Record<string, string | null> = { ...parsed.fields, documentCode: lines[0].slice(0, 2).replace(/</g, ''), optional: optional.value };
  delete fields.personalNumber;
  delete fields.personalNumberCheckDigit;
  delete fields.compositeCheckDigit;
  return { format, valid: details.every((d) => d.valid), fields, documentNumber: parsed.documentNumber, details };
}

export function checkDetails(parsed: MrzParseResult): MrzDetail[] {
  return parsed.details.filter((d) => isCheckDigitField(d.field));
}

function rawOf(parsed: MrzParseResult, field: string): string {
  const detail = parsed.details.find((d) => d.field === field);
  return detail ? detail.ranges.map((r) => r.raw).join('') : '';
}

const stripFillers = (text: string): string => text.replace(/</g, ' ').trim().replace(/\s+/g, ' ');

/**
 * YYMMDD to ISO. The zone stores two-digit years: a birth date is the latest century that
 * puts it in the past; an expiry date is at most 50 years ahead of today (passports last
 * 10 years, so an expiry 60 years ahead is really 40 years behind).
 */
export function mrzDateToIso(yymmdd: string, kind: 'birth' | 'expiry', today: Date): string | null {
  if (!/^\d{6}$/.test(yymmdd)) return null;
  const yy = Number(yymmdd.slice(0, 2));
  const month = Number(yymmdd.slice(2, 4));
  const day = Number(yymmdd.slice(4, 6));
  const thisYear = today.getUTCFullYear();
  let year = 2000 + yy;
  if (kind === 'birth') {
    const candidate = new Date(Date.UTC(year, month - 1, day));
    if (candidate.getTime() > today.getTime()) year -= 100;
  } else if (year > thisYear + 50) {
    year -= 100;
  }
  const date = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

function sexOf(raw: string): MrzSex {
  return raw === 'M' || raw === 'F' ? raw : 'X';
}

/** The French card has the surname on line 1 and the given names (separated by `<<`) on line 2. */
function frenchNamesOf(parsed: MrzParseResult): { surname: string; givenNames: string } {
  return { surname: stripFillers(rawOf(parsed, 'lastName')), givenNames: stripFillers(rawOf(parsed, 'firstName')) };
}

/** YYMM of issue to `YYYY-MM`: the latest century that puts it no later than this month. */
export function issueMonthToIso(yymm: string, today: Date): string | null {
  if (!/^\d{4}$/.test(yymm)) return null;
  const month = Number(yymm.slice(2, 4));
  if (month < 1 || month > 12) return null;
  let year = 2000 + Number(yymm.slice(0, 2));
  if (year * 12 + month > today.getUTCFullYear() * 12 + today.getUTCMonth() + 1) year -= 100;
  return `${year}-${String(month).padStart(2, '0')}`;
}

function namesOf(parsed: MrzParseResult): { surname: string; givenNames: string } {
  // Raw split rather than the library's values: they are null when a name holds a digit.
  const raw = rawOf(parsed, 'lastName');
  const cut = raw.indexOf('<<');
  const surname = stripFillers(cut === -1 ? raw : raw.slice(0, cut));
  const givenNames = cut === -1 ? '' : stripFillers(raw.slice(cut + 2));
  return { surname, givenNames };
}

/** Turns the library's parse of complete lines into the result the station shows. */
export function toMrzResult(parsed: MrzParseResult, lines: readonly string[], today: Date): MrzResult {
  const format = parsed.format as MrzFormat;
  const checks = {} as MrzChecks;
  for (const detail of checkDetails(parsed)) checks[CHECK_FIELDS[detail.field as string]] = detail.valid;
  // TD2's and the visas' optional data is `optional`; TD1's is `optional1` and `optional2`.
  const optional = ['personalNumber', 'optional', 'optional1', 'optional2']
    .map((f) => stripFillers(rawOf(parsed, f)))
    .filter((v) => v !== '');
  const french = format === FRENCH_NATIONAL_ID;
  // The French card's number is its 12 first characters of line 2: issue month, office, sequence.
  const rawDocumentNumber = french ? lines[1].slice(0, 12) : stripFillers(rawOf(parsed, 'documentNumber'));
  const fields: MrzFields = {
    documentCode: stripFillers(rawOf(parsed, 'documentCode')),
    issuingState: stripFillers(rawOf(parsed, 'issuingState')),
    documentNumber: french ? rawDocumentNumber : parsed.fields.documentNumber ?? rawDocumentNumber,
    birthDate: mrzDateToIso(rawOf(parsed, 'birthDate'), 'birth', today),
    sex: sexOf(rawOf(parsed, 'sex')),
    expirationDate: mrzDateToIso(rawOf(parsed, 'expirationDate'), 'expiry', today),
    // The French card is issued to French nationals only; its zone has no nationality field.
    nationality: french ? 'FRA' : stripFillers(rawOf(parsed, 'nationality')),
    ...(french ? frenchNamesOf(parsed) : namesOf(parsed)),
    optional: optional.join(' '),
    ...(french ? { issueMonth: issueMonthToIso(rawOf(parsed, 'issueDate'), today) } : {}),
  };
  const valid = Object.values(checks).every((ok) => ok === true);
  const todayIso = today.toISOString().slice(0, 10);
  const expired = fields.expirationDate !== null && fields.expirationDate < todayIso;
  return { format, lines: [...lines], fields, checks, valid, expired };
}

/**
 * Fields with a fixed shape, and that shape (ICAO 9303): codes are letters, then fillers (`P<`,
 * `D<<`; a digit in a document code is a misread the reader's cross-checks doubt), a number is
 * letters and digits, then fillers. No check digit covers the codes, so only their shape can
 * refuse a zone the line combinations assembled with a filler between letters (mrz-reader.ts,
 * Attempt.codesWellFormed).
 */
const FIELD_SHAPES: Readonly<Record<string, RegExp>> = {
  documentCode: /^[A-Z0-9][A-Z0-9<]?$/,
  issuingState: /^[A-Z]+<*$/,
  nationality: /^[A-Z]+<*$/,
  documentNumber: /^[A-Z0-9]+<*$/,
};
/** A number continued into the optional data fills its nine principal characters. */
const LONG_NUMBER_PRINCIPAL = /^[A-Z0-9]{9}$/;

/**
 * Pure: whether the zone's codes and document number have their shapes; a number continued into
 * the optional data (its check position holding a filler) must fill its nine principal places.
 */
export function hasWellFormedCodes(lines: readonly string[], details: readonly MrzDetail[]): boolean {
  return details.every((d) => {
    const shape = d.field === null ? undefined : FIELD_SHAPES[d.field];
    if (!shape) return true;
    // The `mrz` package gives a TD1 or TD2 number its principal part, its check position and the optional data.
    const [principal, check] = d.ranges.map((r) => lines[r.line].slice(r.start, r.end));
    return d.field === 'documentNumber' && check === '<' ? LONG_NUMBER_PRINCIPAL.test(principal) : shape.test(principal);
  });
}

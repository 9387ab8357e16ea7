import type { MrzChecks, MrzFields, MrzFormat, MrzResult, MrzSex } from '../../shared/document-types';
import { MRZ_LINE_COUNT, MRZ_LINE_LENGTH } from '../../shared/document-types';
import type { MrzDetail, MrzLibrary, MrzParseResult } from './mrz-library';

const FORMATS: readonly MrzFormat[] = ['TD1', 'TD2', 'TD3'];

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

/** The format whose line count and length these lines have exactly, if any. */
export function formatOfLines(lines: readonly string[]): MrzFormat | undefined {
  return FORMATS.find((f) => lines.length === MRZ_LINE_COUNT[f] && lines.every((l) => l.length === MRZ_LINE_LENGTH[f]));
}

/** Parses lines with the `mrz` package; undefined when they are not a TD1/TD2/TD3 zone. */
export function parseWithLibrary(lib: MrzLibrary, lines: readonly string[]): MrzParseResult | undefined {
  if (!formatOfLines(lines)) return undefined;
  try {
    const parsed = lib.parse(lines);
    return FORMATS.includes(parsed.format as MrzFormat) ? parsed : undefined;
  } catch {
    // The library throws on shapes it does not know; for us that is "not a zone".
    return undefined;
  }
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
  const optional = ['personalNumber', 'optional1', 'optional2']
    .map((f) => stripFillers(rawOf(parsed, f)))
    .filter((v) => v !== '');
  const rawDocumentNumber = stripFillers(rawOf(parsed, 'documentNumber'));
  const fields: MrzFields = {
    documentCode: stripFillers(rawOf(parsed, 'documentCode')),
    issuingState: stripFillers(rawOf(parsed, 'issuingState')),
    documentNumber: parsed.fields.documentNumber ?? rawDocumentNumber,
    birthDate: mrzDateToIso(rawOf(parsed, 'birthDate'), 'birth', today),
    sex: sexOf(rawOf(parsed, 'sex')),
    expirationDate: mrzDateToIso(rawOf(parsed, 'expirationDate'), 'expiry', today),
    nationality: stripFillers(rawOf(parsed, 'nationality')),
    ...namesOf(parsed),
    optional: optional.join(' '),
  };
  const valid = Object.values(checks).every((ok) => ok === true);
  const todayIso = today.toISOString().slice(0, 10);
  const expired = fields.expirationDate !== null && fields.expirationDate < todayIso;
  return { format, lines: [...lines], fields, checks, valid, expired };
}

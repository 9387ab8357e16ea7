import { checkDetails, parseWithLibrary } from './mrz-fields';
import type { MrzDetail, MrzLibrary, MrzParseResult } from './mrz-library';

/**
 * Repairs OCR confusions in a zone by its check digits (ICAO 9303 part 3, 7-3-1 weights).
 * A character is changed only when the changed field then validates and no other equally
 * small change validates as many of the zone's checks, so a repair fixes a misread without
 * choosing between equally good guesses.
 */

/** Characters OCR engines mistake for one another on OCR-B. */
const CONFUSIONS: Readonly<Record<string, string>> = {
  '0': 'OQDC', O: '0QD', Q: 'O0', D: '0O',
  '1': 'IL', I: '1L', L: '1I<',
  '2': 'Z', Z: '2',
  '5': 'S', S: '5',
  '6': 'G', G: '6',
  '8': 'B', B: '8',
  '4': 'A', A: '4',
  '7': 'T', T: '7',
  '<': 'KCLE', K: '<', C: '<0G', E: '<',
  H: 'MNW', M: 'H', N: 'H', W: 'H', U: 'V', V: 'U',
};

/**
 * Tried only when no classic confusion makes a check hold. OCR-B's 1 and 7 differ by a foot and
 * a flag that security print under the zone can hide: the line recogniser read the German visa
 * specimen's expiry 970801 as 910801 under its hatching. Kept apart because, among the classic
 * ones, they would make right repairs ambiguous (a visa number's O -> 0 then ties with a 1 -> 7
 * elsewhere in the field).
 */
const SECOND_LOOK: Readonly<Record<string, string>> = { '1': '7', '7': '1' };

const DIGITS = /^[0-9]$/;


/** ICAO 9303 check digit: weights 7, 3, 1; digits as is, A-Z as 10-35, filler as 0. */
export function computeCheckDigit(text: string): number {
  let sum = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const value = c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 90 ? c - 55 : 0;
    sum += value * [7, 3, 1][i % 3];
  }
  return sum % 10;
}

interface Position {
  line: number;
  index: number;
  /** Only digits belong here (dates, check digits). */
  numeric: boolean;
}

/** A check digit and the text it protects, as positions in the zone. */
interface CheckSpan {
  digit: Position;
  covered: Position[];
}

// The French national ID's month of issue, too (its office code may hold a letter: 2A, 2B).
const NUMERIC_FIELDS = new Set(['birthDate', 'expirationDate', 'issueDate']);

function spanOf(detail: MrzDetail, all: MrzDetail[]): CheckSpan {
  const numericAt = (line: number, index: number): boolean =>
    all.some((d) => d.field !== null && (NUMERIC_FIELDS.has(d.field) || d.field.endsWith('CheckDigit')) &&
      d.line === line && index >= d.start && index < d.end);
  const covered: Position[] = [];
  // The first range is the digit itself; the rest is what it protects. A TD1/TD2 document
  // number's check names the optional data too, which holds the number's overflow only when the
  // check digit's place is a filler (numbers over 9 characters); otherwise the check covers the
  // 9 characters alone, and counting the optional data made the French visa's right repair fail.
  const overflow = detail.field === 'documentNumberCheckDigit' && detail.ranges[0]?.raw === '<';
  const protectedRanges = detail.field === 'documentNumberCheckDigit' && !overflow ? detail.ranges.slice(1, 2) : detail.ranges.slice(1);
  for (const range of protectedRanges) {
    for (let i = range.start; i < range.end; i++) covered.push({ line: range.line, index: i, numeric: numericAt(range.line, i) });
  }
  return { digit: { line: detail.line, index: detail.start, numeric: true }, covered };
}

function checkHolds(lines: string[], span: CheckSpan): boolean {
  const digit = lines[span.digit.line][span.digit.index];
  const text = span.covered.map((p) => lines[p.line][p.index]).join('');
  // An empty optional field may carry a filler as its check digit.
  if (digit === '<') return /^<*$/.test(text);
  return DIGITS.test(digit) && Number(digit) === computeCheckDigit(text);
}

function replaceAt(lines: string[], p: Position, c: string): string[] {
  const copy = [...lines];
  copy[p.line] = copy[p.line].slice(0, p.index) + c + copy[p.line].slice(p.index + 1);
  return copy;
}

/** Other readings of the same zone: what they saw at a position is a candidate there too. */
type Peers = readonly (readonly string[])[];

function alternatives(c: string, numeric: boolean, peers: Peers = [], p?: { line: number; index: number }, table = CONFUSIONS): string[] {
  const options = new Set((table[c] ?? '').split(''));
  if (p) for (const peer of peers) options.add(peer[p.line]?.[p.index] ?? c);
  options.delete(c);
  const list = [...options];
  return numeric ? list.filter((o) => DIGITS.test(o)) : list;
}

interface SpanRepair {
  lines: string[];
  changed: number;
  /** Made with SECOND_LOOK, because no classic confusion made the check hold. */
  secondLook?: boolean;
}

/**
 * The smallest changes (1 or 2 characters) that make this one check hold. Letters in numeric
 * positions are first turned into their look-alike digits, as those are certain misreads; a
 * single SECOND_LOOK change is tried last, when no classic one or two changes make it hold.
 */
function repairSpan(lines: string[], span: CheckSpan, peers: Peers, maxChanges: 0 | 1 | 2): SpanRepair[] {
  const positions = [span.digit, ...span.covered];
  let forced = lines;
  let forcedCount = 0;
  for (const p of positions) {
    const c = forced[p.line][p.index];
    if (p.numeric && !DIGITS.test(c) && c !== '<') {
      const digit = alternatives(c, true)[0];
      if (digit === undefined) return [];
      forced = replaceAt(forced, p, digit);
      forcedCount++;
    }
  }
  if (checkHolds(forced, span)) return [{ lines: forced, changed: forcedCount }];
  if (maxChanges === 0) return [];

  const singles = (alternativesAt: (p: Position) => string[]): string[][] =>
    positions.flatMap((p) => alternativesAt(p).map((alt) => replaceAt(forced, p, alt))).filter((candidate) => checkHolds(candidate, span));
  const found = singles((p) => alternatives(forced[p.line][p.index], p.numeric, peers, p)).map((l) => ({ lines: l, changed: forcedCount + 1 }));
  if (found.length > 0 || maxChanges === 1) return found;

  const doubles: string[][] = [];
  for (let a = 0; a < positions.length; a++) {
    for (const altA of alternatives(forced[positions[a].line][positions[a].index], positions[a].numeric, peers, positions[a])) {
      const once = replaceAt(forced, positions[a], altA);
      for (let b = a + 1; b < positions.length; b++) {
        for (const altB of alternatives(once[positions[b].line][positions[b].index], positions[b].numeric, peers, positions[b])) {
          const twice = replaceAt(once, positions[b], altB);
          if (checkHolds(twice, span)) doubles.push(twice);
        }
      }
    }
  }
  if (doubles.length > 0) return doubles.map((l) => ({ lines: l, changed: forcedCount + 2 }));

  return singles((p) => alternatives(forced[p.line][p.index], p.numeric, [], undefined, SECOND_LOOK)).map((l) => ({ lines: l, changed: forcedCount + 1, secondLook: true }));
}

/**
 * A check that look-alike substitutions could make hold but that no other check confirms, so
 * none was made: the document number of a visa (no composite). `candidates` are the numbers
 * the substitutions give; the operator compares them with the number printed on the document.
 */
export interface UnresolvedRepair {
  field: 'documentNumber';
  read: string;
  candidates: string[];
}

export interface RepairOutcome {
  lines: string[];
  parsed: MrzParseResult;
  changedCharacters: number;
  /** Checks left failing because their repair was not unambiguous (see UnresolvedRepair). */
  unresolved: UnresolvedRepair[];
}

/** Whether a composite check covers the document number (every format but the visas). */
const hasComposite = (parsed: MrzParseResult): boolean => checkDetails(parsed).some((d) => d.field === 'compositeCheckDigit');

const fieldText = (lines: readonly string[], detail: MrzDetail): string => lines[detail.line].slice(detail.start, detail.end);

/** Positions where two zones differ. */
function differences(a: readonly string[], b: readonly string[]): { line: number; index: number }[] {
  const out: { line: number; index: number }[] = [];
  a.forEach((line, k) => {
    for (let i = 0; i < line.length; i++) if (line[i] !== b[k][i]) out.push({ line: k, index: i });
  });
  return out;
}

/**
 * A visa's document-number repair stands only when nothing else could confirm or contradict it
 * and it is still unambiguous: one substitution, the only one that makes the check hold, of a
 * character another reading saw at that place. A check digit alone cannot tell O from 0 (or I
 * from 1, S from 5...) when a second misread is possible: on the British visa specimen's number
 * read `ADOT259817` (two misreads) the only single change that validates is `ADQT259817`.
 */
function unambiguousRepair(current: readonly string[], winners: readonly { lines: string[]; changed: number }[], peers: Peers): boolean {
  if (winners.length !== 1 || winners[0].changed !== 1) return false;
  const [changed] = differences(current, winners[0].lines);
  return changed !== undefined && peers.some((peer) => peer[changed.line]?.[changed.index] === winners[0].lines[changed.line][changed.index]);
}

/** YYMMDD that names a day of the calendar (any century: 29 February passes, as 2000 was a leap year). */
const isCalendarDate = (text: string): boolean => {
  const m = /^(\d{2})(\d{2})(\d{2})$/.exec(text);
  if (!m) return false;
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(2000, month, 0)).getUTCDate();
};

/**
 * A repair may not turn a date into a day that does not exist: its check digit would hold by
 * chance (740814 read for 740812 "repaired" to 740874). A date that was no date before is not
 * judged here; its check fails or holds as read.
 */
function keepsDatesReal(before: readonly string[], after: readonly string[], details: readonly MrzDetail[]): boolean {
  return details.every((d) => {
    if (d.field !== 'birthDate' && d.field !== 'expirationDate') return true;
    const was = fieldText(before, d);
    const now = fieldText(after, d);
    return now === was || isCalendarDate(now);
  });
}

const countValidChecks = (parsed: MrzParseResult): number => checkDetails(parsed).filter((d) => d.valid).length;

/**
 * Repairs each failing check in turn, field checks before the composite (which also covers
 * them), keeping a repair only if the library then validates more check digits than before.
 * `peers` are other readings of the same zone (another engine, another threshold) whose lines
 * came out at exactly the right length, so their characters are aligned: what they saw at a
 * position is tried as well as the classic confusions. `maxChanges` 1 skips the costly search
 * for two changes per check (the quick first look at many candidate zones); 0 only turns
 * letters in digit fields into their look-alike digits.
 */
export function repairByCheckDigits(lib: MrzLibrary, lines: readonly string[], peers: Peers = [], maxChanges: 0 | 1 | 2 = 2): RepairOutcome | undefined {
  const read = parseWithLibrary(lib, lines);
  if (!read) return undefined;
  const denoised = fillerNoiseInOptionalData(lines, read);
  let current = denoised.lines;
  const first = denoised.changed > 0 ? parseWithLibrary(lib, current) : read;
  if (!first) return undefined;
  let parsed: MrzParseResult = first;
  let changed = denoised.changed;
  const unresolved: UnresolvedRepair[] = [];
  const ordered = (p: MrzParseResult): MrzDetail[] =>
    checkDetails(p).sort((a, b) => Number(a.field === 'compositeCheckDigit') - Number(b.field === 'compositeCheckDigit'));
  for (const detail of ordered(parsed)) {
    const fresh: MrzDetail | undefined = checkDetails(parsed).find((d) => d.field === detail.field);
    if (!fresh || fresh.valid) continue;
    // Several changes may satisfy this check; the other checks (the composite above all)
    // decide, and a tie means the zone cannot tell: nothing is changed.
    const scored: { lines: string[]; changed: number; parsed: MrzParseResult; valid: number }[] = [];
    for (const r of repairSpan(current, spanOf(fresh, parsed.details), peers, maxChanges)) {
      if (!keepsDatesReal(current, r.lines, parsed.details)) continue;
      const reparsed = parseWithLibrary(lib, r.lines);
      // A second-look change stands only if it leaves no check failing: alone it is a guess.
      if (reparsed && r.secondLook && countValidChecks(reparsed) < checkDetails(reparsed).length) continue;
      if (reparsed) scored.push({ ...r, parsed: reparsed, valid: countValidChecks(reparsed) });
    }
    const top = Math.max(-1, ...scored.map((r) => r.valid));
    const winners = scored.filter((r) => r.valid === top);
    const improves = top > countValidChecks(parsed);
    if (improves && fresh.field === 'documentNumberCheckDigit' && !hasComposite(parsed) && !unambiguousRepair(current, winners, peers)) {
      const number = parsed.details.find((d) => d.field === 'documentNumber');
      if (number) {
        const candidates = [...new Set(winners.map((w) => fieldText(w.lines, number)))].sort();
        unresolved.push({ field: 'documentNumber', read: fieldText(current, number), candidates });
      }
      continue;
    }
    if (winners.length === 1 && improves) {
      current = winners[0].lines;
      parsed = winners[0].parsed;
      changed += winners[0].changed;
    }
  }
  const lettered = fillFillerRuns(letterAlphaFields(current, parsed));
  if (lettered.changed > 0) {
    const reparsed = parseWithLibrary(lib, lettered.lines);
    if (reparsed && countValidChecks(reparsed) >= countValidChecks(parsed)) {
      current = lettered.lines;
      parsed = reparsed;
      changed += lettered.changed;
    }
  }
  return { lines: current, parsed, changedCharacters: changed, unresolved };
}

/** The free optional data the composite (or the TD3 personal number's check) covers. */
const OPTIONAL_FIELDS = new Set(['optional', 'optional1', 'optional2', 'personalNumber']);

/**
 * In optional data, a run of five or more of '<', C, K and L holding at least three of those
 * letters is a filler run the OCR read as letters (`<C<CCCCCCC<`), turned back before any check
 * is judged. Each C weighs 12 in a check digit, K 20, L 21, so left in place they make the
 * composite hold or fail at random: on the Liechtenstein ID card enlarged 4x a misread composite
 * digit 0 held over eight such Cs (with fillers there it is 6, as printed). Kept as letters only
 * when they made more checks hold, they let chance validate a misread zone. Names are not
 * touched (NICK<<LEE is such a run); no issuer's optional data has three of these letters among
 * fillers.
 */
function fillerNoiseInOptionalData(lines: readonly string[], parsed: MrzParseResult): { lines: string[]; changed: number } {
  let out = [...lines];
  let changed = 0;
  for (const detail of parsed.details) {
    if (!detail.field || !OPTIONAL_FIELDS.has(detail.field)) continue;
    for (const range of detail.ranges) {
      const text = out[range.line].slice(range.start, range.end);
      const cleaned = text.replace(/[<CKL]{5,}/g, (run) => {
        const letters = run.replace(/</g, '').length;
        if (letters < 3) return run;
        changed += letters;
        return '<'.repeat(run.length);
      });
      if (cleaned !== text) out = out.map((l, k) => (k === range.line ? l.slice(0, range.start) + cleaned + l.slice(range.end) : l));
    }
  }
  return { lines: out, changed };
}

/**
 * K, L, C and E are how OCR reads a filler. K weighs 20 and '<' 0 in a check digit, so no
 * check can tell them apart; a letter with two fillers on each side is a filler, though, as
 * no field holds a one-letter word there.
 */
function fillFillerRuns(input: { lines: string[]; changed: number }): { lines: string[]; changed: number } {
  let changed = input.changed;
  const lines = input.lines.map((line) =>
    line.replace(/(?<=<<)[KLCE](?=<<)/g, () => {
      changed++;
      return '<';
    }),
  );
  return { lines, changed };
}

/** Fields ICAO 9303 allows letters (and fillers) only in. */
const ALPHA_FIELDS = new Set(['issuingState', 'nationality', 'lastName', 'firstName']);
const DIGIT_AS_LETTER: Readonly<Record<string, string>> = { '0': 'O', '1': 'I', '2': 'Z', '5': 'S', '6': 'G', '8': 'B' };
/**
 * A document code starts with A, C, I, P or V: a 1 there is an I, a 4 an A. Its second
 * character is left as read: a 0 there may be an O or a D (`ID`, `PD`), and the cross-checks
 * doubt it until another reading settles it (mrz-reader.ts, withAgreedCodes).
 */
const DOCUMENT_CODE_FIRST_LETTER: Readonly<Record<string, string>> = { '1': 'I', '4': 'A' };

/**
 * A digit in a letters-only field (and first in the document code) is a misread for certain;
 * where it has a look-alike letter the field is repaired to conform to its format. No check digit covers these
 * fields, so this is the only evidence available; the repair is counted like the others.
 */
function letterAlphaFields(lines: string[], parsed: MrzParseResult): { lines: string[]; changed: number } {
  let out = lines;
  let changed = 0;
  const code = parsed.details.find((d) => d.field === 'documentCode');
  const first = code ? DOCUMENT_CODE_FIRST_LETTER[out[code.line][code.start]] : undefined;
  if (code && first) {
    out = replaceAt(out, { line: code.line, index: code.start, numeric: false }, first);
    changed++;
  }
  for (const detail of parsed.details) {
    if (!detail.field || !ALPHA_FIELDS.has(detail.field)) continue;
    for (const range of detail.ranges) {
      for (let i = range.start; i < range.end; i++) {
        const letter = DIGIT_AS_LETTER[out[range.line][i]];
        if (letter) {
          out = replaceAt(out, { line: range.line, index: i, numeric: false }, letter);
          changed++;
        }
      }
    }
  }
  return { lines: out, changed };
}

/**
 * A check-bearing line read one character too long or too short (the OCR dropped or doubled
 * a character), whose fitted versions shift every later field. Each deletion, or each
 * insertion of a zone character, is screened by the checks of that line that cover only
 * digits (dates): they hold only once the fields are back in place. The zone is returned
 * only when exactly one distinct zone then has every check valid (letters in digit fields
 * read as digits, nothing else changed): the check digits must single out the character.
 * `lines[line]` is the raw reading; the other lines have the format's length.
 */
export function realignLine(lib: MrzLibrary, lines: readonly string[], line: number, length: number, exhausted: () => boolean = () => false): RepairOutcome | undefined {
  const raw = lines[line];
  const variants = new Set<string>();
  if (raw.length === length + 1) {
    for (let i = 0; i < raw.length; i++) variants.add(raw.slice(0, i) + raw.slice(i + 1));
  } else if (raw.length === length - 1) {
    for (let i = 0; i <= raw.length; i++) for (const c of MRZ_ALPHABET) variants.add(raw.slice(0, i) + c + raw.slice(i));
    // Filtered below, once the template tells which positions hold digits only.
  } else {
    return undefined;
  }
  const withLine = (text: string): string[] => lines.map((l, k) => (k === line ? text : l));
  const template = parseWithLibrary(lib, withLine([...variants][0]));
  if (!template) return undefined;
  const spans = checkDetails(template).map((d) => spanOf(d, template.details));
  const onLine = spans.filter((s) => s.digit.line === line);
  const numericOnly = onLine.filter((s) => s.covered.every((p) => p.numeric));
  if (onLine.length === 0) return undefined;
  const screen = numericOnly.length > 0 ? numericOnly : onLine;
  const numericIndex = new Set(spans.flatMap((s) => [s.digit, ...s.covered]).filter((p) => p.line === line && p.numeric).map((p) => p.index));
  const valid = new Map<string, RepairOutcome>();
  const inserted = (text: string): number => [...text].findIndex((c, i) => c !== raw[i]);
  for (const text of variants) {
    if (exhausted()) return undefined;
    // A letter inserted where only digits belong is never what was dropped.
    if (text.length > raw.length && numericIndex.has(inserted(text)) && !DIGITS.test(text[inserted(text)])) continue;
    const candidate = withLine(text);
    const digits = screen.every((s) => checkHolds(digitsInNumericPositions(candidate, s), s));
    if (!digits) continue;
    // No further guessing on top of the lost character: the zone must hold as realigned.
    const repaired = repairByCheckDigits(lib, candidate, [], 0);
    if (!repaired || !checkDetails(repaired.parsed).every((d) => d.valid)) continue;
    valid.set(repaired.lines.join('\n'), { ...repaired, changedCharacters: repaired.changedCharacters + 1 });
    if (valid.size > 1) return undefined;
  }
  return valid.size === 1 ? [...valid.values()][0] : undefined;
}

const MRZ_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<';
const LOOK_ALIKE_DIGIT: Readonly<Record<string, string>> = { O: '0', Q: '0', D: '0', I: '1', L: '1', Z: '2', S: '5', G: '6', B: '8', T: '7', A: '4' };

/** The span's numeric positions with letters read as their look-alike digits. */
function digitsInNumericPositions(lines: string[], span: CheckSpan): string[] {
  let out = lines;
  for (const p of [span.digit, ...span.covered]) {
    const digit = p.numeric ? LOOK_ALIKE_DIGIT[out[p.line][p.index]] : undefined;
    if (digit) out = replaceAt(out, p, digit);
  }
  return out;
}

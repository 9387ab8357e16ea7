import { MRZ_LINE_COUNT, MRZ_LINE_LENGTH } from '../../shared/document-types';
import type { MrzFormat } from '../../shared/document-types';
import { formatOfLines } from './mrz-fields';
import { zoneRows } from './ocr-merge';

/**
 * Candidate zones from OCR text: which lines of one reading can form a TD1, TD2 or TD3 zone,
 * fitted to the format's line lengths, and how the lines of several readings of one strip
 * combine. What the check digits then decide is mrz-repair.ts's job.
 */

/**
 * Cuts OCR text into candidate zones: keeps A-Z, 0-9 and '<', and for each format takes
 * consecutive lines of about the right length, then fixes lengths one character off by
 * growing or shrinking filler runs (OCR drops and doubles '<' in long runs).
 */
export function candidateZones(ocrText: string, options: { exactOnly?: boolean } = {}): string[][] {
  const zones = zonesOfRows(zoneRows(ocrText), options);
  if (options.exactOnly) return zones;
  const filled = zoneRows(ocrText).map(fillerNoiseToFillers);
  const seen = new Set(zones.map((z) => z.join('\n')));
  return [...zones, ...zonesOfRows(filled, { fillerRunsAbsorb: true }).filter((z) => !seen.has(z.join('\n')))];
}

/**
 * The LSTM reads a filler run as a run of C, K and L (`CCCLCLCCLCLCCL<`). Five or more of
 * them in a row are fillers: no name or number holds such a run. The line may then be too
 * long or short, which fitting the filler run to the line length settles.
 */
export function fillerNoiseToFillers(row: string): string {
  return row.replace(/[<CKL]{5,}/g, (run) => '<'.repeat(run.length));
}

/** Whether a line can be a zone line of this length: about that long, or too long only by a filler run. */
function fitsLength(line: string, length: number, fillerRunsAbsorb: boolean): boolean {
  if (Math.abs(line.length - length) <= 3) return true;
  const excess = line.length - length;
  return fillerRunsAbsorb && excess > 0 && [...line.matchAll(/<+/g)].some((m) => m[0].length > excess);
}

function zonesOfRows(rows: string[], options: { exactOnly?: boolean; fillerRunsAbsorb?: boolean }): string[][] {
  const zones: string[][] = [];
  for (const format of ['TD3', 'TD2', 'TD1'] as MrzFormat[]) {
    const count = MRZ_LINE_COUNT[format];
    const length = MRZ_LINE_LENGTH[format];
    for (let start = rows.length - count; start >= 0; start--) {
      const group = rows.slice(start, start + count);
      if (group.every((l) => fitsLength(l, length, options.fillerRunsAbsorb ?? false))) {
        if (options.exactOnly) {
          if (group.every((l) => l.length === length)) zones.push(group);
        } else {
          for (const fitted of fitLengths(group, length)) zones.push(fitted);
        }
      }
    }
  }
  return zones.filter((z) => formatOfLines(z) !== undefined);
}

function fitLine(line: string, length: number): string[] {
  if (line.length === length) return [line];
  const out = new Set<string>();
  const diff = length - line.length;
  if (diff > 0) {
    out.add(line + '<'.repeat(diff));
    // Grow each filler run by the missing count.
    for (const m of line.matchAll(/<+/g)) {
      const at = (m.index ?? 0) + m[0].length;
      out.add(line.slice(0, at) + '<'.repeat(diff) + line.slice(at));
    }
  } else {
    out.add(line.slice(0, length));
    out.add(line.slice(-diff));
    for (const m of line.matchAll(/<+/g)) {
      if (m[0].length > -diff) {
        const at = m.index ?? 0;
        out.add(line.slice(0, at) + line.slice(at - diff));
      }
    }
  }
  return [...out].filter((l) => l.length === length);
}

function fitLengths(group: string[], length: number): string[][] {
  let combos: string[][] = [[]];
  for (const line of group) {
    const options = fitLine(line, length).slice(0, 8);
    combos = combos.flatMap((prefix) => options.map((o) => [...prefix, o]));
  }
  return combos.slice(0, 64);
}

/**
 * The line no check digit covers: TD1's third (names), the first of TD2 and TD3 (state and
 * names). Combining its readings cannot make a check hold, so it is not combined.
 */
export function uncheckedLine(lineCount: number): number {
  return lineCount === 3 ? 2 : 0;
}

/**
 * Zones built line by line from several readings of one strip: one engine may get line 1
 * right and the other line 2. `readings` holds each reading's candidate zones; only zones of
 * the same shape combine. A line's rank is how many readings saw it (first seen first on a
 * tie, so the merged reading leads), and zones come out best first, by the sum of their
 * lines' ranks. The line no check covers takes its best-ranked reading only. At most `limit`.
 */
export function combineZoneLines(readings: readonly (readonly string[][])[], limit = 256): string[][] {
  const byShape = new Map<string, string[][][]>();
  for (const zones of readings) {
    for (const zone of zones) {
      const shape = `${zone.length}x${zone[0]?.length ?? 0}`;
      if (!byShape.has(shape)) byShape.set(shape, readings.map(() => []));
      byShape.get(shape)![readings.indexOf(zones)].push(zone);
    }
  }
  const ranked: { lines: string[]; rankSum: number }[] = [];
  for (const perReading of byShape.values()) {
    const lineCount = perReading.find((zones) => zones.length > 0)![0].length;
    const free = uncheckedLine(lineCount);
    const options = Array.from({ length: lineCount }, (_, line) => {
      const votes = new Map<string, number>();
      for (const zones of perReading) {
        for (const text of new Set(zones.map((z) => z[line]))) votes.set(text, (votes.get(text) ?? 0) + 1);
      }
      const byVotes = [...votes.keys()].sort((a, b) => votes.get(b)! - votes.get(a)!);
      return line === free ? byVotes.slice(0, 1) : byVotes;
    });
    let partial: { lines: string[]; rankSum: number }[] = [{ lines: [], rankSum: 0 }];
    for (const lineOptions of options) {
      partial = partial.flatMap((prefix) => lineOptions.map((o, rank) => ({ lines: [...prefix.lines, o], rankSum: prefix.rankSum + rank })));
    }
    ranked.push(...partial);
  }
  // A stable sort keeps the first-seen order among zones of equal rank.
  return ranked.sort((a, b) => a.rankSum - b.rankSum).slice(0, limit).map((r) => r.lines);
}


/**
 * Zones in one reading where every line has the format's length but one check-bearing line,
 * which is one character off: what realignLine works on.
 */
export function misalignedZones(ocrText: string): { lines: string[]; line: number; length: number }[] {
  const rows = zoneRows(ocrText);
  const out: { lines: string[]; line: number; length: number }[] = [];
  for (const format of ['TD3', 'TD2', 'TD1'] as MrzFormat[]) {
    const count = MRZ_LINE_COUNT[format];
    const length = MRZ_LINE_LENGTH[format];
    for (let start = 0; start + count <= rows.length; start++) {
      const group = rows.slice(start, start + count);
      const off = group.map((l, k) => (l.length === length ? -1 : k)).filter((k) => k >= 0);
      if (off.length === 1 && off[0] !== uncheckedLine(count) && Math.abs(group[off[0]].length - length) === 1) {
        out.push({ lines: group, line: off[0], length });
      }
    }
  }
  return out;
}

/** Whether a candidate zone has `lines`' shape: as many lines, each as long, so its characters sit where theirs do. */
function sameShape(zone: readonly string[], lines: readonly string[]): boolean {
  return zone.length === lines.length && zone.every((l, k) => l.length === lines[k].length);
}

/**
 * The reading of the line no check covers (names; and the issuing state on TD2/TD3) that most
 * readings of the zone agree on; between equally supported readings, the one whose characters
 * most readings share position by position; a full tie keeps `lines`' own. A zone validates
 * through its other lines, so the reading that validated first says nothing about how well
 * it read the names. When `preferred` readings (the line recogniser's) have the line at the
 * zone's length, the choice is among theirs, ranked the same way by every reading: Tesseract's
 * readings outnumber them three to one in a pass and share their errors (`CHRISTOPHF` for
 * `CHRISTOPHE` on 43_pass-fra in every Tesseract reading, `PG` for the document code `P<` on
 * 98_pass-nld), where the recogniser read them right.
 */
export function withMajorityUncheckedLine(lines: readonly string[], readings: readonly (readonly string[][])[], preferred: readonly (readonly string[][])[] = []): string[] {
  const free = uncheckedLine(lines.length);
  const own = lines[free];
  const shaped = (zones: readonly string[][]): string[] => [...new Set(zones.filter((z) => sameShape(z, lines)).map((z) => z[free]))];
  const lineVotes = new Map<string, number>([[own, 0]]);
  const charVotes = Array.from({ length: own.length }, () => new Map<string, number>());
  for (const zones of readings) {
    const texts = shaped(zones);
    for (const text of texts) {
      lineVotes.set(text, (lineVotes.get(text) ?? 0) + 1);
      for (let i = 0; i < own.length; i++) charVotes[i].set(text[i], (charVotes[i].get(text[i]) ?? 0) + 1 / texts.length);
    }
  }
  const support = (text: string): number => [...text].reduce((sum, c, i) => sum + (charVotes[i].get(c) ?? 0), 0);
  const favoured = new Set(preferred.flatMap(shaped));
  const choices = favoured.size > 0 ? [...favoured] : [...lineVotes.keys()];
  let best = favoured.size > 0 && !favoured.has(own) ? choices[0] : own;
  for (const text of choices) {
    const dv = (lineVotes.get(text) ?? 0) - (lineVotes.get(best) ?? 0);
    if (dv > 0 || (dv === 0 && support(text) > support(best) + 1e-9)) best = text;
  }
  return lines.map((l, k) => (k === free ? best : l));
}

/** Where a code field is in a zone, and which texts are codes there. */
export interface CodeSpan {
  line: number;
  start: number;
  end: number;
  isCode: (text: string) => boolean;
}

/**
 * The zone with each code field (document code, issuing state, nationality) that is no code
 * replaced by the code at least two readings of the zone read there, when one code has the most
 * such readings; fields already read as a code, and ties, are left. No check digit covers the
 * codes, so the reading chosen for its check digits can carry a code another engine read right:
 * on the Canadian specimen the line recogniser read every check-covered field right and the
 * nationality `0A2` (as `OAZ`), where Tesseract's readings, wrong elsewhere, read `CAN`.
 */
export function withAgreedCodes(lines: readonly string[], fields: readonly CodeSpan[], readings: readonly (readonly string[][])[]): string[] {
  const out = [...lines];
  for (const { line, start, end, isCode } of fields) {
    if (isCode(out[line].slice(start, end))) continue;
    const votes = new Map<string, number>();
    for (const zones of readings) {
      const read = new Set(zones.filter((z) => sameShape(z, lines)).map((z) => z[line].slice(start, end)));
      for (const text of read) if (isCode(text)) votes.set(text, (votes.get(text) ?? 0) + 1);
    }
    const ranked = [...votes.entries()].sort((a, b) => b[1] - a[1]);
    if (ranked.length === 0 || ranked[0][1] < 2 || ranked[1]?.[1] === ranked[0][1]) continue;
    out[line] = out[line].slice(0, start) + ranked[0][0] + out[line].slice(end);
  }
  return out;
}

/** A character of the zone that the readings dispute: what the zone has, and what most readings saw. */
export interface DisputedCharacter {
  line: number;
  index: number;
  read: string;
  seen: string;
}

/**
 * Pure: the places among `places` where no reading of the zone's shape, at its exact length,
 * has the zone's character and at least two such readings agree on another (the one most of
 * them saw). A check digit weighs every character of its field, and on TD1 and TD3 the
 * composite weighs the document number with the same weights as its own check, so one chance
 * sum can make a misread number hold both: 43_pass-fra read `OECD5O338` for `08CD50338`, the
 * French residence permit `KOBZTSYLQ` for `K682T8YLO`, the Liechtenstein card `IDIB75401` for
 * `ID9875401`, each with every check valid. The readings (one zone per OCR text) are what is
 * left to tell.
 */
export function disputedCharacters(lines: readonly string[], places: readonly { line: number; index: number }[], readings: readonly (readonly string[][])[]): DisputedCharacter[] {
  const exact = readings.flatMap((zones) => zones.filter((z) => sameShape(z, lines)).slice(0, 1));
  const out: DisputedCharacter[] = [];
  for (const { line, index } of places) {
    const votes = new Map<string, number>();
    for (const zone of exact) votes.set(zone[line][index], (votes.get(zone[line][index]) ?? 0) + 1);
    const read = lines[line][index];
    const [seen, count] = [...votes.entries()].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
    if (!votes.has(read) && count >= 2) out.push({ line, index, read, seen });
  }
  return out;
}

/**
 * Pure: the zone with each disputed character replaced by what the readings saw there (see
 * disputedCharacters). A reading whose document number holds its checks by a chance sum has
 * another, seen by most engines, that holds them too: 43_pass-fra's `OECD5O338` (the LSTM's
 * `OECDSO338` with S read as 5) where the readings at the zone's length saw `08CD50338`.
 */
export function withSeenCharacters(lines: readonly string[], disputed: readonly DisputedCharacter[]): string[] {
  const out = lines.map((l) => [...l]);
  for (const { line, index, seen } of disputed) out[line][index] = seen;
  return out.map((chars) => chars.join(''));
}

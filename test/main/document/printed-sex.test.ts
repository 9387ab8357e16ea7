/**
 * The sex printed on a visual zone against the machine-readable zone's. The lines below, with
 * their boxes, are what Tesseract and PP-OCR read on specimens of ../shared/facedata/idcards
 * (bench/printed-dates.mjs prints them), so the rules are held to real layouts and misreads.
 */
import { checkPrintedSex, holdsSexLabel, mayBePrintedSex, printedSexReadings, printedSexValue, sexLabelsWithoutValue, sexValueArea } from '../../../src/main/document/printed-sex';
import type { PrintedLine } from '../../../src/main/document/printed-text-ocr';

const line = (tesseract: string, paddle: string, left: number, top: number, right: number, bottom: number, page = 0): PrintedLine => ({ tesseract, paddle, box: { left, top, right, bottom }, page });

// Utopia's specimen passport: the F under "Sex/ Sexe", the place of birth beside it, and the document type P above.
const UTOPIA: PrintedLine[] = [
  line('P', 'P', 504, 193, 522, 214),
  line('Date of Birth/ Date de naissance', '', 494, 433, 811, 451),
  line('Sex/ Sexe', '', 491, 500, 592, 518),
  line('F', 'F', 505, 530, 521, 551),
  line('ZENITH', '', 794, 530, 903, 552),
];
// The Czech passport: Tesseract runs the label into the next column's.
const CZECH: PrintedLine[] = [
  line('P', 'P', 527, 147, 543, 174),
  line('06 PORUM/SEX 07 MUSTO NAROTINT / LACT 08 BUXTH.', '6OSOMONARZ', 523, 468, 971, 491),
  line('M', 'M', 524, 499, 551, 524),
];
// Latvia's card: its V/M read as VIM, under the label's line.
const LATVIA: PrintedLine[] = [line('Daimums ( Sex / Sans', '', 753, 963, 979, 984), line('VIM', '', 758, 996, 831, 1034)];
// The Polish passport: PŁEĆ/SEX is not read, the national/ICAO pair is.
const POLAND: PrintedLine[] = [line('P', 'P', 464, 119, 485, 152), line('K/F', 'K/F', 463, 471, 523, 502)];

describe('a printed sex value', () => {
  it('is one letter, or a national letter and ICAO\'s about a slash; the ICAO letter is the one after it', () => {
    expect(printedSexValue('F')).toEqual({ sex: 'F', paired: false });
    expect(printedSexValue('K/F')).toEqual({ sex: 'F', paired: true });
    expect(printedSexValue('V / M')).toEqual({ sex: 'M', paired: true });
    expect(printedSexValue('m')).toEqual({ sex: 'M', paired: false });
    for (const other of ['P', 'FE', 'VIM', 'F 1', '', 'M/K']) expect(printedSexValue(other)).toBeUndefined();
  });

  it('is read again by PP-OCR when it may be one (short letters), not otherwise', () => {
    expect(['F', 'P', 'K/F'].map(mayBePrintedSex)).toEqual([true, true, true]);
    expect(['ZENITH', 'Sex/ Sexe', '12'].map(mayBePrintedSex)).toEqual([false, false, false]);
  });

  it('has its label found in the languages documents print, not inside other words', () => {
    for (const label of ['Sex/ Sexe', '06 PORUM/SEX 07', 'Geschlecht', 'Płeć / Sex', 'Dzimums / Sex', 'SEXO', 'Pohlaví']) expect(holdsSexLabel(label)).toBe(true);
    // The Czech passport's Kód/Code as Tesseract reads it.
    for (const other of ['ESSEX', 'Date of Birth', 'SEXTANT', 'REPUBLIC', 'TT Kon /Cooe']) expect(holdsSexLabel(other)).toBe(false);
  });
});

const texts = (lines: PrintedLine[]): string[] => printedSexReadings(lines).map((r) => r.line.tesseract);

describe('where the sex is printed', () => {
  it('is the short line nearest under its label, not a lone letter elsewhere on the page', () => {
    expect(texts(UTOPIA)).toEqual(['F']);
    expect(texts(CZECH)).toEqual(['M']);
  });

  it('is a national/ICAO pair wherever it is, its label read or not', () => {
    expect(printedSexReadings(POLAND)).toEqual([{ line: POLAND[1], tesseract: 'F', paddle: 'F' }]);
  });

  it('is, under a label only, a pair whose slash was read as a letter', () => {
    expect(printedSexReadings(LATVIA)).toEqual([{ line: LATVIA[1], tesseract: 'M', paddle: undefined }]);
    expect(printedSexReadings([LATVIA[1]])).toEqual([]);
  });

  it('is not a letter far to the right of the label, far below it, or on another of the document\'s images', () => {
    const label = line('Sex/ Sexe', '', 491, 500, 592, 518);
    expect(printedSexReadings([label, line('F', 'F', 794, 530, 810, 551)])).toEqual([]);
    expect(printedSexReadings([label, line('F', 'F', 505, 600, 521, 621)])).toEqual([]);
    expect(printedSexReadings([label, line('F', 'F', 505, 530, 521, 551, 1)])).toEqual([]);
    expect(printedSexReadings([label, line('F', 'F', 505, 440, 521, 461)])).toEqual([]);
  });
});

describe('a sex label with no value found under it', () => {
  it('is where PP-OCR reads the area under it: three label heights down, from a little left of the line to past the label', () => {
    const label = UTOPIA[2];
    expect(sexLabelsWithoutValue(UTOPIA)).toEqual([]);
    expect(sexLabelsWithoutValue(UTOPIA.filter((l) => l.tesseract !== 'F'))).toEqual([label]);
    // "SEX" is the first 3 of the line's 9 characters: it ends about a third of the way along.
    expect(sexValueArea(label)).toEqual({ left: 455, top: 519, right: expect.closeTo(491 + 101 / 3 + 18, 5), bottom: 572 });
  });

  it('confirms the zone\'s sex with what PP-OCR read there alone, and never differs on it', () => {
    const read = [...UTOPIA.filter((l) => l.tesseract !== 'F'), line('', 'F', 455, 519, 543, 572)];
    expect(checkPrintedSex('F', read)).toEqual({ status: 'matches' });
    expect(checkPrintedSex('M', read)).toEqual({ status: 'not-read' });
  });
});

describe('checkPrintedSex', () => {
  it('confirms the zone\'s sex where the page prints it', () => {
    expect(checkPrintedSex('F', UTOPIA)).toEqual({ status: 'matches' });
    expect(checkPrintedSex('M', CZECH)).toEqual({ status: 'matches' });
    expect(checkPrintedSex('F', POLAND)).toEqual({ status: 'matches' });
    expect(checkPrintedSex('M', LATVIA)).toEqual({ status: 'matches' });
  });

  it('finds a zone whose sex was changed: both recognisers read the other letter there', () => {
    expect(checkPrintedSex('M', UTOPIA)).toEqual({ status: 'differs' });
    expect(checkPrintedSex('F', CZECH)).toEqual({ status: 'differs' });
    expect(checkPrintedSex('M', POLAND)).toEqual({ status: 'differs' });
    // A slash misread is Tesseract's alone (PP-OCR does not read the line again): it confirms, never differs.
    expect(checkPrintedSex('F', LATVIA)).toEqual({ status: 'not-read' });
  });

  it('is confirmed by either recogniser, but differs only on a letter both read alike', () => {
    const misread = [UTOPIA[2], { ...UTOPIA[3], paddle: 'E' }];
    expect(checkPrintedSex('F', misread)).toEqual({ status: 'matches' });
    expect(checkPrintedSex('M', misread)).toEqual({ status: 'not-read' });
    const disputed = [UTOPIA[2], { ...UTOPIA[3], tesseract: 'M', paddle: 'F' }];
    expect(checkPrintedSex('X', disputed)).toEqual({ status: 'not-read' });
  });

  it('is not read where no sex is printed legibly, and never differs for a zone that gives none (X)', () => {
    expect(checkPrintedSex('F', [UTOPIA[0], UTOPIA[4]])).toEqual({ status: 'not-read' });
    expect(checkPrintedSex('F', [])).toEqual({ status: 'not-read' });
    expect(checkPrintedSex('X', UTOPIA)).toEqual({ status: 'not-read' });
  });
});

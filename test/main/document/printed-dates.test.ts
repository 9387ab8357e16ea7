/**
 * The printed dates of a visual zone against the machine-readable zone's. The OCR strings
 * below are what Tesseract and PP-OCR read on specimens of ../shared/facedata/idcards and
 * idcards-dev (bench/printed-dates.mjs prints them), so the rules are held to real misreads.
 */
import { checkPrintedDates, datesOfLines, printedDatesIn } from '../../../src/main/document/printed-dates';
import type { PrintedText } from '../../../src/main/document/printed-dates';

const both = (text: string): PrintedText => ({ tesseract: text, paddle: text });
const simple = (dates: string[]): { day: number; month: number; year: number }[] => printedDatesIn(dates.join('\n')).map(({ day, month, year }) => ({ day, month, year }));

// Utopia's specimen passport (ICAO 9303): birth 12 Aug 1974, issue 16 Apr 2007, expiry 15 Apr 2012, as read.
const UTOPIA: PrintedText[] = [
  { tesseract: 'L898902C3', paddle: 'L898902C3' },
  { tesseract: '12 AUGUST/AQUT 74', paddle: '12 AUGUST/AOUT74' },
  { tesseract: 'Z E 184226 B', paddle: 'ZE184226B' },
  { tesseract: '16 APR/AVR 07', paddle: '16 APR/AVR07' },
  { tesseract: '15 APR/AVR 12', paddle: '15 APR/AVR12' },
];
const UTOPIA_ZONE = { birthDate: '1974-08-12', expirationDate: '2012-04-15' };

describe('printedDatesIn: the whole dates a line of a visual zone prints', () => {
  it('reads day-month-year in digits with dots, slashes, dashes or spaces, and two- or four-digit years', () => {
    expect(simple(['12.12.1982', '02-11-1976', '12 08 1974', '14-01-14', '25.12.1982.'])).toEqual([
      { day: 12, month: 12, year: 1982 }, { day: 2, month: 11, year: 1976 }, { day: 12, month: 8, year: 1974 }, { day: 14, month: 1, year: 14 }, { day: 25, month: 12, year: 1982 },
    ]);
  });

  it('reads year-month-day', () => {
    expect(simple(['1974-08-12'])).toEqual([{ day: 12, month: 8, year: 1974 }]);
  });

  it('reads month names in the languages documents print, the first of a bilingual pair, accents or not', () => {
    expect(simple(['12 AUGUST/AOUT 74', '16 APR/AVR 07', '01 JAN 1976', '24-OCT-2008', '12 août 1974', '3 März 2001'])).toEqual([
      { day: 12, month: 8, year: 74 }, { day: 16, month: 4, year: 7 }, { day: 1, month: 1, year: 1976 }, { day: 24, month: 10, year: 2008 }, { day: 12, month: 8, year: 1974 }, { day: 3, month: 3, year: 2001 },
    ]);
  });

  it('finds both dates of a validity range on one line', () => {
    expect(simple(['17.10.03-09.05.2013'])).toEqual([{ day: 17, month: 10, year: 3 }, { day: 9, month: 5, year: 2013 }]);
  });

  it('keeps no fragment, number or impossible date: a broken OCR line is not a date', () => {
    expect(simple(['01.07.2', '21.1', '010103', '121282-88882', 'FORM 1.766 Rev. (02-2009)', '31.02.1990', '12.13.1990', '12.08.1812', 'fn /JAN 23'])).toEqual([]);
  });

  it('skips the machine-readable zone, whose dates are not printed ones', () => {
    expect(simple(['7408122F1204159UTO<<<<<<<<<<<6', 'IDCHE10102287F1301014CHE'])).toEqual([]);
  });

  it('lists each date once', () => {
    expect(simple(['12.12.1982', '12.12.1982'])).toHaveLength(1);
  });
});

describe('datesOfLines: what either recogniser read, and what both read alike', () => {
  it('agrees only on a date both recognisers read the same on the same line', () => {
    // Liechtenstein: Tesseract misreads the birth date, PP-OCR reads it right.
    const { read, agreed } = datesOfLines([{ tesseract: '12.06 1982', paddle: '12.05.1982' }, both('05.03.2017')]);
    expect(read.map((d) => d.text)).toEqual(['12.06 1982', '12.05.1982', '05.03.2017']);
    expect(agreed.map((d) => d.text)).toEqual(['05.03.2017']);
  });

  it('agrees on a date the other recogniser read without its spaces (PP-OCR reads the drawn card\'s 12 08 1974 as 12081974)', () => {
    const { read, agreed } = datesOfLines([{ tesseract: '12 08 1974', paddle: '12081974' }, { tesseract: '12 08 1974', paddle: '12091974' }]);
    expect(read.map((d) => d.text)).toEqual(['12 08 1974']);
    expect(agreed.map((d) => d.text)).toEqual(['12 08 1974']);
    expect(datesOfLines([{ tesseract: '12 08 1974', paddle: '12091974' }]).agreed).toEqual([]);
  });
});

describe('checkPrintedDates: the zone held against the page', () => {
  it('confirms both dates of a genuine passport (two-digit printed years against the zone)', () => {
    expect(checkPrintedDates(UTOPIA_ZONE, UTOPIA)).toEqual({ birthDate: { status: 'matches' }, expirationDate: { status: 'matches' }, datesRead: 3 });
  });

  it('confirms a date read by one recogniser only: confirming needs no agreement', () => {
    expect(checkPrintedDates({ birthDate: '1982-05-12', expirationDate: null }, [{ tesseract: '12.06 1982', paddle: '12.05.1982' }]).birthDate).toEqual({ status: 'matches' });
  });

  it('finds a zone whose birth year was altered, the check digits recomputed', () => {
    expect(checkPrintedDates({ ...UTOPIA_ZONE, birthDate: '1984-08-12' }, UTOPIA).birthDate).toEqual({ status: 'differs', part: 'year' });
  });

  it('names the part that differs: a day or a month', () => {
    expect(checkPrintedDates({ ...UTOPIA_ZONE, birthDate: '1974-08-21' }, UTOPIA).birthDate).toEqual({ status: 'differs', part: 'day' });
    expect(checkPrintedDates({ ...UTOPIA_ZONE, birthDate: '1974-09-12' }, UTOPIA).birthDate).toEqual({ status: 'differs', part: 'month' });
  });

  it('finds an expiry pushed back ten years when the page shows birth, issue and expiry', () => {
    expect(checkPrintedDates({ ...UTOPIA_ZONE, expirationDate: '2022-04-15' }, UTOPIA).expirationDate).toEqual({ status: 'differs', part: 'year' });
  });

  it('does not call an expiry altered on its year with only two dates read: the missed one may be the expiry, sharing the issue date\'s day and month', () => {
    const twoRead = UTOPIA.filter((l) => !l.tesseract.startsWith('15 APR'));
    expect(checkPrintedDates({ ...UTOPIA_ZONE, expirationDate: '2017-04-16' }, twoRead).expirationDate).toEqual({ status: 'not-read' });
  });

  it('never rests a mismatch on a date only one recogniser read', () => {
    const lines: PrintedText[] = [{ tesseract: '12.06 1982', paddle: '12.05.1992' }, both('05.03.2017')];
    // Tesseract's 12.06 1982 is two parts from a zone's 12 Jun 1983, but PP-OCR read the line otherwise.
    expect(checkPrintedDates({ birthDate: '1983-06-12', expirationDate: '2017-03-05' }, lines).birthDate.status).toBe('not-read');
    // With PP-OCR reading it alike, the same date is a mismatch.
    expect(checkPrintedDates({ birthDate: '1983-06-12', expirationDate: '2017-03-05' }, [both('12.06 1982'), both('05.03.2017')]).birthDate).toEqual({ status: 'differs', part: 'year' });
  });

  it('reads a printed date that is the zone\'s other date as that date, not this one altered', () => {
    // Issue and expiry both 15 APR: with the zone's expiry 16 Apr 2007, the page's 16 APR 07 is the issue date printed, not a changed expiry.
    const lines: PrintedText[] = [both('16 APR/AVR 07'), both('15 APR/AVR 07')];
    expect(checkPrintedDates({ birthDate: '2007-04-16', expirationDate: '2007-04-15' }, lines)).toMatchObject({ birthDate: { status: 'matches' }, expirationDate: { status: 'matches' } });
  });

  it('compares years by their last two digits, all the zone holds', () => {
    // The Czech specimen's holder was born 01.01.1911; the zone's rule puts 110101 in 2011.
    expect(checkPrintedDates({ birthDate: '2011-01-01', expirationDate: '2012-07-04' }, [both('01.01.1911'), both('04.07.2002'), both('04.07.2012')]))
      .toEqual({ birthDate: { status: 'matches' }, expirationDate: { status: 'matches' }, datesRead: 3 });
  });

  it('says "not read" when the page shows no legible date, and "not in zone" for a zone without that date', () => {
    expect(checkPrintedDates({ birthDate: '1972-12-01', expirationDate: null }, [both('C/ MAYOR, 6'), both('1236456789')]))
      .toEqual({ birthDate: { status: 'not-read' }, expirationDate: { status: 'not-in-zone' }, datesRead: 0 });
  });

  it('raises nothing on a date far from the zone\'s: two parts must agree', () => {
    expect(checkPrintedDates({ birthDate: '1974-08-12', expirationDate: null }, [both('03.05.1999'), both('04.06.2001')]).birthDate).toEqual({ status: 'not-read' });
  });
});

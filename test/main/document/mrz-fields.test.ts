import { formatOfLines, hasWellFormedCodes, mrzDateToIso, parseWithLibrary, toMrzResult } from '../../../src/main/document/mrz-fields';
import { loadMrzLibrary } from '../../../src/main/document/mrz-library';
import type { MrzLibrary } from '../../../src/main/document/mrz-library';

/** ICAO 9303 part 4 specimen passport and part 5 specimen ID card. */
const TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
const TD1 = ['I<UTOD23145890<1233<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<2', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];
const TODAY = new Date('2026-01-15T00:00:00Z');

let lib: MrzLibrary;
beforeAll(async () => {
  lib = await loadMrzLibrary();
});

describe('the mrz package, loaded from CommonJS', () => {
  it('parses the ICAO specimen passport', () => {
    const parsed = parseWithLibrary(lib, TD3);
    expect(parsed?.format).toBe('TD3');
    expect(parsed?.fields.documentNumber).toBe('L898902C3');
  });

  it('refuses lines that are not a TD1, TD2 or TD3 zone', () => {
    expect(parseWithLibrary(lib, ['P<UTOERIKSSON', 'L898902C36'])).toBeUndefined();
    expect(formatOfLines(TD1)).toBe('TD1');
    expect(formatOfLines([TD3[0], TD3[1].slice(1)])).toBeUndefined();
  });
});

describe('toMrzResult', () => {
  it('reads the specimen passport: fields, ISO dates, every check digit, expired', () => {
    const result = toMrzResult(parseWithLibrary(lib, TD3)!, TD3, TODAY);
    expect(result.format).toBe('TD3');
    expect(result.fields).toEqual({
      documentCode: 'P',
      issuingState: 'UTO',
      documentNumber: 'L898902C3',
      birthDate: '1974-08-12',
      sex: 'F',
      expirationDate: '2012-04-15',
      nationality: 'UTO',
      surname: 'ERIKSSON',
      givenNames: 'ANNA MARIA',
      optional: 'ZE184226B',
    });
    expect(result.checks).toEqual({ documentNumber: true, birthDate: true, expirationDate: true, personalNumber: true, composite: true });
    expect(result.valid).toBe(true);
    expect(result.expired).toBe(true);
  });

  it('reads the specimen ID card with its long document number', () => {
    const result = toMrzResult(parseWithLibrary(lib, TD1)!, TD1, TODAY);
    expect(result.format).toBe('TD1');
    expect(result.fields.documentNumber).toBe('D23145890123');
    expect(result.checks).toEqual({ documentNumber: true, birthDate: true, expirationDate: true, composite: true });
    expect(result.valid).toBe(true);
  });

  it('marks the failing check when one digit of the birth date is wrong', () => {
    const tampered = [TD3[0], TD3[1].replace('7408122', '7408132')];
    const result = toMrzResult(parseWithLibrary(lib, tampered)!, tampered, TODAY);
    expect(result.checks.birthDate).toBe(false);
    expect(result.checks.composite).toBe(false);
    expect(result.checks.documentNumber).toBe(true);
    expect(result.valid).toBe(false);
  });

  it('does not call a document expired when it expires in the future', () => {
    const renewed = [TD3[0], 'L898902C36UTO7408122F3204153ZE184226B<<<<<16'];
    const result = toMrzResult(parseWithLibrary(lib, renewed)!, renewed, TODAY);
    expect(result.fields.expirationDate).toBe('2032-04-15');
    expect(result.checks.expirationDate).toBe(true);
    expect(result.expired).toBe(false);
  });
});

describe('mrzDateToIso', () => {
  it('puts birth dates in the past', () => {
    expect(mrzDateToIso('740812', 'birth', TODAY)).toBe('1974-08-12');
    expect(mrzDateToIso('100101', 'birth', TODAY)).toBe('2010-01-01');
    expect(mrzDateToIso('260201', 'birth', TODAY)).toBe('1926-02-01');
  });

  it('puts expiry dates at most 50 years ahead', () => {
    expect(mrzDateToIso('120415', 'expiry', TODAY)).toBe('2012-04-15');
    expect(mrzDateToIso('350101', 'expiry', TODAY)).toBe('2035-01-01');
    expect(mrzDateToIso('990101', 'expiry', TODAY)).toBe('1999-01-01');
  });

  it('gives null for digits that are not a calendar date', () => {
    expect(mrzDateToIso('741312', 'birth', TODAY)).toBeNull();
    expect(mrzDateToIso('740230', 'birth', TODAY)).toBeNull();
    expect(mrzDateToIso('74O812', 'birth', TODAY)).toBeNull();
  });
});

describe('visas (ICAO 9303 part 7)', () => {
  // The French MRV-B specimen's zone as its source states it (idcards-dev notes.csv); and an
  // MRV-A built on the ICAO specimen's fields with check digits computed by hand.
  const MRVB = ['VCFRASPECIMEN<<SPECIMEN<<<<<<<<<<<<<', 'F000000005UTO0311063M1401143<M300703'];
  const MRVA = ['V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L8988901C4XXX4009078F9612109<<<<<<<<<<<<<<<<'];

  it.each([
    ['MRV-B', MRVB, 'F00000000'],
    ['MRV-A', MRVA, 'L8988901C'],
  ])('reads an %s visa with its own checks: no composite, the rest optional data', (format, lines, documentNumber) => {
    const result = toMrzResult(parseWithLibrary(lib, lines)!, lines, TODAY);
    expect(result.format).toBe(format);
    expect(result.checks).toEqual({ documentNumber: true, birthDate: true, expirationDate: true });
    expect(result.valid).toBe(true);
    expect(result.fields.documentNumber).toBe(documentNumber);
    expect(result.fields.documentCode).toBe(lines[0].slice(0, 2).replace(/</g, ''));
  });

  it('keeps the optional data of an MRV-B visa and names a failing field', () => {
    const bad = [MRVB[0], MRVB[1].replace('0311063', '0311064')];
    const result = toMrzResult(parseWithLibrary(lib, bad)!, bad, TODAY);
    expect(result.format).toBe('MRV-B');
    expect(result.fields.optional).toBe('M300703');
    expect(result.checks.birthDate).toBe(false);
    expect(result.valid).toBe(false);
  });

  it('still reads a TD2 card (not a visa) with its composite check', () => {
    const td2 = ['I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'D231458907UTO7408122F1204159<<<<<<<6'];
    const result = toMrzResult(parseWithLibrary(lib, td2)!, td2, TODAY);
    expect(result.format).toBe('TD2');
    expect(result.checks).toEqual({ documentNumber: true, birthDate: true, expirationDate: true, composite: true });
  });
});

describe('the French national ID (2x36, issued until 2021)', () => {
  // The specimen the card's documentation shows: IDFRA, surname, administrative code; the card
  // number (issue month 0506, office 932, sequence 02043) and its check, given names, birth date
  // and check, sex, and a composite over both lines. No expiry date, no nationality field.
  const FRA = ['IDFRADOUEL<<<<<<<<<<<<<<<<<<<<932013', '0506932020438CHRISTIANE<<NI2906209F3'];

  it('is named, with its own fields and its three checks', () => {
    const result = toMrzResult(parseWithLibrary(lib, FRA)!, FRA, TODAY);
    expect(result.format).toBe('FRENCH_NATIONAL_ID');
    expect(result.checks).toEqual({ documentNumber: true, birthDate: true, composite: true });
    expect(result.valid).toBe(true);
    expect(result.fields).toEqual({
      documentCode: 'ID',
      issuingState: 'FRA',
      documentNumber: '050693202043',
      birthDate: '1929-06-20',
      sex: 'F',
      expirationDate: null,
      nationality: 'FRA',
      surname: 'DOUEL',
      givenNames: 'CHRISTIANE NI',
      optional: '',
      issueMonth: '2005-06',
    });
    expect(result.expired).toBe(false);
  });

  it('names the failing check when the card number is altered (its check covers the issue month too)', () => {
    const altered = [FRA[0], FRA[1].replace('0506', '0507')];
    const result = toMrzResult(parseWithLibrary(lib, altered)!, altered, TODAY);
    expect(result.format).toBe('FRENCH_NATIONAL_ID');
    expect(result.checks.documentNumber).toBe(false);
    expect(result.checks.composite).toBe(false);
    expect(result.checks.birthDate).toBe(true);
    expect(result.valid).toBe(false);
  });

  it('is told from a TD2 card by its IDFRA code, which a TD2 card of France does not use', () => {
    const td2 = ['I<FRADOUEL<<CHRISTIANE<<<<<<<<<<<<<<', 'D231458907FRA2906209F1204159<<<<<<<2'];
    expect(parseWithLibrary(lib, td2)?.format).toBe('TD2');
  });
});

describe('hasWellFormedCodes', () => {
  const shaped = (lines: string[]): boolean => hasWellFormedCodes(lines, parseWithLibrary(lib, lines)!.details);

  it('accepts the specimens: codes of letters then fillers, a long document number with nine principal characters', () => {
    expect(shaped(TD3)).toBe(true);
    expect(shaped(TD1)).toBe(true);
    expect(shaped([TD3[0].replace('P<UTO', 'P<D<<'), TD3[1].replace('UTO74', 'D<<74')])).toBe(true);
  });

  it('refuses a filler between the letters of a state code', () => {
    expect(shaped([TD1[0], TD1[1].replace('UTO<', 'H<C<'), TD1[2]])).toBe(false);
    expect(shaped([TD3[0].replace('P<UTO', 'P<U<O'), TD3[1]])).toBe(false);
  });

  it('refuses a document code that starts with a filler, and lets a digit in one pass to the cross-checks', () => {
    expect(shaped(['<I' + TD1[0].slice(2), TD1[1], TD1[2]])).toBe(false);
    expect(shaped(['I0' + TD1[0].slice(2), TD1[1], TD1[2]])).toBe(true);
  });

  // The Dutch residence permit: a mix of Tesseract's readings held every check as a "long"
  // number S2I51673 + AVRI23456789, whose principal part ends in a filler.
  it('refuses a document number with a filler inside, short or continued into the optional data', () => {
    expect(shaped(['TTMLDS2I51673<<AVRI234567890<<', '9404014F1106172H<<<C<28<<<<<<0', 'BELSER<CJULIETTE<HENRIKE<SOPHI'])).toBe(false);
    expect(shaped([TD3[0], 'L89<902C36UTO7408122F1204159ZE184226B<<<<<10'])).toBe(false);
  });
});

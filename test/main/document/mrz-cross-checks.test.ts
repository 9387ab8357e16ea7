/** The zone's fields against what the station knows: the calendar, ICAO codes, the sexes a zone may state. */
import { crossCheckZone, documentNumberDisputed } from '../../../src/main/document/mrz-cross-checks';
import { parseWithLibrary, toMrzResult } from '../../../src/main/document/mrz-fields';
import { loadMrzLibrary } from '../../../src/main/document/mrz-library';
import type { MrzLibrary } from '../../../src/main/document/mrz-library';
import { computeCheckDigit } from '../../../src/main/document/mrz-repair';
import type { MrzResult } from '../../../src/shared/document-types';
import { translator } from '../../../src/shared/messages/translator';

const TODAY = new Date('2026-01-15T00:00:00Z');
// A TD3 zone of Germany (D) with every check digit valid, built with the fields given.
function td3(fields: { nationality?: string; issuing?: string; birth?: string; sex?: string; expiry?: string } = {}): string[] {
  const { nationality = 'D<<', issuing = 'D<<', birth = '740812', sex = 'F', expiry = '320415' } = fields;
  const number = 'C01X00T47';
  const personal = '<<<<<<<<<<<<<<';
  const body = `${number}${computeCheckDigit(number)}${nationality}${birth}${computeCheckDigit(birth)}${sex}${expiry}${computeCheckDigit(expiry)}${personal}<`;
  const composite = computeCheckDigit(body.slice(0, 10) + body.slice(13, 20) + body.slice(21, 43));
  return [`P<${issuing}MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<<<<<`.slice(0, 44), body + composite];
}

let lib: MrzLibrary;
beforeAll(async () => {
  lib = await loadMrzLibrary();
});

const read = (lines: string[]): MrzResult => toMrzResult(parseWithLibrary(lib, lines)!, lines, TODAY);
const codes = (lines: string[]): string[] => crossCheckZone(read(lines), lib).map((f) => f.code);

describe('crossCheckZone', () => {
  it('finds nothing doubtful in a consistent German passport zone', () => {
    expect(read(td3()).valid).toBe(true);
    expect(crossCheckZone(read(td3()), lib)).toEqual([]);
  });

  it('names a nationality and an issuing state that are not ICAO codes', () => {
    const found = crossCheckZone(read(td3({ nationality: 'QQQ', issuing: 'ZZQ' })), lib);
    expect(found.map((f) => f.code)).toEqual(['nationality-code-invalid', 'issuing-state-code-invalid']);
    expect(found[0].message).toMatch(/QQQ is not an ICAO 9303 code/);
  });

  it('gives each finding, besides its English message, the catalogue message the screen words in the operator\'s language', () => {
    const [nationality] = crossCheckZone(read(td3({ nationality: 'QQQ' })), lib);
    expect(translator('en').ref(nationality.text!)).toBe(nationality.message);
    expect(translator('vi').ref(nationality.text!)).toBe('quốc tịch QQQ không phải là mã theo ICAO 9303');
  });

  it('names a sex that is not M, F or X', () => {
    expect(codes(td3({ sex: 'K' }))).toEqual(['sex-code-invalid']);
    expect(codes(td3({ sex: '<' }))).toEqual([]);
  });

  it('names a birth date that is no calendar date, and an expiry before the birth', () => {
    expect(codes(td3({ birth: '741312' }))).toEqual(['birth-date-unreadable']);
    // Born in 2024 (the latest century in the past), the passport expired in 2020.
    expect(codes(td3({ birth: '240101', expiry: '200101' }))).toEqual(['expiry-before-birth']);
  });

  it('names a French national ID holder born after the card was issued', () => {
    const l1 = 'IDFRADOUEL<<<<<<<<<<<<<<<<<<<<932013';
    const head = '0506932020438CHRISTIANE<<NI';
    const born = '051201';
    const body = `${head}${born}${computeCheckDigit(born)}F`;
    const lines = [l1, body + computeCheckDigit(l1 + body)];
    expect(read(lines).valid).toBe(true);
    const found = crossCheckZone(read(lines), lib);
    expect(found.map((f) => f.code)).toEqual(['birth-date-implausible']);
    expect(found[0].message).toMatch(/born \(2005-12-01\) after the document was issued \(2005-06\)/);
  });

  it('turns a visa number the repair would not guess into a finding that lists the candidates', () => {
    const visa = ['VDGBRMUNIR<<FAISAL<<<<<<<<<<<<<<<<<<', 'ADOT259817PAK7608151M0611165<<<<<<<<'];
    const found = crossCheckZone(read(visa), lib, [{ field: 'documentNumber', read: 'ADOT25981', candidates: ['ADQT25981'] }]);
    expect(found.map((f) => f.code)).toEqual(['document-number-ambiguous']);
    expect(found[0].message).toMatch(/ADOT25981 fails its check digit.*ADQT25981.*MRV-B.*printed on the document/);
  });
});

describe('documentNumberDisputed', () => {
  it('turns the places the readings dispute into one finding on the document number, each place as read -> seen', () => {
    const found = documentNumberDisputed(read(td3()), [{ read: 'X', seen: '0' }, { read: 'T', seen: '7' }]);
    expect(found.map((f) => [f.code, f.field])).toEqual([['document-number-disputed', 'documentNumber']]);
    expect(found[0].message).toBe('the document number read C01X00T47 passes its check digit, but at 2 of its places most OCR readings saw other characters (X -> 0, T -> 7): compare it with the number printed on the document');
    expect(translator('fr').ref(found[0].text!)).toMatch(/^le numéro de document lu C01X00T47 passe son chiffre de contrôle, mais à 2 de ses positions/);
  });

  it('says one place in the singular, and finds nothing when nothing is disputed', () => {
    expect(documentNumberDisputed(read(td3()), [{ read: 'X', seen: '0' }])[0].message).toMatch(/at one of its places most OCR readings saw another character \(X -> 0\)/);
    expect(documentNumberDisputed(read(td3()), [])).toEqual([]);
  });
});

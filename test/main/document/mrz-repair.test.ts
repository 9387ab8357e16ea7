import { parseWithLibrary, toMrzResult } from '../../../src/main/document/mrz-fields';
import { loadMrzLibrary } from '../../../src/main/document/mrz-library';
import type { MrzLibrary } from '../../../src/main/document/mrz-library';
import { computeCheckDigit, realignLine, repairByCheckDigits } from '../../../src/main/document/mrz-repair';

const TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
const TD1 = ['I<UTOD23145890<1233<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<2', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];

let lib: MrzLibrary;
beforeAll(async () => {
  lib = await loadMrzLibrary();
});

const allValid = (lines: string[]): boolean => toMrzResult(parseWithLibrary(lib, lines)!, lines, new Date()).valid;

describe('computeCheckDigit (ICAO 9303 weights 7, 3, 1)', () => {
  it('matches the specimen passport', () => {
    expect(computeCheckDigit('L898902C3')).toBe(6);
    expect(computeCheckDigit('740812')).toBe(2);
    expect(computeCheckDigit('120415')).toBe(9);
    expect(computeCheckDigit('ZE184226B<<<<<')).toBe(1);
    expect(computeCheckDigit('L898902C36' + '7408122' + '1204159ZE184226B<<<<<1')).toBe(0);
  });
});

describe('repairByCheckDigits', () => {
  it('leaves a valid zone untouched', () => {
    const outcome = repairByCheckDigits(lib, TD3)!;
    expect(outcome.lines).toEqual(TD3);
    expect(outcome.changedCharacters).toBe(0);
  });

  it.each([
    ['O for 0 in the birth date', 'L898902C36UTO74O8122F1204159ZE184226B<<<<<10'],
    ['S for 5 in the expiry date', 'L898902C36UTO7408122F12041S9ZE184226B<<<<<10'],
    ['B for 8 in the birth date', 'L898902C36UTO740B122F1204159ZE184226B<<<<<10'],
    ['I for 1 in the expiry date', 'L898902C36UTO7408122FI204159ZE184226B<<<<<10'],
    ['K for < inside a filler run', 'L898902C36UTO7408122F1204159ZE184226B<<K<<10'],
  ])('repairs %s', (_label, misread) => {
    const outcome = repairByCheckDigits(lib, [TD3[0], misread])!;
    expect(outcome.lines).toEqual(TD3);
    expect(outcome.changedCharacters).toBe(1);
    expect(allValid(outcome.lines)).toBe(true);
  });

  it('turns digits in letters-only fields back into letters', () => {
    const outcome = repairByCheckDigits(lib, ['P<UT0ERIKSS0N<<ANNA<MAR1A<<<<<<<<<<<<<<<<<<<', TD3[1]])!;
    expect(outcome.lines[0]).toBe(TD3[0]);
  });

  it('turns a 1 or a 4 first in the document code into I or A, and leaves a digit second as read', () => {
    const td1 = ['I<UTOD23145890<1233<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<2', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];
    expect(repairByCheckDigits(lib, ['1<' + td1[0].slice(2), td1[1], td1[2]])!.lines[0]).toBe(td1[0]);
    expect(repairByCheckDigits(lib, ['4C' + td1[0].slice(2), td1[1], td1[2]])!.lines[0].slice(0, 2)).toBe('AC');
    // A 0 second may be an O or a D (ID, PD): the reader asks the other readings (withAgreedCodes).
    expect(repairByCheckDigits(lib, ['10' + td1[0].slice(2), td1[1], td1[2]])!.lines[0].slice(0, 2)).toBe('I0');
  });

  it('does not invent a valid zone when no look-alike fixes the digit', () => {
    // 2 -> 4 in the birth date is a misread no confusion explains. 7 -> 1 in its first digit
    // (140814) would make the birth date's check hold, but not the composite, so it is no repair.
    const misread = [TD3[0], 'L898902C36UTO7408142F1204159ZE184226B<<<<<10'];
    const outcome = repairByCheckDigits(lib, misread)!;
    expect(outcome.lines[1].slice(13, 20)).toBe('7408142');
    expect(allValid(outcome.lines)).toBe(false);
  });

  it('uses what another reading saw at a position', () => {
    const misread = [TD3[0], 'L898902C36UTO7408172F1204159ZE184226B<<<<<10'];
    const peer = [TD3[0], 'L898902C36UTO7408122F1204159ZE184226B<<<<<1O'];
    expect(allValid(repairByCheckDigits(lib, misread)!.lines)).toBe(false);
    expect(repairByCheckDigits(lib, misread, [peer])!.lines).toEqual(TD3);
  });

  it('repairs a TD1 card read with a filler as L and a date digit as O', () => {
    const misread = [TD1[0], TD1[1].replace('1204159', '12O4159').replace('UTO<<<<', 'UTO<<L<'), TD1[2]];
    expect(repairByCheckDigits(lib, misread)!.lines).toEqual(TD1);
  });

  it('repairs a 7 read as 1 in a passport date, the composite confirming it', () => {
    const misread = [TD3[0], TD3[1].replace('7408122', '1408122')];
    expect(repairByCheckDigits(lib, misread)!.lines).toEqual(TD3);
  });

  it('refuses to choose when look-alike changes validate equally well', () => {
    // L->I, 8->B and B->8 in the document number each satisfy its check and the composite.
    const misread = [TD3[0], 'L89B902C36UTO7408122F1204159ZE184226B<<<<<10'];
    expect(repairByCheckDigits(lib, misread)!.lines).toEqual(misread);
  });

  it('reads a run of C, K and L among fillers in optional data as fillers before judging a check', () => {
    const misread = [TD1[0], '7408122F1204159UTO<C<CCKCCLC<2', TD1[2]];
    const outcome = repairByCheckDigits(lib, misread)!;
    expect(outcome.lines).toEqual(TD1);
    expect(allValid(outcome.lines)).toBe(true);
  });

  it('does not let filler noise make a misread composite hold (Liechtenstein card enlarged 4x)', () => {
    // Printed IDLIEID98754015... / ...LIE<<<<<<<<<<<6. The read's number IDIB75401 satisfies its
    // own check by chance; its composite digit 0 held only over the eight Cs.
    const read = ['ADLIEIDIB754015<<<<<<<<<<<<<<<', '8205122F1906224LIE<C<CCCCCCC<0', 'OSPELTBECK<<MARLSA<<<<<<<<<<<<'];
    const outcome = repairByCheckDigits(lib, read)!;
    expect(outcome.lines[1]).toBe('8205122F1906224LIE<<<<<<<<<<<0');
    expect(allValid(outcome.lines)).toBe(false);
  });

  it('leaves a name line alone: NICK<<LEE is not filler noise', () => {
    const named = [TD1[0], TD1[1], 'NICK<<LEE<<<<<<<<<<<<<<<<<<<<<'];
    expect(repairByCheckDigits(lib, named)!.lines).toEqual(named);
  });

  it('leaves the Spanish ID specimen invalid: its printed check digits are wrong, not misread', () => {
    // The zone as printed on idcards/0_id-esp (read off the image by eye): the number's check
    // is 8 by the 7-3-1 weights, printed 4; the birth date's 1, printed 8; the composite 1,
    // printed 8. No look-alike change is a repair of a zone its issuer printed this way.
    const printed = ['IDESPAAA1000014<00000023T<<<<<', '7212018F1101236ESP<<<<<<<<<<<8', 'ESPANOLA<ESPANOLA<CARMEN<<<<<<'];
    expect(computeCheckDigit('AAA100001')).toBe(8);
    expect(computeCheckDigit('721201')).toBe(1);
    const outcome = repairByCheckDigits(lib, printed)!;
    expect(outcome.lines).toEqual(printed);
    const result = toMrzResult(outcome.parsed, outcome.lines, new Date('2026-12-03T00:00:00Z'));
    expect(result.checks).toEqual({ documentNumber: false, birthDate: false, expirationDate: true, composite: false });
  });
});

describe('realignLine', () => {
  const [L1, L2] = TD3;

  it('removes a doubled character when exactly one removal makes every check hold', () => {
    const doubled = L2.replace('L898902C3', 'L8898902C3');
    expect(realignLine(lib, [L1, doubled], 1, 44)?.lines).toEqual(TD3);
  });

  it('puts back a dropped expiry digit when exactly one insertion makes every check hold', () => {
    const dropped = L2.replace('F1204159', 'F104159');
    const outcome = realignLine(lib, [L1, dropped], 1, 44);
    expect(outcome?.lines).toEqual(TD3);
    expect(outcome?.changedCharacters).toBe(1);
  });

  it('changes nothing when several insertions would validate (a dropped check digit)', () => {
    const dropped = L2.replace('F1204159ZE', 'F120415ZE');
    expect(realignLine(lib, [L1, dropped], 1, 44)).toBeUndefined();
  });
});

describe('repairByCheckDigits on a visa, which has no composite check', () => {
  // The British MRV-B specimen (idcards-dev notes.csv): document number AD0725981, check 7.
  const VISA = ['VDGBRMUNIR<<FAISAL<<<<<<<<<<<<<<<<<<', 'AD07259817PAK7608151M0611165<<<<<<<<'];

  it('does not make a look-alike substitution in the document number that only the check digit supports', () => {
    // 0 read as O and 7 as T: the only single change that validates is O -> Q, a wrong number.
    const misread = [VISA[0], VISA[1].replace('AD0725', 'ADOT25')];
    const outcome = repairByCheckDigits(lib, misread)!;
    expect(outcome.lines).toEqual(misread);
    expect(outcome.unresolved).toEqual([{ field: 'documentNumber', read: 'ADOT25981', candidates: ['ADQT25981'] }]);
  });

  it('leaves even the right substitution to the operator when no other reading saw it', () => {
    const misread = [VISA[0], VISA[1].replace('AD0725', 'ADO725')];
    const outcome = repairByCheckDigits(lib, misread)!;
    expect(outcome.lines).toEqual(misread);
    expect(outcome.unresolved).toEqual([{ field: 'documentNumber', read: 'ADO725981', candidates: ['AD0725981'] }]);
  });

  it('makes the substitution when it is the only one and another reading saw that character there', () => {
    const misread = [VISA[0], VISA[1].replace('AD0725', 'ADO725')];
    const outcome = repairByCheckDigits(lib, misread, [VISA])!;
    expect(outcome.lines).toEqual(VISA);
    expect(outcome.unresolved).toEqual([]);
  });

  it('lists every number look-alikes would give on the French visa specimen read FO00000005', () => {
    // The document-number check covers the 9 characters alone (its place holds a digit, so the
    // optional data is no overflow of the number): O -> 0 at 2 and four 0 -> O or Q changes all hold.
    const read = ['VCFRASPECIMEN<<SPECIMEN<<<<<<<<<<<<<', 'FO00000005UTO0311063M1401143<M300703'];
    const outcome = repairByCheckDigits(lib, read)!;
    expect(outcome.lines).toEqual(read);
    expect(outcome.unresolved).toHaveLength(1);
    expect(outcome.unresolved[0].candidates).toContain('F00000000');
    expect(outcome.unresolved[0].candidates.length).toBeGreaterThan(1);
  });

  it('repairs a date digit read 1 for 7 when that is the only change that makes its check hold', () => {
    // The German MRV-B specimen as printed on its image (idcards-dev): expiry 970801, check 1.
    // Under the hatching the line recogniser read 910801, whose check is 3; of the digits 1 and 7
    // look like, only the expiry's second digit makes it 1 again.
    const printed = ['VBD<<DEDIC<<SIDNAN<<<<<<<<<<<<<<<<<<', 'D091740530BOS8201308M9708011<2020711'];
    expect(allValid(printed)).toBe(true);
    const misread = [printed[0], printed[1].replace('M9708011', 'M9108011')];
    const outcome = repairByCheckDigits(lib, misread)!;
    expect(outcome.lines).toEqual(printed);
    expect(outcome.changedCharacters).toBe(1);
  });

  it('still repairs a passport number, whose composite confirms the change', () => {
    const misread = [TD3[0], TD3[1].replace('L898902C3', 'L8989O2C3')];
    const outcome = repairByCheckDigits(lib, misread)!;
    expect(outcome.lines).toEqual(TD3);
    expect(outcome.unresolved).toEqual([]);
  });
});

/** Candidate zones cut from OCR text, and zones combined from several readings of one strip. */
import { candidateZones, combineZoneLines, disputedCharacters, withAgreedCodes, withMajorityUncheckedLine, withSeenCharacters } from '../../../src/main/document/mrz-candidates';

const TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
const TD1 = ['I<UTOD23145890<1233<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<2', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];

describe('candidateZones', () => {
  it('reads a run of C, K and L that the LSTM made of fillers as fillers, fitted to the line length', () => {
    const lstm = ['IDCHES0002068<8<CCLCLLLLLLLLLLLC', '8102287F1301014CHECCCLCLCLCCCLK<4', 'VADISCCQUODCLLLLLLLLLLLLLLLLKLKLK'].join('\n');
    expect(candidateZones(lstm)).toContainEqual(['IDCHES0002068<8<<<<<<<<<<<<<<<', '8102287F1301014CHE<<<<<<<<<<<4', 'VADISCCQUOD<<<<<<<<<<<<<<<<<<<']);
  });

  it('keeps zone characters, finds the lines and fixes a dropped filler', () => {
    const ocr = `noise line\n${TD3[0].slice(0, 40)}<<<\n ${TD3[1].slice(0, 10)} ${TD3[1].slice(10)}\n`;
    const zones = candidateZones(ocr);
    expect(zones).toContainEqual(TD3);
  });

  it('finds a TD1 zone among other text', () => {
    expect(candidateZones(['REPUBLIC OF UTOPIA', ...TD1].join('\n'))).toContainEqual(TD1);
  });

  it('finds nothing in ordinary text', () => {
    expect(candidateZones('GRAND DUCHY OF LUXEMBOURG\nPASSPORT')).toEqual([]);
  });
});

describe('combineZoneLines', () => {
  it('builds zones line by line from several readings of one shape', () => {
    const a = [TD3[0], TD3[1].replace('7408122', '7408I22')];
    const b = [TD3[0].replace('ANNA', 'ANMA'), TD3[1]];
    expect(combineZoneLines([[a], [b]])).toContainEqual(TD3);
  });

  it('puts first the lines most readings agree on, and does not combine the line no check covers', () => {
    const wrongNumber = [TD3[0].replace('ANNA', 'ANMA'), TD3[1].replace('L898902C3', 'L898902G3')];
    const combos = combineZoneLines([[TD3], [[TD3[0], TD3[1]]], [wrongNumber]]);
    expect(combos[0]).toEqual(TD3);
    expect(new Set(combos.map((z) => z[0]))).toEqual(new Set([TD3[0]]));
  });
});

describe('withMajorityUncheckedLine', () => {
  const che = ['IDCHES0002068<8<<<<<<<<<<<<<<<', '8102287F1301014CHE<<<<<<<<<<<4'];

  it('takes the names line most readings agree on, whichever reading validated', () => {
    const validated = [...che, 'VADIS<<CLC<<<<<<<<<<<<<<<<<<<<'];
    const others = [[[...che, 'VADIS<<QUO<<<<<<<<<<<<<<<<<<<<']], [[...che, 'VADIS<<QUO<<<<<<<<<<<<<<<<<<<<']], [[...che, 'VAD1S<<000<<<<<<<<<<<<<<<<<<<<']]];
    expect(withMajorityUncheckedLine(validated, [[validated], ...others])[2]).toBe('VADIS<<QUO<<<<<<<<<<<<<<<<<<<<');
  });

  it('breaks a tie between readings by the characters the other readings share', () => {
    const validated = [...che, 'VADIS<<CLC<<<<<<<<<<<<<<<<<<<<'];
    const readings = [[validated], [[...che, 'VADIS<<QUO<<<<<<<<<<<<<<<<<<<<']], [[...che, 'VADIS<CQUO<<<<<<<<<<<<<<<<<<<<']], [[...che, 'VADISCCQUOD<<<<<<<<<<<<<<<<<<<']]];
    expect(withMajorityUncheckedLine(validated, readings)[2]).toBe('VADIS<<QUO<<<<<<<<<<<<<<<<<<<<');
  });

  it('never touches the lines the check digits cover', () => {
    const readings = [[[TD3[0], TD3[1]]], [[TD3[0].replace('ANNA', 'ANMA'), TD3[1].replace('7408122', '7408132')]]];
    expect(withMajorityUncheckedLine(TD3, readings)).toEqual(TD3);
  });
});

describe('withAgreedCodes', () => {
  const CAN = ['P<CANMARTIN<<SARAH<<<<<<<<<<<<<<<<<<<<<<<<<<', 'ZE000509<9CAN8501019F2301147<<<<<<<<<<<<<<08'];
  const read = ['P<CANMARTIN<<SARAH<<<<<<<<<<<<<<<<<<<<<<<<<<', 'ZE000509<9OAZ8501019F2301147<<<<<<<<<<<<<<08'];
  const isState = (text: string): boolean => ['CAN', 'UTO'].includes(text);
  const nationality = { line: 1, start: 10, end: 13, isCode: isState };
  const tesseract = ['P<CANMARTIN<<SARAH<<<<<<<<<<<<<<<<<<<<<<<<<<', 'ZEDODS09<9CAN8501019F2301147<<<<<<<<<<<<<<08'];

  it('takes the code two readings agree on where the chosen reading has none, and nothing else', () => {
    expect(withAgreedCodes(read, [nationality], [[read], [tesseract], [tesseract]])).toEqual(CAN);
  });

  it('keeps what was read when only one reading has a code there', () => {
    expect(withAgreedCodes(read, [nationality], [[read], [tesseract]])).toEqual(read);
  });

  it('keeps what was read when two codes are as well supported', () => {
    const uto = [tesseract[0], tesseract[1].replace('CAN', 'UTO')];
    expect(withAgreedCodes(read, [nationality], [[tesseract], [tesseract], [uto], [uto]])).toEqual(read);
  });

  it('never replaces a field already read as a code', () => {
    const uto = [CAN[0], CAN[1].replace('CAN', 'UTO')];
    expect(withAgreedCodes(uto, [nationality], [[tesseract], [tesseract], [tesseract]])).toEqual(uto);
  });

  it('counts only readings of the same shape, whose characters are where the field is', () => {
    const short = [tesseract[0], tesseract[1].slice(1)];
    expect(withAgreedCodes(read, [nationality], [[short], [short], [short]])).toEqual(read);
  });
});

describe('withMajorityUncheckedLine with the line recogniser\'s readings preferred', () => {
  const line2 = '08CD503380FRA6004103M1806058<<<<<<<<<<<<<<06';
  const right = 'P<FRAULYSSE<<CHRISTOPHE<<<<<<<<<<<<<<<<<<<<<';
  const tesseract = 'P<FRAULYSSE<<CHRISTOPHF<<<<<<<<<<<<<<<<<<<<<';

  it('takes the recogniser\'s names line although more Tesseract readings agree on another', () => {
    const readings = [[[right, line2]], [[tesseract, line2]], [[tesseract, line2]], [[tesseract, line2]]];
    expect(withMajorityUncheckedLine([tesseract, line2], readings, [[[right, line2]]])[0]).toBe(right);
  });

  it('chooses among several of the recogniser\'s readings by every reading\'s votes', () => {
    const dropped = 'P<FRAULYSSE<<CHRISTOPH<<<<<<<<<<<<<<<<<<<<<<';
    const readings = [[[right, line2]], [[dropped, line2]], [[right, line2]], [[tesseract, line2]]];
    expect(withMajorityUncheckedLine([tesseract, line2], readings, [[[dropped, line2]], [[right, line2]]])[0]).toBe(right);
  });

  it('falls back to the majority of all readings when the recogniser read no line of the zone\'s length', () => {
    const readings = [[[tesseract, line2]], [[tesseract, line2]], [[right, line2]]];
    expect(withMajorityUncheckedLine([right, line2], readings, [[[right.slice(1), line2]]])[0]).toBe(tesseract);
  });
});

describe('disputedCharacters', () => {
  const read = ['P<FRAULYSSE<<CHRISTOPHE<<<<<<<<<<<<<<<<<<<<<', 'OECD5O3380FRA6004103M1806058<<<<<<<<<<<<<<06'];
  const other = ['P<FRAULYSSE<<CHRISTOPHF<<<<<<<<<<<<<<<<<<<<<', '08C0503380FRA6006103N1806058<<<<<<<<<<<<<<06'];
  const number = Array.from({ length: 10 }, (_, index) => ({ line: 1, index }));

  it('names each place no reading saw as the zone has it, where two readings or more agree on another character', () => {
    expect(disputedCharacters(read, number, [[other], [other], [other]])).toEqual([
      { line: 1, index: 0, read: 'O', seen: '0' },
      { line: 1, index: 1, read: 'E', seen: '8' },
      { line: 1, index: 3, read: 'D', seen: '0' },
      { line: 1, index: 5, read: 'O', seen: '0' },
    ]);
  });

  it('disputes nothing a reading saw as the zone has it, nor on one other reading alone', () => {
    expect(disputedCharacters(read, number, [[read], [other], [other]])).toEqual([]);
    expect(disputedCharacters(read, number, [[other]])).toEqual([]);
  });

  it('counts one zone per reading, of the zone\'s shape only', () => {
    const short = [other[0], other[1].slice(1)];
    expect(disputedCharacters(read, number, [[short], [short, other]])).toEqual([]);
    expect(disputedCharacters(read, number, [[other, other], [short]])).toEqual([]);
  });
});

describe('withSeenCharacters', () => {
  it('puts in each place given the character the readings saw there, and leaves the rest as read', () => {
    const read = ['P<FRAULYSSE<<CHRISTOPHE<<<<<<<<<<<<<<<<<<<<<', 'OECD5O3380FRA6004103M1806058<<<<<<<<<<<<<<06'];
    const seen = withSeenCharacters(read, [
      { line: 1, index: 0, read: 'O', seen: '0' },
      { line: 1, index: 1, read: 'E', seen: '8' },
      { line: 1, index: 5, read: 'O', seen: '0' },
    ]);
    expect(seen).toEqual([read[0], '08CD503380FRA6004103M1806058<<<<<<<<<<<<<<06']);
    expect(withSeenCharacters(read, [])).toEqual(read);
  });
});

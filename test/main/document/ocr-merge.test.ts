import { mergeZoneLine, mergeZoneTexts, zoneRows } from '../../../src/main/document/ocr-merge';

describe('mergeZoneLine', () => {
  it('keeps the legacy reading\'s fillers and the LSTM\'s letters', () => {
    const legacy = 'P<HRVSPECIHEN<<SPECIMEN<<<<<<<<<<<<<<<<<<<<<';
    const lstm = 'P<HRVSPECIMEN<<SPECIMEN<<<<<C<LCLCLLLLLLLLLL';
    expect(mergeZoneLine(legacy, lstm)).toBe('P<HRVSPECIMEN<<SPECIMEN<<<<<<<<<<<<<<<<<<<<<');
  });

  it('keeps the legacy length when the LSTM splits a filler into two letters', () => {
    const legacy = 'P<UTOERIKSSON<<ANNA<MARIA<<<<<';
    const lstm = 'P<UTOERIKSSON<K<ANNA<MARIA<LKLKLK';
    const merged = mergeZoneLine(legacy, lstm);
    expect(merged).toHaveLength(legacy.length);
    expect(merged.startsWith('P<UTOERIKSSON<')).toBe(true);
  });
});

describe('mergeZoneTexts', () => {
  it('merges row by row and gives up when the engines saw different row counts', () => {
    expect(mergeZoneTexts('AAAAAAAAAAAAAAAAAAAAAAAA<<<\nBBBBBBBBBBBBBBBBBBBBBBBBB<<', 'AAAAAAAAAAAAAAAAAAAAAAAAKLK\nBBBBBBBBBBBBBBBBBBBBBBBBBLL')).toBe(
      'AAAAAAAAAAAAAAAAAAAAAAAA<<<\nBBBBBBBBBBBBBBBBBBBBBBBBB<<',
    );
    expect(mergeZoneTexts('AAAAAAAAAAAAAAAAAAAAAAAA', 'AAAAAAAAAAAAAAAAAAAAAAAA\nBBBBBBBBBBBBBBBBBBBBBBBBB')).toBeUndefined();
  });

  it('drops short rows and characters a zone cannot hold', () => {
    expect(zoneRows('ab\nP<UTO erikss0n «ANNA» <<<<<<<<<<<<<\n')).toEqual(['P<UTOERIKSS0NANNA<<<<<<<<<<<<<']);
  });
});

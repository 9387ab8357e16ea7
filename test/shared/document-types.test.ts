import { failedMrzChecks, MRZ_LINE_COUNT, MRZ_LINE_LENGTH } from '../../src/shared/document-types';

describe('MRZ formats', () => {
  it('gives TD1 three lines of 30, TD2 two of 36 and TD3 two of 44', () => {
    expect([MRZ_LINE_COUNT.TD1, MRZ_LINE_LENGTH.TD1]).toEqual([3, 30]);
    expect([MRZ_LINE_COUNT.TD2, MRZ_LINE_LENGTH.TD2]).toEqual([2, 36]);
    expect([MRZ_LINE_COUNT.TD3, MRZ_LINE_LENGTH.TD3]).toEqual([2, 44]);
  });
});

describe('failedMrzChecks', () => {
  it('lists the failing checks in a fixed order and ignores the ones a format lacks', () => {
    expect(failedMrzChecks({ documentNumber: true, birthDate: false, expirationDate: true, composite: false })).toEqual(['birthDate', 'composite']);
    expect(failedMrzChecks({ documentNumber: true, birthDate: true, expirationDate: true, personalNumber: true, composite: true })).toEqual([]);
  });
});

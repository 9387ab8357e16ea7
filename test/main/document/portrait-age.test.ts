/**
 * The portrait's apparent age against the zone's birth date: the holder's age in the photo is a
 * range (the photo predates the issue, which the zone does not give, by at most the longest
 * validity before the expiry), and only an apparent age well outside it is flagged.
 */
import { APPARENT_AGE_TOLERANCE_YEARS, judgePortraitAge, MAX_DOCUMENT_VALIDITY_YEARS, portraitAgeRange } from '../../../src/main/document/portrait-age';

const today = new Date('2026-12-07T00:00:00Z');

describe('portraitAgeRange', () => {
  it('runs from the age at the expiry less the longest validity to the age today', () => {
    const range = portraitAgeRange({ birthDate: '1974-08-12', expirationDate: '2034-04-15' }, today)!;
    expect(range.from).toBeCloseTo(2034.29 - MAX_DOCUMENT_VALIDITY_YEARS - 1974.61, 1);
    expect(range.to).toBeCloseTo(2026.93 - 1974.61, 1);
  });

  it('ends at the expiry when the document has expired', () => {
    const range = portraitAgeRange({ birthDate: '1974-08-12', expirationDate: '2019-04-15' }, today)!;
    expect(range.to).toBeCloseTo(2019.29 - 1974.61, 1);
    expect(range.from).toBeCloseTo(range.to - MAX_DOCUMENT_VALIDITY_YEARS, 1);
  });

  it('starts at birth for a child, and covers the last validity when the zone has no expiry', () => {
    expect(portraitAgeRange({ birthDate: '2020-01-01', expirationDate: '2030-01-01' }, today)!.from).toBe(0);
    const noExpiry = portraitAgeRange({ birthDate: '1960-01-01', expirationDate: null }, today)!;
    expect(noExpiry.to - noExpiry.from).toBeCloseTo(MAX_DOCUMENT_VALIDITY_YEARS, 5);
  });

  it('has no range for a missing, impossible or future birth date', () => {
    expect(portraitAgeRange({ birthDate: null, expirationDate: '2030-01-01' }, today)).toBeNull();
    expect(portraitAgeRange({ birthDate: '1990-02-30', expirationDate: '2030-01-01' }, today)).toBeNull();
    expect(portraitAgeRange({ birthDate: '2027-01-01', expirationDate: '2037-01-01' }, today)).toBeNull();
  });
});

describe('judgePortraitAge', () => {
  const zone = { birthDate: '1974-08-12', expirationDate: '2034-04-15' };
  // The holder is 44.7 to 52.3 in the photo.

  it('accepts any apparent age within the tolerance of the range', () => {
    expect(judgePortraitAge(48, zone, today)).toEqual({ status: 'consistent' });
    expect(judgePortraitAge(44.7 - APPARENT_AGE_TOLERANCE_YEARS + 0.5, zone, today)).toEqual({ status: 'consistent' });
    expect(judgePortraitAge(52.3 + APPARENT_AGE_TOLERANCE_YEARS - 0.5, zone, today)).toEqual({ status: 'consistent' });
  });

  it('flags a portrait that looks far younger or older, saying by how many years outside the range', () => {
    expect(judgePortraitAge(20, zone, today)).toEqual({ status: 'differs', looks: 'younger', years: 25 });
    expect(judgePortraitAge(80, zone, today)).toEqual({ status: 'differs', looks: 'older', years: 28 });
  });

  it('does not judge without a usable birth date or a real age, and says why', () => {
    expect(judgePortraitAge(30, { birthDate: null, expirationDate: null }, today)).toEqual({ status: 'not-judged', problem: 'the zone gives no birth date' });
    expect(judgePortraitAge(30, { birthDate: '2030-01-01', expirationDate: null }, today)).toMatchObject({ status: 'not-judged' });
    expect(judgePortraitAge(Number.NaN, zone, today)).toMatchObject({ status: 'not-judged', problem: 'the apparent age NaN is not an age' });
  });
});

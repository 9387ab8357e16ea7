/**
 * The ID portrait's apparent age against the zone's birth date, as a soft flag (pure).
 *
 * The photo was taken some time before the document was issued, and the zone gives no issue
 * date, only the expiry. So the holder's age in the photo lies between their age at the
 * expiry less the longest validity a document has (15 years: some identity cards) and their
 * age today (or at the expiry, if that is past). The portrait's apparent age differs when it
 * lies more than APPARENT_AGE_TOLERANCE_YEARS outside that range.
 *
 * The tolerance was set on half of the LFW people with known birth years (the even-numbered
 * names of test/fixtures/lfw-birth-years.csv), scoring each photo as if it were a document
 * issued the day it was taken, the strictest case (the range is one age): in a first run on the
 * detector's box alone, 22 years flagged 5 of that half's 458 photos, 20 years 13, 25 years 1.
 * Through the station's portrait search (`node bench/portrait-age.mjs`, docs/mrz.md) 22 years
 * flags 9 of 457 (2.0 %) on that half and 8 of 462 (1.7 %) on the other; a portrait 30 years
 * off is flagged on 81 % of the photos, 40 years off on 98 %.
 */
import type { PortraitAgeCheck } from '../../shared/document-types';
import type { ZoneDates } from '../../shared/engine-contract';

export const APPARENT_AGE_TOLERANCE_YEARS = 22;
/** The longest a document is valid for, so the earliest its photo can have been taken before its expiry. */
export const MAX_DOCUMENT_VALIDITY_YEARS = 15;

const DAY_MS = 86_400_000;
const YEAR_MS = 365.2425 * DAY_MS;

/** An ISO `YYYY-MM-DD` date as UTC midnight, or null when it is not a calendar date. */
function isoDate(text: string | null): Date | null {
  const m = text === null ? null : /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? date : null;
}

/** The holder's youngest and oldest age, in years, at the times the photo can have been taken; null when the zone's dates do not allow one. */
export function portraitAgeRange(zone: ZoneDates, today: Date): { from: number; to: number } | null {
  const birth = isoDate(zone.birthDate);
  if (!birth || birth.getTime() > today.getTime()) return null;
  const expiry = isoDate(zone.expirationDate);
  const latest = expiry && expiry.getTime() < today.getTime() ? expiry.getTime() : today.getTime();
  const validityFrom = (expiry ? expiry.getTime() : latest) - MAX_DOCUMENT_VALIDITY_YEARS * YEAR_MS;
  const earliest = Math.min(latest, Math.max(birth.getTime(), validityFrom));
  if (latest < birth.getTime()) return null;
  return { from: (earliest - birth.getTime()) / YEAR_MS, to: (latest - birth.getTime()) / YEAR_MS };
}

/** Whether `apparentAge` (years) fits the zone's birth date, judged on `today`. */
export function judgePortraitAge(apparentAge: number, zone: ZoneDates, today: Date): PortraitAgeCheck {
  if (!Number.isFinite(apparentAge) || apparentAge < 0) return { status: 'not-judged', problem: `the apparent age ${String(apparentAge)} is not an age` };
  const range = portraitAgeRange(zone, today);
  if (!range) return { status: 'not-judged', problem: zone.birthDate === null ? 'the zone gives no birth date' : 'the zone\'s birth date is not a calendar date before today and the expiry' };
  if (apparentAge < range.from - APPARENT_AGE_TOLERANCE_YEARS) return { status: 'differs', looks: 'younger', years: Math.round(range.from - apparentAge) };
  if (apparentAge > range.to + APPARENT_AGE_TOLERANCE_YEARS) return { status: 'differs', looks: 'older', years: Math.round(apparentAge - range.to) };
  return { status: 'consistent' };
}

/**
 * The portrait's apparent age against the zone's birth date as the station runs it: started in
 * the background when a zone is read on a customer whose portrait was found (the first estimate
 * loads TensorFlow.js), awaited when the session is finished, within a bound. A check that
 * fails or does not finish in time is not judged, with its problem; it never fails the
 * session's other work.
 */
import type { PortraitAgeCheck } from '../../shared/document-types';
import type { ZoneDates } from '../../shared/engine-contract';
import { toErrorInfo } from '../../shared/errors';
import { judgePortraitAge } from '../document/portrait-age';
import { settledWithin } from './printed-page-check';
import type { DocumentEngine } from './station-engines';

/** How long session:finish waits for an estimate still running: TensorFlow.js's start and one face take about a second. */
export const PORTRAIT_AGE_WAIT_MS = 10_000;

/** Starts the estimate of `documentId`'s portrait and judges it against `zone` on `today`; the promise never rejects. */
export function startPortraitAgeCheck(engine: Promise<DocumentEngine>, documentId: string, zone: ZoneDates, today: Date): Promise<PortraitAgeCheck> {
  return engine
    .then((documents) => documents.estimatePortraitAge(documentId))
    .then((apparentAge) => judgePortraitAge(apparentAge, zone, today))
    .catch((err: unknown): PortraitAgeCheck => ({ status: 'not-judged', problem: `the portrait's apparent age could not be read: ${toErrorInfo(err).message}` }));
}

/** The check's result, or not judged once `waitMs` have passed without one. */
export function settledPortraitAge(check: Promise<PortraitAgeCheck>, waitMs: number = PORTRAIT_AGE_WAIT_MS): Promise<PortraitAgeCheck> {
  return settledWithin(check, waitMs, (waited): PortraitAgeCheck => ({ status: 'not-judged', problem: `the portrait's apparent age was not read within ${waited}` }));
}

/**
 * The printed-page cross-check (the zone's dates and sex against the page's) as the station
 * runs it: started in the background when a document's zone is read (the OCR of a page takes
 * one to three seconds per image, which the operator should not wait for), awaited when the
 * session is finished, within a bound. A check that fails or does not finish in time is a
 * check with a problem, for the verdict to flag; it never fails the session's other work.
 */
import type { PrintedPageCheck, ZonePrintedFields } from '../../shared/engine-contract';
import { toErrorInfo } from '../../shared/errors';
import type { DocumentEngine } from './station-engines';

/**
 * How long session:finish waits for a check still running: three pages' OCR at the slowest
 * measured (2.9 s each, bench/printed-dates.mjs) on a busy two-core counter PC, with margin.
 */
export const PRINTED_PAGE_WAIT_MS = 20_000;

/** Starts the check of `documentIds`' printed dates and sex against `zone`; the promise never rejects. */
export function startPrintedPageCheck(engine: Promise<DocumentEngine>, documentIds: readonly string[], zone: ZonePrintedFields): Promise<PrintedPageCheck> {
  return engine
    .then((documents) => documents.checkPrintedPage([...documentIds], zone))
    .catch((err: unknown) => unread(`the printed text could not be read: ${toErrorInfo(err).message}`));
}

/** The check's result, or a check with a problem once `waitMs` have passed without one. */
export function settledPrintedPage(check: Promise<PrintedPageCheck>, waitMs: number = PRINTED_PAGE_WAIT_MS): Promise<PrintedPageCheck> {
  return settledWithin(check, waitMs, (waited) => unread(`the printed text was not read within ${waited}`));
}

/** A background check's result, or `late(how long was waited)` once `waitMs` have passed without one. */
export async function settledWithin<T>(check: Promise<T>, waitMs: number, late: (waited: string) => T): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(late(waitMs >= 1000 ? `${Math.round(waitMs / 1000)} s` : `${waitMs} ms`)), waitMs);
  });
  try {
    return await Promise.race([check, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

function unread(problem: string): PrintedPageCheck {
  return { dates: { birthDate: { status: 'not-read' }, expirationDate: { status: 'not-read' }, datesRead: 0, problem }, sex: { status: 'not-read' } };
}

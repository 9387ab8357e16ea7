/**
 * The station's background checks (printed-dates-check.ts, portrait-age-check.ts) start when a
 * zone is read and are awaited when the session is finished, each within its bound.
 */

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

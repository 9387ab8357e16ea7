/**
 * `load`, run once for every caller: concurrent and later callers share its promise. A failure
 * is not kept, so the next call tries again once its cause (a missing model, say) is fixed.
 */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= load().catch((err: unknown) => {
      pending = undefined;
      throw err;
    });
    return pending;
  };
}

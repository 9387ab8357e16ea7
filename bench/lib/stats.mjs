/** Order statistics of latency samples; percentiles by the nearest-rank method. */

export function percentile(values, p) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}

export function median(values) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** { n, median, p95, mean, min, max } of a list of milliseconds, rounded for reporting. */
export function summarise(values, digits = 2) {
  if (values.length === 0) return { n: 0, median: null, p95: null, mean: null, min: null, max: null };
  const r = (v) => (v === null ? null : Number(v.toFixed(digits)));
  return {
    n: values.length,
    median: r(median(values)),
    p95: r(percentile(values, 95)),
    mean: r(values.reduce((s, v) => s + v, 0) / values.length),
    min: r(Math.min(...values)),
    max: r(Math.max(...values)),
  };
}

export function round(v, digits = 2) {
  return v === null || v === undefined || Number.isNaN(v) ? null : Number(v.toFixed(digits));
}

/**
 * Runs `fn` and returns its result with the CPU time the process spent meanwhile (user +
 * system, every thread), in ms. Other jobs on the machine stretch wall time far more than
 * this; the benchmark process does nothing else while it waits.
 */
export async function withCpuMs(fn) {
  const before = process.cpuUsage();
  const result = await fn();
  const used = process.cpuUsage(before);
  return [result, (used.user + used.system) / 1000];
}

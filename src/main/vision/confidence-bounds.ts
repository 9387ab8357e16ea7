/**
 * Exact (Clopper-Pearson) confidence bounds for a proportion k/n, so every FAR and TAR the
 * station reports says how far the data can be trusted: 0 false accepts in 20,000 impostor
 * pairs bounds the FAR at 1.5e-4 (95%), not at 0. Pure; no dependencies.
 */

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9; relative error below 1e-13). */
function logGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** P(X <= k) for X ~ Binomial(n, p), summed in log space so large n does not underflow. */
export function binomialCdf(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n || p <= 0) return 1;
  if (p >= 1) return 0;
  const lnP = Math.log(p);
  const lnQ = Math.log1p(-p);
  const lnNFact = logGamma(n + 1);
  let sum = 0;
  for (let i = 0; i <= k; i++) sum += Math.exp(lnNFact - logGamma(i + 1) - logGamma(n - i + 1) + i * lnP + (n - i) * lnQ);
  return Math.min(1, sum);
}

/** Solves f(p) = target for p in [0, 1] where f decreases in p (the binomial CDF does). */
function bisectDecreasing(f: (p: number) => number, target: number): number {
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) > target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** One-sided upper bound: the largest p still consistent with seeing only k of n (at `confidence`). */
export function upperBound(k: number, n: number, confidence = 0.95): number {
  checkCounts(k, n);
  if (k === n) return 1;
  return bisectDecreasing((p) => binomialCdf(k, n, p), 1 - confidence);
}

/** Two-sided interval [lower, upper] for k of n at `confidence` (each tail (1 - confidence) / 2). */
export function interval(k: number, n: number, confidence = 0.95): [number, number] {
  checkCounts(k, n);
  const tail = (1 - confidence) / 2;
  const lower = k === 0 ? 0 : bisectDecreasing((p) => binomialCdf(k - 1, n, p), 1 - tail);
  const upper = k === n ? 1 : bisectDecreasing((p) => binomialCdf(k, n, p), tail);
  return [lower, upper];
}

function checkCounts(k: number, n: number): void {
  if (!Number.isInteger(k) || !Number.isInteger(n) || n <= 0 || k < 0 || k > n) throw new RangeError(`need 0 <= k <= n and n > 0 (integers), got k=${k}, n=${n}`);
}

// Student's t distribution: the CDF, two-sided p-values and quantiles behind every confidence interval here.
// simple-statistics has no t quantile, so the CDF is the regularized incomplete beta function (its gammaln,
// a continued fraction evaluated by Lentz's method) and the quantile inverts it by bisection.
import { gammaln } from "simple-statistics";

export class DistributionError extends Error {
  override name = "DistributionError";
}

const EPS = 1e-16;
const TINY = 1e-300;

/** Continued fraction of the incomplete beta function (Numerical Recipes §6.4), modified Lentz. */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 1000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < EPS) return h;
  }
  throw new DistributionError(`The incomplete beta fraction did not converge for x=${x}, a=${a}, b=${b}`);
}

/** I_x(a, b), the regularized incomplete beta function. */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(gammaln(a + b) - gammaln(a) - gammaln(b) + a * Math.log(x) + b * Math.log1p(-x));
  // The fraction converges fast for x < (a+1)/(a+b+2); use the symmetry I_x(a,b) = 1 − I_{1−x}(b,a) otherwise.
  return x < (a + 1) / (a + b + 2) ? (front * betaContinuedFraction(x, a, b)) / a : 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

function checkDf(df: number): void {
  if (!(df > 0) || !Number.isFinite(df)) {
    throw new DistributionError(`Degrees of freedom must be a positive number, got ${df}`);
  }
}

/** P(T ≤ t) for T ~ t(df). */
export function tCdf(t: number, df: number): number {
  checkDf(df);
  if (Number.isNaN(t)) return NaN;
  if (!Number.isFinite(t)) return t > 0 ? 1 : 0;
  // P(|T| > |t|) = I_{df/(df+t²)}(df/2, 1/2); t²/df avoids cancellation when t is small.
  const tail = 0.5 * incompleteBeta(1 / (1 + (t * t) / df), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** Two-sided p-value of a t statistic: P(|T| ≥ |t|). */
export function tTwoSidedPValue(t: number, df: number): number {
  checkDf(df);
  if (Number.isNaN(t)) return NaN;
  if (!Number.isFinite(t)) return 0;
  return incompleteBeta(1 / (1 + (t * t) / df), df / 2, 0.5);
}

/** The p-quantile of t(df), 0 < p < 1: bisection on the CDF to the last representable digit. */
export function tQuantile(p: number, df: number): number {
  checkDf(df);
  if (!(p > 0 && p < 1)) throw new DistributionError(`A quantile needs 0 < p < 1, got ${p}`);
  if (p === 0.5) return 0;
  if (p < 0.5) return -tQuantile(1 - p, df);
  // Grow the bracket [0, hi] until it holds the answer.
  let lo = 0;
  let hi = 2;
  while (tCdf(hi, df) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (tCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** The two-sided critical value of a (1 − alpha) interval: t_{1−alpha/2, df}. */
export function tCritical(df: number, alpha = 0.05): number {
  return tQuantile(1 - alpha / 2, df);
}

/** The 0.975 quantile of the standard normal (simple-statistics' probit is good to ~3e-3 only). */
export const NORMAL_975 = 1.959963984540054;

/**
 * t_{0.975, df} by the Cornish–Fisher expansion around the normal quantile (Abramowitz & Stegun 26.7.5), four
 * terms: what the SQL macro t_critical_975 uses beyond its table (df > 120), where it is exact to ~1e-10.
 */
export function tCritical975Expansion(df: number): number {
  const z = NORMAL_975;
  const z3 = z ** 3;
  const z5 = z ** 5;
  const z7 = z ** 7;
  const z9 = z ** 9;
  const g1 = (z3 + z) / 4;
  const g2 = (5 * z5 + 16 * z3 + 3 * z) / 96;
  const g3 = (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / 384;
  const g4 = (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / 92160;
  return z + g1 / df + g2 / df ** 2 + g3 / df ** 3 + g4 / df ** 4;
}

// Simple OLS of y on x with what an economist reads off it: slope, standard error, t, p-value, a t-based
// confidence interval and R². The TypeScript reference of the SQL marts' regressions (models/macros/statistics.sql).
import { linearRegression, rSquared } from "simple-statistics";
import { tCritical, tTwoSidedPValue } from "./tDistribution.js";

export interface OlsFit {
  n: number;
  slope: number;
  intercept: number;
  /** Standard error of the slope, from the residual variance with n − 2 degrees of freedom. */
  stdError: number;
  df: number;
  tStatistic: number;
  pValue: number;
  /** t_{1−α/2, n−2}. */
  tCritical: number;
  ciLow: number;
  ciHigh: number;
  rSquared: number;
  /** Residuals y − ŷ in input order, for diagnostics (autocorrelation, outliers). */
  residuals: number[];
}

export class RegressionError extends Error {
  override name = "RegressionError";
}

/** OLS of ys on xs (pairs with a non-finite member are dropped); alpha sets the interval (0.05 → 95 %). */
export function ols(xs: readonly number[], ys: readonly number[], alpha = 0.05): OlsFit {
  if (xs.length !== ys.length) throw new RegressionError(`x has ${xs.length} values but y has ${ys.length}`);
  const pairs = xs.map((x, i) => [x, ys[i]]).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  const n = pairs.length;
  if (n < 3) throw new RegressionError(`A slope with a standard error needs at least 3 points, got ${n}`);
  const meanX = pairs.reduce((s, [x]) => s + x, 0) / n;
  const sxx = pairs.reduce((s, [x]) => s + (x - meanX) ** 2, 0);
  if (sxx === 0) throw new RegressionError("x does not vary: the slope is undefined");
  const { m: slope, b: intercept } = linearRegression(pairs);
  const line = (x: number) => intercept + slope * x;
  const residuals = pairs.map(([x, y]) => y - line(x));
  const df = n - 2;
  const residualVariance = residuals.reduce((s, r) => s + r * r, 0) / df;
  const stdError = Math.sqrt(residualVariance / sxx);
  const tStatistic = slope / stdError;
  const critical = tCritical(df, alpha);
  return {
    n,
    slope,
    intercept,
    stdError,
    df,
    tStatistic,
    pValue: stdError === 0 ? 0 : tTwoSidedPValue(tStatistic, df),
    tCritical: critical,
    ciLow: slope - critical * stdError,
    ciHigh: slope + critical * stdError,
    // simple-statistics returns NaN when y does not vary; R² is then undefined, not 1.
    rSquared: rSquared(pairs, line),
    residuals,
  };
}

/** Lag-1 autocorrelation of residuals: near 0 when OLS standard errors can be trusted, near 1 when they cannot. */
export function residualAutocorrelation(residuals: readonly number[]): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < residuals.length; i++) {
    den += residuals[i] ** 2;
    if (i > 0) num += residuals[i] * residuals[i - 1];
  }
  return den === 0 ? NaN : num / den;
}

/**
 * Benjamini–Hochberg: which of the p-values stay significant with the false discovery rate held at q. Testing 70
 * categories at 5 % flags ~3.5 of them by chance alone; this is the flag that survives that.
 */
export function benjaminiHochberg(pValues: readonly number[], q = 0.05): boolean[] {
  const order = pValues.map((p, i) => ({ p, i })).filter((d) => Number.isFinite(d.p)).sort((a, b) => a.p - b.p);
  const m = order.length;
  let cutoff = -1;
  order.forEach((d, rank) => {
    if (d.p <= ((rank + 1) / m) * q) cutoff = rank;
  });
  const keep = new Array<boolean>(pValues.length).fill(false);
  for (let rank = 0; rank <= cutoff; rank++) keep[order[rank].i] = true;
  return keep;
}

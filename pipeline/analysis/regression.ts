// OLS of y on x with what an economist reads off it: the line, standard error and R² of the one TypeScript OLS
// (src/components/statistics/ols.ts), plus t, p-value and a t-based confidence interval. The TypeScript reference
// of the SQL marts' regressions (models/macros/statistics.sql).
import { fitLine, RegressionError, type LineFit } from "../../src/components/statistics/ols.js";
import { tCritical, tTwoSidedPValue } from "./tDistribution.js";

export { RegressionError };

export interface OlsFit extends LineFit {
  tStatistic: number;
  pValue: number;
  /** t_{1−α/2, n−2}. */
  tCritical: number;
  ciLow: number;
  ciHigh: number;
}

/** OLS of ys on xs (pairs with a non-finite member are dropped); alpha sets the interval (0.05 → 95 %). */
export function ols(xs: readonly number[], ys: readonly number[], alpha = 0.05): OlsFit {
  const fit = fitLine(xs, ys);
  const { slope, stdError, df } = fit;
  const tStatistic = slope / stdError;
  const critical = tCritical(df, alpha);
  return {
    ...fit,
    tStatistic,
    pValue: stdError === 0 ? 0 : tTwoSidedPValue(tStatistic, df),
    tCritical: critical,
    ciLow: slope - critical * stdError,
    ciHigh: slope + critical * stdError,
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
  const order = pValues
    .map((p, i) => ({ p, i }))
    .filter((d) => Number.isFinite(d.p))
    .sort((a, b) => a.p - b.p);
  const m = order.length;
  let cutoff = -1;
  order.forEach((d, rank) => {
    if (d.p <= ((rank + 1) / m) * q) cutoff = rank;
  });
  const keep = new Array<boolean>(pValues.length).fill(false);
  for (let rank = 0; rank <= cutoff; rank++) keep[order[rank].i] = true;
  return keep;
}

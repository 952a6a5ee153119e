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

export interface WeightedFit {
  /** Observations used (rows with a non-finite member or a weight ≤ 0 are dropped). */
  n: number;
  /** n − (regressors + 1). */
  df: number;
  /** Intercept first, then one per regressor column. */
  coefficients: number[];
  stdErrors: number[];
  tStatistics: number[];
  pValues: number[];
  /** t_{1−α/2, df}. */
  tCritical: number;
  ciLow: number[];
  ciHigh: number[];
  /** Weighted R²: 1 − Σ w e² / Σ w (y − ȳ_w)². */
  rSquared: number;
  /** σ² = Σ w e² / df: the variance of an observation of weight 1. */
  sigma2: number;
  /** Var β = σ² (XᵀWX)⁻¹, intercept first: for the variance of a sum of coefficients. */
  covariance: number[][];
}

/**
 * Weighted least squares of ys on an intercept and the columns of xs (one row per observation), by the normal
 * equations (XᵀWX) β = XᵀWy solved by Gauss–Jordan elimination with partial pivoting, which also gives (XᵀWX)⁻¹:
 * Var β = σ² (XᵀWX)⁻¹ with σ² = Σ w e² / (n − p). Each weight is taken as inversely proportional to its
 * observation's variance. The TypeScript reference of the marts' joint model (models/macros/statistics.sql solves
 * the centred 3×3 system by cofactors instead).
 */
export function weightedLeastSquares(xs: readonly (readonly number[])[], ys: readonly number[], weights: readonly number[], alpha = 0.05): WeightedFit {
  if (xs.length !== ys.length || ys.length !== weights.length) {
    throw new RegressionError(`weightedLeastSquares needs as many rows as ys and weights (${xs.length}, ${ys.length}, ${weights.length})`);
  }
  const rows: { x: number[]; y: number; w: number }[] = [];
  for (let i = 0; i < ys.length; i++) {
    const x = [1, ...xs[i]];
    if (x.every(Number.isFinite) && Number.isFinite(ys[i]) && Number.isFinite(weights[i]) && weights[i] > 0) rows.push({ x, y: ys[i], w: weights[i] });
  }
  const p = (xs[0]?.length ?? 0) + 1;
  const n = rows.length;
  if (n <= p) throw new RegressionError(`weightedLeastSquares needs more than ${p} usable rows, got ${n}`);
  // [XᵀWX | XᵀWy | I], reduced to [I | β | (XᵀWX)⁻¹].
  const m = Array.from({ length: p }, (_, j) => {
    const row = new Array<number>(2 * p + 1).fill(0);
    for (const r of rows) {
      for (let k = 0; k < p; k++) row[k] += r.w * r.x[j] * r.x[k];
      row[p] += r.w * r.x[j] * r.y;
    }
    row[p + 1 + j] = 1;
    return row;
  });
  const scale = Math.max(...m.map((row, j) => Math.abs(row[j])));
  for (let col = 0; col < p; col++) {
    let pivot = col;
    for (let r = col + 1; r < p; r++) if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r;
    if (Math.abs(m[pivot][col]) <= 1e-13 * scale) throw new RegressionError("weightedLeastSquares: the regressors are collinear");
    [m[col], m[pivot]] = [m[pivot], m[col]];
    const lead = m[col][col];
    for (let k = 0; k <= 2 * p; k++) m[col][k] /= lead;
    for (let r = 0; r < p; r++) {
      if (r === col) continue;
      const factor = m[r][col];
      if (factor !== 0) for (let k = 0; k <= 2 * p; k++) m[r][k] -= factor * m[col][k];
    }
  }
  const coefficients = m.map((row) => row[p]);
  const inverse = m.map((row) => row.slice(p + 1));
  const inverseDiagonal = inverse.map((row, j) => row[j]);
  const totalWeight = rows.reduce((s, r) => s + r.w, 0);
  const meanY = rows.reduce((s, r) => s + r.w * r.y, 0) / totalWeight;
  let ssr = 0;
  let sst = 0;
  for (const r of rows) {
    const fitted = r.x.reduce((s, v, k) => s + v * coefficients[k], 0);
    ssr += r.w * (r.y - fitted) ** 2;
    sst += r.w * (r.y - meanY) ** 2;
  }
  const df = n - p;
  const sigma2 = ssr / df;
  const stdErrors = inverseDiagonal.map((v) => Math.sqrt(sigma2 * v));
  const critical = tCritical(df, alpha);
  const tStatistics = coefficients.map((b, k) => b / stdErrors[k]);
  return {
    n,
    df,
    coefficients,
    stdErrors,
    tStatistics,
    pValues: tStatistics.map((t, k) => (stdErrors[k] === 0 ? 0 : tTwoSidedPValue(t, df))),
    tCritical: critical,
    ciLow: coefficients.map((b, k) => b - critical * stdErrors[k]),
    ciHigh: coefficients.map((b, k) => b + critical * stdErrors[k]),
    rSquared: sst > 0 ? Math.max(0, 1 - ssr / sst) : NaN,
    sigma2,
    covariance: inverse.map((row) => row.map((v) => sigma2 * v)),
  };
}

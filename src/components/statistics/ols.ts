// Ordinary least squares of y on x, the one TypeScript implementation: the site's charts, the notebooks and
// pipeline/analysis/regression.ts (which adds the t-based inference) all fit lines here. Pure, no imports, so
// the browser, tslab and Node load it alike. The SQL marts' version is models/macros/statistics.sql.

export interface LineFit {
  n: number;
  slope: number;
  intercept: number;
  /** Standard error of the slope, from the residual variance with n − 2 degrees of freedom. */
  stdError: number;
  df: number;
  /** Sxy² / (Sxx·Syy); NaN when y does not vary (R² is then undefined, not 1). */
  rSquared: number;
  /** Residuals y − ŷ in input order, for diagnostics (autocorrelation, outliers). */
  residuals: number[];
}

export class RegressionError extends Error {
  override name = "RegressionError";
}

/** OLS of ys on xs; pairs with a non-finite member are dropped. Throws RegressionError when there is no slope. */
export function fitLine(xs: readonly number[], ys: readonly number[]): LineFit {
  if (xs.length !== ys.length) throw new RegressionError(`x has ${xs.length} values but y has ${ys.length}`);
  const pairs = xs.map((x, i): [number, number] => [x, ys[i]]).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  const n = pairs.length;
  if (n < 3) throw new RegressionError(`A slope with a standard error needs at least 3 points, got ${n}`);
  // Centred sums: the cross products stay small when the coordinates are not (revenue in the millions).
  const meanX = pairs.reduce((s, [x]) => s + x, 0) / n;
  const meanY = pairs.reduce((s, [, y]) => s + y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (const [x, y] of pairs) {
    const dx = x - meanX;
    const dy = y - meanY;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  if (sxx === 0) throw new RegressionError("x does not vary: the slope is undefined");
  const slope = sxy / sxx;
  const intercept = meanY - slope * meanX;
  const residuals = pairs.map(([x, y]) => y - (intercept + slope * x));
  const df = n - 2;
  const residualVariance = residuals.reduce((s, r) => s + r * r, 0) / df;
  return {
    n,
    slope,
    intercept,
    stdError: Math.sqrt(residualVariance / sxx),
    df,
    rSquared: (sxy * sxy) / (sxx * syy),
    residuals,
  };
}

/** The line y = a + b·x a chart draws, with r², or null when there is none: fewer than 3 points, x or y flat. */
export function leastSquares(points: readonly { x: number; y: number }[]): { a: number; b: number; r2: number } | null {
  let fit: LineFit;
  try {
    fit = fitLine(
      points.map((p) => p.x),
      points.map((p) => p.y),
    );
  } catch (error) {
    if (error instanceof RegressionError) return null;
    throw error;
  }
  return Number.isNaN(fit.rSquared) ? null : { a: fit.intercept, b: fit.slope, r2: fit.rSquared };
}

// Timing: does revenue follow the dollar with a delay? Cross-correlation of detrended monthly revenue with
// monthly USD/BRL changes at lags 0..6, with the ±1.96/√n band of no correlation.
import { linearRegression, mean } from "simple-statistics";
import { NORMAL_975 } from "./tDistribution.js";

export interface LagCorrelation {
  /** Months by which revenue follows the dollar's change (0: the same month). */
  lag: number;
  r: number;
  /** Pairs behind this lag, n − lag. */
  pairs: number;
  /** |r| beyond the band. */
  outsideBand: boolean;
}

export interface CrossCorrelation {
  lags: LagCorrelation[];
  /** Months in the aligned series. */
  n: number;
  /** 1.96/√n: under no correlation (and one of the series white noise), r stays inside ±band 95 % of the time. */
  band: number;
}

export class TimingError extends Error {
  override name = "TimingError";
}

/**
 * r_xy(k) = c_xy(k) / (s_x s_y), c_xy(k) = (1/n) Σ_{t=1}^{n−k} (x_t − x̄)(y_{t+k} − ȳ): the textbook sample
 * cross-correlation (Box & Jenkins; R's ccf), full-sample means and divisor n, so a long lag with few pairs
 * is shrunk toward zero rather than inflated. Positive k: y follows x by k steps.
 */
export function crossCorrelation(xs: readonly number[], ys: readonly number[], maxLag: number): CrossCorrelation {
  const n = xs.length;
  if (ys.length !== n) throw new TimingError(`x has ${n} values but y has ${ys.length}`);
  if (n < maxLag + 3) throw new TimingError(`Lags up to ${maxLag} need at least ${maxLag + 3} months, got ${n}`);
  const mx = mean(xs as number[]);
  const my = mean(ys as number[]);
  const sx = Math.sqrt(xs.reduce((s, x) => s + (x - mx) ** 2, 0) / n);
  const sy = Math.sqrt(ys.reduce((s, y) => s + (y - my) ** 2, 0) / n);
  if (sx === 0 || sy === 0) throw new TimingError("A series does not vary: its correlations are undefined");
  const band = NORMAL_975 / Math.sqrt(n);
  const lags: LagCorrelation[] = [];
  for (let k = 0; k <= maxLag; k++) {
    let c = 0;
    for (let t = 0; t + k < n; t++) c += (xs[t] - mx) * (ys[t + k] - my);
    const r = c / n / (sx * sy);
    lags.push({ lag: k, r, pairs: n - k, outsideBand: Math.abs(r) > band });
  }
  return { lags, n, band };
}

/** Residuals of a linear time trend: what is left of a series once its steady growth is taken out. */
export function detrend(values: readonly number[]): number[] {
  const { m, b } = linearRegression(values.map((v, t) => [t, v]));
  return values.map((v, t) => v - (b + m * t));
}

/** x_t − x_{t−1}: one fewer value. */
export function differences(values: readonly number[]): number[] {
  return values.slice(1).map((v, t) => v - values[t]);
}

export interface MonthValue {
  /** yyyy-MM-dd, first day of the month. */
  month: string;
  value: number;
}

/** The longest run of calendar-consecutive months (lags need equal spacing). */
export function longestConsecutiveRun<T extends { month: string }>(rows: readonly T[]): T[] {
  const index = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7));
  let best: T[] = [];
  let run: T[] = [];
  for (const row of [...rows].sort((a, b) => a.month.localeCompare(b.month))) {
    run = run.length > 0 && index(row.month) === index(run[run.length - 1].month) + 1 ? [...run, row] : [row];
    if (run.length > best.length) best = run;
  }
  return best;
}

/**
 * Prewhitening (Box & Jenkins): the AR(1) filter that makes x close to white noise, applied to both series. The
 * ±1.96/√n band holds when one series is white; dollar changes run in streaks (2018's rise took months), and a
 * streak against a smooth y gives large correlations by chance alone.
 */
export function prewhiten(xs: readonly number[], ys: readonly number[]): { xs: number[]; ys: number[]; ar1: number } {
  const { m: ar1 } = linearRegression(xs.slice(1).map((x, t) => [xs[t], x]));
  const filter = (v: readonly number[]) => v.slice(1).map((value, t) => value - ar1 * v[t]);
  return { xs: filter(xs), ys: filter(ys), ar1 };
}

/**
 * Revenue's response to the dollar: x = Δln(USD/BRL), the monthly change; y = ln(revenue) less its linear trend;
 * both prewhitened by x's AR(1), aligned on the months that have a change.
 */
export function revenueTimingAgainstDollar(
  revenue: readonly MonthValue[],
  usdBrl: readonly MonthValue[],
  maxLag = 6,
): CrossCorrelation & { months: string[]; ar1: number } {
  const rate = new Map(usdBrl.map((d) => [d.month, d.value]));
  const run = longestConsecutiveRun(revenue.filter((d) => rate.has(d.month) && d.value > 0));
  const detrended = detrend(run.map((d) => Math.log(d.value)));
  const changes = differences(run.map((d) => Math.log(rate.get(d.month)!)));
  const white = prewhiten(changes, detrended.slice(1));
  const result = crossCorrelation(white.xs, white.ys, maxLag);
  return { ...result, ar1: white.ar1, months: run.slice(2).map((d) => d.month) };
}

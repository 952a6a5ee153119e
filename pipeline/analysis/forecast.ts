// A short revenue forecast: additive damped-trend Holt on ln(monthly revenue), parameters by grid search on the
// one-step errors, ETS(A,Ad,N) prediction intervals, and a rolling-origin back-test against the naive forecast.
// Why this method for ~20 months of data: docs/sensitivity.md, "Forecast".
import { mean } from "simple-statistics";
import { NORMAL_975 } from "./tDistribution.js";

export interface HoltParams {
  /** Level smoothing, 0..1. */
  alpha: number;
  /** Trend smoothing β*, 0..1 (the ETS β is α·β*). */
  beta: number;
  /** Damping, 0.8..0.98: the trend fades by φ each month instead of running on forever. */
  phi: number;
}

export interface HoltFit extends HoltParams {
  level: number;
  trend: number;
  /** One-step-ahead errors of the fitted series (from its second value). */
  errors: number[];
  /** Residual variance, SSE / (errors − 3 smoothing parameters). */
  sigma2: number;
}

export interface ForecastPoint {
  /** Months ahead, 1.. */
  h: number;
  mean: number;
  /** Standard deviation of the h-step error. */
  sd: number;
}

export class ForecastError extends Error {
  override name = "ForecastError";
}

const grid = (from: number, to: number, step: number) =>
  Array.from({ length: Math.round((to - from) / step) + 1 }, (_, i) => Math.round((from + i * step) * 1000) / 1000);
const ALPHAS = grid(0.05, 1, 0.05);
const BETAS = grid(0, 1, 0.05);
// Hyndman & Athanasopoulos restrict φ to [0.8, 0.98]: below, the trend dies within months; above, it barely damps.
const PHIS = grid(0.8, 0.98, 0.02);

/** Runs the recursions from ℓ = y₀, b = y₁ − y₀; the one-step errors start at y₁. */
function smooth(ys: readonly number[], { alpha, beta, phi }: HoltParams) {
  let level = ys[0];
  let trend = ys[1] - ys[0];
  const errors: number[] = [];
  for (let t = 1; t < ys.length; t++) {
    const predicted = level + phi * trend;
    errors.push(ys[t] - predicted);
    const previous = level;
    level = alpha * ys[t] + (1 - alpha) * predicted;
    trend = beta * (level - previous) + (1 - beta) * phi * trend;
  }
  return { level, trend, errors };
}

/** Damped Holt with the (α, β*, φ) of the grid that minimise the sum of squared one-step errors. */
export function fitDampedHolt(ys: readonly number[]): HoltFit {
  if (ys.length < 6) throw new ForecastError(`A damped-trend fit needs at least 6 months, got ${ys.length}`);
  let best: (HoltFit & { sse: number }) | undefined;
  for (const alpha of ALPHAS) {
    for (const beta of BETAS) {
      for (const phi of PHIS) {
        const run = smooth(ys, { alpha, beta, phi });
        const sse = run.errors.reduce((s, e) => s + e * e, 0);
        if (!best || sse < best.sse) best = { alpha, beta, phi, ...run, sse, sigma2: sse / (run.errors.length - 3) };
      }
    }
  }
  const { sse: _, ...fit } = best!;
  return fit;
}

/**
 * ŷ_{T+h} = ℓ_T + (φ + … + φ^h)·b_T, and the h-step variance of ETS(A,Ad,N):
 * σ²·(1 + Σ_{j=1}^{h−1} c_j²) with c_j = α·(1 + β*·(φ + … + φ^j)) (Hyndman et al. 2008, ch. 6).
 */
export function forecastHolt(fit: HoltFit, horizon: number): ForecastPoint[] {
  const points: ForecastPoint[] = [];
  let dampedSum = 0;
  let variance = 1;
  for (let h = 1; h <= horizon; h++) {
    if (h > 1) {
      // dampedSum is φ + … + φ^(h−1) here: c_{h−1}.
      const c = fit.alpha * (1 + fit.beta * dampedSum);
      variance += c * c;
    }
    dampedSum += fit.phi ** h;
    points.push({ h, mean: fit.level + dampedSum * fit.trend, sd: Math.sqrt(fit.sigma2 * variance) });
  }
  return points;
}

export interface RevenueForecastMonth {
  month: string;
  h: number;
  /** exp of the log forecast: the median revenue, not the mean. */
  revenue: number;
  low80: number;
  high80: number;
  low95: number;
  high95: number;
}

export interface BacktestHorizon {
  h: number;
  /** Forecasts behind the figure. */
  forecasts: number;
  /** Mean absolute percentage error, 0..1. */
  mape: number;
  /** The same for the naive forecast (next months = the last one). */
  naiveMape: number;
  /** The same for the seasonal naive forecast (the same month a year before), over the forecasts that have one. */
  seasonalNaiveMape: number;
  /** Forecasts behind seasonalNaiveMape (a target needs its month of the year before in the series). */
  seasonalForecasts: number;
  /** Share of the actual months inside the model's 80 % and 95 % prediction intervals. */
  coverage80: number;
  coverage95: number;
}

const NORMAL_90 = 1.2815515655446004;

/** The month `k` months after a yyyy-MM-dd month start. */
export function addMonths(month: string, k: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + k;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}-01`;
}

/** Forecast of monthly revenue `horizon` months past the last given month, with 80 % and 95 % intervals. */
export function forecastRevenue(history: readonly { month: string; revenue: number }[], horizon = 3): { fit: HoltFit; months: RevenueForecastMonth[] } {
  const fit = fitDampedHolt(history.map((d) => Math.log(d.revenue)));
  const last = history[history.length - 1].month;
  const months = forecastHolt(fit, horizon).map((p) => ({
    month: addMonths(last, p.h),
    h: p.h,
    revenue: Math.exp(p.mean),
    low80: Math.exp(p.mean - NORMAL_90 * p.sd),
    high80: Math.exp(p.mean + NORMAL_90 * p.sd),
    low95: Math.exp(p.mean - NORMAL_975 * p.sd),
    high95: Math.exp(p.mean + NORMAL_975 * p.sd),
  }));
  return { fit, months };
}

/**
 * Rolling-origin evaluation: for every origin with at least `minTrain` months behind it, refit on the months up to
 * the origin and forecast the next `horizon`; MAPE per horizon over the forecasts whose month is known.
 */
export function backtestRevenue(revenue: readonly number[], horizon = 3, minTrain = 12): BacktestHorizon[] {
  const errors = Array.from({ length: horizon }, () => ({
    model: [] as number[],
    naive: [] as number[],
    seasonal: [] as number[],
    in80: 0,
    in95: 0,
  }));
  for (let origin = minTrain; origin < revenue.length; origin++) {
    const train = revenue.slice(0, origin);
    const points = forecastHolt(fitDampedHolt(train.map(Math.log)), horizon);
    for (const p of points) {
      const target = origin + p.h - 1;
      const actual = revenue[target];
      if (actual === undefined) break;
      const e = errors[p.h - 1];
      e.model.push(Math.abs(actual - Math.exp(p.mean)) / actual);
      e.naive.push(Math.abs(actual - train[train.length - 1]) / actual);
      // The series is consecutive months: twelve back is the same month a year before (known at the origin).
      if (target - 12 >= 0 && target - 12 < origin) e.seasonal.push(Math.abs(actual - revenue[target - 12]) / actual);
      const z = (Math.log(actual) - p.mean) / p.sd;
      if (Math.abs(z) <= NORMAL_90) e.in80++;
      if (Math.abs(z) <= NORMAL_975) e.in95++;
    }
  }
  return errors
    .map((e, i) => ({
      h: i + 1,
      forecasts: e.model.length,
      mape: e.model.length ? mean(e.model) : NaN,
      naiveMape: e.naive.length ? mean(e.naive) : NaN,
      seasonalNaiveMape: e.seasonal.length ? mean(e.seasonal) : NaN,
      seasonalForecasts: e.seasonal.length,
      coverage80: e.model.length ? e.in80 / e.model.length : NaN,
      coverage95: e.model.length ? e.in95 / e.model.length : NaN,
    }))
    .filter((b) => b.forecasts > 0);
}

// A short revenue forecast: additive damped-trend Holt on ln(monthly revenue) with a November (Black Friday) term
// estimated from the data, parameters by grid search on the one-step errors, ETS(A,Ad,N) prediction intervals, and
// a rolling-origin back-test against the naive and seasonal naive forecasts. Why this method for ~20 months of
// data, and where it loses: docs/sensitivity.md, "Forecast".
import { mean } from "simple-statistics";
import { NORMAL_975 } from "./tDistribution.js";

export interface HoltParams {
  /** Level smoothing, 0..1. */
  alpha: number;
  /** Trend smoothing β*, 0..1 (the ETS β is α·β*). */
  beta: number;
  /** Damping, 0.8..0.98: the trend fades by φ each month instead of running on forever. */
  phi: number;
  /** November's log effect γ (revenue × e^γ in November, Black Friday's month); 0 when no November was seen. */
  gamma: number;
}

export interface HoltFit extends HoltParams {
  level: number;
  trend: number;
  /** One-step-ahead errors of the fitted series (from its second value). */
  errors: number[];
  /** Residual variance, SSE / (errors − parameters: 3 smoothing, plus γ when estimated). */
  sigma2: number;
  /** Novembers in the fitted series: γ is estimated from them (0: γ = 0, not estimated). */
  novembers: number;
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
// November's log effect: from a November 25 % below the trend to one 2.7 times it (e^1).
const GAMMAS = grid(-0.3, 1, 0.02);

/**
 * Runs the recursions on the series less γ in Novembers, from ℓ = y₀, b = y₁ − y₀; the one-step errors start at
 * y₁ and forecast y_t as ℓ + φb + γ·[t is a November]. The level and trend never see the Black Friday jump.
 */
function smooth(ys: readonly number[], november: readonly boolean[], { alpha, beta, phi, gamma }: HoltParams) {
  const adjusted = ys.map((y, t) => y - (november[t] ? gamma : 0));
  let level = adjusted[0];
  let trend = adjusted[1] - adjusted[0];
  const errors: number[] = [];
  for (let t = 1; t < ys.length; t++) {
    const predicted = level + phi * trend;
    errors.push(adjusted[t] - predicted);
    const previous = level;
    level = alpha * adjusted[t] + (1 - alpha) * predicted;
    trend = beta * (level - previous) + (1 - beta) * phi * trend;
  }
  return { level, trend, errors };
}

/**
 * Damped Holt with the (α, β*, φ, γ) of the grid that minimise the sum of squared one-step errors. november[t]
 * marks the Novembers of ys; with none (or no flags), γ = 0 and is not a parameter. A November at t = 0 or 1 sets
 * the starting level and trend, so it is adjusted but tells the errors nothing; γ needs a November from t = 2 on.
 */
export function fitDampedHolt(ys: readonly number[], november: readonly boolean[] = []): HoltFit {
  if (ys.length < 6) throw new ForecastError(`A damped-trend fit needs at least 6 months, got ${ys.length}`);
  if (november.length !== 0 && november.length !== ys.length) {
    throw new ForecastError(`fitDampedHolt: ${november.length} November flags for ${ys.length} months`);
  }
  const flags = november.length ? november : ys.map(() => false);
  const novembers = flags.filter((n, t) => n && t >= 2).length;
  const gammas = novembers > 0 ? GAMMAS : [0];
  const parameters = novembers > 0 ? 4 : 3;
  // The grid holds ~277K parameter sets: each is scored by its sum of squared errors alone, in scalars (the same
  // sums, in the same order, as smooth() computes), and only the best one is run again for its errors.
  let best: HoltParams | undefined;
  let bestSse = Infinity;
  for (const gamma of gammas) {
    const adjusted = ys.map((y, t) => y - (flags[t] ? gamma : 0));
    for (const alpha of ALPHAS) {
      for (const beta of BETAS) {
        for (const phi of PHIS) {
          const sse = sumOfSquaredErrors(adjusted, alpha, beta, phi);
          if (sse < bestSse) {
            bestSse = sse;
            best = { alpha, beta, phi, gamma };
          }
        }
      }
    }
  }
  const run = smooth(ys, flags, best!);
  return { ...best!, ...run, sigma2: bestSse / (run.errors.length - parameters), novembers };
}

/** smooth()'s sum of squared one-step errors on an already γ-adjusted series, without an array. */
function sumOfSquaredErrors(adjusted: readonly number[], alpha: number, beta: number, phi: number): number {
  let level = adjusted[0];
  let trend = adjusted[1] - adjusted[0];
  let sse = 0;
  for (let t = 1; t < adjusted.length; t++) {
    const predicted = level + phi * trend;
    const error = adjusted[t] - predicted;
    sse += error * error;
    const previous = level;
    level = alpha * adjusted[t] + (1 - alpha) * predicted;
    trend = beta * (level - previous) + (1 - beta) * phi * trend;
  }
  return sse;
}

/**
 * ŷ_{T+h} = ℓ_T + (φ + … + φ^h)·b_T (+ γ when month T+h is a November: novemberAhead[h − 1]), and the h-step
 * variance of ETS(A,Ad,N): σ²·(1 + Σ_{j=1}^{h−1} c_j²) with c_j = α·(1 + β*·(φ + … + φ^j)) (Hyndman et al. 2008,
 * ch. 6); a November adds the variance of γ̂, σ²/k from k Novembers (each pins γ to one error).
 */
export function forecastHolt(fit: HoltFit, horizon: number, novemberAhead: readonly boolean[] = []): ForecastPoint[] {
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
    const november = Boolean(novemberAhead[h - 1]) && fit.novembers > 0;
    const gammaVariance = november ? 1 / fit.novembers : 0;
    points.push({ h, mean: fit.level + dampedSum * fit.trend + (november ? fit.gamma : 0), sd: Math.sqrt(fit.sigma2 * (variance + gammaVariance)) });
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

const isNovember = (month: string) => month.slice(5, 7) === "11";

/**
 * Where the fit starts: the first month after which no month's sale orders fall under half the median month's.
 * The Olist data open with months of a marketplace still filling its catalogue (2017-01..04: a tenth to a half of
 * later volumes); their growth is not the business's, and their errors would dominate σ.
 */
export function afterRampUp(orders: readonly number[]): number {
  if (orders.length === 0) return 0;
  const sorted = [...orders].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  const median = sorted.length % 2 ? sorted[Math.floor(middle)] : (sorted[middle - 1] + sorted[middle]) / 2;
  let start = 0;
  orders.forEach((n, i) => {
    if (n < median / 2) start = i + 1;
  });
  return Math.min(start, orders.length - 1);
}

/** The month `k` months after a yyyy-MM-dd month start. */
export function addMonths(month: string, k: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + k;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}-01`;
}

/**
 * Forecast of monthly revenue `horizon` months past the last given month, with 80 % and 95 % intervals; the
 * November term is estimated when the history holds a November.
 */
export function forecastRevenue(history: readonly { month: string; revenue: number }[], horizon = 3): { fit: HoltFit; months: RevenueForecastMonth[] } {
  const fit = fitDampedHolt(
    history.map((d) => Math.log(d.revenue)),
    history.map((d) => isNovember(d.month)),
  );
  const last = history[history.length - 1].month;
  const ahead = Array.from({ length: horizon }, (_, i) => isNovember(addMonths(last, i + 1)));
  const months = forecastHolt(fit, horizon, ahead).map((p) => ({
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

export interface BacktestOptions {
  /** Months the first origin's fit has at least. */
  minTrain?: number;
  /** Index of the first month the fits use (after the ramp-up); earlier months serve only the seasonal naive. */
  fitFrom?: number;
  /** Start at the first origin whose fit holds a November (so the November term is estimated, not zero). */
  afterNovember?: boolean;
}

/**
 * Rolling-origin evaluation: for every origin (the fit on history[fitFrom..origin), at least minTrain months, and
 * with afterNovember one that holds a November), forecast the next `horizon` months; per horizon, MAPE of the
 * model, of the naive (the origin's last month) and of the seasonal naive forecast (the same month a year before,
 * from the whole history), and the share of actual months inside the model's 80 % and 95 % intervals.
 */
export function backtestRevenue(
  history: readonly { month: string; revenue: number }[],
  horizon = 3,
  { minTrain = 12, fitFrom = 0, afterNovember = false }: BacktestOptions = {},
): BacktestHorizon[] {
  const revenue = history.map((d) => d.revenue);
  const errors = Array.from({ length: horizon }, () => ({
    model: [] as number[],
    naive: [] as number[],
    seasonal: [] as number[],
    in80: 0,
    in95: 0,
  }));
  let first = fitFrom + minTrain;
  if (afterNovember) {
    // The November must come from the fit's third month on (fitDampedHolt), and the origin right after it.
    const november = history.findIndex((d, i) => i >= fitFrom + 2 && isNovember(d.month));
    if (november < 0) throw new ForecastError("backtestRevenue: afterNovember, but the history has no November to fit");
    first = Math.max(first, november + 1);
  }
  for (let origin = first; origin < revenue.length; origin++) {
    const train = history.slice(fitFrom, origin);
    const points = forecastRevenue(train, horizon).months;
    for (const p of points) {
      const target = origin + p.h - 1;
      const actual = revenue[target];
      if (actual === undefined) break;
      const e = errors[p.h - 1];
      e.model.push(Math.abs(actual - p.revenue) / actual);
      e.naive.push(Math.abs(actual - revenue[origin - 1]) / actual);
      // The series is consecutive months: twelve back is the same month a year before (known at the origin).
      if (target - 12 >= 0 && target - 12 < origin) e.seasonal.push(Math.abs(actual - revenue[target - 12]) / actual);
      if (p.low80 <= actual && actual <= p.high80) e.in80++;
      if (p.low95 <= actual && actual <= p.high95) e.in95++;
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

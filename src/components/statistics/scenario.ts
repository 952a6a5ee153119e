// What-if scenarios from the sensitivity model (marts.fct_category_scenario_model): a category's revenue share and
// revenue at chosen levels of USD/BRL, IPCA and SELIC, with 95 % intervals. Pure functions, shared by the page
// (src/components/scenarios.ts) and the tests, which check them against a refit by weightedLeastSquares.

/** One row of marts.fct_category_scenario_model (estimated rows carry every number). */
export type ScenarioModel = {
  category_name: string;
  category_name_pt: string | null;
  /** The reviewed names of the seed category_names (dim_categories), when the loader joined them. */
  category_label?: string | null;
  category_label_pt?: string | null;
  status: "estimated" | "too_few_months" | "collinear";
  n_months: number;
  df: number | null;
  t_critical: number | null;
  sum_weight: number | null;
  mean_log_share: number | null;
  mean_log_usd_brl: number | null;
  mean_ipca_12m_pct: number | null;
  mean_selic_rate: number | null;
  slope_usd_brl: number | null;
  slope_ipca: number | null;
  slope_selic: number | null;
  sigma2: number | null;
  cov_usd_usd: number | null;
  cov_usd_ipca: number | null;
  cov_usd_selic: number | null;
  cov_ipca_ipca: number | null;
  cov_ipca_selic: number | null;
  cov_selic_selic: number | null;
  base_month: string;
  base_total_revenue_brl: number;
  base_usd_brl: number;
  base_ipca_12m_pct: number;
  base_selic_rate: number;
  base_revenue_share: number | null;
  min_usd_brl: number;
  max_usd_brl: number;
  min_ipca_12m_pct: number;
  max_ipca_12m_pct: number;
  min_selic_rate: number;
  max_selic_rate: number;
};

export type EstimatedModel = ScenarioModel & { [K in keyof ScenarioModel]: NonNullable<ScenarioModel[K]> } & { status: "estimated" };

/** A scenario: USD/BRL in R$ per US$, IPCA 12 months and SELIC in percentage points. */
export interface Levels {
  usdBrl: number;
  ipca: number;
  selic: number;
}

export interface Interval {
  value: number;
  low: number;
  high: number;
}

export interface Projection {
  category: string;
  /** ln share at the levels: the fitted mean, its standard error (the fitted value's, not a new month's). */
  logShare: number;
  logShareSe: number;
  /** exp of the fitted log share and of its 95 % interval: the median share, not the mean. */
  share: Interval;
  /** share × the base month's total revenue (BRL): the model says nothing about the total, so it is held. */
  revenue: Interval;
  /** The projected share over the one the model fits at the base month's levels: the scenario's effect alone. */
  changeFromBase: Interval;
}

export function isEstimated(m: ScenarioModel): m is EstimatedModel {
  return m.status === "estimated" && m.slope_usd_brl !== null && m.sigma2 !== null && m.t_critical !== null;
}

/** The base month's levels: where the controls start. */
export function baseLevels(m: Pick<ScenarioModel, "base_usd_brl" | "base_ipca_12m_pct" | "base_selic_rate">): Levels {
  return { usdBrl: m.base_usd_brl, ipca: m.base_ipca_12m_pct, selic: m.base_selic_rate };
}

/** Which of the levels lie outside what the analysis months saw (the projection extrapolates there). */
export function outsideObserved(m: ScenarioModel, levels: Levels): (keyof Levels)[] {
  const out: (keyof Levels)[] = [];
  if (levels.usdBrl < m.min_usd_brl || levels.usdBrl > m.max_usd_brl) out.push("usdBrl");
  if (levels.ipca < m.min_ipca_12m_pct || levels.ipca > m.max_ipca_12m_pct) out.push("ipca");
  if (levels.selic < m.min_selic_rate || levels.selic > m.max_selic_rate) out.push("selic");
  return out;
}

function slopes(m: EstimatedModel): number[] {
  return [m.slope_usd_brl, m.slope_ipca, m.slope_selic];
}

function covariance(m: EstimatedModel): number[][] {
  return [
    [m.cov_usd_usd, m.cov_usd_ipca, m.cov_usd_selic],
    [m.cov_usd_ipca, m.cov_ipca_ipca, m.cov_ipca_selic],
    [m.cov_usd_selic, m.cov_ipca_selic, m.cov_selic_selic],
  ];
}

const quadratic = (v: readonly number[], c: readonly (readonly number[])[]) => v.reduce((s, vi, i) => s + v.reduce((t, vj, j) => t + vi * c[i][j] * vj, 0), 0);

function interval(centre: number, se: number, t: number, map: (x: number) => number): Interval {
  return { value: map(centre), low: map(centre - t * se), high: map(centre + t * se) };
}

/**
 * The category's projection at `levels`. With d the levels less the fit's weighted means (ln of the dollar),
 * ln share = mean + b·d and Var = σ²/Σw + dᵀVd: centred at the weighted means, the intercept is uncorrelated with
 * the slopes. The change from the base month uses Δ = levels − base levels only: Var = ΔᵀVΔ.
 */
export function project(m: EstimatedModel, levels: Levels): Projection {
  if (!(levels.usdBrl > 0)) throw new RangeError(`A USD/BRL level must be positive, got ${levels.usdBrl}`);
  const x = [Math.log(levels.usdBrl), levels.ipca, levels.selic];
  const base = [Math.log(m.base_usd_brl), m.base_ipca_12m_pct, m.base_selic_rate];
  const d = [x[0] - m.mean_log_usd_brl, x[1] - m.mean_ipca_12m_pct, x[2] - m.mean_selic_rate];
  const delta = x.map((v, i) => v - base[i]);
  const b = slopes(m);
  const v = covariance(m);
  const logShare = m.mean_log_share + b.reduce((s, bj, j) => s + bj * d[j], 0);
  const logShareSe = Math.sqrt(m.sigma2 / m.sum_weight + quadratic(d, v));
  const change = b.reduce((s, bj, j) => s + bj * delta[j], 0);
  const changeSe = Math.sqrt(quadratic(delta, v));
  const t = m.t_critical;
  return {
    category: m.category_name,
    logShare,
    logShareSe,
    share: interval(logShare, logShareSe, t, Math.exp),
    revenue: interval(logShare, logShareSe, t, (y) => Math.exp(y) * m.base_total_revenue_brl),
    changeFromBase: interval(change, changeSe, t, Math.exp),
  };
}

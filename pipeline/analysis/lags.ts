// When demand answers the dollar: per category or state, a distributed-lag version of the marts' joint model, the
// log revenue share on ln(USD/BRL) of the month and of the 1–3 months before, with 12-month IPCA and SELIC,
// weighted by the subject's orders (the weights and months of the sensitivity marts' joint rows). Each lag's
// slope, and the cumulative effect Σ b_k (the long-run elasticity) with its interval from the full covariance,
// Var Σ b = 1ᵀ V 1. The mart marts.fct_dollar_lags computes it in SQL (the report reads it: readDollarLags);
// dollarLagsBySubject is its TypeScript reference. Plain functions of a Warehouse (tslab: .js specifiers).
import type { Warehouse } from "../warehouse/warehouse.js";
import { RegressionError, weightedLeastSquares } from "./regression.js";
import { tCritical, tTwoSidedPValue } from "./tDistribution.js";

export const DOLLAR_LAGS = [0, 1, 2, 3] as const;

export interface LagEstimate {
  slope: number;
  std_error: number;
  ci_low: number;
  ci_high: number;
  p_value: number;
}

export interface DollarLags {
  subject: string;
  subject_pt: string | null;
  n_months: number;
  df: number;
  /** b_k of ln(USD/BRL) k months before, k = 0..3. */
  lags: (LagEstimate & { lag: number })[];
  /** Σ b_k: the share's total response to a lasting 1 % move of the dollar. */
  cumulative: LagEstimate;
}

const addMonths = (month: string, n: number): string => {
  const d = new Date(`${month.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + n);
  return d.toISOString().slice(0, 10);
};

function estimate(slope: number, variance: number, df: number): LagEstimate {
  const se = Math.sqrt(variance);
  const t = tCritical(df, 0.05);
  return { slope, std_error: se, ci_low: slope - t * se, ci_high: slope + t * se, p_value: se === 0 ? 0 : tTwoSidedPValue(slope / se, df) };
}

/** The distributed-lag fit of one subject: rows of [ln usd lag 0..3, ipca, selic], y and weights. */
export function fitDollarLags(xs: readonly (readonly number[])[], ys: readonly number[], weights: readonly number[]) {
  const fit = weightedLeastSquares(xs, ys, weights);
  const k = DOLLAR_LAGS.length;
  // Coefficients 1..k are the lags (0 is the intercept).
  const lags = DOLLAR_LAGS.map((lag) => ({ lag, ...estimate(fit.coefficients[lag + 1], fit.covariance[lag + 1][lag + 1], fit.df) }));
  let sum = 0;
  let variance = 0;
  for (let i = 1; i <= k; i++) {
    sum += fit.coefficients[i];
    for (let j = 1; j <= k; j++) variance += fit.covariance[i][j];
  }
  return { n: fit.n, df: fit.df, lags, cumulative: estimate(sum, variance, fit.df) };
}

export type LagSubjectKind = "category" | "state";

const PANELS: Record<LagSubjectKind, { subjects: string; panel: string }> = {
  category: {
    subjects: `select distinct category_name as subject, category_name_pt as subject_pt
      from marts.fct_category_sensitivity where model = 'joint' and status = 'estimated' order by category_name`,
    panel: `select category_name as subject, order_month, revenue_share, order_count
      from marts.fct_category_performance_economics where revenue_share > 0 and order_count > 0`,
  },
  state: {
    subjects: `select distinct customer_state as subject, customer_state as subject_pt
      from marts.fct_state_sensitivity where model = 'joint' and status = 'estimated' order by customer_state`,
    panel: `select customer_state as subject, order_month, order_count,
        total_revenue_brl / sum(total_revenue_brl) over (partition by order_month) as revenue_share
      from marts.fct_geographic_sales_economics`,
  },
};

/**
 * The TypeScript reference of marts.fct_dollar_lags: every category (or state) the joint model estimated, fitted
 * with the dollar at lags 0–3 by Gauss–Jordan (weightedLeastSquares). The dollar of a month is the mean of the
 * rates published in it (dim_calendar), known before the first sale too. A subject whose fit fails (too few months
 * for seven coefficients, collinear lags) is left out and counted in `skipped`.
 */
export async function dollarLagsBySubject(w: Warehouse, kind: LagSubjectKind): Promise<{ subjects: DollarLags[]; skipped: string[] }> {
  const rates = await w.query<{ month: string; usd: number }>(`
    select month_start as month, avg(usd_brl_rate) as usd
    from marts.dim_calendar where not usd_brl_is_filled group by month_start`);
  const usd = new Map(rates.map((r) => [r.month.slice(0, 10), r.usd]));
  const months = await w.query<{ order_month: string; ipca_12m_pct: number; avg_selic_rate: number }>(`
    select order_month, ipca_12m_pct, avg_selic_rate from marts.fct_sensitivity_months where is_analysis_month order by order_month`);
  const subjects = await w.query<{ subject: string; subject_pt: string | null }>(PANELS[kind].subjects);
  const panel = await w.query<{ subject: string; order_month: string; revenue_share: number; order_count: number }>(PANELS[kind].panel);
  const bySubject = new Map<string, Map<string, { share: number; orders: number }>>();
  for (const p of panel) {
    if (!(p.revenue_share > 0 && p.order_count > 0)) continue;
    if (!bySubject.has(p.subject)) bySubject.set(p.subject, new Map());
    bySubject.get(p.subject)!.set(p.order_month.slice(0, 10), { share: p.revenue_share, orders: p.order_count });
  }
  const fitted: DollarLags[] = [];
  const skipped: string[] = [];
  for (const s of subjects) {
    const mine = bySubject.get(s.subject) ?? new Map();
    const rows = months
      .map((m) => ({ m, obs: mine.get(m.order_month.slice(0, 10)), x: DOLLAR_LAGS.map((k) => usd.get(addMonths(m.order_month, -k))) }))
      .filter((r) => r.obs && r.x.every((v) => v !== undefined && v > 0));
    try {
      const fit = fitDollarLags(
        rows.map((r) => [...r.x.map((v) => Math.log(v!)), r.m.ipca_12m_pct, r.m.avg_selic_rate]),
        rows.map((r) => Math.log(r.obs!.share)),
        rows.map((r) => r.obs!.orders),
      );
      if (fit.df < 1) throw new RegressionError(`${fit.n} months for ${DOLLAR_LAGS.length + 3} coefficients`);
      fitted.push({ subject: s.subject, subject_pt: s.subject_pt, n_months: fit.n, df: fit.df, lags: fit.lags, cumulative: fit.cumulative });
    } catch (error) {
      if (!(error instanceof RegressionError)) throw error;
      skipped.push(s.subject);
    }
  }
  return { subjects: fitted, skipped };
}

/** Every category the joint model estimated, fitted with the dollar at lags 0–3 (dollarLagsBySubject). */
export async function dollarLagsByCategory(w: Warehouse): Promise<{ categories: DollarLags[]; skipped: string[] }> {
  const { subjects, skipped } = await dollarLagsBySubject(w, "category");
  return { categories: subjects, skipped };
}

type LagRow = {
  subject_kind: LagSubjectKind;
  subject: string;
  subject_pt: string | null;
  term: string;
  lag_months: number | null;
  n_months: number;
  df: number;
  slope: number;
  std_error: number;
  ci_low: number;
  ci_high: number;
  p_value: number;
};

/** marts.fct_dollar_lags as the report's DollarLags, estimated subjects only, per kind (the page's shape). */
export async function readDollarLags(w: Warehouse): Promise<Record<LagSubjectKind, DollarLags[]>> {
  const rows = await w.query<LagRow>(`
    select subject_kind, subject, subject_pt, term, lag_months, n_months, df, slope, std_error, ci_low, ci_high, p_value
    from marts.fct_dollar_lags where status = 'estimated' order by subject_kind, subject, term`);
  const out: Record<LagSubjectKind, DollarLags[]> = { category: [], state: [] };
  const bySubject = new Map<string, DollarLags>();
  for (const r of rows) {
    const key = `${r.subject_kind}:${r.subject}`;
    let d = bySubject.get(key);
    if (!d) {
      d = { subject: r.subject, subject_pt: r.subject_pt, n_months: r.n_months, df: r.df, lags: [], cumulative: undefined as unknown as LagEstimate };
      bySubject.set(key, d);
      out[r.subject_kind].push(d);
    }
    const estimate = { slope: r.slope, std_error: r.std_error, ci_low: r.ci_low, ci_high: r.ci_high, p_value: r.p_value };
    if (r.term === "cumulative") d.cumulative = estimate;
    else d.lags.push({ lag: Number(r.lag_months), ...estimate });
  }
  for (const d of bySubject.values()) {
    d.lags.sort((a, b) => a.lag - b.lag);
    if (d.lags.length !== DOLLAR_LAGS.length || !d.cumulative) throw new RegressionError(`fct_dollar_lags: ${d.subject} lacks a lag or the cumulative effect`);
  }
  return out;
}

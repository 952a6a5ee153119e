// The Economic impact section's numbers, shared by its data loader and the notebooks: the sensitivity marts
// read as they are (their headline joint model, p-values and false-discovery verdicts included), plus what is
// computed here from their monthly series (the dollar at lags 0–3, timing, real and dollar growth, the forecast
// and its back-test). Plain functions of a Warehouse;
// tslab compiles this for the notebooks as CommonJS: keep .js import specifiers and import.meta out.
import type { Warehouse } from "../warehouse/warehouse.js";
import { revenueTimingAgainstDollar, longestConsecutiveRun, type CrossCorrelation } from "./crossCorrelation.js";
import { likeForLikeGrowth, type LikeForLikeGrowth } from "./deflation.js";
import { readDollarLags, type DollarLags } from "./lags.js";
import { afterRampUp, backtestRevenue, forecastRevenue, type BacktestHorizon, type HoltParams, type RevenueForecastMonth } from "./forecast.js";

export type Indicator = "usd_brl" | "ipca" | "selic";

export type SensitivityMonth = {
  order_month: string;
  order_count: number;
  total_revenue_brl: number;
  total_revenue_real_brl: number;
  total_revenue_usd: number;
  avg_usd_brl_published: number | null;
  ipca_12m_pct: number | null;
  avg_selic_rate: number | null;
  is_analysis_month: boolean;
  exclusion_reason: string | null;
};

export type Sensitivity = {
  /** Category (English name) or state (UF). */
  subject: string;
  subject_pt: string | null;
  /** The names a reader sees (for categories, the reviewed ones of the seed category_names). */
  subject_label: string;
  subject_label_pt: string | null;
  /** joint: the weighted regression on the three indicators together (the headline); single: one at a time. */
  model: "joint" | "single";
  indicator: Indicator;
  status: "estimated" | "too_few_months" | "no_variation" | "collinear";
  reason: string | null;
  n_months: number;
  analysis_months: number;
  slope: number | null;
  std_error: number | null;
  df: number | null;
  t_statistic: number | null;
  ci_low: number | null;
  ci_high: number | null;
  r_squared: number | null;
  is_significant: boolean | null;
  slope_rank: number | null;
  /** Two-sided p-value of the slope (t, df), from the mart. */
  p_value: number | null;
  /** Significant with the false discovery rate at 5 % over the estimates of the mart's model and indicator (Benjamini–Hochberg, in the mart). */
  survives_fdr: boolean | null;
};

export interface ImpactReport {
  /** The month whose prices constant BRL are in (IPCA index = 100). */
  baseMonth: string | null;
  months: SensitivityMonth[];
  categories: Sensitivity[];
  states: Sensitivity[];
  /** The dollar at lags 0–3 months per category and per state (marts.fct_dollar_lags), with the cumulative effect. */
  lags: { categories: (DollarLags & { subject_label?: string; subject_label_pt?: string | null })[]; states: DollarLags[] };
  timing: (CrossCorrelation & { months: string[]; ar1: number }) | null;
  growth: LikeForLikeGrowth | null;
  forecast: {
    method: string;
    params: HoltParams;
    history: { month: string; revenue: number }[];
    /** The first month the model is fitted on (after the ramp-up months, afterRampUp); earlier history is shown only. */
    fitFrom: string;
    /** Novembers the November term was estimated from. */
    novembers: number;
    months: RevenueForecastMonth[];
    backtest: BacktestHorizon[];
  } | null;
}

const ESTIMATE_COLUMNS = `model, indicator, status, reason, n_months, analysis_months, slope, std_error, df, t_statistic,
  ci_low, ci_high, r_squared, p_value, is_significant, survives_fdr, slope_rank`;

/** The headline rows of a sensitivity mart (model = 'joint'), its p-values and false-discovery verdicts as they are. */
async function sensitivities(w: Warehouse, table: string, subject: string, subjectPt: string, labels = [subject, subjectPt]): Promise<Sensitivity[]> {
  return w.query<Sensitivity>(`
    select ${subject} as subject, ${subjectPt} as subject_pt, ${labels[0]} as subject_label, ${labels[1]} as subject_label_pt,
      ${ESTIMATE_COLUMNS}
    from marts.${table}
    where model = 'joint'
    order by indicator, slope_rank nulls last, subject`);
}

async function lagsOf(w: Warehouse): Promise<ImpactReport["lags"]> {
  const { category, state } = await readDollarLags(w);
  // The reviewed names of the seed category_names, as every other category on the page shows them.
  const names = await w.query<{ category_name: string; category_label: string; category_label_pt: string | null }>(`
    select category_name, category_label, category_label_pt from marts.dim_categories`);
  const byKey = new Map(names.map((n) => [n.category_name, n]));
  const categories = category.map((l) => ({
    ...l,
    subject_label: byKey.get(l.subject)?.category_label,
    subject_label_pt: byKey.get(l.subject)?.category_label_pt,
  }));
  return { categories, states: state };
}

export async function impactReport(w: Warehouse, { horizon = 3 } = {}): Promise<ImpactReport> {
  const months = await w.query<SensitivityMonth>(`
    select order_month, order_count, total_revenue_brl, total_revenue_real_brl, total_revenue_usd,
           avg_usd_brl_published, ipca_12m_pct, avg_selic_rate, is_analysis_month, exclusion_reason
    from marts.fct_sensitivity_months
    order by order_month`);
  const [base] = await w.query<{ month: string | null }>(`
    select min(month_start) as month from marts.dim_calendar where abs(ipca_index - 100) < 1e-9`);
  const analysis = longestConsecutiveRun(months.filter((m) => m.is_analysis_month).map((m) => ({ ...m, month: m.order_month })));
  const canTime = analysis.length >= 9;
  const history = analysis.map((m) => ({ month: m.month, revenue: m.total_revenue_brl }));
  // The fit starts after the ramp-up months; the back-test's first origin is the first whose fit holds a November.
  const fitFrom = afterRampUp(analysis.map((m) => m.order_count));
  const fitted = analysis.length - fitFrom >= 12 ? forecastRevenue(history.slice(fitFrom), horizon) : null;
  const hasNovember = history.some((d, i) => i >= fitFrom + 2 && d.month.slice(5, 7) === "11");
  return {
    baseMonth: base?.month ?? null,
    months,
    categories: await sensitivities(w, "fct_category_sensitivity", "category_name", "category_name_pt", ["category_label", "category_label_pt"]),
    states: await sensitivities(w, "fct_state_sensitivity", "customer_state", "null"),
    lags: await lagsOf(w),
    // Revenue in constant BRL, so inflation's steady climb is not mistaken for growth before detrending.
    timing: canTime
      ? revenueTimingAgainstDollar(
          analysis.map((m) => ({ month: m.month, value: m.total_revenue_real_brl })),
          analysis.map((m) => ({ month: m.month, value: m.avg_usd_brl_published! })),
        )
      : null,
    growth:
      likeForLikeGrowth(
        analysis.map((m) => ({ month: m.month, nominalBrl: m.total_revenue_brl, realBrl: m.total_revenue_real_brl, usd: m.total_revenue_usd })),
      ) ?? null,
    forecast: fitted && {
      method: "damped additive Holt on ln(revenue) with a November term, fitted after the ramp-up months",
      params: { alpha: fitted.fit.alpha, beta: fitted.fit.beta, phi: fitted.fit.phi, gamma: fitted.fit.gamma },
      history,
      fitFrom: history[fitFrom].month,
      novembers: fitted.fit.novembers,
      months: fitted.months,
      // Origins from the first whose fit holds a November (six months after the ramp-up at the least).
      backtest: backtestRevenue(history, horizon, { fitFrom, minTrain: 6, afterNovember: hasNovember }),
    },
  };
}

// Calibration of the sensitivity marts' headline (joint) model against the truth the sample generator planted
// (pipeline/extract/sample/demand.ts): for each estimated row, the population slope it estimates and whether its
// 95 % interval covers it; over many generated datasets, coverage per indicator and the false-discovery rate of
// survives_fdr, with binomial (Wilson) bounds. Used by bench/calibration.ts (many seeds) and
// test/analysis/recovery.test.ts (one seed).
//
// The truth of a category row: the same weighted regression (its months, its order counts as weights) run on the
// generator's expected log shares instead of the observed ones, i.e. the estimand exactly. Only the dollar moves
// the expected shares, so the IPCA and SELIC truths are ~0 (the projection of the small curvature of ln Z(x));
// the dollar's is β_c less the share-weighted mean β (docs/sensitivity.md). Nothing is planted by state: every
// state truth is 0.
import { CATEGORY_USD_SENSITIVITY, expectedShares, usdReference } from "../extract/sample/demand.js";
import { CATEGORIES } from "../extract/sample/catalog.js";
import type { Warehouse } from "../warehouse/warehouse.js";
import { weightedLeastSquares } from "./regression.js";

export type CalibrationIndicator = "usd_brl" | "ipca" | "selic";
const INDICATORS: readonly CalibrationIndicator[] = ["usd_brl", "ipca", "selic"];

export interface CalibrationRow {
  mart: "category" | "state";
  subject: string;
  indicator: CalibrationIndicator;
  truth: number;
  /** The truth is zero by construction (IPCA and SELIC given the dollar; every state). */
  isNull: boolean;
  /** The subject carries a planted dollar sensitivity (a category with β ≠ 0). */
  planted: boolean;
  slope: number;
  ciLow: number;
  ciHigh: number;
  survivesFdr: boolean;
}

type MartRow = {
  subject: string;
  indicator: CalibrationIndicator;
  slope: number;
  ci_low: number;
  ci_high: number;
  survives_fdr: boolean;
};

/**
 * Every estimated joint row of both sensitivity marts beside its truth. usd: the generator's monthly USD/BRL
 * (readMonthlyUsd), which sets its reference level. The uncategorized products ('sem_categoria') draw from every
 * category, so they have no planted truth and are left out.
 */
export async function calibrationRows(w: Warehouse, usd: ReadonlyMap<string, number>): Promise<CalibrationRow[]> {
  const months = await w.query<{ order_month: string; log_usd_brl: number; ipca_12m_pct: number; avg_selic_rate: number }>(`
    select order_month, log_usd_brl, ipca_12m_pct, avg_selic_rate
    from marts.fct_sensitivity_months where is_analysis_month order by order_month`);
  const panel = await w.query<{ subject: string; order_month: string; order_count: number }>(`
    select category_name_pt as subject, order_month, order_count
    from marts.fct_category_performance_economics where revenue_share > 0`);
  const columns = "indicator, slope, ci_low, ci_high, survives_fdr";
  const categories = await w.query<MartRow>(`
    select category_name_pt as subject, ${columns} from marts.fct_category_sensitivity
    where model = 'joint' and status = 'estimated' and category_name_pt <> 'sem_categoria'`);
  const states = await w.query<MartRow>(`
    select customer_state as subject, ${columns} from marts.fct_state_sensitivity
    where model = 'joint' and status = 'estimated'`);

  const ref = usdReference(usd);
  const index = new Map(CATEGORIES.map((c, i) => [c.name, i]));
  const logShares = new Map(
    months.map((m) => {
      const rate = usd.get(m.order_month.slice(0, 7));
      if (rate === undefined) throw new Error(`calibration: the generator has no USD/BRL rate for ${m.order_month}`);
      return [m.order_month, Array.from(expectedShares(rate / ref, "revenue"), Math.log)];
    }),
  );
  const weights = new Map<string, Map<string, number>>();
  for (const p of panel) {
    if (!weights.has(p.subject)) weights.set(p.subject, new Map());
    weights.get(p.subject)!.set(p.order_month, p.order_count);
  }
  const truths = new Map<string, number[]>();
  const truthOf = (category: string): number[] => {
    const cached = truths.get(category);
    if (cached) return cached;
    const c = index.get(category);
    if (c === undefined) throw new Error(`calibration: category "${category}" is not in the generator's catalogue`);
    const sold = months.filter((m) => weights.get(category)?.has(m.order_month));
    const fit = weightedLeastSquares(
      sold.map((m) => [m.log_usd_brl, m.ipca_12m_pct, m.avg_selic_rate]),
      sold.map((m) => logShares.get(m.order_month)![c]),
      sold.map((m) => weights.get(category)!.get(m.order_month)!),
    );
    truths.set(category, fit.coefficients.slice(1));
    return fit.coefficients.slice(1);
  };
  const planted = new Set(Object.keys(CATEGORY_USD_SENSITIVITY).filter((c) => CATEGORY_USD_SENSITIVITY[c] !== 0));

  const rows: CalibrationRow[] = [];
  for (const r of categories) {
    rows.push({
      mart: "category",
      subject: r.subject,
      indicator: r.indicator,
      truth: truthOf(r.subject)[INDICATORS.indexOf(r.indicator)],
      isNull: r.indicator !== "usd_brl",
      planted: planted.has(r.subject),
      slope: r.slope,
      ciLow: r.ci_low,
      ciHigh: r.ci_high,
      survivesFdr: r.survives_fdr,
    });
  }
  for (const r of states) {
    rows.push({
      mart: "state",
      subject: r.subject,
      indicator: r.indicator,
      truth: 0,
      isNull: true,
      planted: false,
      slope: r.slope,
      ciLow: r.ci_low,
      ciHigh: r.ci_high,
      survivesFdr: r.survives_fdr,
    });
  }
  return rows;
}

export const covers = (r: CalibrationRow): boolean => r.ciLow <= r.truth && r.truth <= r.ciHigh;

export interface Proportion {
  hits: number;
  total: number;
  rate: number;
  /** Wilson score interval at 95 %. */
  low: number;
  high: number;
}

/** hits / total with its 95 % Wilson score interval (sensible at 0 and near the edges, unlike the Wald interval). */
export function proportion(hits: number, total: number): Proportion {
  if (total === 0) return { hits, total, rate: NaN, low: NaN, high: NaN };
  const z = 1.959963984540054;
  const p = hits / total;
  const centre = (p + (z * z) / (2 * total)) / (1 + (z * z) / total);
  const half = (z / (1 + (z * z) / total)) * Math.sqrt((p * (1 - p)) / total + (z * z) / (4 * total * total));
  return { hits, total, rate: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

export interface CalibrationSummary {
  /** Coverage of the truth by the 95 % intervals, per mart and indicator ("category/usd_brl", …). */
  coverage: Record<string, Proportion>;
  /** Rows whose truth is zero that survive FDR, over all such rows. */
  nullFlagged: Proportion;
  /** Surviving rows whose truth is zero, over all surviving rows (the realised false-discovery proportion). */
  falseDiscoveries: Proportion;
  /** Planted categories' dollar rows that survive FDR, over all of them. */
  plantedFound: Proportion;
}

export function summarise(rows: readonly CalibrationRow[]): CalibrationSummary {
  const coverage: Record<string, Proportion> = {};
  for (const mart of ["category", "state"] as const) {
    for (const indicator of INDICATORS) {
      const mine = rows.filter((r) => r.mart === mart && r.indicator === indicator);
      coverage[`${mart}/${indicator}`] = proportion(mine.filter(covers).length, mine.length);
    }
  }
  const nulls = rows.filter((r) => r.isNull);
  const survivors = rows.filter((r) => r.survivesFdr);
  const planted = rows.filter((r) => r.planted && r.indicator === "usd_brl");
  return {
    coverage,
    nullFlagged: proportion(nulls.filter((r) => r.survivesFdr).length, nulls.length),
    falseDiscoveries: proportion(survivors.filter((r) => r.isNull).length, survivors.length),
    plantedFound: proportion(planted.filter((r) => r.survivesFdr).length, planted.length),
  };
}

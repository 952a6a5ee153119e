// The economic signal planted in the sample: each month, the category of an item is drawn with probability
// ∝ w_c · (usd_m / usd_ref)^β_c, so imported goods lose share when the dollar is dear. Also the slopes an
// analysis should find, so statistical tests can check the signal is recovered.
import { readSnapshot } from "../bcb/snapshot.ts";
import type { Observation } from "../bcb/series.ts";
import { SAMPLE_MONTHS } from "./calendar.ts";
import { CATEGORIES, meanPrice } from "./catalog.ts";
import { AliasTable } from "./random.ts";

/**
 * β_c, the USD/BRL elasticity of category c's demand (Portuguese name → β). Categories not listed have β = 0.
 * Negative: mostly imported electronics, dearer in reais when the dollar rises. Positive: domestic goods that win
 * the share the imports lose. All are high-volume categories, so the effect is measurable at 50K orders.
 */
export const CATEGORY_USD_SENSITIVITY: Readonly<Record<string, number>> = Object.freeze({
  consoles_games: -2.5,
  eletronicos: -2.2,
  informatica_acessorios: -2.0,
  telefonia: -1.8,
  relogios_presentes: -1.5,
  utilidades_domesticas: 1.5,
  cama_mesa_banho: 1.2,
  moveis_decoracao: 1.0,
  ferramentas_jardim: 1.0,
});

export type ShareMeasure = "items" | "revenue";

export class DemandError extends Error {
  override name = "DemandError";
}

/** Average of the daily observations of each yyyy-MM month. */
export function monthlyAverages(observations: readonly Observation[]): Map<string, number> {
  const sums = new Map<string, { sum: number; n: number }>();
  for (const o of observations) {
    const month = o.date.slice(0, 7);
    const s = sums.get(month) ?? { sum: 0, n: 0 };
    s.sum += o.value;
    s.n++;
    sums.set(month, s);
  }
  return new Map([...sums].map(([month, s]) => [month, s.sum / s.n]));
}

/** Monthly average USD/BRL (SGS series 1) from the committed snapshot, for every month of the Olist period. */
export async function readMonthlyUsd(bcbDir: string): Promise<Map<string, number>> {
  const usd = monthlyAverages(await readSnapshot(bcbDir, 1));
  const missing = SAMPLE_MONTHS.filter((m) => !usd.has(m));
  if (missing.length > 0) {
    throw new DemandError(
      `The USD/BRL snapshot in ${bcbDir} (series 1) has no rates for ${missing.join(", ")}; ` +
        "the sample needs every month from 2016-09 to 2018-10. Refresh the snapshot from the BCB API.",
    );
  }
  return usd;
}

/** usd_ref: the geometric mean of the monthly rates over the Olist period. Any choice only rescales the w_c. */
export function usdReference(usdByMonth: ReadonlyMap<string, number>): number {
  let logSum = 0;
  for (const m of SAMPLE_MONTHS) logSum += Math.log(monthUsd(usdByMonth, m));
  return Math.exp(logSum / SAMPLE_MONTHS.length);
}

function monthUsd(usdByMonth: ReadonlyMap<string, number>, month: string): number {
  const usd = usdByMonth.get(month);
  if (usd === undefined || !(usd > 0)) throw new DemandError(`No USD/BRL rate for ${month}`);
  return usd;
}

/** β of every catalogue category, in catalogue order. */
export function betas(): Float64Array {
  return Float64Array.from(CATEGORIES, (c) => CATEGORY_USD_SENSITIVITY[c.name] ?? 0);
}

/**
 * Expected share of each category at a dollar level x = usd/usd_ref: of items (∝ w_c·x^β_c) or of revenue
 * (∝ w_c·p_c·x^β_c, p_c the category's mean price, stable over time).
 */
export function expectedShares(x: number, measure: ShareMeasure = "items"): Float64Array {
  const b = betas();
  const shares = Float64Array.from(CATEGORIES, (c, i) => c.items * (measure === "revenue" ? meanPrice(c) : 1) * x ** b[i]);
  const total = shares.reduce((a, s) => a + s, 0);
  return shares.map((s) => s / total);
}

/** Σ_k s_k·β_k at dollar level x: the common shift that measuring shares (not volumes) subtracts from every β. */
export function shareWeightedMeanBeta(x = 1, measure: ShareMeasure = "items"): number {
  const b = betas();
  return expectedShares(x, measure).reduce((sum, s, i) => sum + s * b[i], 0);
}

/** One alias table per SAMPLE_MONTHS index: the item-category distribution of that month. */
export function monthlyCategoryTables(usdByMonth: ReadonlyMap<string, number>): AliasTable[] {
  const ref = usdReference(usdByMonth);
  return SAMPLE_MONTHS.map((m) => new AliasTable(expectedShares(monthUsd(usdByMonth, m) / ref)));
}

function categoryIndex(category: string): number {
  const i = CATEGORIES.findIndex((c) => c.name === category);
  if (i < 0) throw new DemandError(`Unknown category "${category}"; use a Portuguese name from the catalogue`);
  return i;
}

/**
 * The slope an analysis should find when it regresses log(share of `category`) on log(usd_m) by OLS over `months`
 * (default: 2017-01..2018-08, the months with volume). Computed exactly from the model's shares; to first order it is
 * β_c − Σ_k s_k·β_k with s the item or revenue shares (see README.md).
 */
export function expectedShareSlope(
  category: string,
  usdByMonth: ReadonlyMap<string, number>,
  options: { months?: readonly string[]; measure?: ShareMeasure } = {},
): number {
  const c = categoryIndex(category);
  const months = options.months ?? SAMPLE_MONTHS.filter((m) => m >= "2017-01" && m <= "2018-08");
  if (months.length < 2) throw new DemandError("An expected slope needs at least two months");
  const ref = usdReference(usdByMonth);
  const xs = months.map((m) => Math.log(monthUsd(usdByMonth, m)));
  const ys = months.map((m) => Math.log(expectedShares(monthUsd(usdByMonth, m) / ref, options.measure)[c]));
  return olsSlope(xs, ys);
}

export function olsSlope(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
  }
  if (sxx === 0) throw new DemandError("The dollar did not vary over these months: the slope is undefined");
  return sxy / sxx;
}

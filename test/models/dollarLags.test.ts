// The two marts solved by the Gram–Schmidt macro (models/macros/least_squares.sql) against independent TypeScript
// on a 30,000-order sample: fct_dollar_lags equal to dollarLagsBySubject (Gauss–Jordan on the uncentred normal
// equations, lags.ts) for every category and state; fct_category_scenario_model's projections
// (src/components/statistics/scenario.ts, the page's arithmetic) equal to a refit by weightedLeastSquares
// evaluated with its own full covariance, at the base month and at scenarios away from it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { impactReport } from "../../pipeline/analysis/impactReport.ts";
import { dollarLagsBySubject, type DollarLags } from "../../pipeline/analysis/lags.ts";
import { weightedLeastSquares } from "../../pipeline/analysis/regression.ts";
import { isEstimated, project, type ScenarioModel } from "../../src/components/statistics/scenario.ts";
import { sampleWarehouse, type SampleWarehouse } from "../transform/sampleWarehouse.ts";
import type { Warehouse } from "../support/warehouse.ts";

let sample: SampleWarehouse;
let w: Warehouse;

beforeAll(async () => {
  sample = await sampleWarehouse("dollar-lags", { orders: 30_000 });
  w = await sample.open({ readOnly: true });
}, 300_000);

afterAll(async () => {
  await w?.close();
  sample?.remove();
});

const close = (a: number, b: number, tolerance = 1e-8) => Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a), Math.abs(b));

type MartLag = { subject_kind: string; subject: string; term: string; status: string; n_months: number; df: number; slope: number; std_error: number; ci_low: number; ci_high: number; p_value: number };

describe("fct_dollar_lags", () => {
  it("equals the TypeScript distributed-lag fit for every category and state, every lag and the cumulative effect", async () => {
    const mart = await w.query<MartLag>(`select * from marts.fct_dollar_lags where status = 'estimated'`);
    const byKey = new Map(mart.map((r) => [`${r.subject_kind}/${r.subject}/${r.term}`, r]));
    let compared = 0;
    for (const kind of ["category", "state"] as const) {
      const { subjects, skipped } = await dollarLagsBySubject(w, kind);
      expect(skipped, kind).toEqual([]);
      expect(subjects.length, kind).toBeGreaterThan(kind === "category" ? 40 : 15);
      for (const s of subjects) {
        const terms: [string, DollarLags["cumulative"]][] = [...s.lags.map((l) => [`lag_${l.lag}`, l] as [string, DollarLags["cumulative"]]), ["cumulative", s.cumulative]];
        for (const [term, reference] of terms) {
          const row = byKey.get(`${kind}/${s.subject}/${term}`);
          expect(row, `${kind} ${s.subject} ${term}`).toBeDefined();
          expect(row!.n_months).toBe(s.n_months);
          expect(row!.df).toBe(s.df);
          for (const column of ["slope", "std_error", "ci_low", "ci_high", "p_value"] as const) {
            expect(close(row![column], reference[column]), `${kind} ${s.subject} ${term} ${column}: ${row![column]} vs ${reference[column]}`).toBe(true);
          }
          compared++;
        }
      }
    }
    // Every estimated row of the mart was compared: none is missing from the reference either.
    expect(compared).toBe(mart.length);
  });

  it("is what the report carries for the page, categories and states", async () => {
    const report = await impactReport(w);
    expect(report.lags.categories.length).toBe((await dollarLagsBySubject(w, "category")).subjects.length);
    expect(report.lags.states.length).toBe((await dollarLagsBySubject(w, "state")).subjects.length);
    for (const l of [...report.lags.categories, ...report.lags.states]) expect(l.lags.map((k) => k.lag)).toEqual([0, 1, 2, 3]);
  });
});

describe("fct_category_scenario_model and the page's projection", () => {
  it("projects shares, revenue and the change from the base month as a weighted refit with its full covariance does", async () => {
    const models = await w.query<ScenarioModel>(`select * from marts.fct_category_scenario_model`);
    const months = await w.query<{ order_month: string; log_usd_brl: number; ipca_12m_pct: number; avg_selic_rate: number }>(`
      select order_month, log_usd_brl, ipca_12m_pct, avg_selic_rate from marts.fct_sensitivity_months where is_analysis_month`);
    const panel = await w.query<{ category_name: string; order_month: string; order_count: number; revenue_share: number }>(`
      select category_name, order_month, order_count, revenue_share from marts.fct_category_performance_economics
      where revenue_share > 0 and order_count > 0`);
    const month = new Map(months.map((m) => [m.order_month, m]));
    const estimated = models.filter(isEstimated);
    expect(estimated.length).toBeGreaterThan(40);
    const base = estimated[0];
    const scenarios = [
      { usdBrl: base.base_usd_brl, ipca: base.base_ipca_12m_pct, selic: base.base_selic_rate },
      { usdBrl: 4.5, ipca: base.base_ipca_12m_pct, selic: base.base_selic_rate },
      { usdBrl: 3.2, ipca: 6, selic: 11 },
    ];
    for (const m of estimated) {
      const mine = panel.filter((p) => p.category_name === m.category_name && month.has(p.order_month));
      const fit = weightedLeastSquares(
        mine.map((p) => {
          const x = month.get(p.order_month)!;
          return [x.log_usd_brl, x.ipca_12m_pct, x.avg_selic_rate];
        }),
        mine.map((p) => Math.log(p.revenue_share)),
        mine.map((p) => p.order_count),
      );
      expect(fit.n, m.category_name).toBe(m.n_months);
      expect(fit.tCritical).toBeCloseTo(m.t_critical, 12);
      const baseX = [1, Math.log(m.base_usd_brl), m.base_ipca_12m_pct, m.base_selic_rate];
      for (const levels of scenarios) {
        const x = [1, Math.log(levels.usdBrl), levels.ipca, levels.selic];
        const quadratic = (v: number[], c: number[][]) => v.reduce((s, vi, i) => s + v.reduce((t, vj, j) => t + vi * c[i][j] * vj, 0), 0);
        const y = x.reduce((s, v, k) => s + v * fit.coefficients[k], 0);
        const se = Math.sqrt(quadratic(x, fit.covariance));
        const delta = x.map((v, k) => v - baseX[k]);
        const change = delta.reduce((s, v, k) => s + v * fit.coefficients[k], 0);
        const changeSe = Math.sqrt(quadratic(delta, fit.covariance));
        const p = project(m, levels);
        const where = `${m.category_name} at ${JSON.stringify(levels)}`;
        expect(close(p.logShare, y), `${where} ln share ${p.logShare} vs ${y}`).toBe(true);
        expect(close(p.logShareSe, se), `${where} SE ${p.logShareSe} vs ${se}`).toBe(true);
        expect(close(p.share.low, Math.exp(y - fit.tCritical * se)) && close(p.share.high, Math.exp(y + fit.tCritical * se)), `${where} share interval`).toBe(true);
        expect(close(p.revenue.value, Math.exp(y) * m.base_total_revenue_brl), `${where} revenue`).toBe(true);
        expect(close(p.changeFromBase.value, Math.exp(change)), `${where} change`).toBe(true);
        expect(close(p.changeFromBase.high, Math.exp(change + fit.tCritical * changeSe), 1e-7), `${where} change interval`).toBe(true);
      }
      // At the base month's own levels there is no change, and no uncertainty about it.
      const atBase = project(m, scenarios[0]);
      expect(atBase.changeFromBase.low).toBeCloseTo(1, 12);
      expect(atBase.changeFromBase.high).toBeCloseTo(1, 12);
    }
  });

  it("refuses a dollar level that is not positive", async () => {
    const [m] = (await w.query<ScenarioModel>(`select * from marts.fct_category_scenario_model where status = 'estimated' limit 1`)).filter(isEstimated);
    expect(() => project(m, { usdBrl: 0, ipca: 4, selic: 6.5 })).toThrow(/positive/);
  });
});

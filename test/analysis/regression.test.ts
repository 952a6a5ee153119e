// The regressions on fixed data: the TypeScript reference (pipeline/analysis/regression.ts) and the SQL mart
// fct_category_sensitivity both match simple-statistics' linearRegression and rSquared, with the standard error
// from its closed form computed here, to 1e-9.
import path from "node:path";
import { linearRegression, rSquared } from "simple-statistics";
import { describe, expect, it } from "vitest";
import { benjaminiHochberg, ols, RegressionError, residualAutocorrelation } from "../../pipeline/analysis/regression.ts";
import { tQuantile } from "../../pipeline/analysis/tDistribution.ts";
import { loadProject, type UnitTestSpec } from "../../pipeline/transform/project.ts";
import { runUnitTests } from "../../pipeline/transform/unitTests.ts";
import { ROOT } from "../support/site.ts";

/** mulberry32: a fixed, seeded stream of numbers in [0, 1). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Slope, standard error and R² from simple-statistics plus the closed form SE² = (Syy − Sxy²/Sxx) / ((n − 2)·Sxx). */
function reference(xs: number[], ys: number[]) {
  const pairs = xs.map((x, i) => [x, ys[i]]);
  const { m, b } = linearRegression(pairs);
  const n = xs.length;
  const mx = xs.reduce((s, x) => s + x, 0) / n;
  const my = ys.reduce((s, y) => s + y, 0) / n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i] - mx) ** 2;
    syy += (ys[i] - my) ** 2;
    sxy += (xs[i] - mx) * (ys[i] - my);
  }
  const se = Math.sqrt((syy - (sxy * sxy) / sxx) / ((n - 2) * sxx));
  return { slope: m, intercept: b, se, r2: rSquared(pairs, (x) => b + m * x) };
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

const months = Array.from({ length: 20 }, (_, i) => `${2017 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}-01`);

describe("ols, the TypeScript reference", () => {
  it("matches simple-statistics and the closed-form standard error to 1e-9 on fixed data", () => {
    const next = random(7);
    for (let trial = 0; trial < 25; trial++) {
      const n = 5 + Math.floor(next() * 30);
      const xs = Array.from({ length: n }, () => 1 + next());
      const beta = 4 * next() - 2;
      const ys = xs.map((x) => -3 + beta * x + 0.2 * (next() - 0.5));
      const fit = ols(xs, ys);
      const ref = reference(xs, ys);
      expect(close(fit.slope, ref.slope), `slope, trial ${trial}`).toBe(true);
      expect(close(fit.stdError, ref.se), `SE, trial ${trial}`).toBe(true);
      expect(close(fit.rSquared, ref.r2), `R², trial ${trial}`).toBe(true);
      const t = tQuantile(0.975, n - 2);
      expect(close(fit.ciLow, ref.slope - t * ref.se)).toBe(true);
      expect(close(fit.ciHigh, ref.slope + t * ref.se)).toBe(true);
      expect(fit.df).toBe(n - 2);
    }
  });

  it("refuses fewer than 3 points and an x that does not vary", () => {
    expect(() => ols([1, 2], [1, 2])).toThrow(RegressionError);
    expect(() => ols([1, 1, 1], [1, 2, 3])).toThrow(/does not vary/);
  });

  it("measures residual autocorrelation: alternating residuals near −1", () => {
    expect(residualAutocorrelation([1, -1, 1, -1, 1, -1])).toBeCloseTo(-5 / 6, 12);
  });
});

describe("Benjamini–Hochberg", () => {
  it("keeps the p-values up to the largest rank k with p(k) ≤ k·q/m", () => {
    // m = 5, q = 0.05: thresholds 0.01, 0.02, 0.03, 0.04, 0.05; p(3) = 0.029 passes, so ranks 1..3 stay,
    // though p(2) = 0.021 alone would not.
    expect(benjaminiHochberg([0.029, 0.2, 0.005, 0.021, 0.9])).toEqual([true, false, true, true, false]);
    expect(benjaminiHochberg([0.5, 0.6])).toEqual([false, false]);
  });
});

describe("fct_category_sensitivity", () => {
  it("matches the reference on fixed data to 1e-9 (slope, SE, R², interval) and says when a category has too few months", async () => {
    const next = random(11);
    const indicators = { usd_brl: "log_usd_brl", ipca_12m: "ipca_12m_pct", selic: "avg_selic_rate" } as const;
    const monthRows = months.map((order_month) => ({
      order_month,
      is_analysis_month: true,
      log_usd_brl: Math.log(3 + next()),
      ipca_12m_pct: 2 + 4 * next(),
      avg_selic_rate: 6 + 8 * next(),
    }));
    // A month outside the analysis with wild values: it must not count.
    monthRows.push({ order_month: "2018-09-01", is_analysis_month: false, log_usd_brl: 9, ipca_12m_pct: 90, avg_selic_rate: 90 });
    const categories = ["toys", "watches_gifts", "housewares", "auto"];
    const shareRows: Record<string, unknown>[] = [];
    const shares = new Map<string, Map<string, number>>();
    for (const [k, category] of categories.entries()) {
      const beta = 3 * next() - 1.5;
      const byMonth = new Map<string, number>();
      for (const m of monthRows) {
        const share = Math.exp(-4 + beta * m.log_usd_brl + 0.3 * (next() - 0.5));
        byMonth.set(m.order_month, share);
        // "auto" sold in 11 analysis months only: too few for a regression.
        if (category === "auto" && m.order_month >= "2017-12-01" && m.is_analysis_month) continue;
        shareRows.push({ category_name: category, category_name_pt: `pt_${k}`, order_month: m.order_month, revenue_share: share });
      }
      shares.set(category, byMonth);
    }
    const expected: Record<string, unknown>[] = [];
    for (const category of categories) {
      for (const [indicator, column] of Object.entries(indicators)) {
        const used = monthRows.filter((m) => m.is_analysis_month && shareRows.some((r) => r.category_name === category && r.order_month === m.order_month));
        if (used.length < 12) {
          expected.push({ category_name: category, indicator, status: "too_few_months", n_months: used.length, slope: null, std_error: null, r_squared: null });
          continue;
        }
        const ref = reference(
          used.map((m) => m[column]),
          used.map((m) => Math.log(shares.get(category)!.get(m.order_month)!)),
        );
        const t = tQuantile(0.975, used.length - 2);
        expected.push({
          category_name: category,
          indicator,
          status: "estimated",
          n_months: used.length,
          df: used.length - 2,
          slope: ref.slope,
          std_error: ref.se,
          r_squared: ref.r2,
          ci_low: ref.slope - t * ref.se,
          ci_high: ref.slope + t * ref.se,
          t_statistic: ref.slope / ref.se,
          is_significant: ref.slope - t * ref.se > 0 || ref.slope + t * ref.se < 0,
        });
      }
    }
    // Every expected row names the same columns; the absent ones of too_few_months rows are null.
    const columns = [...new Set(expected.flatMap((r) => Object.keys(r)))];
    const rows = expected.map((r) => Object.fromEntries(columns.map((c) => [c, r[c] ?? null])));
    const spec: UnitTestSpec = {
      name: "matches_the_reference_on_fixed_data",
      given: [
        { input: "ref('fct_sensitivity_months')", rows: monthRows },
        { input: "ref('fct_category_performance_economics')", rows: shareRows },
      ],
      expect: { rows },
    };
    const project = await loadProject(path.join(ROOT, "models"));
    const model = project.models.find((m) => m.name === "fct_category_sensitivity")!;
    model.unitTests = [spec];
    const [result] = (await runUnitTests(project, { select: "fct_category_sensitivity" })).filter((r) => r.name === spec.name);
    expect(result.message).toBe("");
    expect(result.status).toBe("pass");
  });
});

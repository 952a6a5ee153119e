// The regressions on fixed data: the TypeScript references (pipeline/analysis/regression.ts: ols against
// simple-statistics' linearRegression and rSquared and the closed-form SE; weightedLeastSquares against exact
// recovery, the closed-form weighted slope, repeated rows and Frisch–Waugh–Lovell), and the SQL mart
// fct_category_sensitivity against both (joint and single rows, p-values, Benjamini–Hochberg) to 1e-9.
import path from "node:path";
import { linearRegression, rSquared } from "simple-statistics";
import { describe, expect, it } from "vitest";
import { benjaminiHochberg, ols, RegressionError, residualAutocorrelation, weightedLeastSquares } from "../../pipeline/analysis/regression.ts";
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

describe("weightedLeastSquares, the TypeScript reference of the joint model", () => {
  const next = random(23);
  const sample = (n: number) =>
    Array.from({ length: n }, () => {
      const x1 = Math.log(3 + next());
      const x2 = 2 + 4 * next();
      return [x1, x2, 14 - 1.5 * x2 + 3 * next()];
    });

  it("recovers exact coefficients from noiseless data, whatever the weights", () => {
    const xs = sample(15);
    const beta = [-4, 1.7, -0.3, 0.12];
    const ys = xs.map((x) => beta[0] + beta[1] * x[0] + beta[2] * x[1] + beta[3] * x[2]);
    const fit = weightedLeastSquares(
      xs,
      ys,
      xs.map(() => 1 + 50 * next()),
    );
    fit.coefficients.forEach((b, k) => expect(b).toBeCloseTo(beta[k], 9));
    expect(fit.df).toBe(11);
    expect(fit.sigma2).toBeLessThan(1e-20);
  });

  it("with one regressor matches the closed-form weighted slope and standard error", () => {
    const xs = Array.from({ length: 18 }, () => 1 + next());
    const ys = xs.map((x) => 2 - 1.3 * x + 0.4 * (next() - 0.5));
    const ws = xs.map(() => 1 + 99 * next());
    const sw = ws.reduce((a, b) => a + b, 0);
    const mx = ws.reduce((a, w, i) => a + w * xs[i], 0) / sw;
    const my = ws.reduce((a, w, i) => a + w * ys[i], 0) / sw;
    const sxx = ws.reduce((a, w, i) => a + w * (xs[i] - mx) ** 2, 0);
    const slope = ws.reduce((a, w, i) => a + w * (xs[i] - mx) * (ys[i] - my), 0) / sxx;
    const ssr = ws.reduce((a, w, i) => a + w * (ys[i] - my - slope * (xs[i] - mx)) ** 2, 0);
    const se = Math.sqrt(ssr / (18 - 2) / sxx);
    const fit = weightedLeastSquares(
      xs.map((x) => [x]),
      ys,
      ws,
    );
    expect(close(fit.coefficients[1], slope)).toBe(true);
    expect(close(fit.stdErrors[1], se)).toBe(true);
    expect(close(fit.ciHigh[1], slope + tQuantile(0.975, 16) * se)).toBe(true);
    // Equal weights: the same line as the unweighted OLS.
    const plain = weightedLeastSquares(
      xs.map((x) => [x]),
      ys,
      xs.map(() => 1),
    );
    const reference = ols(xs, ys);
    expect(close(plain.coefficients[1], reference.slope) && close(plain.stdErrors[1], reference.stdError)).toBe(true);
  });

  it("gives an integer weight the effect of repeating the row, and satisfies Frisch–Waugh–Lovell", () => {
    const xs = sample(14);
    const ys = xs.map((x) => -3 + 2 * x[0] + 0.1 * x[1] - 0.05 * x[2] + 0.3 * (next() - 0.5));
    const ws = xs.map(() => 1 + Math.floor(5 * next()));
    const fit = weightedLeastSquares(xs, ys, ws);
    const repeatedX = xs.flatMap((x, i) => Array.from({ length: ws[i] }, () => x));
    const repeatedY = ys.flatMap((y, i) => Array.from({ length: ws[i] }, () => y));
    const repeated = weightedLeastSquares(
      repeatedX,
      repeatedY,
      repeatedX.map(() => 1),
    );
    fit.coefficients.forEach((b, k) => expect(close(b, repeated.coefficients[k]), `coefficient ${k}`).toBe(true));
    // The slope of x1 is that of y on the part of x1 the other regressors do not explain, and its SE is σ over
    // that part's weighted length.
    const others = xs.map((x) => [x[1], x[2]]);
    const aux = weightedLeastSquares(
      others,
      xs.map((x) => x[0]),
      ws,
    );
    const r1 = xs.map((x) => x[0] - aux.coefficients[0] - aux.coefficients[1] * x[1] - aux.coefficients[2] * x[2]);
    const srr = ws.reduce((a, w, i) => a + w * r1[i] ** 2, 0);
    expect(close(fit.coefficients[1], ws.reduce((a, w, i) => a + w * r1[i] * ys[i], 0) / srr)).toBe(true);
    expect(close(fit.stdErrors[1], Math.sqrt(fit.sigma2 / srr))).toBe(true);
  });

  it("refuses collinear regressors and too few rows", () => {
    const xs = sample(8).map((x) => [x[0], 2 * x[0], x[2]]);
    expect(() =>
      weightedLeastSquares(
        xs,
        xs.map(() => next()),
        xs.map(() => 1),
      ),
    ).toThrow(/collinear/);
    expect(() => weightedLeastSquares(xs.slice(0, 4), [1, 2, 3, 4], [1, 1, 1, 1])).toThrow(/more than 4/);
  });
});

describe("fct_category_sensitivity", () => {
  it("matches the references on fixed data to 1e-9: joint (weighted, three indicators) and single rows, p-values and FDR", async () => {
    const next = random(11);
    const indicators = { usd_brl: "log_usd_brl", ipca: "ipca_12m_pct", selic: "avg_selic_rate" } as const;
    const monthRows = months.map((order_month, i) => ({
      order_month,
      is_analysis_month: true,
      log_usd_brl: Math.log(3 + next()),
      ipca_12m_pct: 2 + 4 * next(),
      // SELIC falls over time, as it did: correlated with the others but not collinear.
      avg_selic_rate: 14 - 0.35 * i + next(),
    }));
    // A month outside the analysis with wild values: it must not count.
    monthRows.push({ order_month: "2018-09-01", is_analysis_month: false, log_usd_brl: 9, ipca_12m_pct: 90, avg_selic_rate: 90 });
    const categories = ["toys", "watches_gifts", "housewares", "auto", "baby", "pet_shop"];
    const shareRows: { category_name: string; category_name_pt: string; order_month: string; revenue_share: number; order_count: number }[] = [];
    for (const [k, category] of categories.entries()) {
      // Two categories answer the dollar strongly, so some rows survive the false-discovery control.
      const beta = k < 2 ? (k === 0 ? -3 : 2.5) : 3 * next() - 1.5;
      for (const m of monthRows) {
        // Weights from 5 to 400 orders; the noise of a month's log share shrinks with them, as in the data.
        const orders = 5 + Math.floor(395 * next());
        const share = Math.exp(-4 + beta * m.log_usd_brl + (0.3 / Math.sqrt(orders / 50)) * (next() - 0.5));
        // "auto" sold in 11 analysis months only: too few for a regression.
        if (category === "auto" && m.order_month >= "2017-12-01" && m.is_analysis_month) continue;
        shareRows.push({ category_name: category, category_name_pt: `pt_${k}`, order_month: m.order_month, revenue_share: share, order_count: orders });
      }
    }
    type Expected = Record<string, unknown> & { p_value?: number; model: string };
    const expected: Expected[] = [];
    for (const category of categories) {
      const rows = shareRows.filter((r) => r.category_name === category);
      const used = monthRows.filter((m) => m.is_analysis_month && rows.some((r) => r.order_month === m.order_month));
      const share = (m: (typeof monthRows)[number]) => rows.find((r) => r.order_month === m.order_month)!;
      const ys = used.map((m) => Math.log(share(m).revenue_share));
      const joint =
        used.length >= 12
          ? weightedLeastSquares(
              used.map((m) => [m.log_usd_brl, m.ipca_12m_pct, m.avg_selic_rate]),
              ys,
              used.map((m) => share(m).order_count),
            )
          : null;
      for (const [k, [indicator, column]] of Object.entries(indicators).entries()) {
        if (!joint) {
          for (const model of ["joint", "single"]) {
            expected.push({
              category_name: category,
              model,
              indicator,
              status: "too_few_months",
              n_months: used.length,
              slope: null,
              std_error: null,
              r_squared: null,
            });
          }
          continue;
        }
        const j = k + 1;
        expected.push({
          category_name: category,
          model: "joint",
          indicator,
          status: "estimated",
          n_months: used.length,
          df: used.length - 4,
          slope: joint.coefficients[j],
          std_error: joint.stdErrors[j],
          r_squared: joint.rSquared,
          ci_low: joint.ciLow[j],
          ci_high: joint.ciHigh[j],
          t_statistic: joint.tStatistics[j],
          p_value: joint.pValues[j],
          is_significant: joint.ciLow[j] > 0 || joint.ciHigh[j] < 0,
        });
        const ref = reference(
          used.map((m) => m[column]),
          ys,
        );
        const t = tQuantile(0.975, used.length - 2);
        expected.push({
          category_name: category,
          model: "single",
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
          p_value: ols(
            used.map((m) => m[column]),
            ys,
          ).pValue,
          is_significant: ref.slope - t * ref.se > 0 || ref.slope + t * ref.se < 0,
        });
      }
    }
    // The false-discovery verdict over the estimates of one model and indicator: the TypeScript Benjamini–Hochberg.
    for (const model of ["joint", "single"]) {
      for (const indicator of ["usd_brl", "ipca", "selic"]) {
        const tested = expected.filter((r) => r.model === model && r.indicator === indicator && r.status === "estimated");
        const keep = benjaminiHochberg(tested.map((r) => r.p_value!));
        tested.forEach((r, i) => (r.survives_fdr = keep[i]));
      }
    }
    const survivors = expected.filter((r) => r.model === "joint" && r.survives_fdr).length;
    expect(survivors, "the fixture needs joint rows that survive and rows that do not").toBeGreaterThan(0);
    expect(survivors).toBeLessThan(expected.filter((r) => r.model === "joint" && r.status === "estimated").length);
    // Every expected row names the same columns; the absent ones of too_few_months rows are null.
    const columns = [...new Set(expected.flatMap((r) => Object.keys(r)))];
    const rows = expected.map((r) => Object.fromEntries(columns.map((c) => [c, r[c] ?? null])));
    const spec: UnitTestSpec = {
      name: "matches_the_reference_on_fixed_data",
      given: [
        { input: "ref('fct_sensitivity_months')", rows: monthRows },
        { input: "ref('fct_category_performance_economics')", rows: shareRows },
        // The categories as dim_categories names them (the seed has none of these: keys with spaces).
        {
          input: "ref('dim_categories')",
          rows: categories.map((category, k) => ({
            category_name: category,
            category_name_pt: `pt_${k}`,
            category_label: category.replace(/_/g, " "),
            category_label_pt: `pt ${k}`,
          })),
        },
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

// The sensitivity marts' data tests pass on a real build and each fails when the computation it guards is broken:
// the models are copied to a temp dir, one macro is mutated (weights dropped, two indicators' slopes swapped, the
// p-value series or the false-discovery verdict broken; the Gram–Schmidt solve of least_squares.sql broken three
// ways), the marts are rebuilt in the sample warehouse and the data tests rerun. The fixture comparison with the TypeScript reference is test/analysis/regression.test.ts.
// And the exchange-rate periods: every one has sale orders, and the old dashboard's bounds fail the test that
// says so.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDataTests } from "../../pipeline/transform/dataTests.ts";
import { loadProject, type Project } from "../../pipeline/transform/project.ts";
import { runModels } from "../../pipeline/transform/runner.ts";
import { ROOT } from "../support/site.ts";
import { sampleWarehouse, type SampleWarehouse } from "../transform/sampleWarehouse.ts";

const MARTS = "fct_category_sensitivity fct_state_sensitivity";
let sample: SampleWarehouse;
let copies: string;

beforeAll(async () => {
  sample = await sampleWarehouse("sensitivity-tests", { orders: 30_000 });
  copies = mkdtempSync(path.join(os.tmpdir(), "sensitivity-mutants-"));
}, 180_000);

afterAll(() => {
  sample?.remove();
  if (copies) rmSync(copies, { recursive: true, force: true });
});

/**
 * The ids of the failing data tests of `marts` (default: the two sensitivity marts) after rebuilding them from
 * models/ with `edit` applied to one macro file (default statistics.sql).
 */
async function failingTests(name: string, edit: (sql: string) => string, { macros = "statistics.sql", marts = MARTS } = {}): Promise<string[]> {
  const dir = path.join(copies, name);
  cpSync(path.join(ROOT, "models"), dir, { recursive: true });
  const file = path.join(dir, "macros", macros);
  const before = readFileSync(file, "utf8");
  const after = edit(before);
  if (after === before) throw new Error(`mutation ${name} changed nothing in ${macros}`);
  writeFileSync(file, after);
  const project = await loadProject(dir);
  const w = await sample.open();
  try {
    const built = await runModels(w, project, { runId: `mutant-${name}`, select: marts });
    expect(built.filter((m) => m.status !== "success").map((m) => m.name)).toEqual([]);
    const summary = await runDataTests(w, project, { runId: `mutant-${name}`, select: marts });
    return summary.results.filter((r) => r.status !== "pass").map((r) => r.id);
  } finally {
    await w.close();
  }
}

function replaceOnce(sql: string, from: string, to: string): string {
  if (sql.split(from).length !== 2) throw new Error(`the macro file should contain ${JSON.stringify(from)} exactly once`);
  return sql.replace(from, to);
}

describe("the sensitivity marts' data tests", () => {
  it("pass on the models as they are", async () => {
    expect(await failingTests("unchanged", (sql) => sql + "\n")).toEqual([]);
  });

  it("fail when the joint fit drops its weights", async () => {
    const failing = await failingTests("unweighted", (sql) =>
      replaceOnce(sql, "cast({{ subject_months }}.order_count as {{ type_float() }}) as weight", "1.0 as weight"),
    );
    expect(failing).toEqual(expect.arrayContaining([expect.stringMatching(/^fct_category_sensitivity\..*joint_slopes_solve_the_weighted_normal_equations/)]));
    expect(failing).toEqual(expect.arrayContaining([expect.stringMatching(/^fct_state_sensitivity\..*joint_slopes_solve_the_weighted_normal_equations/)]));
  });

  it("fail when two indicators' slopes are swapped", async () => {
    const failing = await failingTests("swapped", (sql) => replaceOnce(sql, "['ipca', 'b2', 'v22'], ['selic', 'b3', 'v33']", "['ipca', 'b3', 'v33'], ['selic', 'b2', 'v22']"));
    expect(failing).toEqual(expect.arrayContaining([expect.stringMatching(/^fct_category_sensitivity\..*joint_slopes_solve_the_weighted_normal_equations/)]));
  });

  it("fail when the p-value series is wrong (odd df) or uses the wrong degrees of freedom", async () => {
    const series = await failingTests("series", (sql) => replaceOnce(sql, "ln((2.0 * k) / (2 * k + 1))", "ln((2.0 * k - 1) / (2 * k))"));
    expect(series).toEqual(expect.arrayContaining([expect.stringMatching(/^fct_category_sensitivity\.p_value\./)]));
    const df = await failingTests("df", (sql) =>
      replaceOnce(sql, "{{ t_p_value('t_statistics.t_value', 't_statistics.df', 't_series.series') }}", "{{ t_p_value('t_statistics.t_value', 't_statistics.df + 2', 't_series.series') }}"),
    );
    expect(df).toEqual(expect.arrayContaining([expect.stringMatching(/^fct_category_sensitivity\.p_value\./)]));
  });

  it("fail when survives_fdr is the raw 5 % flag or Benjamini–Hochberg pools the three indicators", async () => {
    const raw = await failingTests("raw-flag", (sql) => replaceOnce(sql, "coalesce(p_value <= fdr_cutoff, false)", "coalesce(p_value <= 0.05, false)"));
    expect(raw).toEqual(expect.arrayContaining([expect.stringMatching(/survives_fdr_is_benjamini_hochberg_per_indicator/)]));
    const pooled = await failingTests("pooled", (sql) =>
      replaceOnce(
        replaceOnce(
          replaceOnce(sql, "partition by model, indicator, p_value is null", "partition by model, p_value is null"),
          "count(p_value) over (partition by model, indicator) as p_count",
          "count(p_value) over (partition by model) as p_count",
        ),
        "over (partition by model, indicator) as fdr_cutoff",
        "over (partition by model) as fdr_cutoff",
      ),
    );
    expect(pooled).toEqual(expect.arrayContaining([expect.stringMatching(/survives_fdr_is_benjamini_hochberg_per_indicator/)]));
  });
});

describe("the Gram–Schmidt fit's data tests (fct_category_scenario_model, fct_dollar_lags)", () => {
  const SOLVED = "fct_sensitivity_months fct_category_sensitivity fct_category_scenario_model fct_dollar_lags";
  const agree = /^fct_category_scenario_model\..*slopes_and_errors_agree_with_fct_category_sensitivity/;

  it("pass on the models as they are", async () => {
    expect(await failingTests("gs-unchanged", (sql) => sql + "\n", { macros: "least_squares.sql", marts: SOLVED })).toEqual([]);
  });

  it("fail when a step stops removing its direction from the later regressors (slopes wrong)", async () => {
    const failing = await failingTests(
      "gs-no-orthogonalisation",
      (sql) => replaceOnce(sql, "s.v{{ k }} - coalesce(g.r{{ j }}_{{ k }}, 0) * s.v{{ j }} as v{{ k }},", "s.v{{ k }} as v{{ k }},"),
      { macros: "least_squares.sql", marts: SOLVED },
    );
    expect(failing).toEqual(expect.arrayContaining([expect.stringMatching(agree)]));
  });

  it("fail when the inverse of R has the wrong sign above the diagonal (slopes and covariance wrong)", async () => {
    const failing = await failingTests("gs-inverse-sign", (sql) => replaceOnce(sql, "        -(\n", "        (\n"), { macros: "least_squares.sql", marts: SOLVED });
    expect(failing).toEqual(expect.arrayContaining([expect.stringMatching(agree)]));
  });

  it("fail when the residual variance uses the wrong degrees of freedom (standard errors wrong)", async () => {
    const failing = await failingTests("gs-df", (sql) => sql.replaceAll("then ssr / (n - {{ p + 1 }}) end", "then ssr / (n - {{ p }}) end"), {
      macros: "least_squares.sql",
      marts: SOLVED,
    });
    expect(failing).toEqual(expect.arrayContaining([expect.stringMatching(agree)]));
  });
});

describe("the exchange-rate periods", () => {
  it("each hold sale orders and sales months on the sample", async () => {
    const w = await sample.open({ readOnly: true });
    try {
      const orders = await w.query<{ exchange_rate_period: string; orders: number }>(`
        select exchange_rate_period, count(*) as orders from marts.fct_orders_with_economics
        where is_sale group by exchange_rate_period order by exchange_rate_period`);
      expect(orders.map((r) => r.exchange_rate_period)).toEqual(["Moderate", "Strong BRL", "Weak BRL"]);
      const months = await w.query<{ exchange_rate_period: string; months: number }>(`
        select exchange_rate_period, count(*) as months from marts.fct_monthly_economics group by exchange_rate_period`);
      // Terciles: no period holds fewer than a fifth of the months.
      const total = months.reduce((s, r) => s + Number(r.months), 0);
      for (const r of months) expect(Number(r.months), r.exchange_rate_period).toBeGreaterThanOrEqual(total / 5);
    } finally {
      await w.close();
    }
  });

  it("fail the every-period test with the old dashboard's bounds (3.5 / 4.5), which leave Weak BRL empty", async () => {
    const project = await loadProject(path.join(ROOT, "models"));
    const old: Project = { ...project, vars: { ...project.vars, strong_brl_below: 3.5, weak_brl_above: 4.5 } };
    const w = await sample.open();
    try {
      await runModels(w, old, { runId: "old-periods", select: "fct_monthly_economics" });
      const failing = (await runDataTests(w, old, { runId: "old-periods", select: "fct_monthly_economics" })).results.filter((r) => r.status !== "pass");
      expect(failing.map((r) => r.id)).toEqual([expect.stringMatching(/every_exchange_rate_period_has_sales_months/)]);
      await runModels(w, project, { runId: "periods", select: "fct_monthly_economics" });
      const passing = (await runDataTests(w, project, { runId: "periods", select: "fct_monthly_economics" })).results.filter((r) => r.status !== "pass");
      expect(passing).toEqual([]);
    } finally {
      await w.close();
    }
  });
});

// Data tests that replace tautologies, each proved by a mutation. The dollar a day and an order carry, checked
// against the raw BCB series rather than against the calendar's own columns (models/macros/rate_tests.sql): both
// fail when the calendar carries each rate one day late (the join of dim_calendar shifted by a day), a bug the old
// test, order_value_usd ≈ order_value_brl / usd_brl_rate with the same rate column, could not see. A category's
// revenue share against fct_monthly_economics' total: fails when the share's denominator is wrong, which "shares add
// up to one" could not see. The USD totals themselves are checked against an as-of recomputation in TypeScript
// from the CSVs and the snapshot in test/models/marts.test.ts.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDataTests } from "../../pipeline/transform/dataTests.ts";
import { loadProject } from "../../pipeline/transform/project.ts";
import { runModels } from "../../pipeline/transform/runner.ts";
import { ROOT } from "../support/site.ts";
import { sampleWarehouse, type SampleWarehouse } from "../transform/sampleWarehouse.ts";

const MODELS = "dim_calendar fct_orders_with_economics fct_monthly_economics fct_category_performance_economics";
const TESTS = [/^dim_calendar\..*no_rate_published_between_usd_brl_published_on_and_the_day/, /^fct_orders_with_economics\..*usd_is_brl_at_the_rate_in_force_on_the_order_day/];
let sample: SampleWarehouse;
let copies: string;

beforeAll(async () => {
  sample = await sampleWarehouse("rate-tests", { orders: 3000 });
  copies = mkdtempSync(path.join(os.tmpdir(), "rate-mutants-"));
}, 180_000);

afterAll(() => {
  sample?.remove();
  if (copies) rmSync(copies, { recursive: true, force: true });
});

/** Rebuilds the models (in full) from a copy of models/ with one mart's SQL edited, and runs their data tests. */
async function results(name: string, edit: (sql: string) => string, mart = "dim_calendar") {
  const dir = path.join(copies, name);
  cpSync(path.join(ROOT, "models"), dir, { recursive: true });
  const file = path.join(dir, "marts", `${mart}.sql`);
  const before = readFileSync(file, "utf8");
  const after = edit(before);
  if (after === before && !name.endsWith("unchanged")) throw new Error(`mutation ${name} changed nothing`);
  writeFileSync(file, after);
  const project = await loadProject(dir);
  const w = await sample.open();
  try {
    const built = await runModels(w, project, { runId: `rates-${name}`, select: MODELS, fullRefresh: true });
    expect(built.filter((m) => m.status !== "success").map((m) => m.name)).toEqual([]);
    return (await runDataTests(w, project, { runId: `rates-${name}`, select: MODELS })).results;
  } finally {
    await w.close();
  }
}

describe("the rate-in-force data tests", () => {
  it("run and pass on the models as they are", async () => {
    const all = await results("unchanged", (sql) => sql);
    for (const pattern of TESTS) {
      const mine = all.filter((r) => pattern.test(r.id));
      expect(mine.length, String(pattern)).toBe(1);
      expect(mine[0].status, String(pattern)).toBe("pass");
    }
  });

  it("fail when each day carries the rate published the business day before its own", async () => {
    const shifted = (sql: string) => {
      const from = "and spine.date_day >= usd.valid_from\n        and (usd.valid_until is null or spine.date_day < usd.valid_until)";
      if (sql.split(from).length !== 2) throw new Error("dim_calendar.sql should join the dollar in force exactly once this way");
      return sql.replace(from, "and spine.date_day > usd.valid_from\n        and (usd.valid_until is null or spine.date_day <= usd.valid_until)");
    };
    const failing = (await results("one-day-late", shifted)).filter((r) => r.status !== "pass").map((r) => r.id);
    for (const pattern of TESTS) expect(failing).toEqual(expect.arrayContaining([expect.stringMatching(pattern)]));
  });
});

describe("the revenue-share data test", () => {
  const share = /^fct_category_performance_economics\..*share_is_revenue_over_the_months_total_in_fct_monthly_economics/;

  it("passes on the models as they are", async () => {
    const mine = (await results("shares-unchanged", (sql) => sql)).filter((r) => share.test(r.id));
    expect(mine.map((r) => r.status)).toEqual(["pass"]);
  });

  it("fails when the share divides by the category's own total instead of the month's", async () => {
    const failing = (
      await results(
        "shares-wrong-total",
        (sql) => sql.replace("over (partition by category_sales.order_month)", "over (partition by category_sales.category_name)"),
        "fct_category_performance_economics",
      )
    )
      .filter((r) => r.status !== "pass")
      .map((r) => r.id);
    expect(failing).toEqual(expect.arrayContaining([expect.stringMatching(share)]));
  });
});

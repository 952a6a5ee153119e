// Data tests catch dirt injected into the raw CSVs: a duplicate order, an orphan item and a negative price each
// fail the matching test with a message naming the model, the column and the offending row. Dirt staging
// filters is a warning; dirt that would reach the marts is an error that stops the run before it is published.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../pipeline/config.ts";
import { PipelineError, runPipeline } from "../../pipeline/run/launch.ts";
import { runDataTests, type TestResult } from "../../pipeline/transform/dataTests.ts";
import { checkFreshness, judgeFreshness } from "../../pipeline/transform/freshness.ts";
import { loadProject, type Project } from "../../pipeline/transform/project.ts";
import { runModels } from "../../pipeline/transform/runner.ts";
import { appendCsv, csvRows, filterCsv, rewriteCsv, sampleWarehouse, type SampleWarehouse } from "./sampleWarehouse.ts";

const MODELS = path.join(PROJECT_ROOT, "models");
const ORPHAN = "0000000000000000000000000orphan00";

let dirty: SampleWarehouse;
let duplicated: Record<string, string>;
let negative: Record<string, string>;
let results: TestResult[];

const find = (id: string) => {
  const r = results.find((t) => t.id === id);
  if (!r) throw new Error(`no test ${id} among ${results.map((t) => t.id).join("\n")}`);
  return r;
};

beforeAll(async () => {
  dirty = await sampleWarehouse("dirt", {
    edit(dir) {
      // The generator duplicates 0.05 % of order rows itself: drop those first, so the one injected is the one found.
      const seen = new Set<string>();
      filterCsv(dir, "olist_orders_dataset.csv", (row) => !seen.has(row.order_id) && Boolean(seen.add(row.order_id)));
      duplicated = csvRows(dir, "olist_orders_dataset.csv")[5];
      appendCsv(dir, "olist_orders_dataset.csv", [duplicated]);
      const items = csvRows(dir, "olist_order_items_dataset.csv");
      negative = items[7];
      rewriteCsv(dir, "olist_order_items_dataset.csv", (row) =>
        row.order_id === negative.order_id && row.order_item_id === negative.order_item_id ? { ...row, price: "-10.00" } : row,
      );
      appendCsv(dir, "olist_order_items_dataset.csv", [{ ...items[0], order_id: ORPHAN, order_item_id: "1" }]);
    },
  });
  results = (dirty.report!.steps.find((s) => s.step === "tests")!.detail as { results: TestResult[] }).results;
});

afterAll(() => dirty?.remove());

describe("the data tests as declared", () => {
  it("number at least 40, with a grain test on every mart (the pair for category × month)", async () => {
    const project = await loadProject(MODELS);
    const total = project.models.reduce((n, m) => n + m.tests.length, 0) + project.sources.reduce((n, s) => n + s.tests.length, 0);
    expect(total).toBeGreaterThanOrEqual(40);
    const grain = (name: string) => {
      const m = project.models.find((x) => x.name === name)!;
      return m.tests
        .filter((t) => t.severity === "error" && (t.name === "unique" || t.name === "unique_combination"))
        .map((t) => (t.name === "unique" ? [t.column] : (t.args.columns as string[])));
    };
    expect(grain("fct_orders_with_economics")).toContainEqual(["order_id"]);
    expect(grain("fct_monthly_economics")).toContainEqual(["order_month"]);
    expect(grain("fct_category_performance_economics")).toContainEqual(["category_name", "order_month"]);
    expect(grain("fct_geographic_sales_economics")).toContainEqual(["customer_state", "order_month"]);
    expect(grain("fct_customer_purchases_economics")).toContainEqual(["customer_unique_id"]);
    expect(grain("dim_calendar")).toContainEqual(["date_day"]);
  });
});

describe("dirt injected into raw", () => {
  it("a duplicate order fails unique on base_orders.order_id (warn), naming the order", () => {
    const r = find("base_orders.order_id.unique");
    expect(r).toMatchObject({ status: "fail", severity: "warn", model: "base_orders", column: "order_id", failures: 1 });
    expect(r.message).toContain("base_orders.order_id");
    expect(r.message).toContain(duplicated.order_id);
    expect(find("olist.orders.order_id.unique")).toMatchObject({ status: "fail", severity: "warn" });
  });

  it("an orphan item fails relationships on base_order_items.order_id (warn), naming the item", () => {
    const r = find(`base_order_items.order_id.relationships(to="ref('stg_orders')" field="order_id")`);
    expect(r).toMatchObject({ status: "fail", severity: "warn", failures: 1 });
    expect(r.message).toContain("base_order_items.order_id");
    expect(r.message).toContain(ORPHAN);
  });

  it("a negative price fails accepted_range on base_order_items.price_brl (warn), naming the item", () => {
    const r = find("base_order_items.price_brl.accepted_range(min=0)");
    expect(r).toMatchObject({ status: "fail", severity: "warn", failures: 1 });
    expect(r.message).toContain("base_order_items.price_brl");
    expect(r.message).toContain(negative.order_id);
    expect(r.example).toMatchObject({ order_id: negative.order_id, price_brl: -10 });
  });

  it("is filtered by staging, so no error fails, the run is published and the rejects say why", async () => {
    expect(dirty.report!.status).toBe("success");
    expect(results.filter((r) => r.severity === "error" && r.status !== "pass").map((r) => r.message)).toEqual([]);
    const w = await dirty.open({ readOnly: true });
    try {
      const rejects = await w.query("select table_name, row_key, reject_reason from staging.stg_rejected_rows order by table_name, reject_reason");
      expect(rejects).toEqual([
        { table_name: "order_items", row_key: `${negative.order_id}#${negative.order_item_id}`, reject_reason: "negative or missing price" },
        { table_name: "order_items", row_key: `${ORPHAN}#1`, reject_reason: "orphan item: order not found" },
        { table_name: "orders", row_key: duplicated.order_id, reject_reason: "duplicate order_id" },
      ]);
    } finally {
      await w.close();
    }
  });

  it("fails error tests that name model, column and row when staging lets it through to the marts", async () => {
    const project = await loadProject(MODELS);
    const leaky: Project = {
      ...project,
      models: project.models.map((m) => (m.name === "stg_order_items" ? { ...m, sql: m.sql.replace("where reject_reason is null", "where true") } : m)),
    };
    const w = await dirty.open();
    try {
      await runModels(w, leaky, { runId: "leaky" });
      const summary = await runDataTests(w, leaky, { runId: "leaky" });
      const failed = summary.results.filter((r) => r.severity === "error" && r.status === "fail");
      const ids = failed.map((r) => r.id);
      expect(ids).toContain("stg_order_items.price_brl.accepted_range(min=0)");
      expect(ids).toContain(`stg_order_items.order_id.relationships(to="ref('stg_orders')" field="order_id")`);
      expect(ids).toContain("stg_rejected_rows.*.sql:order_items_raw_equals_staged_plus_rejected");
      const price = failed.find((r) => r.id.startsWith("stg_order_items.price_brl"))!;
      expect(price.message).toMatch(/^stg_order_items\.price_brl: accepted_range\(min=0\) failed on 1 row\(s\), e\.g\. \{/);
      expect(price.message).toContain(negative.order_id);
      expect(summary.errors).toBeGreaterThanOrEqual(3);
    } finally {
      await w.close();
    }
  });
});

describe("tests run side by side", () => {
  it("give the same results, in the same order, on one session as on several", async () => {
    const project = await loadProject(MODELS);
    const w = await dirty.open();
    try {
      const strip = (rs: TestResult[]) => rs.map(({ seconds: _seconds, ...r }) => r);
      const one = await runDataTests(w, project, { runId: "one", concurrency: 1, rerun: true });
      const three = await runDataTests(w, project, { runId: "three", concurrency: 3, rerun: true });
      expect(three.reused).toBe(0);
      // The dirt makes some fail: order and content must match for failures as well as passes.
      expect(one.warnings).toBeGreaterThan(0);
      expect(strip(three.results)).toEqual(strip(one.results));
    } finally {
      await w.close();
    }
  });
});

describe("an error-severity failure", () => {
  it("fails the run and leaves the published warehouse as it was", async () => {
    const sample = await sampleWarehouse("blocked");
    try {
      const before = await sample.open({ readOnly: true });
      const [published] = await before.query("select count(*) as orders, sum(order_value_brl) as revenue from marts.fct_orders_with_economics");
      const runs = await before.query("select run_id from meta.runs");
      await before.close();
      // A sale from 2001, before the BCB snapshot starts: it has no exchange rate, so the marts would be wrong.
      const order = csvRows(sample.sampleDir, "olist_orders_dataset.csv")[0];
      const item = csvRows(sample.sampleDir, "olist_order_items_dataset.csv").find((i) => i.order_id === order.order_id)!;
      const early = { ...order, order_id: "000000000000000000000000early2001", order_purchase_timestamp: "2001-03-05 10:00:00" };
      appendCsv(sample.sampleDir, "olist_orders_dataset.csv", [early]);
      appendCsv(sample.sampleDir, "olist_order_items_dataset.csv", [{ ...item, order_id: early.order_id }]);
      const failure = await runPipeline({ config: sample.config, force: true }).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(PipelineError);
      const message = (failure as PipelineError).message;
      expect(message).toContain("fct_orders_with_economics.usd_brl_rate");
      expect(message).toContain(early.order_id);
      const after = await sample.open({ readOnly: true });
      try {
        expect(await after.query("select count(*) as orders, sum(order_value_brl) as revenue from marts.fct_orders_with_economics")).toEqual([published]);
        expect(await after.query("select run_id from meta.runs")).toEqual(runs);
      } finally {
        await after.close();
      }
    } finally {
      sample.remove();
    }
  });
});

describe("source freshness", () => {
  const rule = { column: "observed_on", warnAfterDays: 45, errorAfterDays: 90 };

  it("judges an age against warn_after_days and error_after_days", () => {
    expect(judgeFreshness(10, rule)).toMatchObject({ status: "pass" });
    expect(judgeFreshness(46, rule)).toMatchObject({ status: "fail", severity: "warn" });
    expect(judgeFreshness(91, rule)).toMatchObject({ status: "fail", severity: "error" });
    expect(judgeFreshness(null, { column: "x", warnAfterDays: 1 })).toMatchObject({ status: "fail", severity: "warn" });
  });

  it("measures the newest value of the column against today", async () => {
    const project = await loadProject(MODELS);
    const source = { ...project.sources.find((s) => s.name === "bcb_observations")!, freshness: rule };
    const w = await dirty.open({ readOnly: true });
    try {
      const [{ latest }] = await w.query<{ latest: string }>("select cast(max(observed_on) as varchar) as latest from raw.bcb_observations");
      const day = (offset: number) => new Date(Date.parse(`${latest}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
      expect(await checkFreshness(w, source, day(30))).toMatchObject({ status: "pass", example: { latest, age_days: 30 } });
      const warned = await checkFreshness(w, source, day(60));
      expect(warned).toMatchObject({ status: "fail", severity: "warn" });
      expect(warned.message).toContain(`newest value ${latest} is 60 days old`);
      expect(await checkFreshness(w, source, day(120))).toMatchObject({ status: "fail", severity: "error" });
    } finally {
      await w.close();
    }
  });
});

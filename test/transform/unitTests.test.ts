// The models' unit tests (given rows → expected rows, declared in the YAML beside each model) pass, cover the
// business rules, and fail when the rule they pin down is broken.
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT, loadConfig } from "../../pipeline/config.ts";
import { loadProject, type Project, type UnitTestSpec } from "../../pipeline/transform/project.ts";
import { PIPELINE_COMMANDS } from "../../pipeline/cli/pipeline.ts";
import { compareRows, parseInput, runUnitTests, type UnitTestResult } from "../../pipeline/transform/unitTests.ts";

const UNIT_TEST_COMMANDS = PIPELINE_COMMANDS.filter((c) => c.name === "unit-test");

const project = await loadProject(path.join(PROJECT_ROOT, "models"));
const declared = project.models.flatMap((m) => m.unitTests.map((t) => ({ model: m.name, name: t.name })));
let results: UnitTestResult[];

beforeAll(async () => {
  results = await runUnitTests(project);
});

/** The project with one model's SQL changed. */
function mutate(model: string, from: string, to: string): Project {
  return {
    ...project,
    models: project.models.map((m) => {
      if (m.name !== model) return m;
      if (!m.sql.includes(from)) throw new Error(`${model} does not contain ${from}`);
      return { ...m, sql: m.sql.replace(from, to) };
    }),
  };
}

async function failing(p: Project, select: string): Promise<string[]> {
  return (await runUnitTests(p, { select })).filter((r) => r.status !== "pass").map((r) => `${r.model}: ${r.name}`);
}

describe("the declared unit tests", () => {
  it.each(declared)("$model: $name passes", ({ model, name }) => {
    const r = results.find((x) => x.model === model && x.name === name)!;
    expect(r.message).toBe("");
    expect(r.status).toBe("pass");
  });

  it("cover forward-filled rates, USD conversion, deflation, the status filter, period bucketing and late delivery", () => {
    const names = declared.map((d) => `${d.model}: ${d.name}`);
    for (const rule of [
      /dim_calendar: weekends_carry_fridays_rate/,
      /converts_to_usd/,
      /deflates_by_ipca|ipca_index_chains/,
      /only_approved_orders_with_items_are_sales/,
      /only_sales_count/,
      /rates_fall_into_periods/,
      /late_means_delivered/,
    ]) {
      expect(
        names.some((n) => rule.test(n)),
        String(rule),
      ).toBe(true);
    }
  });
});

describe("a unit test fails when its rule is broken", () => {
  it("forward fill: taking only the rate published that day leaves weekends without one", async () => {
    const broken = mutate("dim_calendar", "and spine.date_day >= usd.valid_from", "and spine.date_day = usd.valid_from");
    expect(await failing(broken, "dim_calendar")).toContain("dim_calendar: weekends_carry_fridays_rate_with_a_flag");
  });

  it("period bucketing: moving the Strong BRL bound moves 3.5", async () => {
    const broken = { ...project, vars: { ...project.vars, strong_brl_below: 3.6 } };
    expect(await failing(broken, "dim_calendar")).toEqual(["dim_calendar: rates_fall_into_periods_at_the_configured_bounds"]);
  });

  it("status filter: counting canceled orders as sales, or orders without items", async () => {
    const canceled = { ...project, vars: { ...project.vars, sales_statuses: [...(project.vars.sales_statuses as string[]), "canceled"] } };
    expect(await failing(canceled, "stg_orders")).toEqual(["stg_orders: sales_statuses_come_from_the_project_var"]);
    const itemless = mutate("fct_orders_with_economics", "orders.is_sales_status and coalesce(items.items_count, 0) > 0", "orders.is_sales_status");
    expect(await failing(itemless, "fct_orders_with_economics")).toEqual(["fct_orders_with_economics: only_approved_orders_with_items_are_sales"]);
  });

  it("USD conversion and deflation: converting at a wrong rate or index", async () => {
    const usd = mutate("fct_orders_with_economics", "brl_to_usd('order_value_brl', 'usd_brl_rate')", "brl_to_usd('order_value_brl', 'usd_brl_rate * 1.001')");
    expect(await failing(usd, "fct_orders_with_economics")).toEqual([
      "fct_orders_with_economics: converts_to_usd_at_the_purchase_days_rate_and_deflates_by_ipca",
    ]);
    const real = mutate("fct_orders_with_economics", "deflate_brl('order_value_brl', 'ipca_index')", "deflate_brl('order_value_brl', '100')");
    expect(await failing(real, "fct_orders_with_economics")).toEqual([
      "fct_orders_with_economics: converts_to_usd_at_the_purchase_days_rate_and_deflates_by_ipca",
    ]);
  });

  it("late delivery: comparing timestamps instead of days makes a same-day delivery late", async () => {
    const broken = mutate(
      "fct_orders_with_economics",
      "else {{ to_date('delivered_at') }} > {{ to_date('estimated_delivery_at') }}",
      "else delivered_at > estimated_delivery_at",
    );
    expect(await failing(broken, "fct_orders_with_economics")).toEqual(["fct_orders_with_economics: late_means_delivered_on_a_later_day_than_estimated"]);
  });

  it("category counting: counting items instead of orders, or weighing the rate by items", async () => {
    const broken = mutate(
      "fct_category_performance_economics",
      "avg(usd_brl_rate) as avg_exchange_rate,\n    from category_orders",
      "avg(usd_brl_rate) as avg_exchange_rate,\n    from sold_items",
    );
    expect(await failing(broken, "fct_category_performance_economics")).toEqual([
      "fct_category_performance_economics: an_order_with_two_categories_counts_in_both",
    ]);
  });
});

describe("the unit-test runner", () => {
  it("reports a missing and an unexpected row when the output differs", () => {
    const diff = compareRows(
      [
        { a: 1, b: "x" },
        { a: 2, b: "y" },
      ],
      [
        { a: 1, b: "x" },
        { a: 2.5, b: "y" },
      ],
      ["a", "b"],
    );
    expect(diff).toEqual({ missing: [{ a: 2, b: "y" }], unexpected: [{ a: 2.5, b: "y" }] });
    expect(compareRows([{ a: 0.1 + 0.2 }], [{ a: 0.3 }], ["a"])).toEqual({ missing: [], unexpected: [] });
    expect(compareRows([{ a: 1 }, { a: 1 }], [{ a: 1 }], ["a"]).missing).toHaveLength(1);
  });

  it("parses ref() and source() inputs and refuses anything else", () => {
    expect(parseInput("ref('stg_orders')")).toEqual({ kind: "ref", name: "stg_orders" });
    expect(parseInput(`source("olist", "orders")`)).toEqual({ kind: "source", source: "olist", name: "orders" });
    expect(() => parseInput("stg_orders")).toThrow(/neither ref/);
  });

  it("says so when a test gives an input the model does not read or a column that does not exist", async () => {
    const withTests = (unitTests: UnitTestSpec[]): Project => ({
      ...project,
      models: project.models.map((m) => (m.name === "stg_orders" ? { ...m, unitTests } : m)),
    });
    const [unread] = await runUnitTests(withTests([{ name: "unread", given: [{ input: "ref('stg_products')", rows: [] }], expect: { rows: [] } }]), {
      select: "stg_orders",
    });
    expect(unread).toMatchObject({ status: "error" });
    expect(unread.message).toMatch(/gives rows for ref\('stg_products'\), which stg_orders does not read/);
    const [column] = await runUnitTests(withTests([{ name: "column", given: [{ input: "ref('base_orders')", rows: [{ nope: 1 }] }], expect: { rows: [] } }]), {
      select: "stg_orders",
    });
    expect(column.message).toMatch(/column nope does not exist/);
  });

  it("runs as the unit-test command, exit code 0 when all pass", async () => {
    const write = process.stdout.write;
    let out = "";
    process.stdout.write = ((chunk: string) => ((out += chunk), true)) as typeof process.stdout.write;
    try {
      const code = await UNIT_TEST_COMMANDS[0].run({ config: loadConfig(), values: { select: "dim_calendar" }, positionals: [] });
      expect(code).toBe(0);
    } finally {
      process.stdout.write = write;
    }
    expect(out).toMatch(/3 of 3 unit tests passed/);
  });
});

// Model selection the dbt way on the real project: `model`, `+model` (with upstream), `model+` (with
// downstream), through the API and through the CLI a person types.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../pipeline/config.ts";
import { DagError, select, topologicalOrder, type Node } from "../../pipeline/transform/dag.ts";
import { loadProject } from "../../pipeline/transform/project.ts";
import { Renderer } from "../../pipeline/transform/render.ts";
import { openAt } from "../support/warehouse.ts";
import { sampleWarehouse, type SampleWarehouse } from "./sampleWarehouse.ts";

const run = promisify(execFile);
let graph: Node[];

beforeAll(async () => {
  const project = await loadProject(path.join(PROJECT_ROOT, "models"));
  const w = await openAt(":memory:");
  const renderer = new Renderer(project, w);
  graph = project.models.map((m) => ({ name: m.name, refs: renderer.render(m).refs }));
  await w.close();
});

describe("the model graph", () => {
  it("orders every model after everything it refers to", () => {
    const order = topologicalOrder(graph);
    expect(order).toHaveLength(graph.length);
    for (const n of graph) for (const r of n.refs) expect(order.indexOf(r), `${r} before ${n.name}`).toBeLessThan(order.indexOf(n.name));
  });

  it("refuses cycles and unknown models", () => {
    expect(() =>
      topologicalOrder([
        { name: "a", refs: ["b"] },
        { name: "b", refs: ["a"] },
      ]),
    ).toThrow(DagError);
    expect(() => topologicalOrder([{ name: "a", refs: ["nope"] }])).toThrow(/unknown model nope/);
    expect(() => select(graph, "+nope")).toThrow(/unknown model nope/);
  });
});

describe("--select", () => {
  it("`model` selects the model alone, several with commas or spaces", () => {
    expect(select(graph, "stg_orders")).toEqual(new Set(["stg_orders"]));
    expect(select(graph, "stg_orders, dim_calendar stg_products")).toEqual(new Set(["stg_orders", "dim_calendar", "stg_products"]));
  });

  it("`+model` adds everything upstream and nothing else", () => {
    expect(select(graph, "+fct_monthly_economics")).toEqual(
      new Set([
        "fct_monthly_economics",
        "fct_orders_with_economics",
        "dim_calendar",
        "stg_bcb_indicators",
        "stg_orders",
        "base_orders",
        "stg_customers",
        "base_customers",
        "stg_order_items",
        "base_order_items",
        "stg_order_payments",
        "base_order_payments",
      ]),
    );
  });

  it("`model+` adds everything downstream and nothing else", () => {
    const products = select(graph, "stg_products+");
    expect(products.has("fct_category_performance_economics")).toBe(true);
    for (const other of ["base_products", "stg_orders", "fct_orders_with_economics", "fct_monthly_economics", "fct_geographic_sales_economics"]) {
      expect(products.has(other), other).toBe(false);
    }
    const downstream = select(graph, "stg_orders+");
    for (const mart of [
      "fct_orders_with_economics",
      "fct_monthly_economics",
      "fct_category_performance_economics",
      "fct_geographic_sales_economics",
      "fct_customer_purchases_economics",
      "dim_calendar",
      "stg_rejected_rows",
    ]) {
      expect(downstream.has(mart), mart).toBe(true);
    }
    expect(downstream.has("base_orders")).toBe(false);
    expect(downstream.has("stg_products")).toBe(false);
  });

  it("`+model+` adds both sides", () => {
    const both = select(graph, "+stg_order_items+");
    expect(both.has("base_orders")).toBe(true);
    expect(both.has("fct_category_performance_economics")).toBe(true);
    expect(both.has("stg_products")).toBe(false);
  });
});

describe("the models command", () => {
  let sample: SampleWarehouse;
  beforeAll(async () => {
    sample = await sampleWarehouse("select");
  });
  afterAll(() => sample?.remove());

  async function cli(...args: string[]): Promise<{ runId: string; stderr: string }> {
    const env = {
      ...process.env,
      SAMPLE_ORDERS: String(sample.config.sampleOrders),
      SAMPLE_SEED: "42",
      SAMPLE_DIR: sample.config.sampleDir,
      WAREHOUSE_PATH: sample.config.warehousePath,
      LOG_LEVEL: "info",
    };
    const { stdout, stderr } = await run("npx", ["tsx", "pipeline/cli/cli.ts", ...args], { cwd: PROJECT_ROOT, env });
    return { runId: /^run (\S+):/m.exec(stdout)![1], stderr };
  }

  /** The models a run built or found up to date, by its log (meta.model_runs keeps only the ones it built). */
  const handled = (stderr: string) => new Set([...stderr.matchAll(/\[models\] (\w+) \(/g)].map((m) => m[1]));

  it("builds exactly the selection: +model and model+", async () => {
    const up = await cli("models", "--select", "+fct_monthly_economics");
    expect(handled(up.stderr)).toEqual(select(graph, "+fct_monthly_economics"));
    const down = await cli("models", "--select", "stg_products+");
    expect(handled(down.stderr)).toEqual(select(graph, "stg_products+"));
    expect(handled(down.stderr)).toContain("fct_category_performance_economics");
  });

  it("leaves an up-to-date model alone, merges the incremental one once a source row changed, rebuilds it with --full-refresh", async () => {
    expect((await cli("models", "--select", "fct_orders_with_economics")).stderr).toMatch(/fct_orders_with_economics \(incremental, [\d,]+ rows\) up to date/);
    const w = await sample.open();
    try {
      await w.exec(`update raw.orders set order_status = 'canceled' where order_id = (select min(order_id) from raw.orders where order_status = 'delivered')`);
    } finally {
      await w.close();
    }
    const merged = await cli("models", "--select", "+fct_orders_with_economics");
    expect(merged.stderr).toMatch(/base_orders \(table, [\d,]+ rows\) in /);
    expect(merged.stderr).toMatch(/fct_orders_with_economics \(incremental merge,/);
    expect((await cli("models", "--select", "fct_orders_with_economics", "--full-refresh")).stderr).toMatch(/fct_orders_with_economics \(incremental full,/);
  });
});

// fct_orders_with_economics builds incrementally (merge on order_id) to exactly what a full refresh gives, row
// for row: new orders arrive, old and recent orders change status, an order disappears at the source.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../pipeline/config.ts";
import { loadProject, type Project } from "../../pipeline/transform/project.ts";
import { runModels, type ModelResult } from "../../pipeline/transform/runner.ts";
import type { Warehouse } from "../support/warehouse.ts";
import { sampleWarehouse, type SampleWarehouse } from "./sampleWarehouse.ts";

const FCT = "fct_orders_with_economics";

let sample: SampleWarehouse;
let w: Warehouse;
let project: Project;

const result = (results: ModelResult[], name: string) => results.find((r) => r.name === name)!;

/** Rows of one relation missing from the other, both ways (a multiset difference). */
async function difference(a: string, b: string): Promise<number> {
  const [{ n }] = await w.query<{ n: number }>(
    `select (select count(*) from (select * from ${a} except all select * from ${b})) +
            (select count(*) from (select * from ${b} except all select * from ${a})) as n`,
  );
  return Number(n);
}

beforeAll(async () => {
  sample = await sampleWarehouse("incremental");
  project = await loadProject(path.join(PROJECT_ROOT, "models"));
  w = await sample.open();
  // Hold back the last month of orders, as if the previous extract had run a month earlier.
  await w.exec(`create table meta.all_orders as select * from raw.orders;
    delete from raw.orders where order_purchase_timestamp >= (select max(order_purchase_timestamp) - interval 30 day from raw.orders)`);
  const first = await runModels(w, project, { runId: "first", fullRefresh: true });
  expect(result(first, FCT)).toMatchObject({ status: "success", strategy: "full" });
});

afterAll(async () => {
  await w?.close();
  sample?.remove();
});

describe("the incremental build of fct_orders_with_economics", () => {
  it("equals the full refresh row for row after new orders, status changes and a deletion", async () => {
    // The next extract: the held-back month arrives; an old order (far outside the look-back) and a recent one
    // change status; an old order is deleted at the source.
    await w.exec(`delete from raw.orders; insert into raw.orders select * from meta.all_orders`);
    const [old, recent, gone] = await w.query<{ order_id: string }>(`
      (select order_id from raw.orders where order_status = 'delivered' order by order_purchase_timestamp, order_id limit 1)
      union all
      (select order_id from raw.orders where order_status = 'shipped' order by order_purchase_timestamp desc, order_id limit 1)
      union all
      (select order_id from raw.orders where order_status = 'delivered' order by order_purchase_timestamp, order_id limit 1 offset 1)`);
    await w.exec(`
      update raw.orders set order_status = 'canceled', order_delivered_customer_date = null where order_id = '${old.order_id}';
      update raw.orders set order_status = 'delivered', order_delivered_customer_date = order_estimated_delivery_date + interval 2 day
        where order_id = '${recent.order_id}';
      delete from raw.orders where order_id = '${gone.order_id}';`);
    const [{ before }] = await w.query<{ before: number }>(`select count(*) as before from marts.${FCT}`);

    const incremental = await runModels(w, project, { runId: "incremental" });
    expect(result(incremental, FCT)).toMatchObject({ status: "success", strategy: "merge" });
    await w.exec(`create or replace table meta.incremental_copy as select * from marts.${FCT}`);
    const rows = await w.query(`select order_id, order_status, is_sale, delivered_late from marts.${FCT}
      where order_id in ('${old.order_id}', '${recent.order_id}', '${gone.order_id}') order by order_id`);

    const full = await runModels(w, project, { runId: "full", fullRefresh: true });
    expect(result(full, FCT)).toMatchObject({ status: "success", strategy: "full" });
    const [{ after }] = await w.query<{ after: number }>(`select count(*) as after from marts.${FCT}`);
    expect(after).toBeGreaterThan(before);
    expect(await difference("meta.incremental_copy", `marts.${FCT}`)).toBe(0);
    expect(result(incremental, FCT).rows).toBe(after);
    // The changes did arrive: the deleted order is gone, the statuses changed.
    expect(rows.map((r) => r.order_id)).not.toContain(gone.order_id);
    expect(rows).toContainEqual({ order_id: old.order_id, order_status: "canceled", is_sale: false, delivered_late: null });
    expect(rows).toContainEqual({ order_id: recent.order_id, order_status: "delivered", is_sale: true, delivered_late: true });
  });

  it("is left as it is when nothing it reads changed: up to date, neither merged nor rebuilt", async () => {
    const again = await runModels(w, project, { runId: "again", select: FCT });
    expect(again.map((r) => r.name)).toEqual([FCT]);
    expect(result(again, FCT)).toMatchObject({ status: "success", upToDate: true });
    expect(result(again, FCT).strategy).toBeUndefined();
    expect(await difference("meta.incremental_copy", `marts.${FCT}`)).toBe(0);
  });

  it("rebuilds in full when its logic or a var it uses changes, and with --full-refresh", async () => {
    // sales_statuses is read upstream (stg_orders): every existing row may be stale under the new rule.
    const statuses = (project.vars.sales_statuses as string[]).filter((s) => s !== "approved");
    const changed: Project = { ...project, vars: { ...project.vars, sales_statuses: statuses } };
    expect(result(await runModels(w, changed, { runId: "logic", select: FCT }), FCT).strategy).toBe("full");
    // Then a source row changes: the next build merges again, under the new logic.
    await w.exec(`update raw.orders set order_status = 'canceled'
      where order_id = (select min(order_id) from raw.orders where order_status = 'delivered')`);
    expect(result(await runModels(w, changed, { runId: "same", select: `+${FCT}` }), FCT).strategy).toBe("merge");
    expect(result(await runModels(w, changed, { runId: "forced", select: FCT, fullRefresh: true }), FCT).strategy).toBe("full");
  });

  it("switches a model between a view and a table, dropping the old relation", async () => {
    // stg_orders is a view (its config); this copy makes it a table.
    const asTable: Project = {
      ...project,
      models: project.models.map((m) => (m.name === "stg_orders" ? { ...m, sql: m.sql.replace("materialized='view'", "materialized='table'") } : m)),
    };
    const kind = async () =>
      (await w.query<{ t: string }>(`select table_type as t from information_schema.tables where table_schema = 'staging' and table_name = 'stg_orders'`))[0].t;
    expect(result(await runModels(w, asTable, { runId: "to-table", select: "stg_orders" }), "stg_orders").status).toBe("success");
    expect(await kind()).toBe("BASE TABLE");
    expect(result(await runModels(w, project, { runId: "to-view", select: "stg_orders" }), "stg_orders").status).toBe("success");
    expect(await kind()).toBe("VIEW");
  });

  it("records every build in meta.model_runs with the run id, and no run that found it up to date", async () => {
    const runs = await w.query(`select run_id, status from meta.model_runs where model = '${FCT}' order by finished_at, run_id`);
    expect(runs.map((r) => r.run_id)).toEqual([sample.report!.runId, "first", "incremental", "full", "logic", "same", "forced"]);
    expect(new Set(runs.map((r) => r.status))).toEqual(new Set(["success"]));
  });
});

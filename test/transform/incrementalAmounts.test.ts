// fct_orders_with_economics picks up changes to the amounts of orders of any age, not only to their status: a
// price corrected at the source, an item added or removed, a payment changed, long after the look-back window.
// The incremental build must equal a full refresh, and the changed order's value must be its items' sum.
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

beforeAll(async () => {
  sample = await sampleWarehouse("incremental-amounts");
  project = await loadProject(path.join(PROJECT_ROOT, "models"));
  w = await sample.open();
});

afterAll(async () => {
  await w?.close();
  sample?.remove();
});

describe("old orders whose amounts change", () => {
  it("are re-merged: the incremental build equals a full refresh, and each value is its items' sum", async () => {
    // Old sale orders, far before the look-back window: two with several items, two with payments.
    const old = await w.query<{ order_id: string }>(`
      select order_id from marts.${FCT}
      where is_sale and items_count >= 2
        and order_date < (select min(order_date) + interval 120 day from marts.${FCT})
      order by order_id limit 3`);
    expect(old).toHaveLength(3);
    const [priced, shrunk, grown] = old.map((o) => o.order_id);
    await w.exec(`
      update raw.order_items set price = price + 10 where order_id = '${priced}' and order_item_id = 1;
      delete from raw.order_items where order_id = '${shrunk}' and order_item_id = 2;
      insert into raw.order_items
        select order_id, 99, product_id, seller_id, shipping_limit_date, 5.55, 1.11
        from raw.order_items where order_id = '${grown}' and order_item_id = 1;
      update raw.order_payments set payment_value = payment_value + 10 where order_id = '${priced}';`);

    const incremental = await runModels(w, project, { runId: "amounts" });
    expect(result(incremental, FCT)).toMatchObject({ status: "success", strategy: "merge" });
    await w.exec(`create or replace table meta.amounts_incremental as select * from marts.${FCT}`);
    const full = await runModels(w, project, { runId: "amounts-full", fullRefresh: true });
    expect(result(full, FCT)).toMatchObject({ status: "success", strategy: "full" });
    const [{ n }] = await w.query<{ n: number }>(`
      select (select count(*) from (select * from meta.amounts_incremental except all select * from marts.${FCT})) +
             (select count(*) from (select * from marts.${FCT} except all select * from meta.amounts_incremental)) as n`);
    expect(Number(n)).toBe(0);

    // Independently of the model: each changed order's value is what its raw items add up to.
    const values = await w.query<{ order_id: string; merged: number; raw: number }>(`
      select m.order_id, m.order_value_brl as merged, r.total as raw
      from meta.amounts_incremental as m
      join (select order_id, sum(price + freight_value) as total from raw.order_items group by order_id) as r
        on r.order_id = m.order_id
      where m.order_id in ('${priced}', '${shrunk}', '${grown}')
      order by m.order_id`);
    expect(values).toHaveLength(3);
    for (const v of values) expect(v.merged, v.order_id).toBeCloseTo(v.raw, 2);
  });
});

// Real and dollar revenue: the IPCA index chained here from the BCB snapshot equals the warehouse's, constant-BRL
// revenue is nominal revenue over that index (within each item's rounding), and like-for-like growth compares the
// same months of two years.
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { deflate, DeflationError, ipcaIndex, likeForLikeGrowth } from "../../pipeline/analysis/deflation.ts";
import { readSnapshot } from "../../pipeline/extract/bcb/snapshot.ts";
import { openAt, type Warehouse } from "../support/warehouse.ts";
import { builtSite, ROOT } from "../support/site.ts";

describe("ipcaIndex and deflate", () => {
  it("chain monthly changes to 100 in the base month", () => {
    const index = ipcaIndex(
      [
        { month: "2018-01-01", pct: 0.29 },
        { month: "2018-02-01", pct: 0.32 },
        { month: "2018-03-01", pct: 0.09 },
      ],
      "2018-02-01",
    );
    expect(index.get("2018-02-01")).toBeCloseTo(100, 12);
    expect(index.get("2018-03-01")).toBeCloseTo(100.09, 12);
    expect(index.get("2018-01-01")).toBeCloseTo(100 / 1.0032, 12);
    expect(deflate(100.09, index.get("2018-03-01")!)).toBeCloseTo(100, 12);
    expect(() => ipcaIndex([{ month: "2018-01-01", pct: 1 }], "2019-01-01")).toThrow(DeflationError);
  });

  it("compare the latest year's months with the same months a year before", () => {
    const row = (month: string, v: number) => ({ month, nominalBrl: v, realBrl: v / 2, usd: v / 4 });
    const growth = likeForLikeGrowth([row("2017-01-01", 100), row("2017-02-01", 100), row("2017-03-01", 999), row("2018-01-01", 150), row("2018-02-01", 250)]);
    expect(growth).toMatchObject({ from: "2018-01-01", to: "2018-02-01", previousFrom: "2017-01-01", previousTo: "2017-02-01" });
    expect(growth!.nominal).toBeCloseTo(1, 12);
    expect(likeForLikeGrowth([row("2018-01-01", 1)])).toBeUndefined();
  });
});

describe("the warehouse's constant and dollar revenue", () => {
  let warehouse: Warehouse;
  beforeAll(async () => {
    warehouse = await openAt((await builtSite()).warehouse, { readOnly: true });
    return () => warehouse.close();
  }, 600_000);

  it("uses the IPCA index chained from the BCB snapshot, 100 in var ipca_base_month", async () => {
    const inflation = (await readSnapshot(path.join(ROOT, "data", "bcb"), 433)).map((o) => ({ month: o.date, pct: o.value }));
    const index = ipcaIndex(inflation, "2018-08-01");
    const months = await warehouse.query<{ order_month: string; ipca_index: number }>(
      "select order_month, ipca_index from marts.fct_sensitivity_months order by order_month",
    );
    expect(months.length).toBeGreaterThan(15);
    for (const m of months) expect(m.ipca_index, m.order_month).toBeCloseTo(index.get(m.order_month)!, 9);
  });

  it("deflates each month's revenue by its index, within half a cent per item", async () => {
    const rows = await warehouse.query<{ order_month: string; nominal: number; real: number; index: number; items: number }>(`
      select m.order_month, m.total_revenue_brl as nominal, m.total_revenue_real_brl as real, m.ipca_index as index,
             e.items_sold as items
      from marts.fct_sensitivity_months as m
      join marts.fct_monthly_economics as e on e.order_month = m.order_month`);
    for (const r of rows) {
      expect(Math.abs(r.real - deflate(r.nominal, r.index)), r.order_month).toBeLessThanOrEqual(0.005 * r.items + 1e-6);
    }
  });
});

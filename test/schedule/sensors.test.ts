// The sensors against real stores: the orders cursor of a PostgreSQL source (a database made for the test on the
// local server) and of a DuckDB warehouse agree when they hold the same orders and differ once the source gets
// new rows; the BCB sensor reads the series' last dates from the warehouse.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../pipeline/config.ts";
import { configuredSensors, ordersCursor, sourceOrdersCursor, warehouseOrdersCursor, warehouseSeriesDates } from "../../pipeline/schedule/probes.ts";
import { at, openAt } from "../support/warehouse.ts";
import { BCB_STATUS_DDL } from "../../pipeline/extract/rawTables.ts";
import { createTestDatabase, sql, type TestDatabase } from "../extract/postgres/fixtures.ts";

const ORDERS: [string, string][] = [
  ["a1", "2017-03-01 10:00:00"],
  ["a2", "2018-08-31 20:23:44"],
  ["a3", "2016-10-04 09:43:32"],
];

let db: TestDatabase;
const dir = mkdtempSync(path.join(os.tmpdir(), "sensors-"));
const warehousePath = path.join(dir, "analytics.duckdb");

/** The cursor computed here, from the rows the test wrote: newest timestamp and count. */
const expectedCursor = (rows: [string, string][]) =>
  `${rows
    .map((r) => r[1])
    .sort()
    .at(-1)!
    .replace(" ", "T")}|${rows.length}`;

beforeAll(async () => {
  db = await createTestDatabase("sensor_test");
  await sql(db.url, "create table orders (order_id varchar primary key, order_purchase_timestamp timestamp)");
  await sql(db.url, `insert into orders values ${ORDERS.map(([id, ts]) => `('${id}', '${ts}')`).join(", ")}`);
  const w = await openAt(warehousePath);
  await w.exec("create table raw.orders (order_id varchar, order_purchase_timestamp timestamp)");
  await w.exec(`insert into raw.orders values ${ORDERS.map(([id, ts]) => `('${id}', '${ts}')`).join(", ")}`);
  await w.exec(BCB_STATUS_DDL);
  await w.exec(`insert into raw.bcb_series_status values
    (1, 'usd_brl', 'api', '2020-01-14', false, null, '2020-01-15 12:00:00', null),
    (433, 'ipca', 'snapshot', '2019-10-01', true, 'old', '2020-01-15 12:00:00', null)`);
  await w.close();
});

afterAll(async () => {
  await db?.drop();
});

describe("the orders cursor", () => {
  it("is the same for the source and for a warehouse holding the same orders", async () => {
    const source = await sourceOrdersCursor(db.url);
    expect(source).toBe(expectedCursor(ORDERS));
    expect(await warehouseOrdersCursor(at(warehousePath))).toBe(source);
  });

  it("changes when the source gets a row, even one older than the newest", async () => {
    await sql(db.url, "insert into orders values ('a4', '2017-01-01 00:00:00')");
    expect(await sourceOrdersCursor(db.url)).toBe(expectedCursor([...ORDERS, ["a4", "2017-01-01 00:00:00"]]));
    await sql(db.url, "delete from orders where order_id = 'a4'");
  });

  it("is null for a warehouse that was never extracted, and 'none' for an empty source", async () => {
    expect(await warehouseOrdersCursor(at(path.join(dir, "missing.duckdb")))).toBeNull();
    expect(ordersCursor(null, 0)).toBe("none|0");
  });

  it("reports an unreachable source without its password", async () => {
    await expect(sourceOrdersCursor("postgres://olist:s3cret@127.0.0.1:1/test")).rejects.toThrow(/127\.0\.0\.1:1/);
    await expect(sourceOrdersCursor("postgres://olist:s3cret@127.0.0.1:1/test")).rejects.not.toThrow(/s3cret/);
  });
});

describe("the configured sensors", () => {
  const config = () => loadConfig({ WAREHOUSE_PATH: warehousePath, SOURCE_DATABASE_URL: db.url } as NodeJS.ProcessEnv);

  it("ask for an early daily run once the source has new orders, keyed by the source cursor", async () => {
    const source = configuredSensors(config()).find((s) => s.name === "source_change")!;
    expect(source.job).toBe("daily_full_refresh");
    expect(await source.evaluate(new Date())).toEqual([]);
    await sql(db.url, "insert into orders values ('b1', '2018-09-03 08:00:00')");
    const requests = await source.evaluate(new Date());
    expect(requests.map((r) => r.runKey)).toEqual([`source-change:${expectedCursor([...ORDERS, ["b1", "2018-09-03 08:00:00"]])}`]);
  });

  it("read the BCB series' last dates from the warehouse", async () => {
    expect(await warehouseSeriesDates(at(warehousePath))).toEqual([
      { seriesId: 1, lastDate: "2020-01-14" },
      { seriesId: 433, lastDate: "2019-10-01" },
    ]);
    const bcb = configuredSensors(config()).find((s) => s.name === "bcb_freshness")!;
    const requests = await bcb.evaluate(new Date("2020-01-15T15:00:00Z"));
    expect(requests.map((r) => r.runKey)).toEqual(["bcb-stale:433:2019-10-01"]);
  });

  it("leave the source sensor off without a PostgreSQL source or when switched off", () => {
    expect(configuredSensors(loadConfig({ WAREHOUSE_PATH: warehousePath } as NodeJS.ProcessEnv)).map((s) => s.name)).toEqual(["bcb_freshness"]);
    const off = loadConfig({
      WAREHOUSE_PATH: warehousePath,
      SOURCE_DATABASE_URL: db.url,
      SENSOR_SOURCE_CHANGE_ENABLED: "false",
      SENSOR_BCB_FRESHNESS_ENABLED: "off",
    } as NodeJS.ProcessEnv);
    expect(configuredSensors(off)).toEqual([]);
  });
});

// The warehouse factory and the embedded engine's side of the Warehouse interface: engine settings that can't
// be honoured fail before anything is written; CSV loads and bulk appends keep every row or say which they lost;
// a staged copy replaces the published warehouse only on publish.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../pipeline/config.ts";
import { openWarehouse, stageWarehouse, verifyWarehouse, warehouseEnv, warehouseExists } from "../../pipeline/warehouse/open.ts";

const dir = mkdtempSync(path.join(os.tmpdir(), "warehouse-open-"));
const configAt = (env: Record<string, string>) => loadConfig({ WAREHOUSE_PATH: path.join(dir, "w.duckdb"), ...env });

describe("the warehouse factory", () => {
  it("refuses BigQuery without a project, naming what to set, and creates no DuckDB file", async () => {
    const config = configAt({ WAREHOUSE_ENGINE: "bigquery", WAREHOUSE_PATH: path.join(dir, "never.duckdb") });
    await expect(openWarehouse(config)).rejects.toThrow(ConfigError);
    await expect(openWarehouse(config)).rejects.toThrow(/BIGQUERY_PROJECT/);
    await expect(stageWarehouse(config)).rejects.toThrow(/GOOGLE_APPLICATION_CREDENTIALS|BIGQUERY_EMULATOR_HOST/);
    await expect(warehouseExists(config)).rejects.toThrow(ConfigError);
    expect(existsSync(config.warehousePath)).toBe(false);
  });

  it("refuses an unreachable BigQuery emulator within seconds, naming the variable, and creates no DuckDB file", async () => {
    const config = configAt({
      WAREHOUSE_ENGINE: "bigquery",
      BIGQUERY_PROJECT: "p",
      BIGQUERY_EMULATOR_HOST: "127.0.0.1:1",
      WAREHOUSE_PATH: path.join(dir, "never2.duckdb"),
    });
    const started = performance.now();
    await expect(verifyWarehouse(config)).rejects.toThrow(/BIGQUERY_EMULATOR_HOST=127\.0\.0\.1:1.*scripts\/bigquery-emulator\.sh/);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(existsSync(config.warehousePath)).toBe(false);
  });

  it("gives child processes the BigQuery settings, not a DuckDB path", () => {
    const config = configAt({ WAREHOUSE_ENGINE: "bigquery", BIGQUERY_PROJECT: "p", BIGQUERY_DATASET_PREFIX: "shop" });
    expect(warehouseEnv(config)).toEqual({ WAREHOUSE_ENGINE: "bigquery", BIGQUERY_PROJECT: "p", BIGQUERY_DATASET_PREFIX: "shop" });
  });
});

describe("the embedded engine", () => {
  it("loads a CSV file and returns the rows it could not cast with their line and text", async () => {
    const w = await openWarehouse(configAt({}), { location: ":memory:" });
    try {
      const file = path.join(dir, "items.csv");
      writeFileSync(file, 'id,price,sold_at\r\na,1.50,2018-01-02 03:04:05\r\nb,"not a number",2018-01-02 03:04:05\r\nc,"2,5",2018-13-40 00:00:00\r\nd,,\r\n');
      await w.exec("create table raw.items (id varchar, price decimal(12,2), sold_at timestamp)");
      const result = await w.loadCsv({
        file,
        target: w.relation("raw", "items"),
        columns: [
          { name: "id", type: "text" },
          { name: "price", type: "money" },
          { name: "sold_at", type: "timestamp" },
        ],
        header: true,
        newLine: "\r\n",
        timestampFormat: "%Y-%m-%d %H:%M:%S",
        keepRejects: true,
      });
      const kept = await w.query<{ id: string }>("select id from raw.items order by id");
      // Every data line is either loaded or rejected, by line number (the header is line 1).
      expect(kept.map((r) => r.id)).toEqual(["a", "d"]);
      expect(result.loaded).toBe(2);
      expect(result.rejects.map((r) => r.line)).toEqual([3, 4]);
      expect(result.rejects[0].raw).toContain("not a number");
      expect(result.rejects[0].reason).toMatch(/price/);
    } finally {
      await w.close();
    }
  });

  it("appends typed rows in bulk, nulls included, and counts changed rows", async () => {
    const w = await openWarehouse(configAt({}), { location: ":memory:" });
    try {
      await w.exec("create table raw.t (n integer, big bigint, x double, s varchar, d date, ok boolean)");
      const columns = [
        { name: "n", type: "integer" },
        { name: "big", type: "bigint" },
        { name: "x", type: "double" },
        { name: "s", type: "text" },
        { name: "d", type: "date" },
        { name: "ok", type: "boolean" },
      ] as const;
      await w.append(w.relation("raw", "t"), columns, [
        [1, 2 ** 40, 0.25, "a'b", "2018-03-12", true],
        [null, null, null, null, null, null],
      ]);
      expect(await w.query("select * from raw.t order by n nulls last")).toEqual([
        { n: 1, big: 2 ** 40, x: 0.25, s: "a'b", d: "2018-03-12", ok: true },
        { n: null, big: null, x: null, s: null, d: null, ok: null },
      ]);
      expect(await w.execChanges("delete from raw.t where n is null")).toBe(1);
    } finally {
      await w.close();
    }
  });
});

describe("sessions", () => {
  it("read what the first connection wrote, and close with it", async () => {
    const w = await openWarehouse(configAt({}), { location: ":memory:" });
    await w.exec("create table raw.t as select 42 as v");
    const session = await w.connect();
    const [a, b] = await Promise.all([session.query("select v from raw.t"), w.query("select v + 1 as v from raw.t")]);
    expect([a, b]).toEqual([[{ v: 42 }], [{ v: 43 }]]);
    await w.close();
    await expect(session.query("select 1")).rejects.toThrow();
  });
});

describe("a staged warehouse", () => {
  it("replaces the published file only on publish, and keeps a failed copy for retry", async () => {
    const config = configAt({ WAREHOUSE_PATH: path.join(dir, "staged", "w.duckdb") });
    const first = await stageWarehouse(config);
    let w = await first.open();
    await w.exec("create table raw.marker as select 1 as v");
    await w.close();
    expect(existsSync(config.warehousePath)).toBe(false);
    await first.publish();
    const published = readFileSync(config.warehousePath);

    const second = await stageWarehouse(config);
    w = await second.open();
    await w.exec("update raw.marker set v = 2");
    await w.close();
    const kept = await second.keep("run-1");
    expect(kept).not.toBeNull();
    expect(readFileSync(config.warehousePath).equals(published)).toBe(true);
    expect(existsSync(second.location)).toBe(false);

    const resumed = await stageWarehouse(config, { resumeFrom: kept! });
    w = await resumed.open();
    expect(await w.query("select v from raw.marker")).toEqual([{ v: 2 }]);
    await w.close();
    await resumed.discard();
    expect(existsSync(resumed.location)).toBe(false);
    expect(readFileSync(config.warehousePath).equals(published)).toBe(true);
  });
});

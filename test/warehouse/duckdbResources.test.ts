// The embedded engine's memory_limit and threads: an eighth of the machine's memory and every core unless
// DUCKDB_MEMORY_LIMIT / DUCKDB_THREADS say otherwise, bad values refused, and what an opened warehouse runs with.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError } from "../../pipeline/config.ts";
import { DuckDBWarehouse, duckdbResources } from "../../pipeline/warehouse/duckdb.ts";

const GiB = 2 ** 30;
const saved = { memory: process.env.DUCKDB_MEMORY_LIMIT, threads: process.env.DUCKDB_THREADS };

afterEach(() => {
  for (const [name, value] of [
    ["DUCKDB_MEMORY_LIMIT", saved.memory],
    ["DUCKDB_THREADS", saved.threads],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe("DuckDB resources", () => {
  it("take an eighth of the machine's memory and every core by default", () => {
    expect(duckdbResources({}, { totalmem: 16 * GiB, cores: 6 })).toEqual({ memoryLimit: "2048MiB", threads: 6 });
    expect(duckdbResources({}, { totalmem: 1 * GiB, cores: 1 })).toEqual({ memoryLimit: "256MiB", threads: 1 });
  });

  it("follow DUCKDB_MEMORY_LIMIT and DUCKDB_THREADS", () => {
    expect(duckdbResources({ DUCKDB_MEMORY_LIMIT: "3GiB", DUCKDB_THREADS: "2" }, { totalmem: 16 * GiB, cores: 6 })).toEqual({ memoryLimit: "3GiB", threads: 2 });
  });

  it.each([
    ["DUCKDB_MEMORY_LIMIT", "lots"],
    ["DUCKDB_MEMORY_LIMIT", "80%"],
    ["DUCKDB_MEMORY_LIMIT", "0GB"],
    ["DUCKDB_THREADS", "0"],
    ["DUCKDB_THREADS", "two"],
    ["DUCKDB_THREADS", "1.5"],
  ])("refuse %s=%s", (name, value) => {
    expect(() => duckdbResources({ [name]: value })).toThrow(ConfigError);
    expect(() => duckdbResources({ [name]: value })).toThrow(name);
  });

  it("are what an opened warehouse runs with, and an explicit thread count wins", async () => {
    process.env.DUCKDB_MEMORY_LIMIT = "700MiB";
    process.env.DUCKDB_THREADS = "3";
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "duckdb-resources-")), "w.duckdb");
    const read = async (threads?: number) => {
      const w = await DuckDBWarehouse.open(file, { threads });
      try {
        return (await w.query<{ m: string; t: number }>("select current_setting('memory_limit') as m, current_setting('threads') as t"))[0];
      } finally {
        await w.close();
      }
    };
    expect(await read()).toEqual({ m: "700.0 MiB", t: 3 });
    expect((await read(1)).t).toBe(1);
    process.env.DUCKDB_THREADS = "none";
    await expect(DuckDBWarehouse.open(file)).rejects.toThrow(/DUCKDB_THREADS/);
  });
});

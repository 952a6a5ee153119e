// BigQuery (on the local-bigquery emulator) against DuckDB: the same seeded sample through the real commands a
// user types on each engine, then every mart compared row by row (money to the cent), every data test's outcome
// compared, and a failing run shown to leave the published BigQuery marts as they were.
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../pipeline/config.ts";
import { loadProject } from "../../pipeline/transform/project.ts";
import { runModels } from "../../pipeline/transform/runner.ts";
import { openWarehouse, warehouseIdentity } from "../../pipeline/warehouse/open.ts";
import { createTestDatabase, type TestDatabase } from "../extract/postgres/fixtures.ts";
import { startEmulator, type Emulator } from "../support/bigqueryEmulator.ts";
import { ROOT } from "../support/site.ts";

const exec = promisify(execFile);
type Row = Record<string, unknown>;

const dir = mkdtempSync(path.join(os.tmpdir(), "bigquery-equivalence-"));
const base = { ...process.env, SAMPLE_ORDERS: "1500", SAMPLE_SEED: "7", SAMPLE_DIR: path.join(dir, "sample"), SITE_NOTEBOOKS: "0", LOG_LEVEL: "warn" };
let emulator: Emulator;
let duckdbEnv: NodeJS.ProcessEnv;
let bigqueryEnv: NodeJS.ProcessEnv;
/** BigQuery fed by the PostgreSQL extraction (SOURCE_DATABASE_URL) of the same sample, seeded into PostgreSQL. */
let postgresEnv: NodeJS.ProcessEnv;
let source: TestDatabase;

function pipeline(env: NodeJS.ProcessEnv, ...args: string[]) {
  return exec("npm", ["run", "--silent", "pipeline", "--", ...args], { cwd: ROOT, env, maxBuffer: 256 * 1024 * 1024 });
}

async function show(env: NodeJS.ProcessEnv, sql: string): Promise<Row[]> {
  const { stdout } = await pipeline(env, "show", "--inline", sql, "--output", "json", "--limit", "10000000");
  return JSON.parse(stdout) as Row[];
}

// Every mart the models build, and the impact report the report step writes beside them.
const MARTS = [...(await loadProject(path.join(ROOT, "models"))).models.filter((m) => m.folder === "marts").map((m) => m.name), "rpt_impact"];

/** A row's identity for sorting both sides alike: floats to 8 significant digits, which both engines agree on. */
const sortKey = (row: Row) => JSON.stringify(Object.values(row).map((v) => (typeof v === "number" && !Number.isInteger(v) ? Number(v.toPrecision(8)) : v)));
const sorted = (rows: Row[]) => [...rows].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
const isMoney = (column: string) => /_(brl|usd)$/.test(column);

/**
 * Statistics (not money) agree to 1e-6 relative: the engines sum in different orders, and the dollar-lag fits
 * (four correlated lags) lose about half their digits to conditioning. The report's JSON payload carries them
 * rounded to 6 significant digits, so a rounding may flip its last digit: its numbers are compared to 1e-5.
 */
const closeEnough = (a: number, b: number, relative: number) => Math.abs(a - b) <= relative * Math.max(1, Math.abs(a), Math.abs(b));

function sameJson(a: unknown, b: unknown): boolean {
  if (typeof a === "number" && typeof b === "number") return closeEnough(a, b, 1e-5);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  if (a && b && typeof a === "object" && typeof b === "object") {
    const [ka, kb] = [Object.keys(a), Object.keys(b)];
    return JSON.stringify(ka) === JSON.stringify(kb) && ka.every((k) => sameJson((a as Row)[k], (b as Row)[k]));
  }
  return a === b;
}

function differences(mart: string, duck: Row[], bq: Row[]): string[] {
  const out: string[] = [];
  if (duck.length !== bq.length) return [`${mart}: ${duck.length} rows on DuckDB, ${bq.length} on BigQuery`];
  const [a, b] = [sorted(duck), sorted(bq)];
  a.forEach((row, i) => {
    const other = b[i];
    if (JSON.stringify(Object.keys(row)) !== JSON.stringify(Object.keys(other))) out.push(`${mart}: columns ${Object.keys(row)} vs ${Object.keys(other)}`);
    for (const [column, value] of Object.entries(row)) {
      const theirs = other[column];
      const same =
        typeof value === "number" && typeof theirs === "number"
          ? isMoney(column)
            ? Math.round(value * 100) === Math.round(theirs * 100)
            : closeEnough(value, theirs, 1e-6)
          : column === "payload" && typeof value === "string" && typeof theirs === "string"
            ? sameJson(JSON.parse(value), JSON.parse(theirs))
            : value === theirs;
      if (!same) out.push(`${mart} row ${i} ${column}: DuckDB ${JSON.stringify(value)}, BigQuery ${JSON.stringify(theirs)}`);
    }
  });
  return out;
}

beforeAll(async () => {
  emulator = await startEmulator();
  duckdbEnv = { ...base, WAREHOUSE_ENGINE: "duckdb", WAREHOUSE_PATH: path.join(dir, "duckdb", "analytics.duckdb") };
  bigqueryEnv = { ...base, ...emulator.env("equiv"), WAREHOUSE_PATH: path.join(dir, "bigquery", "bookkeeping.duckdb") };
  source = await createTestDatabase("bigquery_source");
  postgresEnv = { ...base, ...emulator.env("frompg"), WAREHOUSE_PATH: path.join(dir, "postgres", "bookkeeping.duckdb"), SOURCE_DATABASE_URL: source.url };
  await pipeline(duckdbEnv, "generate");
  await pipeline(duckdbEnv, "seed-postgres", "--orders", base.SAMPLE_ORDERS, "--seed", base.SAMPLE_SEED, "--to", source.url);
  await Promise.all([pipeline(duckdbEnv, "run"), pipeline(bigqueryEnv, "run"), pipeline(postgresEnv, "run")]);
}, 900_000);

afterAll(async () => {
  emulator?.stop();
  await source?.drop();
});

describe("the same sample on DuckDB and on BigQuery", () => {
  it("builds every mart with the same rows, money to the cent", async () => {
    const problems: string[] = [];
    const [duckdb, bigquery] = await Promise.all([
      openWarehouse(loadConfig(duckdbEnv), { readOnly: true }),
      openWarehouse(loadConfig(bigqueryEnv), { readOnly: true }),
    ]);
    try {
      for (const mart of MARTS) {
        const [duck, bq] = await Promise.all([duckdb, bigquery].map((w) => w.query(`select * from ${w.relation("marts", mart)}`)));
        expect(duck.length, `${mart} has rows on DuckDB`).toBeGreaterThan(0);
        problems.push(...differences(mart, duck, bq).slice(0, 5));
      }
    } finally {
      await Promise.all([duckdb.close(), bigquery.close()]);
    }
    expect(problems).toEqual([]);
  }, 300_000);

  it("agrees on category × month and state × month revenue to the cent", async () => {
    const category = `select category_name as k, order_month as m, sum(total_revenue_brl) as revenue_brl
      from {{ ref('fct_category_performance_economics') }} group by 1, 2`;
    const state = `select customer_state as k, order_month as m, sum(total_revenue_brl) as revenue_brl
      from {{ ref('fct_geographic_sales_economics') }} group by 1, 2`;
    for (const sql of [category, state]) {
      const [duck, bq, fromPostgres] = await Promise.all([show(duckdbEnv, sql), show(bigqueryEnv, sql), show(postgresEnv, sql)]);
      expect(duck.length).toBeGreaterThan(10);
      expect(differences("revenue", duck, bq)).toEqual([]);
      expect(differences("revenue from PostgreSQL", duck, fromPostgres)).toEqual([]);
    }
  }, 120_000);

  it("runs every data test on both engines with the same outcome", async () => {
    const sql = `select test_id, status, failures from meta.test_results
      where run_id = (select max(run_id) from meta.test_results)`;
    const [duck, bq] = await Promise.all([show(duckdbEnv, sql), show(bigqueryEnv, sql)]);
    expect(duck.length).toBeGreaterThan(200);
    expect(sorted(bq)).toEqual(sorted(duck));
  });

  it("merges the incremental orders fact with MERGE on a second build, still equal to DuckDB's", async () => {
    const bigquery = await openWarehouse(loadConfig(bigqueryEnv));
    const duckdb = await openWarehouse(loadConfig(duckdbEnv), { readOnly: true });
    try {
      const project = await loadProject(path.join(ROOT, "models"));
      const [result] = await runModels(bigquery, project, { runId: "merge-check", select: "fct_orders_with_economics" });
      expect(result).toMatchObject({ name: "fct_orders_with_economics", status: "success", strategy: "merge" });
      const all = (w: typeof bigquery) => w.query(`select * from ${w.relation("marts", "fct_orders_with_economics")}`);
      expect(differences("fct_orders_with_economics", await all(duckdb), await all(bigquery))).toEqual([]);
    } finally {
      await Promise.all([bigquery.close(), duckdb.close()]);
    }
  }, 120_000);

  it("keeps the published marts untouched when a data test fails, and names the test", async () => {
    const config = loadConfig(bigqueryEnv);
    const published = await openWarehouse(config);
    const mart = published.relation("marts", "fct_monthly_economics");
    // A duplicated month breaks the mart's grain: the data test must fail on BigQuery too.
    await published.exec(`insert into ${mart} select * from ${mart} where order_month = (select min(order_month) from ${mart})`);
    const results = `select count(*) as n from meta.test_results`;
    const [resultsBefore] = await show(bigqueryEnv, results);
    const identity = await warehouseIdentity(config);
    const failure = await pipeline(bigqueryEnv, "test", "--select", "fct_monthly_economics").then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure, "the test run should have failed").toBeDefined();
    expect(failure!.stderr).toMatch(/fct_monthly_economics\.order_month: unique failed/);
    // Nothing of the failed run was published: not its test results, not a table.
    expect(await warehouseIdentity(config)).toBe(identity);
    expect(await show(bigqueryEnv, results)).toEqual([resultsBefore]);
    const [mart_] = await published.query<{ n: number; months: number }>(`select count(*) as n, count(distinct order_month) as months from ${mart}`);
    expect(mart_.n).toBe(mart_.months + 1);
    await published.close();
  }, 600_000);
});

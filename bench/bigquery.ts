// BigQuery on the local emulator beside DuckDB, for information only (the emulator is DuckDB behind BigQuery's
// API, not BigQuery: its times say what a run costs in jobs, not what BigQuery would take). The same seeded
// sample runs end to end (`npm run pipeline -- run`) on each engine, one after the other.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PROJECT_ROOT } from "../pipeline/config.ts";
import { startEmulator, type Emulator } from "../test/support/bigqueryEmulator.ts";
import { measureScript, row } from "./measure.ts";
import { record, skip } from "./results.ts";

const orders = Number(process.argv[2] ?? 1500);
const work = mkdtempSync(path.join(os.tmpdir(), "bench-bigquery-"));
const base: NodeJS.ProcessEnv = {
  ...process.env,
  SAMPLE_ORDERS: String(orders),
  SAMPLE_SEED: "7",
  SAMPLE_DIR: path.join(work, "sample"),
  SITE_NOTEBOOKS: "0",
  LOG_LEVEL: "warn",
};
const cli = (env: NodeJS.ProcessEnv, ...args: string[]) => measureScript(["pipeline/cli/cli.ts", ...args], env, PROJECT_ROOT);

console.log(`\n## BigQuery on the local emulator beside DuckDB, ${orders.toLocaleString("en-US")} orders (for information)`);
const duckdbEnv = { ...base, WAREHOUSE_ENGINE: "duckdb", WAREHOUSE_PATH: path.join(work, "duckdb", "analytics.duckdb") };
try {
  await cli(duckdbEnv, "generate");
  const duckdb = await cli(duckdbEnv, "run");
  console.log(row("DuckDB: npm run pipeline -- run", duckdb));
  record("duckdb_run_emulator_sample_s", duckdb.seconds, `npm run pipeline -- run on DuckDB, ${orders} orders, the emulator's sample`);
  let emulator: Emulator | undefined;
  try {
    emulator = await startEmulator();
  } catch (error) {
    skip("bigquery_emulator_run_s", `the emulator could not start: ${(error as Error).message.split("\n")[0]}`);
  }
  if (emulator) {
    try {
      const bigqueryEnv = { ...base, ...emulator.env("bench"), WAREHOUSE_PATH: path.join(work, "bigquery", "bookkeeping.duckdb") };
      const bigquery = await cli(bigqueryEnv, "run");
      console.log(row("BigQuery emulator: npm run pipeline -- run", bigquery, `${(bigquery.seconds / duckdb.seconds).toFixed(1)}× DuckDB`));
      record("bigquery_emulator_run_s", bigquery.seconds, `npm run pipeline -- run on the local-bigquery emulator, ${orders} orders (not BigQuery's speed)`);
    } finally {
      await emulator.stop();
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

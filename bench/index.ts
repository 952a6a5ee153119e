// `npm run bench`: every performance figure of the project, each as a ratio to a baseline measured in the same
// run, printed and written to bench/results.json (see bench/results.ts). BENCH_ORDERS sets the main size (default
// 100,000); BENCH_QUICK=1 runs smaller sizes only; BENCH_HUGE=10000000 adds the 10M-order end-to-end run;
// BENCH_PEERS=0 leaves out dbt-duckdb and tap-postgres; BENCH_BIGQUERY=0 leaves out the run on the BigQuery
// emulator beside DuckDB; BENCH_CALIBRATION=1 adds the (slow, not timed) calibration of the sensitivity marts.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { PROJECT_ROOT } from "../pipeline/config.ts";
import { fold, skip } from "./results.ts";

const orders = process.env.BENCH_ORDERS ?? (process.env.BENCH_QUICK ? "10000" : "100000");
const large = process.env.BENCH_QUICK ? "50000" : "1000000";
const huge = process.env.BENCH_HUGE;
if (huge !== undefined && !/^[1-9]\d*$/.test(huge)) throw new Error(`BENCH_HUGE must be an order count (e.g. 10000000), got ${JSON.stringify(huge)}`);
const peers = process.env.BENCH_PEERS ?? "1";
if (peers !== "0" && peers !== "1") throw new Error(`BENCH_PEERS must be 0 or 1, got ${JSON.stringify(peers)}`);

const work = mkdtempSync(path.join(os.tmpdir(), "bench-ledger-"));
const ledger = path.join(work, "ledger.jsonl");
process.env.BENCH_RESULTS_LEDGER = ledger;

/** Each sub-bench is its own script so that one's memory does not count against another's. */
const benches: [string, string[]][] = [
  ["spine.ts", [orders]],
  ["extract.ts", [orders, large]],
  ["models.ts", [orders, large]],
  ...(peers === "1" ? ([["peers.ts", [orders]]] as [string, string[]][]) : []),
  ["site.ts", [orders]],
  ...(process.env.BENCH_BIGQUERY === "0" ? [] : ([["bigquery.ts", ["1500"]]] as [string, string[]][])),
  ...(huge ? ([["huge.ts", [huge]]] as [string, string[]][]) : []),
  ...(process.env.BENCH_CALIBRATION === "1" ? ([["calibration.ts", []]] as [string, string[]][]) : []),
];
if (!huge) {
  skip("e2e_10m_s", "not run: set BENCH_HUGE=10000000 to measure 10M orders end to end");
  skip("e2e_10m_peak_mib", "not run: set BENCH_HUGE=10000000 to measure 10M orders end to end");
}
if (peers === "0") {
  for (const key of ["dbt_duckdb_build_s", "tap_postgres_s", "models_tests_s", "extract_s"]) skip(key, "not run: BENCH_PEERS=0");
}

let failed = 0;
for (const [file, args] of benches) {
  const script = path.join(PROJECT_ROOT, "bench", file);
  if (!existsSync(script)) continue;
  const result = spawnSync(path.join(PROJECT_ROOT, "node_modules", ".bin", "tsx"), [script, ...args], {
    cwd: PROJECT_ROOT,
    stdio: "inherit",
    env: { ...process.env, TZ: "UTC" },
  });
  if (result.status !== 0) {
    failed++;
    console.error(`bench/${file} failed (exit ${result.status})`);
  }
}
const results = fold(ledger, os.availableParallelism());
const out = path.join(PROJECT_ROOT, "bench", "results.json");
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nfigures written to ${path.relative(PROJECT_ROOT, out)}`);
rmSync(work, { recursive: true, force: true });
process.exitCode = failed ? 1 : 0;

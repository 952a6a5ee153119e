// The end-to-end figures at N orders (default 100,000): generate, pipeline (source → marts) and `npm run build`,
// each with wall time and peak memory, and each against a baseline measured in the same run:
// - pipeline vs DuckDB loading the same CSVs with one CREATE TABLE … AS read_csv per table (no models, no tests);
// - npm run build (warehouse fresh, loaders rerun) vs a bare `observable build` with warm loader caches.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadConfig, PROJECT_ROOT } from "../pipeline/config.ts";
import { OLIST_TABLES } from "../pipeline/extract/olistSchema.ts";
import { sampleDirFor } from "../pipeline/extract/sampleSource.ts";
import { measure, measureScript, row, sampleEnv } from "./measure.ts";
import { record, sizeLabel } from "./results.ts";

const orders = Number(process.argv[2] ?? process.env.BENCH_ORDERS ?? 100_000);
const work = mkdtempSync(path.join(os.tmpdir(), "bench-spine-"));
const env = sampleEnv(work, orders);
const cli = (...args: string[]) => measureScript(["pipeline/cli/cli.ts", ...args], env, PROJECT_ROOT);

console.log(`\n## End to end at ${orders.toLocaleString("en-US")} orders (${os.cpus().length} cores)`);
const generate = await cli("generate");
console.log(row("generate sample CSVs", generate));

const dir = sampleDirFor(loadConfig(env));
const baselineSql = OLIST_TABLES.map((t) => `create table ${t.name} as select * from read_csv('${path.join(dir, t.file)}', header = true);`).join(" ");
const baselineScript = `import { DuckDBInstance } from "@duckdb/node-api";
const db = await DuckDBInstance.create(${JSON.stringify(path.join(work, "baseline.duckdb"))});
const c = await db.connect(); await c.run(${JSON.stringify(baselineSql)}); c.closeSync(); db.closeSync();`;
const baseline = await measure(process.execPath, ["--input-type=module", "-e", baselineScript], env, PROJECT_ROOT);
console.log(row("baseline: DuckDB read_csv only", baseline));

const pipeline = await cli("run", "--force");
console.log(row("pipeline (source → marts + tests)", pipeline, `${(pipeline.seconds / baseline.seconds).toFixed(2)}× baseline; target ≤ 3×`));
const size = sizeLabel(orders);
record(`pipeline_${size}_s`, pipeline.seconds, `npm run pipeline -- run --force at ${orders} orders (sample source), one process`);
record(`baseline_read_csv_${size}_s`, baseline.seconds, "one node process: DuckDB create table … as read_csv of each sample CSV");
if (pipeline.peakMiB !== null) record(`pipeline_${size}_peak_mib`, pipeline.peakMiB);

const build = await measure("npm", ["run", "build"], env, PROJECT_ROOT);
console.log(row("npm run build (pipeline skips)", build, "target ≤ 30 s"));
record(`build_${size}_s`, build.seconds, "npm run build after the pipeline run (warehouse fresh: loaders and notebooks run)");
const again = await measure("npm", ["run", "build"], env, PROJECT_ROOT);
console.log(row("npm run build again, nothing changed", again, "loader outputs and notebook renderings reused"));
record(`build_unchanged_${size}_s`, again.seconds, "a second npm run build: same warehouse state, notebooks and code");

const bare = await measure(
  process.execPath,
  [path.join(PROJECT_ROOT, "node_modules/@observablehq/framework/dist/bin/observable.js"), "build"],
  { ...env, SITE_OUTPUT_DIR: path.join(work, "bare") },
  PROJECT_ROOT,
);
console.log(row("baseline: bare observable build", bare, `npm run build = ${(build.seconds / bare.seconds).toFixed(2)}× baseline`));
record(`bare_observable_build_${size}_s`, bare.seconds);

rmSync(work, { recursive: true, force: true });

// The model runner at N orders (arguments: one or more sizes, default 100,000): a full build through
// runModels against the same compiled SQL executed straight through DuckDB in the same run (ratio; goal ≤ 1.2),
// per-model times of both, and fct_orders_with_economics built again with nothing changed (found up to date).
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadConfig, PROJECT_ROOT } from "../pipeline/config.ts";
import { runPipeline } from "../pipeline/run/launch.ts";
import { loadProject } from "../pipeline/transform/project.ts";
import { compileProject, materialisation, runModels, type ModelResult } from "../pipeline/transform/runner.ts";
import { openWarehouse } from "../pipeline/warehouse/open.ts";
import type { Warehouse } from "../pipeline/warehouse/warehouse.ts";
import { record, sizeLabel } from "./results.ts";

// The runner logs every model at info; the figures are what this prints.
process.env.LOG_LEVEL ??= "warn";
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const GOAL = 1.2;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The compiled statements of every model, executed one after the other on the bare connection. */
async function direct(warehouse: Warehouse, statements: { name: string; sql: string[] }[]): Promise<Map<string, number>> {
  const times = new Map<string, number>();
  for (const model of statements) {
    const started = performance.now();
    for (const sql of model.sql) await warehouse.exec(sql);
    times.set(model.name, (performance.now() - started) / 1000);
  }
  return times;
}

async function bench(orders: number): Promise<boolean> {
  const work = mkdtempSync(path.join(os.tmpdir(), "bench-models-"));
  const config = loadConfig({
    ...process.env,
    SAMPLE_ORDERS: String(orders),
    SAMPLE_DIR: process.env.BENCH_SAMPLE_DIR ?? path.join(os.tmpdir(), "olist-bench-sample"),
    WAREHOUSE_PATH: path.join(work, "analytics.duckdb"),
  });
  try {
    await runPipeline({ config, steps: ["extract", "indicators"], force: true });
    const project = await loadProject(path.join(PROJECT_ROOT, "models"));
    const warehouse = await openWarehouse(config);
    try {
      const compiled = await compileProject(warehouse, project, true);
      const statements = compiled.map((r) => ({ name: r.model.name, sql: materialisation(warehouse, r, false) }));
      const runner: { total: number; models: ModelResult[] }[] = [];
      const bare: { total: number; models: Map<string, number> }[] = [];
      await direct(warehouse, statements); // warm-up: file pages, catalog, first-query costs
      for (let i = 0; i < REPEATS; i++) {
        let started = performance.now();
        const models = await runModels(warehouse, project, { runId: `bench-${i}`, fullRefresh: true });
        runner.push({ total: (performance.now() - started) / 1000, models });
        started = performance.now();
        const times = await direct(warehouse, statements);
        bare.push({ total: (performance.now() - started) / 1000, models: times });
      }
      const started = performance.now();
      const merge = await runModels(warehouse, project, { runId: "bench-merge", select: "fct_orders_with_economics" });
      const mergeSeconds = (performance.now() - started) / 1000;
      const failed = runner.flatMap((r) => r.models).filter((m) => m.status !== "success");
      if (failed.length) throw new Error(`models failed: ${failed.map((m) => `${m.name}: ${m.error}`).join("; ")}`);

      const runnerTotal = median(runner.map((r) => r.total));
      const bareTotal = median(bare.map((r) => r.total));
      const ratio = runnerTotal / bareTotal;
      console.log(`\nmodels at ${orders.toLocaleString("en-US")} orders (median of ${REPEATS} full builds)`);
      console.log(`${"model".padEnd(36)} ${"kind".padEnd(12)} ${"runner s".padStart(9)} ${"DuckDB s".padStart(9)} ${"rows".padStart(11)}`);
      for (const { name } of statements) {
        const results = runner.map((r) => r.models.find((m) => m.name === name)!);
        const rows = results[0].rows;
        console.log(
          `${name.padEnd(36)} ${results[0].materialized.padEnd(12)} ${median(results.map((m) => m.seconds))
            .toFixed(3)
            .padStart(9)} ${median(bare.map((b) => b.models.get(name)!))
            .toFixed(3)
            .padStart(9)} ${(rows === null ? "view" : rows.toLocaleString("en-US")).padStart(11)}`,
        );
      }
      console.log(`${"total".padEnd(36)} ${"".padEnd(12)} ${runnerTotal.toFixed(3).padStart(9)} ${bareTotal.toFixed(3).padStart(9)}`);
      const fct = merge.find((m) => m.name === "fct_orders_with_economics")!;
      console.log(`fct_orders_with_economics again, nothing changed: ${fct.upToDate ? "up to date" : `${fct.strategy} build`} in ${mergeSeconds.toFixed(3)} s`);
      console.log(`runner / straight DuckDB = ${ratio.toFixed(2)} (goal ≤ ${GOAL}: ${ratio <= GOAL ? "met" : "NOT met"})`);
      record(`models_runner_over_bare_sql_${sizeLabel(orders)}`, ratio, `median of ${REPEATS} full builds, runModels / the same compiled SQL run straight`);
      return ratio <= GOAL;
    } finally {
      await warehouse.close();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const sizes = (process.argv.slice(2).length ? process.argv.slice(2) : ["100000"]).map((s) => Number(s.replace(/_/g, "")));
let met = true;
for (const orders of sizes) {
  if (!Number.isInteger(orders) || orders < 1) throw new Error(`bench/models.ts takes order counts, got ${process.argv.slice(2).join(" ")}`);
  met = (await bench(orders)) && met;
}
process.exitCode = met ? 0 : 1;

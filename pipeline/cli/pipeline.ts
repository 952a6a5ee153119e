// The pipeline's own commands: `run`, `models`, `test` (runs of the data steps), `build` (and the site),
// `unit-test` (the models' unit tests).
import path from "node:path";
import { ConfigError, PROJECT_ROOT, type Config } from "../config.ts";
import { buildSite, runPipeline, type RunReport } from "../run/launch.ts";
import type { StepName } from "../run/steps.ts";
import { estimateModels } from "../transform/estimate.ts";
import { loadProject } from "../transform/project.ts";
import { formatBytes } from "../transform/runner.ts";
import { runUnitTests } from "../transform/unitTests.ts";
import { readWarehouse, warehouseName } from "../warehouse/open.ts";
import { help, type Command } from "./command.ts";

const runFlags = {
  ...help,
  force: { type: "boolean" as const },
  "full-refresh": { type: "boolean" as const },
  select: { type: "string" as const, short: "s" },
};

function printReport(report: RunReport): void {
  const lines = report.steps.map((s) => {
    const rows = s.rows === undefined ? "" : ` ${s.rows.toLocaleString("en-US")} rows`;
    return `  ${s.step.padEnd(10)} ${s.status.padEnd(8)} ${s.seconds.toFixed(2).padStart(7)} s${rows}${s.error ? `  ${s.error}` : ""}`;
  });
  process.stdout.write(`run ${report.runId}: ${report.status} in ${report.seconds.toFixed(2)} s\n${lines.join("\n")}\n`);
}

/** On-demand price per TiB processed (US multi-region, 2024 list price), for the estimate's last line. */
const USD_PER_TIB = 6.25;

async function printEstimate(config: Config): Promise<number> {
  const project = await loadProject(path.join(PROJECT_ROOT, "models"));
  const estimates = await readWarehouse(config, (warehouse) => estimateModels(warehouse, project));
  if (!estimates) throw new ConfigError(`There is no warehouse at ${warehouseName(config)} yet to estimate against: run \`npm run pipeline -- run\` once`);
  const width = Math.max(...estimates.map((e) => e.name.length));
  const lines = estimates.map((e) => {
    const bytes =
      e.bytes === null
        ? e.problem
          ? `not estimable: ${e.problem}`
          : "no estimate (the engine bills nothing)"
        : `${formatBytes(e.bytes).padStart(10)}  (${e.bytes} bytes)`;
    return `  ${e.name.padEnd(width)}  ${e.materialized.padEnd(11)}  ${bytes}`;
  });
  const total = estimates.reduce((n, e) => n + (e.bytes ?? 0), 0);
  const billed = estimates.some((e) => e.bytes !== null);
  process.stdout.write(
    `dry run on ${warehouseName(config)}: what each model would process (nothing is built)\n${lines.join("\n")}\n` +
      (billed ? `  total ${formatBytes(total)} ≈ US$${((total / 1024 ** 4) * USD_PER_TIB).toFixed(4)} on demand at US$${USD_PER_TIB}/TiB\n` : ""),
  );
  return estimates.some((e) => e.problem) ? 1 : 0;
}

function pipelineCommand(name: string, usage: string, summary: string, steps: StepName[] | undefined, force = false): Command {
  return {
    name,
    usage,
    summary,
    options: name === "run" ? { ...runFlags, "dry-run": { type: "boolean" as const } } : runFlags,
    async run({ config, values }) {
      if (values["dry-run"]) return printEstimate(config);
      const report = await runPipeline({
        config,
        steps,
        force: force || Boolean(values.force),
        fullRefresh: Boolean(values["full-refresh"]),
        select: values.select as string | undefined,
      });
      printReport(report);
    },
  };
}

export const PIPELINE_COMMANDS: Command[] = [
  pipelineCommand(
    "run",
    "run [--force] [--full-refresh] [--select SEL] [--dry-run]",
    "Extract, load indicators, build models and run data tests (skips what did not change); --dry-run prints each model's estimated bytes",
    undefined,
  ),
  pipelineCommand("models", "models [--select SEL] [--full-refresh]", "Build the SQL models (dbt-style --select: name, +name, name+)", ["models"], true),
  pipelineCommand(
    "test",
    "test [--select SEL] [--full-refresh]",
    "Run the data tests declared beside the models (a test whose inputs are unchanged keeps its last result; --full-refresh reruns every one)",
    ["tests"],
    true,
  ),
  {
    name: "build",
    usage: "build",
    summary: "Refresh the warehouse, then build the static site into dist/ (what `npm run build` runs)",
    options: help,
    async run({ config }) {
      await buildSite(config);
    },
  },
  {
    name: "unit-test",
    usage: "unit-test [--select SEL]",
    summary: "Run the models' unit tests (given input rows → expected output rows) in an in-memory DuckDB",
    options: { help: { type: "boolean", short: "h" }, select: { type: "string", short: "s" } },
    async run({ values }) {
      const project = await loadProject(path.join(PROJECT_ROOT, "models"));
      const results = await runUnitTests(project, { select: values.select as string | undefined });
      for (const r of results) {
        process.stdout.write(`${r.status.toUpperCase().padEnd(5)} ${r.model}: ${r.name}${r.message ? `\n      ${r.message}` : ""}\n`);
      }
      const bad = results.filter((r) => r.status !== "pass").length;
      process.stdout.write(`${results.length - bad} of ${results.length} unit tests passed\n`);
      return bad === 0 ? 0 : 1;
    },
  },
];

// The pipeline's own commands: `run`, `models`, `test` (runs of the data steps), `build` (and the site),
// `unit-test` (the models' unit tests).
import path from "node:path";
import { PROJECT_ROOT } from "../config.ts";
import { buildSite, runPipeline, type RunReport } from "../run/launch.ts";
import type { StepName } from "../run/steps.ts";
import { loadProject } from "../transform/project.ts";
import { runUnitTests } from "../transform/unitTests.ts";
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

function pipelineCommand(name: string, usage: string, summary: string, steps: StepName[] | undefined, force = false): Command {
  return {
    name,
    usage,
    summary,
    options: runFlags,
    async run({ config, values }) {
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
    "run [--force] [--full-refresh] [--select SEL]",
    "Extract, load indicators, build models and run data tests (skips what did not change)",
    undefined,
  ),
  pipelineCommand("models", "models [--select SEL] [--full-refresh]", "Build the SQL models (dbt-style --select: name, +name, name+)", ["models"], true),
  pipelineCommand("test", "test [--select SEL]", "Run the data tests declared beside the models", ["tests"], true),
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

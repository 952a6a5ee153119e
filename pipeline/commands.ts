// The CLI's commands: each a name, a usage line, a summary and a function. cli.ts only parses and dispatches.
import type { ParseArgsConfig } from "node:util";
import type { Config } from "./config.ts";
import { runPipeline, type RunReport } from "./run.ts";
import { ensureSample } from "./extract/sampleSource.ts";
import type { StepName } from "./steps.ts";
import { buildSite } from "./site.ts";
import { refreshSnapshots } from "./extract/bcb/refresh.ts";
import { NOTEBOOK_COMMANDS } from "./notebooks/commands.ts";
import { SCHEDULE_COMMANDS } from "./schedule/commands.ts";
import { POSTGRES_COMMANDS } from "./extract/postgresSource.ts";
import { UNIT_TEST_COMMANDS } from "./transform/unitTests.ts";

export interface CommandInput {
  config: Config;
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

export interface Command {
  name: string;
  usage: string;
  summary: string;
  options?: ParseArgsConfig["options"];
  run(input: CommandInput): Promise<number | void>;
}

const help = { help: { type: "boolean" as const, short: "h" } };
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

export const COMMANDS: Command[] = [
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
    name: "bcb",
    usage: "bcb refresh",
    summary: "Fetch BCB series 1, 433, 432 from BCB_API_URL since the last stored date; update data/bcb atomically",
    options: help,
    async run({ config, positionals }) {
      if (positionals[0] !== "refresh") throw new Error(`unknown bcb subcommand "${positionals[0] ?? ""}"; try: bcb refresh`);
      const report = await refreshSnapshots(config);
      for (const s of report.series) {
        process.stdout.write(`series ${s.seriesId}: ${s.error ? `kept snapshot (${s.error})` : `${s.added} added, ${s.revised} revised${s.written ? ", written" : ""}`}\n`);
      }
      return report.ok ? 0 : 1;
    },
  },
  {
    name: "generate",
    usage: "generate",
    summary: "Generate the embedded sample CSVs (SAMPLE_ORDERS, SAMPLE_SEED) into SAMPLE_DIR",
    options: help,
    async run({ config }) {
      process.stdout.write(`${await ensureSample(config)}\n`);
    },
  },
  ...UNIT_TEST_COMMANDS,
  ...POSTGRES_COMMANDS,
  ...SCHEDULE_COMMANDS,
  ...NOTEBOOK_COMMANDS,
];

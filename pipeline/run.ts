// One pipeline run: decides which steps must run (fingerprints), runs them on a staged copy of the warehouse
// and swaps it in only when every step succeeded. Step state lives in meta.step_state of the warehouse itself.
import { randomBytes } from "node:crypto";
import { stat } from "node:fs/promises";
import type { Config } from "./config.ts";
import { hashOf } from "./fingerprint.ts";
import { describeError, logger } from "./log.ts";
import { STEPS, type StepName, type StepOutcome } from "./steps.ts";
import { DuckDBWarehouse } from "./warehouse/duckdb.ts";
import { withStagedWarehouse } from "./warehouse/staged.ts";
import { sqlString } from "./warehouse/warehouse.ts";

const log = logger("pipeline");

export interface RunOptions {
  config: Config;
  /** Steps to consider, in order; default all. */
  steps?: StepName[];
  /** Run every considered step even when its inputs did not change. */
  force?: boolean;
  fullRefresh?: boolean;
  select?: string;
  runId?: string;
}

export interface StepReport {
  step: StepName;
  status: "success" | "skipped" | "failed";
  seconds: number;
  rows?: number;
  warnings: string[];
  error?: string;
  detail?: unknown;
}

export interface RunReport {
  runId: string;
  status: "success" | "skipped" | "failed";
  steps: StepReport[];
  seconds: number;
  error?: string;
}

export class PipelineError extends Error {
  override name = "PipelineError";
  constructor(
    message: string,
    readonly report: RunReport,
  ) {
    super(message);
  }
}

export function newRunId(now = new Date()): string {
  return `${now.toISOString().replace(/[-:]/g, "").replace(/\..*/, "")}-${randomBytes(3).toString("hex")}`;
}

const STEP_STATE_DDL = `create table if not exists meta.step_state (
  step varchar primary key,
  fingerprint varchar,
  run_id varchar,
  updated_at timestamp
)`;

const RUNS_DDL = `create table if not exists meta.runs (
  run_id varchar primary key,
  status varchar,
  steps varchar,
  started_at timestamp,
  seconds double
)`;

/** Fingerprints chained in step order: a step's fingerprint covers every step before it. */
async function chainedFingerprints(config: Config, names: StepName[]): Promise<Map<StepName, string>> {
  const out = new Map<StepName, string>();
  let previous = "";
  for (const step of STEPS) {
    previous = hashOf(previous, await step.fingerprint(config));
    if (names.includes(step.name)) out.set(step.name, previous);
  }
  return out;
}

async function storedFingerprints(file: string): Promise<Map<string, string>> {
  const exists = await stat(file).then(() => true, () => false);
  if (!exists) return new Map();
  const warehouse = await DuckDBWarehouse.open(file, { readOnly: true });
  try {
    if (!(await warehouse.columns("meta", "step_state"))) return new Map();
    const rows = await warehouse.query<{ step: string; fingerprint: string }>("select step, fingerprint from meta.step_state");
    return new Map(rows.map((r) => [r.step, r.fingerprint]));
  } finally {
    await warehouse.close();
  }
}

export async function runPipeline(options: RunOptions): Promise<RunReport> {
  const { config } = options;
  const runId = options.runId ?? newRunId();
  const started = performance.now();
  const names = options.steps ?? STEPS.map((s) => s.name);
  const wanted = await chainedFingerprints(config, names);
  const stored = await storedFingerprints(config.warehousePath);
  // The first step whose inputs changed, and everything after it, runs.
  const firstChanged = options.force ? 0 : names.findIndex((n) => stored.get(n) !== wanted.get(n));
  const reports: StepReport[] = [];
  if (firstChanged === -1) {
    log.info(`run ${runId}: nothing changed since the last run; warehouse is up to date`);
    for (const step of names) reports.push({ step, status: "skipped", seconds: 0, warnings: [] });
    return { runId, status: "skipped", steps: reports, seconds: (performance.now() - started) / 1000 };
  }
  names.slice(0, firstChanged).forEach((step) => reports.push({ step, status: "skipped", seconds: 0, warnings: [] }));
  const toRun = names.slice(firstChanged);
  log.info(`run ${runId}: ${toRun.join(" → ")}`);
  try {
    await withStagedWarehouse(config.warehousePath, async (stagedFile) => {
      const warehouse = await DuckDBWarehouse.open(stagedFile);
      try {
        await warehouse.exec(`${STEP_STATE_DDL};\n${RUNS_DDL};`);
        for (const name of toRun) {
          const step = STEPS.find((s) => s.name === name)!;
          const stepStarted = performance.now();
          let outcome: StepOutcome;
          try {
            outcome = await step.run({
              config,
              warehouse,
              runId,
              log: logger(name),
              fullRefresh: options.fullRefresh ?? false,
              select: options.select,
            });
          } catch (error) {
            const message = describeError(error);
            reports.push({ step: name, status: "failed", seconds: (performance.now() - stepStarted) / 1000, warnings: [], error: message });
            throw new Error(`step ${name} failed: ${message}`, { cause: error });
          }
          const seconds = (performance.now() - stepStarted) / 1000;
          reports.push({ step: name, status: "success", seconds, rows: outcome.rows, warnings: outcome.warnings ?? [], detail: outcome.detail });
          for (const w of outcome.warnings ?? []) log.warn(`${name}: ${w}`);
          log.info(`${name} done in ${seconds.toFixed(2)} s`);
          await warehouse.exec(`insert or replace into meta.step_state values (${sqlString(name)}, ${sqlString(wanted.get(name)!)}, ${sqlString(runId)}, current_timestamp)`);
        }
        const seconds = (performance.now() - started) / 1000;
        await warehouse.exec(`insert into meta.runs values (${sqlString(runId)}, 'success', ${sqlString(toRun.join(","))}, current_timestamp - interval ${Math.ceil(seconds)} second, ${seconds})`);
      } finally {
        await warehouse.close();
      }
    });
  } catch (error) {
    const seconds = (performance.now() - started) / 1000;
    const report: RunReport = { runId, status: "failed", steps: reports, seconds, error: describeError(error) };
    log.error(`run ${runId} failed after ${seconds.toFixed(1)} s; the previous warehouse is untouched. ${describeError(error)}`);
    throw new PipelineError(`Pipeline run ${runId} failed: ${describeError(error)}`, report);
  }
  const seconds = (performance.now() - started) / 1000;
  log.info(`run ${runId} succeeded in ${seconds.toFixed(2)} s`);
  return { runId, status: "success", steps: reports, seconds };
}

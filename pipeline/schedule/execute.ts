// Executes one run plan: its steps in order on a staged copy of the warehouse, with retries, a failed step
// skipping only what depends on it, a history record at every change, and, only when every step succeeded, the
// staged warehouse and then the new site swapped in. The caller holds the run lock (runLock.ts).
import { copyFile, readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { Config } from "../config.ts";
import { describeError, logger, type Logger } from "../log.ts";
import type { StepOutcome } from "../steps.ts";
import type { TestSummary } from "../transform/dataTests.ts";
import { DuckDBWarehouse } from "../warehouse/duckdb.ts";
import { stagedPath } from "../warehouse/staged.ts";
import { sqlString } from "../warehouse/warehouse.ts";
import { newRunRecord, pendingStep, type RunHistory, type RunRecord, type RunStatus, type StepRecord, type StepStatus, type TestCounts } from "./history.ts";
import { RetriesExhaustedError, RunAbortedError, abortReason, realSleep, retryPolicyFrom, withRetries, type Sleep } from "./retry.ts";

export interface ExecStepContext {
  config: Config;
  runId: string;
  log: Logger;
  signal: AbortSignal;
  fullRefresh: boolean;
  select?: string;
  /** The open staged warehouse, for warehouse steps. */
  warehouse?: DuckDBWarehouse;
  /** The warehouse file to read: the staged copy, or the live file when no step of the run writes. */
  warehouseFile: string;
}

export interface ExecOutcome extends StepOutcome {
  /** Called once the warehouse is published: the site step swaps its new directory in. */
  publish?: () => Promise<void>;
  /** Called when the run fails: the step removes what it staged. */
  discard?: () => Promise<void>;
}

export interface PlanStep {
  name: string;
  /** warehouse steps run on the open staged warehouse; site steps after it is closed. */
  kind: "warehouse" | "site";
  /** Steps of this plan it needs: when one of them does not succeed, it does not run. */
  dependsOn: string[];
  retryable: boolean;
  /** Why the step does not run in this run (inputs unchanged, done in the parent run). */
  skip?: string;
  /** Recorded in meta.step_state when the step succeeds. */
  fingerprint?: string;
  run(ctx: ExecStepContext): Promise<ExecOutcome>;
}

export interface RunPlan {
  runId: string;
  job: string;
  trigger: string;
  runKeys?: string[];
  parentRunId?: string | null;
  queuedAt?: string | null;
  /** The configuration the steps see (a job may override some settings, e.g. BCB_MODE). */
  config: Config;
  steps: PlanStep[];
  /** Swap the staged warehouse in on success; false keeps the results in the history only. */
  publishes: boolean;
  fullRefresh: boolean;
  select?: string;
  /** A failed run's kept staged warehouse to continue from, instead of a copy of the live one. */
  resumeFrom?: string;
}

export interface StepReport {
  step: string;
  status: Exclude<StepStatus, "pending" | "running">;
  seconds: number;
  rows?: number;
  warnings: string[];
  error?: string;
  attempts: number;
  detail?: unknown;
}

export interface RunReport {
  runId: string;
  job: string;
  status: Exclude<RunStatus, "queued" | "running">;
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

export interface ExecDeps {
  history: RunHistory;
  signal?: AbortSignal;
  sleep?: Sleep;
  random?: () => number;
  now?: () => Date;
  /** How long an aborted step may take to stop after its query is interrupted. */
  abortGraceMs?: number;
}

const log = logger("run");

export const STEP_STATE_DDL = `create table if not exists meta.step_state (
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

const exists = (file: string) => stat(file).then(() => true, () => false);

/** Which live warehouse a run started from: a rename or a write changes it. */
export async function warehouseIdentity(file: string): Promise<string | null> {
  return stat(file).then((s) => `${s.ino}-${s.size}-${Math.round(s.mtimeMs)}`, () => null);
}

export const checkpointPath = (live: string, runId: string) => `${live}.failed-${runId}`;

/** Only the latest failed run can be resumed; older checkpoints are removed. */
export async function removeCheckpoints(live: string): Promise<void> {
  const dir = path.dirname(live);
  const prefix = `${path.basename(live)}.failed-`;
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (name.startsWith(prefix)) await rm(path.join(dir, name), { force: true });
  }
}

/** Test results for the history: counts, and the tests that did not pass. */
function testCounts(detail: unknown): TestCounts | null {
  const summary = detail as TestSummary | undefined;
  if (!summary || !Array.isArray(summary.results)) return null;
  const bad = summary.results.filter((r) => r.status !== "pass");
  return {
    total: summary.results.length,
    passed: summary.results.length - bad.length,
    failed: bad.filter((r) => r.severity === "error").length,
    warned: bad.filter((r) => r.severity !== "error").length,
    failures: bad.map((r) => ({ id: r.id, severity: r.severity, status: r.status, failures: r.failures, message: r.message })),
  };
}

/**
 * Settles with the step, or, once `signal` aborts, interrupts it and rejects after it stopped (or after the grace
 * period: a step that ignores the interrupt is left behind, and its staged files with it).
 */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal, interrupt: () => void, graceMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      interrupt();
      const stopped = work.then(() => undefined, () => undefined);
      const grace = new Promise((r) => setTimeout(r, graceMs).unref());
      void Promise.race([stopped, grace]).then(() => reject(new RunAbortedError(`step aborted (${abortReason(signal)})`)));
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        if (!signal.aborted) resolve(value);
      },
      (error) => {
        signal.removeEventListener("abort", onAbort);
        if (!signal.aborted) reject(error);
      },
    );
  });
}

function reportOf(record: RunRecord, details: Map<string, unknown>): RunReport {
  return {
    runId: record.runId,
    job: record.job,
    status: record.status as RunReport["status"],
    seconds: record.seconds ?? 0,
    error: record.error ?? undefined,
    steps: record.steps.map((s) => ({
      step: s.step,
      status: (s.status === "pending" || s.status === "running" ? "aborted" : s.status) as StepReport["status"],
      seconds: s.seconds,
      rows: s.rows ?? undefined,
      warnings: s.warnings,
      error: s.error ?? undefined,
      attempts: s.attempts,
      detail: details.get(s.step),
    })),
  };
}

export async function executeRun(plan: RunPlan, deps: ExecDeps): Promise<RunReport> {
  const now = deps.now ?? (() => new Date());
  const signal = deps.signal ?? new AbortController().signal;
  const sleep = deps.sleep ?? realSleep;
  const live = plan.config.warehousePath;
  const staged = stagedPath(live);
  const startedAt = performance.now();
  const record = newRunRecord({
    runId: plan.runId,
    job: plan.job,
    trigger: plan.trigger,
    runKeys: plan.runKeys ?? [],
    parentRunId: plan.parentRunId ?? null,
    status: "running",
    queuedAt: plan.queuedAt ?? null,
    startedAt: now().toISOString(),
    baseState: await warehouseIdentity(live),
    options: { fullRefresh: plan.fullRefresh, select: plan.select ?? null },
    steps: plan.steps.map((s) => (s.skip ? pendingStep(s.name, s.skip, "skipped") : pendingStep(s.name))),
  });
  const save = () => deps.history.append(record).catch((error) => log.warn(`could not write the run history: ${describeError(error)}`));
  await save();
  const toRun = plan.steps.filter((s) => !s.skip);
  const writes = toRun.some((s) => s.kind === "warehouse");
  log.info(`run ${plan.runId} (${plan.job}, ${plan.trigger}): ${toRun.map((s) => s.name).join(" → ") || "nothing to do"}`);

  const details = new Map<string, unknown>();
  const notOk = new Set<string>();
  const publishers: (() => Promise<void>)[] = [];
  const discarders: (() => Promise<void>)[] = [];
  let warehouse: DuckDBWarehouse | undefined;
  // Attempts still running: one that ignored an abort holds the connection, which then must not be closed.
  let inFlight = 0;
  let runError: string | null = null;

  const closeWarehouse = async () => {
    if (warehouse && inFlight === 0) await warehouse.close();
    warehouse = undefined;
  };

  try {
    if (writes) {
      await rm(staged, { force: true });
      await rm(`${staged}.wal`, { force: true });
      const source = plan.resumeFrom ?? ((await exists(live)) ? live : undefined);
      if (source) await copyFile(source, staged);
      warehouse = await DuckDBWarehouse.open(staged);
      await warehouse.exec(`${STEP_STATE_DDL};\n${RUNS_DDL};`);
    }
    for (const [index, step] of plan.steps.entries()) {
      const rec: StepRecord = record.steps[index];
      if (step.skip) continue;
      if (step.kind === "site") await closeWarehouse();
      const blocker = step.dependsOn.find((d) => notOk.has(d));
      if (signal.aborted || blocker) {
        rec.status = signal.aborted ? "aborted" : "upstream_failed";
        rec.note = signal.aborted ? `run aborted (${abortReason(signal)}) before this step` : `upstream step ${blocker} did not succeed`;
        notOk.add(step.name);
        await save();
        continue;
      }
      rec.status = "running";
      rec.startedAt = now().toISOString();
      await save();
      const stepStarted = performance.now();
      const ctx: ExecStepContext = {
        config: plan.config,
        runId: plan.runId,
        log: logger(step.name),
        signal,
        fullRefresh: plan.fullRefresh,
        select: plan.select,
        warehouse,
        warehouseFile: writes ? staged : live,
      };
      try {
        const result = await withRetries(
          () => {
            inFlight++;
            const work = Promise.resolve().then(() => step.run(ctx));
            work.then(
              () => inFlight--,
              () => inFlight--,
            );
            return untilAborted(work, signal, () => warehouse?.connection.interrupt(), deps.abortGraceMs ?? 10_000);
          },
          {
            policy: retryPolicyFrom(plan.config, step.retryable),
            sleep,
            random: deps.random,
            signal,
            onRetry: ({ attempt, delayMs, error }) => {
              log.warn(`${step.name} failed (attempt ${attempt}): ${describeError(error)}; retrying in ${(delayMs / 1000).toFixed(1)} s`);
              rec.attempts = attempt;
              rec.delaysMs.push(delayMs);
              rec.error = describeError(error);
              void save();
            },
          },
        );
        const outcome = result.value;
        Object.assign(rec, {
          status: "success",
          attempts: result.attempts,
          delaysMs: result.delays,
          rows: outcome.rows ?? null,
          warnings: outcome.warnings ?? [],
          error: null,
          tests: testCounts(outcome.detail),
        });
        details.set(step.name, outcome.detail);
        if (outcome.publish) publishers.push(outcome.publish);
        if (outcome.discard) discarders.push(outcome.discard);
        for (const w of outcome.warnings ?? []) log.warn(`${step.name}: ${w}`);
        if (step.fingerprint && warehouse) {
          await warehouse.exec(
            `insert or replace into meta.step_state values (${sqlString(step.name)}, ${sqlString(step.fingerprint)}, ${sqlString(plan.runId)}, current_timestamp)`,
          );
        }
      } catch (error) {
        rec.status = signal.aborted ? "aborted" : "failed";
        rec.error = describeError(error instanceof RetriesExhaustedError ? error.lastError : error);
        if (error instanceof RetriesExhaustedError) {
          rec.attempts = error.attempts;
          rec.delaysMs = error.delays;
        } else rec.attempts = Math.max(1, rec.attempts);
        notOk.add(step.name);
        log.error(`${step.name} ${rec.status}: ${rec.error}`);
      }
      rec.finishedAt = now().toISOString();
      rec.seconds = (performance.now() - stepStarted) / 1000;
      await save();
    }
    const ok = notOk.size === 0 && !signal.aborted;
    if (ok && warehouse && plan.publishes) {
      const seconds = (performance.now() - startedAt) / 1000;
      await warehouse.exec(
        `insert or replace into meta.runs values (${sqlString(plan.runId)}, 'success', ${sqlString(toRun.map((s) => s.name).join(","))}, current_timestamp - interval ${Math.ceil(seconds)} second, ${seconds})`,
      );
    }
    await closeWarehouse();
    if (ok) {
      if (writes && plan.publishes) {
        // DuckDB checkpoints on close, so a WAL left behind means the file is not complete.
        if (await exists(`${staged}.wal`)) throw new Error(`Warehouse ${staged} was not closed cleanly (WAL left behind)`);
        await rename(staged, live);
        await removeCheckpoints(live);
      } else if (writes) {
        await rm(staged, { force: true });
      }
      for (const publish of publishers) await publish();
      record.status = toRun.length === 0 ? "skipped" : "success";
    } else {
      record.status = signal.aborted ? "aborted" : "failed";
      const failedSteps = record.steps.filter((s) => (s.status === "failed" || s.status === "aborted") && s.error);
      runError = failedSteps.map((s) => `step ${s.step} ${s.status}: ${s.error}`).join("; ") || `run aborted (${abortReason(signal)})`;
    }
  } catch (error) {
    record.status = signal.aborted ? "aborted" : "failed";
    runError = describeError(error);
    log.error(`run ${plan.runId}: ${runError}`);
  } finally {
    await closeWarehouse().catch(() => undefined);
  }

  if (record.status === "failed" || record.status === "aborted") {
    for (const discard of discarders) await discard().catch(() => undefined);
    const resumable = writes && plan.publishes && inFlight === 0 && record.steps.some((s) => s.status === "success" && s.step !== "site");
    if (resumable && (await exists(staged)) && !(await exists(`${staged}.wal`))) {
      await removeCheckpoints(live);
      record.checkpoint = checkpointPath(live, plan.runId);
      await rename(staged, record.checkpoint);
    } else if (writes) {
      await rm(staged, { force: true });
      await rm(`${staged}.wal`, { force: true });
    }
    record.error = runError;
  }
  record.finishedAt = now().toISOString();
  record.seconds = (performance.now() - startedAt) / 1000;
  await save();
  await deps.history.compactIfLarge(plan.config.schedule.historyKeepRuns).catch(() => undefined);
  const seconds = record.seconds.toFixed(1);
  if (record.status === "success") log.info(`run ${plan.runId} succeeded in ${seconds} s`);
  else if (record.status === "skipped") log.info(`run ${plan.runId}: nothing changed since the last run; warehouse is up to date`);
  else {
    log.error(
      `run ${plan.runId} ${record.status} after ${seconds} s; the previous warehouse and site are untouched. ${record.error}` +
        (record.checkpoint ? `\nResume it from the failed step with: npm run pipeline -- retry ${plan.runId}` : ""),
    );
  }
  return reportOf(record, details);
}

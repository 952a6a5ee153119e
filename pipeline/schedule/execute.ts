// Executes one run plan: its steps in order on a staged copy of the warehouse, with retries, a failed step
// skipping only what depends on it, a history record at every change, and, only when every step succeeded, the
// staged warehouse and then the new site swapped in. The caller holds the run lock (runLock.ts).
import { copyFile, rename, rm } from "node:fs/promises";
import { describeError, logger } from "../log.ts";
import { DuckDBWarehouse } from "../warehouse/duckdb.ts";
import { stagedPath } from "../warehouse/staged.ts";
import { sqlString } from "../warehouse/warehouse.ts";
import { checkpointPath, exists, removeCheckpoints, RUNS_DDL, STEP_STATE_DDL, warehouseIdentity } from "./checkpoint.ts";
import { newRunRecord, pendingStep, type RunHistory, type StepRecord } from "./history.ts";
import { reportOf, testCounts, type RunReport } from "./report.ts";
import { RetriesExhaustedError, RunAbortedError, abortReason, realSleep, retryPolicyFrom, withRetries, type Sleep } from "./retry.ts";
import type { ExecStepContext, RunPlan } from "./runPlan.ts";

export type { ExecOutcome, ExecStepContext, PlanStep, RunPlan } from "./runPlan.ts";
export { PipelineError, type RunReport, type StepReport } from "./report.ts";
export { warehouseIdentity } from "./checkpoint.ts";

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

/**
 * Settles with the step, or, once `signal` aborts, interrupts it and rejects after it stopped (or after the grace
 * period: a step that ignores the interrupt is left behind, and its staged files with it).
 */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal, interrupt: () => void, graceMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      // A query the step starts just after the abort would miss a single interrupt: repeat until the step stops.
      interrupt();
      const repeat = setInterval(interrupt, 250);
      repeat.unref();
      const stopped = work.then(() => undefined, () => undefined).finally(() => clearInterval(repeat));
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
  /**
   * Done with the warehouse steps: a successful data run is recorded in meta.runs (which the pages read, so it is
   * written before the site step builds from this file; it only becomes visible if the whole run succeeds).
   */
  const finishWarehouse = async () => {
    if (warehouse && notOk.size === 0 && !signal.aborted && plan.publishes) {
      const seconds = (performance.now() - startedAt) / 1000;
      const ran = toRun.filter((s) => s.kind === "warehouse").map((s) => s.name);
      await warehouse.exec(
        `insert or replace into meta.runs values (${sqlString(plan.runId)}, 'success', ${sqlString(ran.join(","))}, current_timestamp - interval ${Math.ceil(seconds)} second, ${seconds})`,
      );
    }
    await closeWarehouse();
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
      if (step.kind === "site") await finishWarehouse();
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
    await finishWarehouse();
    const ok = notOk.size === 0 && !signal.aborted;
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

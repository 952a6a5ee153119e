// Executes one run plan: its steps in order on a staged copy of the warehouse, with retries, a failed step
// skipping only what depends on it, a history record at every change, and, only when every step succeeded, the
// staged warehouse and then the new site swapped in. The caller holds the run lock (runLock.ts).
//
// The stages, in order: begin (record the run) → stage (copy the warehouse) → each step (attempt with retries,
// record) → close the warehouse (record a successful data run inside it) → publish, or set the failed copy aside
// → finish (history, log, report).
import { describeError, logger } from "../log.ts";
import { publishedLocation, stageWarehouse, warehouseEnv, warehouseIdentity, type StagedWarehouse } from "../warehouse/open.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import { ensureBookkeeping, recordRun, recordStepState } from "./bookkeeping.ts";
import { newRunRecord, pendingStep, type RunHistory, type RunRecord, type StepRecord } from "./history.ts";
import { reportOf, testCounts, type RunReport } from "./report.ts";
import { RetriesExhaustedError, RunAbortedError, abortReason, realSleep, retryPolicyFrom, withRetries, type Sleep } from "./retry.ts";
import type { PlanStep, RunPlan, StepContext, StepOutcome } from "./runPlan.ts";

export type { PlanStep, RunPlan, StepContext, StepOutcome } from "./runPlan.ts";
export { PipelineError, type RunReport, type StepReport } from "./report.ts";

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
      const stopped = work
        .then(
          () => undefined,
          () => undefined,
        )
        .finally(() => clearInterval(repeat));
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

/** One execution of a plan: the state its stages share. */
class Execution {
  readonly now: () => Date;
  readonly signal: AbortSignal;
  readonly startedAt = performance.now();
  readonly toRun: PlanStep[];
  /** Whether any step writes to the warehouse (and so the run works on a staged copy). */
  readonly writes: boolean;
  record!: RunRecord;
  readonly details = new Map<string, unknown>();
  readonly notOk = new Set<string>();
  readonly publishers: (() => Promise<void>)[] = [];
  readonly discarders: (() => Promise<void>)[] = [];
  staged: StagedWarehouse | undefined;
  warehouse: Warehouse | undefined;
  /** Attempts still running: one that ignored an abort holds the connection, which then must not be closed. */
  inFlight = 0;
  runError: string | null = null;

  constructor(
    readonly plan: RunPlan,
    readonly deps: ExecDeps,
  ) {
    this.now = deps.now ?? (() => new Date());
    this.signal = deps.signal ?? new AbortController().signal;
    this.toRun = plan.steps.filter((s) => !s.skip);
    this.writes = this.toRun.some((s) => s.kind === "warehouse");
  }

  save = () => this.deps.history.append(this.record).catch((error) => log.warn(`could not write the run history: ${describeError(error)}`));

  get ok(): boolean {
    return this.notOk.size === 0 && !this.signal.aborted;
  }

  /** Records the run as running, with every step pending or skipped. */
  async begin(): Promise<void> {
    const { plan } = this;
    this.record = newRunRecord({
      runId: plan.runId,
      job: plan.job,
      trigger: plan.trigger,
      runKeys: plan.runKeys ?? [],
      parentRunId: plan.parentRunId ?? null,
      status: "running",
      queuedAt: plan.queuedAt ?? null,
      startedAt: this.now().toISOString(),
      baseState: await warehouseIdentity(plan.config),
      options: { fullRefresh: plan.fullRefresh, select: plan.select ?? null },
      steps: plan.steps.map((s) => (s.skip ? pendingStep(s.name, s.skip, "skipped") : pendingStep(s.name))),
    });
    await this.save();
    log.info(`run ${plan.runId} (${plan.job}, ${plan.trigger}): ${this.toRun.map((s) => s.name).join(" → ") || "nothing to do"}`);
  }

  /** A run that writes works on a copy of the published warehouse (or of the failed run it resumes). */
  async stage(): Promise<void> {
    if (!this.writes) return;
    this.staged = await stageWarehouse(this.plan.config, { resumeFrom: this.plan.resumeFrom });
    this.warehouse = await this.staged.open();
    await ensureBookkeeping(this.warehouse);
  }

  async runSteps(): Promise<void> {
    for (const [index, step] of this.plan.steps.entries()) {
      if (step.skip) continue;
      if (step.kind === "site") await this.closeWarehouse();
      await this.runStep(step, this.record.steps[index]);
    }
  }

  private async runStep(step: PlanStep, rec: StepRecord): Promise<void> {
    const blocker = step.dependsOn.find((d) => this.notOk.has(d));
    if (this.signal.aborted || blocker) {
      rec.status = this.signal.aborted ? "aborted" : "upstream_failed";
      rec.note = this.signal.aborted ? `run aborted (${abortReason(this.signal)}) before this step` : `upstream step ${blocker} did not succeed`;
      this.notOk.add(step.name);
      await this.save();
      return;
    }
    rec.status = "running";
    rec.startedAt = this.now().toISOString();
    await this.save();
    const started = performance.now();
    try {
      const result = await this.attempts(step, rec);
      await this.succeeded(step, rec, result.value, result);
    } catch (error) {
      this.failed(step, rec, error);
    }
    rec.finishedAt = this.now().toISOString();
    rec.seconds = (performance.now() - started) / 1000;
    await this.save();
  }

  private context(step: PlanStep): StepContext {
    const { plan } = this;
    return {
      config: plan.config,
      runId: plan.runId,
      log: logger(step.name),
      signal: this.signal,
      fullRefresh: plan.fullRefresh,
      select: plan.select,
      warehouse: this.warehouse,
      warehouseLocation: this.staged?.location ?? publishedLocation(plan.config),
      warehouseEnv: this.staged?.childEnv() ?? warehouseEnv(plan.config),
    };
  }

  /** The step's attempts, each interrupted when the run aborts, retried as its policy allows. */
  private attempts(step: PlanStep, rec: StepRecord) {
    const ctx = this.context(step);
    return withRetries(
      () => {
        this.inFlight++;
        const work = Promise.resolve().then(() => step.run(ctx));
        work.then(
          () => this.inFlight--,
          () => this.inFlight--,
        );
        return untilAborted(work, this.signal, () => this.warehouse?.interrupt(), this.deps.abortGraceMs ?? 10_000);
      },
      {
        policy: retryPolicyFrom(this.plan.config, step.retryable),
        sleep: this.deps.sleep ?? realSleep,
        random: this.deps.random,
        signal: this.signal,
        onRetry: ({ attempt, delayMs, error }) => {
          log.warn(`${step.name} failed (attempt ${attempt}): ${describeError(error)}; retrying in ${(delayMs / 1000).toFixed(1)} s`);
          rec.attempts = attempt;
          rec.delaysMs.push(delayMs);
          rec.error = describeError(error);
          void this.save();
        },
      },
    );
  }

  private async succeeded(step: PlanStep, rec: StepRecord, outcome: StepOutcome, result: { attempts: number; delays: number[] }): Promise<void> {
    Object.assign(rec, {
      status: "success",
      attempts: result.attempts,
      delaysMs: result.delays,
      rows: outcome.rows ?? null,
      warnings: outcome.warnings ?? [],
      error: null,
      tests: testCounts(outcome.detail),
    });
    this.details.set(step.name, outcome.detail);
    if (outcome.publish) this.publishers.push(outcome.publish);
    if (outcome.discard) this.discarders.push(outcome.discard);
    for (const w of outcome.warnings ?? []) log.warn(`${step.name}: ${w}`);
    if (step.fingerprint && this.warehouse) await recordStepState(this.warehouse, step.name, step.fingerprint, this.plan.runId);
  }

  private failed(step: PlanStep, rec: StepRecord, error: unknown): void {
    rec.status = this.signal.aborted ? "aborted" : "failed";
    rec.error = describeError(error instanceof RetriesExhaustedError ? error.lastError : error);
    if (error instanceof RetriesExhaustedError) {
      rec.attempts = error.attempts;
      rec.delaysMs = error.delays;
    } else rec.attempts = Math.max(1, rec.attempts);
    this.notOk.add(step.name);
    log.error(`${step.name} ${rec.status}: ${rec.error}`);
  }

  /**
   * Done with the warehouse steps: a successful data run is recorded in meta.runs (which the pages read, so it is
   * written before the site step builds from this copy; it only becomes visible if the whole run succeeds).
   */
  async closeWarehouse(recordSuccess = true): Promise<void> {
    if (!this.warehouse) return;
    if (recordSuccess && this.ok && this.plan.publishes && this.inFlight === 0) {
      const ran = this.toRun.filter((s) => s.kind === "warehouse").map((s) => s.name);
      await recordRun(this.warehouse, this.plan.runId, ran, (performance.now() - this.startedAt) / 1000);
    }
    const warehouse = this.warehouse;
    this.warehouse = undefined;
    if (this.inFlight === 0) await warehouse.close();
  }

  /** Every step succeeded: the warehouse first, then what the steps staged (the site). */
  async publish(): Promise<void> {
    if (this.staged && this.plan.publishes) await this.staged.publish();
    else if (this.staged) await this.staged.discard();
    for (const publish of this.publishers) await publish();
    this.record.status = this.toRun.length === 0 ? "skipped" : "success";
  }

  /** Some step did not succeed (or the run was aborted): nothing is published. */
  markFailed(error?: unknown): void {
    this.record.status = this.signal.aborted ? "aborted" : "failed";
    if (error !== undefined) {
      this.runError = describeError(error);
      log.error(`run ${this.plan.runId}: ${this.runError}`);
      return;
    }
    const failedSteps = this.record.steps.filter((s) => (s.status === "failed" || s.status === "aborted") && s.error);
    this.runError = failedSteps.map((s) => `step ${s.step} ${s.status}: ${s.error}`).join("; ") || `run aborted (${abortReason(this.signal)})`;
  }

  /** A failed run discards what its steps staged, and keeps its warehouse copy for `retry` when that can help. */
  async settleFailure(): Promise<void> {
    for (const discard of this.discarders) await discard().catch(() => undefined);
    const resumable = this.plan.publishes && this.inFlight === 0 && this.record.steps.some((s) => s.status === "success" && s.step !== "site");
    if (this.staged) this.record.checkpoint = resumable ? await this.staged.keep(this.plan.runId) : (await this.staged.discard(), null);
    this.record.error = this.runError;
  }

  async finish(): Promise<RunReport> {
    const { record, plan } = this;
    record.finishedAt = this.now().toISOString();
    record.seconds = (performance.now() - this.startedAt) / 1000;
    await this.save();
    await this.deps.history.compactIfLarge(plan.config.schedule.historyKeepRuns).catch(() => undefined);
    const seconds = record.seconds.toFixed(1);
    if (record.status === "success") log.info(`run ${plan.runId} succeeded in ${seconds} s`);
    else if (record.status === "skipped") log.info(`run ${plan.runId}: nothing changed since the last run; warehouse is up to date`);
    else {
      log.error(
        `run ${plan.runId} ${record.status} after ${seconds} s; the previous warehouse and site are untouched. ${record.error}` +
          (record.checkpoint ? `\nResume it from the failed step with: npm run pipeline -- retry ${plan.runId}` : ""),
      );
    }
    return reportOf(record, this.details);
  }
}

export async function executeRun(plan: RunPlan, deps: ExecDeps): Promise<RunReport> {
  const run = new Execution(plan, deps);
  await run.begin();
  try {
    await run.stage();
    await run.runSteps();
    await run.closeWarehouse();
    if (run.ok) await run.publish();
    else run.markFailed();
  } catch (error) {
    run.markFailed(error);
  } finally {
    await run.closeWarehouse(false).catch(() => undefined);
  }
  if (run.record.status === "failed" || run.record.status === "aborted") await run.settleFailure();
  return run.finish();
}

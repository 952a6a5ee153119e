// Every run starts here, however it was asked for (`run`, `models`, `test`, `npm run build`, a scheduled job, a
// sensor, `retry`): the warehouse settings checked, SIGTERM/SIGINT turned into an abort, the run lock taken, the
// run planned and executed, the lock released.
import type { Config } from "../config.ts";
import { checkWarehouseSettings, verifyWarehouse } from "../warehouse/open.ts";
import { executeRun, PipelineError, type RunReport } from "./execute.ts";
import { alertRun } from "./alerts.ts";
import { RunHistory } from "./history.ts";
import { jobPlan, pipelinePlan, retryPlan, type PipelinePlanOptions } from "./plan.ts";
import type { Sleep } from "./retry.ts";
import type { JobSpec, RunPlan } from "./runPlan.ts";
import { withRunLock } from "./runLock.ts";
import { withTermination } from "./signals.ts";

export { PipelineError };
export { newRunId } from "./history.ts";
export type { RunReport, StepReport } from "./execute.ts";

/** What to run: the pipeline by fingerprints (`run`, `build`), a declared job, or a retry of a failed run. */
export type LaunchRequest =
  | ({ kind: "pipeline" } & Omit<PipelinePlanOptions, "config">)
  | { kind: "job"; job: JobSpec; runId?: string; trigger?: string; runKeys?: string[]; queuedAt?: string }
  | { kind: "retry"; runId: string; jobs: readonly JobSpec[]; newRunId?: string };

export interface LaunchOptions {
  /** Aborts the run; without it, SIGTERM and SIGINT do. */
  signal?: AbortSignal;
  history?: RunHistory;
  sleep?: Sleep;
  random?: () => number;
  /** Throw PipelineError when the run fails or is aborted (the commands a person types), instead of returning. */
  throwOnFailure?: boolean;
}

export class UnknownRunError extends Error {
  override name = "UnknownRunError";
}

function purposeOf(request: LaunchRequest): string {
  if (request.kind === "job") return `job ${request.job.name}`;
  if (request.kind === "retry") return `retry of ${request.runId}`;
  return request.job ?? (request.site ? "build" : "run");
}

async function planFor(config: Config, request: LaunchRequest, history: RunHistory): Promise<RunPlan> {
  if (request.kind === "pipeline") return pipelinePlan({ ...request, config });
  if (request.kind === "job") return jobPlan(config, request.job, request);
  const parent = await history.run(request.runId);
  if (!parent) {
    throw new UnknownRunError(`No run ${request.runId} in ${history.file}; \`npm run pipeline -- status\` lists the recent runs`);
  }
  return retryPlan(config, parent, request.jobs, request.newRunId);
}

export async function launch(config: Config, request: LaunchRequest, options: LaunchOptions = {}): Promise<RunReport> {
  // Before the lock or any file: an engine that can't be used is said at once, and nothing is written.
  checkWarehouseSettings(config);
  await verifyWarehouse(config);
  const since = new Date();
  const history = options.history ?? new RunHistory(config.schedule.historyPath);
  return withTermination(options.signal, async (signal) => {
    const report = await withRunLock(
      config,
      purposeOf(request),
      async (lock) => {
        const plan = await planFor(config, request, history);
        await lock.setRun(plan.runId);
        return executeRun(plan, { history, signal, sleep: options.sleep, random: options.random });
      },
      { signal, history },
    );
    // After the lock is released, so that a slow webhook never holds up the next run; it never throws.
    await alertRun(config, report, history, { since });
    if (options.throwOnFailure && (report.status === "failed" || report.status === "aborted")) {
      const what = report.job === "build" ? "Build" : "Pipeline run";
      throw new PipelineError(`${what} ${report.runId} ${report.status}: ${report.error}`, report);
    }
    return report;
  });
}

export interface RunOptions extends Omit<PipelinePlanOptions, "config" | "site"> {
  config: Config;
  /** Aborts the run; without it, SIGTERM and SIGINT do. */
  signal?: AbortSignal;
}

/** `run`, `models`, `test`: the data steps whose inputs changed; throws PipelineError when the run fails. */
export function runPipeline(options: RunOptions): Promise<RunReport> {
  const { config, signal, ...request } = options;
  return launch(config, { kind: "pipeline", ...request }, { signal, throwOnFailure: true });
}

/** `npm run build`: the data steps whose inputs changed and the site, as one run; throws when it fails. */
export function buildSite(config: Config, options: { signal?: AbortSignal } = {}): Promise<RunReport> {
  return launch(config, { kind: "pipeline", job: "build", site: true }, { signal: options.signal, throwOnFailure: true });
}

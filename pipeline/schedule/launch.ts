// Starting runs of jobs and retries: under the run lock, planned, executed and recorded. The CLI commands and
// the scheduler call these.
import type { Config } from "../config.ts";
import { siteStep } from "../site.ts";
import { executeRun, type RunReport } from "./execute.ts";
import type { RunHistory } from "./history.ts";
import { jobNamed } from "./jobs.ts";
import { jobPlan, retryPlan } from "./plan.ts";
import type { Sleep } from "./retry.ts";
import { withRunLock } from "./runLock.ts";
import { withTermination } from "./signals.ts";

export interface LaunchOptions {
  trigger?: string;
  runKeys?: string[];
  runId?: string;
  queuedAt?: string;
  /** Aborts the run; without it, SIGTERM and SIGINT do. */
  signal?: AbortSignal;
  history?: RunHistory;
  sleep?: Sleep;
  random?: () => number;
}

export class UnknownRunError extends Error {
  override name = "UnknownRunError";
}

export async function runJob(config: Config, name: string, options: LaunchOptions = {}): Promise<RunReport> {
  const job = jobNamed(name);
  return withTermination(options.signal, (signal) =>
    withRunLock(
      config,
      `job ${job.name}`,
      async (lock, history) => {
        const plan = await jobPlan(config, job, { ...options, site: siteStep });
        await lock.setRun(plan.runId);
        return executeRun(plan, { history, signal, sleep: options.sleep, random: options.random });
      },
      { signal, history: options.history },
    ),
  );
}

/** `retry <run-id>`: a new run (its parent recorded) from the failed step of the given one. */
export async function retryRun(config: Config, runId: string, options: LaunchOptions = {}): Promise<RunReport> {
  return withTermination(options.signal, (signal) =>
    withRunLock(
      config,
      `retry of ${runId}`,
      async (lock, history) => {
        const parent = await history.run(runId);
        if (!parent) {
          throw new UnknownRunError(`No run ${runId} in ${history.file}; \`npm run pipeline -- status\` lists the recent runs`);
        }
        const plan = await retryPlan(config, parent, siteStep, options.runId);
        await lock.setRun(plan.runId);
        return executeRun(plan, { history, signal, sleep: options.sleep, random: options.random });
      },
      { signal, history: options.history },
    ),
  );
}

// The jobs the scheduler runs, declared as a Dagster user would: named selections of the pipeline's steps (plus
// the site rebuild), the settings each runs with, and whether it publishes; and starting one by name.
import type { Config } from "../config.ts";
import { launch, type LaunchOptions, type RunReport } from "../run/launch.ts";
import type { JobSpec } from "../run/runPlan.ts";

export type JobName = "daily_full_refresh" | "economic_update" | "quality_check";

export const JOBS: readonly (JobSpec & { name: JobName })[] = [
  {
    name: "daily_full_refresh",
    description: "Extract every source, rebuild all models from scratch, run the data tests, rebuild the site",
    steps: ["extract", "indicators", "models", "report", "tests", "site"],
    fullRefresh: true,
    publishes: true,
    configFor: (config) => config,
  },
  {
    name: "economic_update",
    description: "Fetch the BCB series live (snapshot fallback), rebuild the models that read them, test, rebuild the site",
    steps: ["indicators", "models", "report", "tests", "site"],
    fullRefresh: false,
    publishes: true,
    configFor: (config) => ({ ...config, bcbMode: "live" }),
    downstreamOfSource: "bcb",
  },
  {
    name: "quality_check",
    description: "Run the data tests against the current warehouse; results go to the run history",
    steps: ["tests"],
    fullRefresh: false,
    // Test results are recorded in the history; replacing the warehouse would only invalidate a failed run's
    // checkpoint and the site's loader cache, every hour.
    publishes: false,
    configFor: (config) => config,
  },
];

export class UnknownJobError extends Error {
  override name = "UnknownJobError";
}

export function jobNamed(name: string): JobSpec & { name: JobName } {
  const job = JOBS.find((j) => j.name === name);
  if (!job) throw new UnknownJobError(`Unknown job "${name}"; jobs: ${JOBS.map((j) => j.name).join(", ")} (see \`npm run pipeline -- jobs\`)`);
  return job;
}

export interface JobLaunchOptions extends LaunchOptions {
  runId?: string;
  trigger?: string;
  runKeys?: string[];
  queuedAt?: string;
}

/** Starts a declared job by name now (the scheduler, `jobs run`); returns its report, failed or not. */
export function runJob(config: Config, name: string, options: JobLaunchOptions = {}): Promise<RunReport> {
  const { runId, trigger, runKeys, queuedAt, ...launchOptions } = options;
  return launch(config, { kind: "job", job: jobNamed(name), runId, trigger, runKeys, queuedAt }, launchOptions);
}

/** `retry <run-id>`: a new run (its parent recorded) from the failed step of the given one, with its job's settings. */
export function retryRun(config: Config, runId: string, options: JobLaunchOptions = {}): Promise<RunReport> {
  const { runId: newRunId, ...launchOptions } = options;
  return launch(config, { kind: "retry", runId, jobs: JOBS, newRunId }, launchOptions);
}

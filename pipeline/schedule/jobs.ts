// The jobs the scheduler runs: named selections of the pipeline's steps (plus the site rebuild), and the
// dependencies between steps that decide what a failure stops.
import type { Config } from "../config.ts";
import type { StepName } from "../steps.ts";

export type JobStepName = StepName | "site";

export type JobName = "daily_full_refresh" | "economic_update" | "quality_check";

/** What each step reads: a failed step stops the steps that need it (directly or not), and nothing else. */
export const STEP_NEEDS: Record<JobStepName, JobStepName[]> = {
  extract: [],
  indicators: [],
  models: ["extract", "indicators"],
  tests: ["models"],
  // A site is never published from data whose tests failed.
  site: ["tests"],
};

export interface JobSpec {
  name: JobName;
  description: string;
  steps: JobStepName[];
  /** Re-extract everything and rebuild incremental models from scratch. */
  fullRefresh: boolean;
  /** Swap the warehouse in on success; false: the results go to the run history only. */
  publishes: boolean;
  /** The settings the job's steps see. */
  configFor(config: Config): Config;
  /** Restricts models and tests to those reading this source and what depends on them. */
  downstreamOfSource?: string;
}

export const JOBS: readonly JobSpec[] = [
  {
    name: "daily_full_refresh",
    description: "Extract every source, rebuild all models from scratch, run the data tests, rebuild the site",
    steps: ["extract", "indicators", "models", "tests", "site"],
    fullRefresh: true,
    publishes: true,
    configFor: (config) => config,
  },
  {
    name: "economic_update",
    description: "Fetch the BCB series live (snapshot fallback), rebuild the models that read them, test, rebuild the site",
    steps: ["indicators", "models", "tests", "site"],
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

export function jobNamed(name: string): JobSpec {
  const job = JOBS.find((j) => j.name === name);
  if (!job) throw new UnknownJobError(`Unknown job "${name}"; jobs: ${JOBS.map((j) => j.name).join(", ")} (see \`npm run pipeline -- jobs\`)`);
  return job;
}

/**
 * The planned steps each planned step needs, following STEP_NEEDS through steps the plan leaves out (a job of
 * extract and tests only still has tests wait for extract).
 */
export function plannedNeeds(names: readonly string[]): Map<string, string[]> {
  const ancestors = (step: string, seen = new Set<string>()): string[] => {
    const out: string[] = [];
    for (const need of STEP_NEEDS[step as JobStepName] ?? []) {
      if (seen.has(need)) continue;
      seen.add(need);
      if (names.includes(need)) out.push(need);
      else out.push(...ancestors(need, seen));
    }
    return out;
  };
  return new Map(names.map((n) => [n, ancestors(n)]));
}

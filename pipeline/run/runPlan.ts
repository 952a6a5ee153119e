// What a run is made of: its steps (what each needs, whether it may be retried, why it is skipped), the context
// a step runs in, and the jobs that name a selection of steps. plan.ts makes plans; execute.ts runs them.
import type { Config } from "../config.ts";
import type { Logger } from "../log.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";

export type StepName = "extract" | "indicators" | "models" | "report" | "tests";
export type JobStepName = StepName | "site";

export interface StepOutcome {
  /** Rows written or checked, for the run history. */
  rows?: number;
  /** A failing step throws; a warning lets the run go on but is reported. */
  warnings?: string[];
  detail?: unknown;
  /** Called once the warehouse is published: the site step swaps its new directory in. */
  publish?: () => Promise<void>;
  /** Called when the run fails: the step removes what it staged. */
  discard?: () => Promise<void>;
}

export interface StepContext {
  config: Config;
  runId: string;
  log: Logger;
  signal: AbortSignal;
  fullRefresh: boolean;
  /** dbt-style model selector for the models and tests steps. */
  select?: string;
  /** The run's open staged warehouse: set for warehouse steps. */
  warehouse?: Warehouse;
  /** Where the warehouse this run reads lives: its staged copy, or the published one when no step writes. */
  warehouseLocation: string;
  /** Environment that makes a child process read that warehouse (the site step's build). */
  warehouseEnv: Record<string, string>;
}

export interface PlanStep {
  /** A step of STEPS, "site", or a test's own step. */
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
  run(ctx: StepContext): Promise<StepOutcome>;
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

/** A named selection of steps, as the scheduler declares them (pipeline/schedule/jobs.ts). */
export interface JobSpec {
  name: string;
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

// What a run is made of: its steps (what each needs, whether it may be retried, why it is skipped) and the
// context a step runs in. plan.ts makes plans; execute.ts runs them.
import type { Config } from "../config.ts";
import type { Logger } from "../log.ts";
import type { StepOutcome } from "../steps.ts";
import type { DuckDBWarehouse } from "../warehouse/duckdb.ts";

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

// One pipeline run (`run`, `models`, `test`): under the run lock, decides which steps must run (fingerprints),
// runs them on a staged copy of the warehouse and swaps it in only when every step succeeded. Step state lives in
// meta.step_state of the warehouse; the run itself is recorded in the run history beside it.
import type { Config } from "./config.ts";
import { executeRun, PipelineError, type RunReport } from "./schedule/execute.ts";
import { newRunId } from "./schedule/history.ts";
import { pipelinePlan } from "./schedule/plan.ts";
import { withRunLock } from "./schedule/runLock.ts";
import { withTermination } from "./schedule/signals.ts";
import type { StepName } from "./steps.ts";

export { PipelineError, newRunId };
export type { RunReport, StepReport } from "./schedule/execute.ts";

export interface RunOptions {
  config: Config;
  /** Steps to consider, in order; default all. */
  steps?: StepName[];
  /** Run every considered step even when its inputs did not change. */
  force?: boolean;
  fullRefresh?: boolean;
  select?: string;
  runId?: string;
  /** Name in the run history; default "run". */
  job?: string;
  /** What started the run, for the history; default "manual". */
  trigger?: string;
  /** Aborts the run; without it, SIGTERM and SIGINT do. */
  signal?: AbortSignal;
}

export async function runPipeline(options: RunOptions): Promise<RunReport> {
  const { config } = options;
  return withTermination(options.signal, (signal) =>
    withRunLock(
      config,
      options.job ?? "run",
      async (lock, history) => {
        const plan = await pipelinePlan(options);
        await lock.setRun(plan.runId);
        const report = await executeRun(plan, { history, signal });
        if (report.status === "failed" || report.status === "aborted") {
          throw new PipelineError(`Pipeline run ${report.runId} ${report.status}: ${report.error}`, report);
        }
        return report;
      },
      { signal },
    ),
  );
}

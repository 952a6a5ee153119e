// Shared by the orchestration tests: a configuration in a temp directory, small in-memory steps, run plans made
// of them, and a cron driver whose clock the test moves (firing what node-cron would fire on the way).
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadConfig, type Config } from "../../pipeline/config.ts";
import { nextFireTimes } from "../../pipeline/schedule/cron.ts";
import type { StepOutcome as ExecOutcome, StepContext as ExecStepContext, PlanStep, RunPlan } from "../../pipeline/run/execute.ts";
import { newRunId } from "../../pipeline/run/history.ts";
import type { CronDriver } from "../../pipeline/schedule/scheduler.ts";

export function scratchConfig(name: string, env: Record<string, string> = {}): Config {
  const dir = mkdtempSync(path.join(os.tmpdir(), `schedule-${name}-`));
  return loadConfig({
    TZ: "UTC",
    SAMPLE_ORDERS: "1000",
    SAMPLE_DIR: path.join(dir, "sample"),
    WAREHOUSE_PATH: path.join(dir, "analytics.duckdb"),
    SITE_OUTPUT: path.join(dir, "dist"),
    PIPELINE_LOCK_WAIT_SECONDS: "0",
    ...env,
  } as NodeJS.ProcessEnv);
}

export const sha = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

/** A warehouse step that creates raw.<name> (so that its effect can be seen), after `before` ran. */
export function tableStep(
  name: string,
  options: { dependsOn?: string[]; retryable?: boolean; before?: (ctx: ExecStepContext) => Promise<void> } = {},
): PlanStep {
  return {
    name,
    kind: "warehouse",
    dependsOn: options.dependsOn ?? [],
    retryable: options.retryable ?? true,
    async run(ctx): Promise<ExecOutcome> {
      await options.before?.(ctx);
      await ctx.warehouse!.exec(`create or replace table raw.${name} as select '${ctx.runId}' as run_id`);
      return { rows: 1 };
    },
  };
}

export function planOf(config: Config, steps: PlanStep[], extra: Partial<RunPlan> = {}): RunPlan {
  return { runId: newRunId(), job: "test_job", trigger: "manual", config, steps, publishes: true, fullRefresh: false, ...extra };
}

interface FakeTask {
  expression: string;
  timezone: string;
  name: string;
  fire: () => void;
  stopped: boolean;
}

/** Moves time by hand: every task fires at each of its fire times (nextFireTimes) on the way, in time order. */
export class FakeCron implements CronDriver {
  readonly tasks: FakeTask[] = [];

  constructor(public now: Date) {}

  clock = () => new Date(this.now);

  schedule(expression: string, timezone: string, name: string, fire: () => void) {
    const task: FakeTask = { expression, timezone, name, fire, stopped: false };
    this.tasks.push(task);
    return { stop: () => void (task.stopped = true) };
  }

  /** After each instant's firings, `settle` lets the scheduler finish what they started. */
  async advanceTo(to: Date, settle: () => Promise<void>): Promise<void> {
    for (;;) {
      const live = this.tasks.filter((t) => !t.stopped);
      const next = live.map((t) => ({ t, at: nextFireTimes(t.expression, t.timezone, this.now, 1)[0] })).filter((x) => x.at && x.at <= to);
      if (next.length === 0) break;
      const at = Math.min(...next.map((x) => x.at.getTime()));
      this.now = new Date(at);
      for (const { t } of next.filter((x) => x.at.getTime() === at)) t.fire();
      await settle();
    }
    this.now = to;
  }
}

// Step retries and failure isolation: exponential backoff with jitter that still grows from one wait to the
// next, permanent errors not retried, a failing step stopping only what depends on it, and the live warehouse
// left byte-identical by a failed run whose history stays.
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../pipeline/config.ts";
import { executeRun } from "../../pipeline/run/execute.ts";
import { RunHistory } from "../../pipeline/run/history.ts";
import { RunAbortedError, retryDelay, withRetries, type RetryPolicy } from "../../pipeline/run/retry.ts";
import { openAt } from "../support/warehouse.ts";
import { planOf, scratchConfig, sha, tableStep } from "./support.ts";

const policy: RetryPolicy = { maxAttempts: 5, baseMs: 2_000, maxMs: 60_000, jitter: 0.25 };

async function tables(file: string): Promise<string[]> {
  const w = await openAt(file, { readOnly: true });
  try {
    return (await w.query<{ t: string }>("select table_name as t from information_schema.tables where table_schema = 'raw' order by 1")).map((r) => r.t);
  } finally {
    await w.close();
  }
}

describe("retry delays", () => {
  it("double from one attempt to the next within ±25 % jitter, and stop at the cap", () => {
    for (let attempt = 1; attempt <= 6; attempt++) {
      const centre = 2_000 * 2 ** (attempt - 1);
      for (const r of [0, 0.3, 0.5, 0.99, 1]) {
        const d = retryDelay(attempt, policy, () => r);
        expect(d).toBeGreaterThanOrEqual(Math.min(60_000, centre * 0.75));
        expect(d).toBeLessThanOrEqual(Math.min(60_000, centre * 1.25));
      }
    }
    // Even the unluckiest draw (longest first wait, shortest second) grows.
    expect(retryDelay(2, policy, () => 0)).toBeGreaterThan(retryDelay(1, policy, () => 1));
    expect(retryDelay(10, policy, () => 1)).toBe(60_000);
  });

  it("are not spent on permanent errors or after an abort", async () => {
    let calls = 0;
    const permanent = withRetries(
      async () => {
        calls++;
        throw new ConfigError("SAMPLE_ORDERS must be a non-negative integer");
      },
      { policy, sleep: async () => undefined },
    );
    await expect(permanent).rejects.toThrow(/SAMPLE_ORDERS/);
    expect(calls).toBe(1);

    const controller = new AbortController();
    const aborted = withRetries(
      async () => {
        throw new Error("flaky");
      },
      {
        policy,
        sleep: async () => {
          controller.abort("SIGTERM");
          throw new RunAbortedError("run aborted (SIGTERM)");
        },
        signal: controller.signal,
      },
    );
    await expect(aborted).rejects.toThrow(RunAbortedError);
  });
});

describe("a run with a flaky step", () => {
  it("retries a step that fails twice, with growing waits, then publishes the warehouse", async () => {
    const config = scratchConfig("flaky", { STEP_MAX_ATTEMPTS: "4", STEP_RETRY_BASE_SECONDS: "2", STEP_RETRY_MAX_SECONDS: "60" });
    const history = new RunHistory(config.schedule.historyPath);
    let calls = 0;
    const slept: number[] = [];
    const draws = [1, 0]; // the worst case for growth
    const flaky = tableStep("flaky", {
      before: async () => {
        calls++;
        if (calls < 3) throw new Error(`source unavailable (attempt ${calls})`);
      },
    });
    const report = await executeRun(planOf(config, [flaky]), {
      history,
      sleep: async (ms) => void slept.push(ms),
      random: () => draws.shift() ?? 0.5,
    });
    expect(report.status).toBe("success");
    expect(calls).toBe(3);
    expect(slept).toHaveLength(2);
    // Independent bounds: base 2 s × 2^(n−1), ±25 %.
    expect(slept[0]).toBeGreaterThanOrEqual(1_500);
    expect(slept[0]).toBeLessThanOrEqual(2_500);
    expect(slept[1]).toBeGreaterThanOrEqual(3_000);
    expect(slept[1]).toBeLessThanOrEqual(5_000);
    expect(slept[1]).toBeGreaterThan(slept[0]);
    const [run] = await history.runs();
    expect(run.steps[0]).toMatchObject({ step: "flaky", status: "success", attempts: 3, delaysMs: slept });
    expect(await tables(config.warehousePath)).toEqual(["flaky"]);
  });

  it("gives up after STEP_MAX_ATTEMPTS and records every attempt", async () => {
    const config = scratchConfig("exhausted", { STEP_MAX_ATTEMPTS: "3" });
    const history = new RunHistory(config.schedule.historyPath);
    let calls = 0;
    const broken = tableStep("broken", {
      before: async () => {
        calls++;
        throw new Error("connection refused");
      },
    });
    const report = await executeRun(planOf(config, [broken]), { history, sleep: async () => undefined, random: () => 0.5 });
    expect(report.status).toBe("failed");
    expect(calls).toBe(3);
    const [run] = await history.runs();
    expect(run.steps[0]).toMatchObject({ status: "failed", attempts: 3, error: "connection refused" });
    expect(run.steps[0].delaysMs).toHaveLength(2);
  });
});

describe("a failing step", () => {
  it("stops the steps that depend on it, runs the unrelated ones, and leaves the live warehouse as it was", async () => {
    const config = scratchConfig("isolation", { STEP_MAX_ATTEMPTS: "1" });
    const history = new RunHistory(config.schedule.historyPath);
    await executeRun(planOf(config, [tableStep("previous")]), { history });
    const before = sha(config.warehousePath);

    const failing = tableStep("source_a", {
      before: async () => {
        throw new Error("source a is down");
      },
    });
    const plan = planOf(config, [
      failing,
      tableStep("source_b"),
      tableStep("model_a", { dependsOn: ["source_a"] }),
      tableStep("model_b", { dependsOn: ["source_b"] }),
      tableStep("report", { dependsOn: ["model_a", "model_b"] }),
    ]);
    const report = await executeRun(plan, { history });
    expect(report.steps.map((s) => `${s.step}:${s.status}`)).toEqual([
      "source_a:failed",
      "source_b:success",
      "model_a:upstream_failed",
      "model_b:success",
      "report:upstream_failed",
    ]);
    expect(report.status).toBe("failed");
    expect(sha(config.warehousePath)).toBe(before);
    expect(await tables(config.warehousePath)).toEqual(["previous"]);
    expect(existsSync(`${config.warehousePath}.next`)).toBe(false);
    // The history, outside the warehouse, keeps the failed run.
    const runs = await new RunHistory(config.schedule.historyPath).runs();
    expect(runs.map((r) => r.status)).toEqual(["success", "failed"]);
    expect(runs[1].error).toMatch(/source a is down/);
    // What succeeded is kept aside for `retry`, outside the live file.
    expect(runs[1].checkpoint).toBe(`${config.warehousePath}.failed-${runs[1].runId}`);
    expect(await tables(runs[1].checkpoint!)).toEqual(["previous", "source_b", "model_b"].sort());
  });
});

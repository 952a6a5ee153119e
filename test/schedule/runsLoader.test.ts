// src/data/runs.json.ts, run as Framework runs it: the run history (newest first, steps, tests, errors), each
// job's schedule with its next São Paulo fire time, and nothing private (no pid, host, paths or passwords).
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { executeRun } from "../../pipeline/run/execute.ts";
import { RunHistory } from "../../pipeline/run/history.ts";
import { ROOT } from "../support/site.ts";
import { planOf, scratchConfig, tableStep } from "./support.ts";

describe("the runs data loader", () => {
  it("writes the run history and the schedules as JSON", async () => {
    const config = scratchConfig("loader", { STEP_MAX_ATTEMPTS: "1" });
    const history = new RunHistory(config.schedule.historyPath);
    const good = await executeRun(planOf(config, [tableStep("orders")], { job: "daily_full_refresh", trigger: "schedule:daily_full_refresh" }), { history });
    const bad = await executeRun(
      planOf(
        config,
        [
          tableStep("source", {
            before: async () => {
              throw new Error("Cannot connect to PostgreSQL (postgres://olist:s3cret@db.internal:5432/olist): timeout");
            },
          }),
        ],
        { job: "daily_full_refresh", trigger: "sensor:source_change" },
      ),
      { history },
    );
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", path.join(ROOT, "src/data/runs.json.ts")], {
      cwd: ROOT,
      env: { ...process.env, WAREHOUSE_PATH: config.warehousePath, SAMPLE_DIR: config.sampleDir },
    });
    expect(stdout).not.toMatch(/s3cret|"pid"|"host"|analytics\.duckdb/);
    const data = JSON.parse(stdout);
    expect(data.timezone).toBe("America/Sao_Paulo");
    expect(data.runs.map((r: { runId: string; status: string }) => `${r.runId}:${r.status}`)).toEqual([`${bad.runId}:failed`, `${good.runId}:success`]);
    expect(data.runs[0].trigger).toBe("sensor:source_change");
    expect(data.runs[0].steps[0]).toMatchObject({ step: "source", status: "failed", attempts: 1 });
    expect(data.runs[0].error).toMatch(/postgres:\/\/olist:\*\*\*@db\.internal/);
    const daily = data.jobs.find((j: { name: string }) => j.name === "daily_full_refresh");
    expect(daily.lastRun.runId).toBe(bad.runId);
    expect(daily.lastSuccess).not.toBeNull();
    // Brazil keeps UTC−3 all year since 2019: 06:00 in São Paulo is 09:00 UTC, within the next day.
    const next = new Date(daily.schedule.nextFire);
    expect(next.getUTCHours()).toBe(9);
    expect(next.getTime() - Date.now()).toBeGreaterThan(0);
    expect(next.getTime() - Date.now()).toBeLessThanOrEqual(86_400_000);
    expect(data.jobs.map((j: { name: string }) => j.name)).toEqual(["daily_full_refresh", "economic_update", "quality_check"]);
  });
});

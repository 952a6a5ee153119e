// The Pipeline page's run trends: which runs the durations chart plots (finished, with a start and a duration,
// oldest first) and the failure rate per job and overall (failed, aborted and crashed among the finished runs;
// queued, running and cancelled runs are not finished and do not count).
import { describe, expect, it } from "vitest";
import { runTrends, type SiteRuns } from "../../../src/components/pipeline.ts";

type Run = SiteRuns["runs"][number];
const run = (runId: string, job: string, status: string, startedAt: string | null, seconds: number | null): Run => ({
  runId,
  job,
  trigger: "manual",
  status,
  startedAt,
  seconds,
  error: null,
  steps: [],
});

// Newest first, as runs.json sends them.
const history: SiteRuns = {
  timezone: "America/Sao_Paulo",
  jobs: [],
  runs: [
    { ...run("r9", "quality_check", "running", "2026-01-03T10:00:00Z", null), steps: [{ step: "tests", status: "success", seconds: 0.75, rows: 3 }] },
    run("r8", "quality_check", "success", "2026-01-03T09:00:00Z", 2),
    run("r7", "quality_check", "crashed", "2026-01-03T08:00:00Z", null),
    run("r6", "quality_check", "failed", "2026-01-03T07:00:00Z", 1.5),
    run("r5", "daily_full_refresh", "cancelled", null, null),
    run("r4", "daily_full_refresh", "aborted", "2026-01-02T06:00:00Z", 30),
    run("r3", "daily_full_refresh", "success", "2026-01-01T06:00:00Z", 60),
    run("r2", "daily_full_refresh", "skipped", "2026-01-01T05:00:00Z", 0.2),
    run("r1", "quality_check", "queued", null, null),
  ],
};

describe("runTrends", () => {
  it("plots finished runs with a duration and the running one so far, oldest first, crosses for the failed ones", () => {
    const { points } = runTrends(history);
    expect(points.map((p) => `${p.runId}:${p.running ? "…" : p.failed ? "x" : "o"}`)).toEqual(["r2:o", "r3:o", "r4:x", "r6:x", "r8:o", "r9:…"]);
    expect(points[0].start.toISOString()).toBe("2026-01-01T05:00:00.000Z");
    expect(points.at(-1)!.seconds).toBe(0.75);
  });

  it("gives each job's failure rate among its finished runs, and all jobs together", () => {
    const { rates } = runTrends(history);
    expect(rates).toEqual([
      { job: "daily_full_refresh", runs: 3, failed: 1, rate: 1 / 3 },
      { job: "quality_check", runs: 3, failed: 2, rate: 2 / 3 },
      { job: null, runs: 6, failed: 3, rate: 0.5 },
    ]);
  });

  it("has no rate without finished runs", () => {
    expect(runTrends({ ...history, runs: [run("q", "quality_check", "queued", null, null)] }).rates).toEqual([{ job: null, runs: 0, failed: 0, rate: null }]);
  });
});

// The run history file: the latest line of a run wins, runs of processes that died read as crashed or cancelled
// (and reconcile writes it down), run keys are remembered, a torn line is skipped, and compaction keeps the tail.
import { spawnSync } from "node:child_process";
import { appendFileSync, mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { newRunRecord, pendingStep, RunHistory, type RunRecord } from "../../pipeline/run/history.ts";

const historyFile = () => path.join(mkdtempSync(path.join(os.tmpdir(), "history-")), "analytics.history.jsonl");
const deadPid = () => Number(spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]).stdout.toString());

function run(id: string, fields: Partial<RunRecord> = {}): RunRecord {
  return newRunRecord({ runId: id, job: "daily_full_refresh", trigger: "manual", startedAt: `2025-01-01T0${id.slice(-1)}:00:00Z`, ...fields });
}

describe("the run history", () => {
  it("folds each run to its latest line, oldest run first", async () => {
    const history = new RunHistory(historyFile());
    await history.append(run("r2", { status: "running" }));
    await history.append(run("r1", { status: "running" }));
    await history.append(run("r1", { status: "success", finishedAt: "2025-01-01T01:05:00Z" }));
    await history.append(run("r2", { status: "failed", error: "boom", finishedAt: "2025-01-01T02:05:00Z" }));
    const runs = await history.runs();
    expect(runs.map((r) => `${r.runId}:${r.status}`)).toEqual(["r1:success", "r2:failed"]);
    expect(readFileSync(history.file, "utf8").trim().split("\n")).toHaveLength(4);
  });

  it("reads a running run of a dead process as crashed, a queued one as cancelled, and reconcile records it", async () => {
    const history = new RunHistory(historyFile());
    const pid = deadPid();
    await history.append(run("r1", { status: "running", pid, steps: [pendingStep("extract", null, "running")] }));
    await history.append(run("r2", { status: "queued", pid }));
    await history.append(run("r3", { status: "running" })); // this process: alive
    expect((await history.runs()).map((r) => r.status)).toEqual(["crashed", "cancelled", "running"]);
    expect((await history.runs())[0].steps[0].status).toBe("aborted");
    const written = await history.reconcile();
    expect(written.map((r) => r.runId)).toEqual(["r1", "r2"]);
    const lines = readFileSync(history.file, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as RunRecord);
    expect(lines.slice(-2).map((r) => r.status)).toEqual(["crashed", "cancelled"]);
    expect(await history.reconcile()).toEqual([]);
  });

  it("remembers run keys, except those of cancelled runs", async () => {
    const history = new RunHistory(historyFile());
    await history.append(run("r1", { status: "success", runKeys: ["bcb-stale:433:2025-05-01"] }));
    await history.append(run("r2", { status: "cancelled", runKeys: ["bcb-stale:1:2025-06-11"] }));
    expect([...(await history.usedRunKeys())]).toEqual([["bcb-stale:433:2025-05-01", "r1"]]);
  });

  it("skips a torn line and keeps reading", async () => {
    const history = new RunHistory(historyFile());
    await history.append(run("r1", { status: "success" }));
    appendFileSync(history.file, '{"runId":"r2","status":"runn');
    appendFileSync(history.file, "\n");
    await history.append(run("r3", { status: "failed" }));
    expect((await history.runs()).map((r) => r.runId)).toEqual(["r1", "r3"]);
  });

  it("compacts to the last runs once the file is large, keeping unfinished ones", async () => {
    const history = new RunHistory(historyFile());
    for (let i = 1; i <= 9; i++) {
      await history.append(run(`r${i}`, { status: "running" }));
      await history.append(run(`r${i}`, { status: i === 2 ? "running" : "success" }));
    }
    expect(await history.compactIfLarge(3, 100_000)).toBe(false);
    expect(await history.compactIfLarge(3, 10)).toBe(true);
    expect((await history.runs()).map((r) => r.runId)).toEqual(["r2", "r7", "r8", "r9"]);
    expect(readFileSync(history.file, "utf8").trim().split("\n")).toHaveLength(4);
  });
});

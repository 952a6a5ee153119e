// The run lock: one owner at a time, a clear error naming the owner, waiting behind a live owner, and recovery of
// a lock whose owner is gone (a dead pid, a reused pid, a silent owner on another host), even under a race.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { acquireLock, LockBusyError, processStartTicks, readLock, type LockOwner } from "../../pipeline/run/lock.ts";

const lockFile = () => path.join(mkdtempSync(path.join(os.tmpdir(), "lock-")), "analytics.lock");
const options = { purpose: "test", waitMs: 0, staleMs: 60_000, pollMs: 10 };

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
  return Number(child.stdout.toString());
}

function writeHolder(file: string, holder: Partial<LockOwner>): LockOwner {
  const full: LockOwner = {
    pid: 1,
    host: os.hostname(),
    startTicks: null,
    token: "left-behind",
    purpose: "job daily_full_refresh",
    runId: "20250101T090000-abcdef",
    acquiredAt: "2025-01-01T09:00:00.000Z",
    heartbeatAt: new Date().toISOString(),
    ...holder,
  };
  writeFileSync(file, JSON.stringify(full));
  return full;
}

describe("the run lock", () => {
  it("lets one owner in and names it to the next", async () => {
    const file = lockFile();
    const first = await acquireLock(file, { ...options, purpose: "build", runId: "run-1" });
    const second = acquireLock(file, options);
    await expect(second).rejects.toThrow(LockBusyError);
    await expect(second).rejects.toThrow(new RegExp(`build \\(run run-1\\), pid ${process.pid}`));
    await first.release();
    expect(existsSync(file)).toBe(false);
    const third = await acquireLock(file, options);
    await third.release();
  });

  it("waits for a live owner to finish", async () => {
    const file = lockFile();
    const first = await acquireLock(file, options);
    setTimeout(() => void first.release(), 100);
    const second = await acquireLock(file, { ...options, waitMs: 5_000 });
    expect((await readLock(file))?.token).toBe(second.owner.token);
    await second.release();
  });

  it("recovers a lock whose process is gone (kill -9) and reports its run", async () => {
    const file = lockFile();
    const stale = writeHolder(file, { pid: deadPid() });
    const seen: LockOwner[] = [];
    const lock = await acquireLock(file, { ...options, onStale: (h) => void seen.push(h) });
    expect(seen.map((h) => h.runId)).toEqual([stale.runId]);
    expect((await readLock(file))?.pid).toBe(process.pid);
    await lock.release();
  });

  it("recovers a lock whose pid now belongs to another process", async () => {
    const file = lockFile();
    const ticks = processStartTicks(process.pid);
    expect(ticks).not.toBeNull(); // Linux: /proc gives the start time
    writeHolder(file, { pid: process.pid, startTicks: String(Number(ticks) - 1) });
    const lock = await acquireLock(file, options);
    await lock.release();
  });

  it("trusts a live owner on another host until its heartbeat is older than the stale limit", async () => {
    const file = lockFile();
    writeHolder(file, { host: "other-host", pid: process.pid });
    await expect(acquireLock(file, options)).rejects.toThrow(/pid \d+ on other-host/);
    writeHolder(file, { host: "other-host", heartbeatAt: new Date(Date.now() - 120_000).toISOString() });
    const lock = await acquireLock(file, options);
    await lock.release();
  });

  it("keeps its heartbeat fresh while held", async () => {
    const file = lockFile();
    const lock = await acquireLock(file, { ...options, heartbeatMs: 20 });
    const first = JSON.parse(await readFile(file, "utf8")).heartbeatAt;
    await new Promise((r) => setTimeout(r, 120));
    expect(Date.parse((await readLock(file))!.heartbeatAt)).toBeGreaterThan(Date.parse(first));
    await lock.release();
  });

  it("lets exactly one of several concurrent acquirers take over a stale lock", async () => {
    const file = lockFile();
    writeHolder(file, { pid: deadPid() });
    const attempts = await Promise.allSettled(Array.from({ length: 6 }, () => acquireLock(file, options)));
    const won = attempts.filter((a) => a.status === "fulfilled");
    expect(won).toHaveLength(1);
    for (const a of attempts) if (a.status === "rejected") expect(a.reason).toBeInstanceOf(LockBusyError);
    await (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof acquireLock>>>).value.release();
  });

  it("does not remove a lock another owner took after it", async () => {
    const file = lockFile();
    const lock = await acquireLock(file, options);
    writeHolder(file, { pid: process.pid, startTicks: processStartTicks(process.pid), token: "someone-else" });
    await lock.release();
    expect((await readLock(file))?.token).toBe("someone-else");
  });
});

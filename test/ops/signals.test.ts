// Stopping `npm run schedule` however the signal is sent, with real processes: SIGTERM to npm, to the process
// group, or to the scheduler's node process, and SIGKILL to npm. Each time the scheduler is mid-run, holding the
// run lock; within 15 s nothing of the process group is left, the lock file is gone and the run is recorded aborted.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { RunHistory } from "../../pipeline/run/history.ts";
import { readLock } from "../../pipeline/run/lock.ts";
import { startScheduler, until, type Scheduler } from "./schedulerProcess.ts";

const STOP_WITHIN_MS = 15_000;
/** npm, tsx's first compile and the sample's first extract, on a busy machine. */
const START_WITHIN_MS = 60_000;

/** Process ids in process group `pgid` that are not zombies, read from /proc. */
function groupMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // ended while listing
    }
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(pgrp) === pgid && state !== "Z") members.push(Number(entry));
  }
  return members;
}

const commandOf = (pid: number) => {
  try {
    return `${pid} ${readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim()}`;
  } catch {
    return `${pid} (ended)`;
  }
};

/** `npm run schedule` with `daily_full_refresh` firing every second (or nothing scheduled). */
function startSignalled(schedules: "every second" | "none"): Scheduler {
  return startScheduler("signals", {
    SCHEDULE_DAILY_FULL_REFRESH_ENABLED: schedules === "every second" ? "true" : "false",
    SCHEDULE_DAILY_FULL_REFRESH_CRON: "* * * * * *",
    SCHEDULE_ECONOMIC_UPDATE_ENABLED: "false",
    SCHEDULE_QUALITY_CHECK_ENABLED: "false",
    SENSOR_BCB_FRESHNESS_ENABLED: "false",
    SENSOR_SOURCE_CHANGE_ENABLED: "false",
  });
}

const schedulerPid = (s: Scheduler) =>
  until(
    () => `the scheduler logs its pid:\n${s.stderr()}`,
    START_WITHIN_MS,
    () => {
      const pid = /scheduler started \(pid (\d+)\)/.exec(s.stderr())?.[1];
      return pid ? Number(pid) : undefined;
    },
  );

/** Waits until a scheduled run holds the run lock, and returns the scheduler's pid. */
async function midRun(s: Scheduler): Promise<number> {
  const pid = await schedulerPid(s);
  await until(
    () => `a scheduled run takes the lock:\n${s.stderr()}`,
    START_WITHIN_MS,
    async () => ((await readLock(s.lockPath).catch(() => undefined))?.pid === pid ? true : undefined),
  );
  return pid;
}

async function expectStoppedCleanly(s: Scheduler): Promise<void> {
  const pgid = s.npm.pid!;
  await until(
    () => `process group ${pgid} is empty (left: ${groupMembers(pgid).map(commandOf).join("; ")})\n${s.stderr()}`,
    STOP_WITHIN_MS,
    () => (groupMembers(pgid).length === 0 ? true : undefined),
  );
  expect(existsSync(s.lockPath), s.stderr()).toBe(false);
  const runs = await new RunHistory(s.historyPath).runs();
  expect(
    runs.map((r) => r.status),
    s.stderr(),
  ).toContain("aborted");
  expect(runs.filter((r) => r.status === "running" || r.status === "queued")).toEqual([]);
  // npm forwards a group signal it received too: that echo must not count as a second "stop now".
  expect(s.stderr()).not.toMatch(/again: exiting/);
}

describe("npm run schedule", () => {
  it("stops mid-run and releases the lock when npm gets SIGTERM", async () => {
    const s = startSignalled("every second");
    await midRun(s);
    process.kill(s.npm.pid!, "SIGTERM");
    await expectStoppedCleanly(s);
  });

  it("stops mid-run and releases the lock when its process group gets SIGTERM", async () => {
    const s = startSignalled("every second");
    await midRun(s);
    process.kill(-s.npm.pid!, "SIGTERM");
    await expectStoppedCleanly(s);
  });

  it("stops mid-run and releases the lock when the scheduler's node process gets SIGTERM", async () => {
    const s = startSignalled("every second");
    const scheduler = await midRun(s);
    process.kill(scheduler, "SIGTERM");
    await expectStoppedCleanly(s);
  });

  it("stops mid-run and releases the lock when npm is killed with -9 (the scheduler notices its parent is gone)", async () => {
    const s = startSignalled("every second");
    await midRun(s);
    process.kill(s.npm.pid!, "SIGKILL");
    await expectStoppedCleanly(s);
    expect(s.stderr()).toMatch(/parent process \d+ ended/);
  });

  it("keeps waiting for a signal with every schedule and sensor off, then exits 0", async () => {
    const s = startSignalled("none");
    const exited = new Promise<number | null>((resolve) => s.npm.on("exit", (code) => resolve(code)));
    const scheduler = await schedulerPid(s);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(groupMembers(s.npm.pid!), s.stderr()).toContain(scheduler);
    process.kill(s.npm.pid!, "SIGTERM");
    expect(await exited, s.stderr()).toBe(0);
    await until(
      () => "the process group is empty",
      STOP_WITHIN_MS,
      () => (groupMembers(s.npm.pid!).length === 0 ? true : undefined),
    );
  });
});

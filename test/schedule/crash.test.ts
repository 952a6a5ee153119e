// Interrupted runs, with real processes: SIGTERM during a step (of a manual run, and of a run started by the
// scheduler) aborts the step cleanly, and kill -9 leaves a lock behind; in every case the previous warehouse and
// site stay byte-identical, and the next `npm run build` recovers the lock and succeeds.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, type Config } from "../../pipeline/config.ts";
import { runPipeline } from "../../pipeline/run/launch.ts";
import { RunHistory, type RunRecord } from "../../pipeline/run/history.ts";
import { readLock } from "../../pipeline/run/lock.ts";
import { ROOT } from "../support/site.ts";
import { sha } from "./support.ts";

/** Builds of one checkout take turns (Framework's cache is shared): under a busy test run this one may wait. */
const SITE_BUILD_TIMEOUT = 300_000;

const work = mkdtempSync(path.join(os.tmpdir(), "schedule-crash-"));
const env: NodeJS.ProcessEnv = {
  ...process.env,
  TZ: "UTC",
  SAMPLE_ORDERS: "1000",
  SAMPLE_SEED: "42",
  SAMPLE_DIR: path.join(work, "sample"),
  WAREHOUSE_PATH: path.join(work, "analytics.duckdb"),
  SITE_OUTPUT: path.join(work, "dist"),
  PIPELINE_LOCK_WAIT_SECONDS: "0",
  LOG_LEVEL: "info",
};
let config: Config;
const PREVIOUS_SITE = "<html><body>the previous site</body></html>";

interface Slow {
  child: ChildProcess;
  started: Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr: () => string;
}

/** The fixture in its own node process (not behind npx), so that the signal reaches the run itself. */
const children: ChildProcess[] = [];

// A fixture whose test failed midway must not go on running its endless query after the test.
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

function startSlow(mode: "job" | "scheduler"): Slow {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "test/schedule/fixtures/slowRun.ts"), mode], { cwd: ROOT, env });
  children.push(child);
  let stderr = "";
  const started = new Promise<void>((resolve, reject) => {
    child.stderr!.on("data", (chunk) => {
      stderr += chunk;
      if (stderr.includes("SLOW STEP STARTED")) resolve();
    });
    child.on("exit", () => reject(new Error(`fixture exited before its slow step:\n${stderr}`)));
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  return { child, started, exited, stderr: () => stderr };
}

const state = () => ({ warehouse: sha(config.warehousePath), site: readFileSync(path.join(config.siteOutput, "index.html"), "utf8") });
const lastRun = async (): Promise<RunRecord> => (await new RunHistory(config.schedule.historyPath).runs()).at(-1)!;
const stepStates = (run: RunRecord) => run.steps.map((s) => `${s.step}:${s.status}`);

beforeAll(async () => {
  config = loadConfig(env);
  await runPipeline({ config });
  mkdirSync(config.siteOutput, { recursive: true });
  writeFileSync(path.join(config.siteOutput, "index.html"), PREVIOUS_SITE);
});

describe("an interrupted run", () => {
  it("stops at SIGTERM during a step: aborted, lock released, previous warehouse and site untouched", async () => {
    const before = state();
    const slow = startSlow("job");
    await slow.started;
    const sent = Date.now();
    slow.child.kill("SIGTERM");
    const exit = await slow.exited;
    expect(exit.code, slow.stderr()).toBe(143);
    expect(Date.now() - sent).toBeLessThan(10_000);
    expect(state()).toEqual(before);
    expect(existsSync(config.schedule.lockPath)).toBe(false);
    expect(existsSync(`${config.warehousePath}.next`)).toBe(false);
    const run = await lastRun();
    expect(run.status).toBe("aborted");
    expect(stepStates(run)).toEqual([
      "extract:success",
      "indicators:success",
      "models:success",
      "report:success",
      "slow:aborted",
      "tests:aborted",
      "site:aborted",
    ]);
    expect(run.steps.find((s) => s.step === "slow")!.error).toMatch(/SIGTERM|interrupt/i);
    // What succeeded is kept aside for `retry`, never in place of the live warehouse.
    expect(run.checkpoint && existsSync(run.checkpoint)).toBe(true);
  });

  it("under the scheduler, stops at SIGTERM: the run is aborted, nothing else starts, the process exits 0", async () => {
    const before = state();
    const slow = startSlow("scheduler");
    await slow.started;
    // Let the every-second schedule fire at least once during the run before stopping it.
    for (let waited = 0; !/in progress; not queuing another/.test(slow.stderr()) && waited < 15_000; waited += 100) {
      await new Promise((r) => setTimeout(r, 100));
    }
    slow.child.kill("SIGTERM");
    const exit = await slow.exited;
    expect(exit.code, slow.stderr()).toBe(0);
    expect(state()).toEqual(before);
    expect(existsSync(config.schedule.lockPath)).toBe(false);
    const runs = (await new RunHistory(config.schedule.historyPath).runs()).filter((r) => r.trigger === "schedule:every_second");
    // The schedule fired every second while the run went on; those triggers overlapped it and made no run.
    expect(runs.map((r) => r.status)).toEqual(["aborted"]);
    expect(slow.stderr()).toMatch(/in progress; not queuing another/);
  });

  it("killed with -9 leaves its lock behind; the next `npm run build` recovers it and succeeds", { timeout: SITE_BUILD_TIMEOUT }, async () => {
    const before = state();
    const slow = startSlow("job");
    await slow.started;
    slow.child.kill("SIGKILL");
    expect((await slow.exited).signal).toBe("SIGKILL");
    expect(state()).toEqual(before);
    const left = await readLock(config.schedule.lockPath);
    expect(left?.pid).toBe(slow.child.pid);
    const killedRun = left!.runId!;

    const { stderr } = await promisify(execFile)("npm", ["run", "build"], { cwd: ROOT, env, maxBuffer: 64 * 1024 * 1024 });
    expect(stderr).toMatch(/recovering a stale run lock/);
    const runs = await new RunHistory(config.schedule.historyPath).runs();
    expect(runs.find((r) => r.runId === killedRun)).toMatchObject({ status: "crashed", error: expect.stringMatching(/killed or crashed/) });
    expect(runs.at(-1)).toMatchObject({ job: "build", status: "success" });
    expect(existsSync(config.schedule.lockPath)).toBe(false);
    // The site was rebuilt and swapped in; the data steps had nothing new to do.
    expect(state().site).not.toBe(PREVIOUS_SITE);
    expect(readFileSync(path.join(config.siteOutput, "pages", "en", "index.html"), "utf8")).toMatch(/<html lang="en">/);
    expect(existsSync(`${config.siteOutput}.next`)).toBe(false);
  });
});

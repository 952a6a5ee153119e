// What the tests of the real `npm run schedule` share: starting it in its own process group on a scratch
// warehouse, polling for what it does, and killing whatever is left of the group after each test.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach } from "vitest";
import { ROOT } from "../support/site.ts";

export interface Scheduler {
  npm: ChildProcess;
  work: string;
  lockPath: string;
  historyPath: string;
  stderr: () => string;
}

const started: Scheduler[] = [];

afterEach(() => {
  for (const s of started.splice(0)) {
    try {
      process.kill(-s.npm.pid!, "SIGKILL");
    } catch {
      // the group is already gone
    }
    rmSync(s.work, { recursive: true, force: true });
  }
});

/** `npm run schedule` in its own process group, on a 1,000-order sample in a temp directory, with `env` on top. */
export function startScheduler(name: string, env: NodeJS.ProcessEnv): Scheduler {
  const work = mkdtempSync(path.join(os.tmpdir(), `ops-${name}-`));
  const npm = spawn("npm", ["run", "--silent", "schedule"], {
    cwd: ROOT,
    env: {
      ...process.env,
      TZ: "UTC",
      LOG_LEVEL: "info",
      WAREHOUSE_PATH: path.join(work, "analytics.duckdb"),
      SAMPLE_ORDERS: "1000",
      SAMPLE_DIR: path.join(work, "sample"),
      SITE_OUTPUT: path.join(work, "dist"),
      SITE_NOTEBOOKS: "0",
      ...env,
    },
    detached: true,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  npm.stderr!.on("data", (chunk) => (stderr += chunk));
  const s = { npm, work, lockPath: path.join(work, "analytics.lock"), historyPath: path.join(work, "analytics.history.jsonl"), stderr: () => stderr };
  started.push(s);
  return s;
}

/** Polls `probe` every 100 ms until it gives a value; `what` describes the wait when it times out, as things are then. */
export async function until<T>(what: () => string, withinMs: number, probe: () => T | undefined | Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not within ${withinMs / 1000} s: ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

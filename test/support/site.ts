// Builds the site once per test run with the real `npm run build` on a small sample, shared by every test file
// that needs it (a lock directory keeps parallel test files from building twice).
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { loadConfig } from "../../pipeline/config.ts";
import { sampleDirFor } from "../../pipeline/extract/sampleSource.ts";

const run = promisify(execFile);

export const ROOT = path.resolve(import.meta.dirname, "..", "..");
export const ARTIFACTS = path.join(ROOT, "test-results");

export interface BuiltSite {
  dist: string;
  warehouse: string;
  sampleDir: string;
  env: NodeJS.ProcessEnv;
  buildLog: string;
}

export const SITE_ORDERS = Number(process.env.TEST_SITE_ORDERS ?? 3000);

export function siteEnv(work: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    TZ: "UTC",
    SAMPLE_ORDERS: String(SITE_ORDERS),
    SAMPLE_SEED: "42",
    SAMPLE_DIR: path.join(work, "sample"),
    WAREHOUSE_PATH: path.join(work, "analytics.duckdb"),
    SITE_OUTPUT: path.join(work, "dist"),
    LOG_LEVEL: "info",
    SITE_NOTEBOOKS: "1",
  };
}

async function sleep(ms: number) {
  await new Promise((r) => setTimeout(r, ms));
}

/** Sites of test runs that ended long ago (no test run lasts hours). */
function pruneOldSites(dir: string, maxAgeMs = 3 * 3600_000): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir)) {
    const file = path.join(dir, entry);
    if (Date.now() - statSync(file).mtimeMs > maxAgeMs) rmSync(file, { recursive: true, force: true });
  }
}

/** The built site of this test run; the first caller builds it, the others wait. */
export async function builtSite(): Promise<BuiltSite> {
  const runId = process.env.VITEST_RUN_ID ?? String(process.ppid);
  // One directory per test run: a test run started meanwhile in the same checkout (another engineer's) must not
  // delete and rebuild the site this run's browsers are reading.
  const work = path.join(ARTIFACTS, "sites", runId);
  const lock = `${work}.lock`;
  const done = path.join(work, "build.log");
  const env = siteEnv(work);
  const result = (): BuiltSite => ({
    dist: env.SITE_OUTPUT!,
    warehouse: env.WAREHOUSE_PATH!,
    sampleDir: sampleDirFor(loadConfig(env)),
    env,
    buildLog: readFileSync(done, "utf8"),
  });
  mkdirSync(path.dirname(work), { recursive: true });
  for (;;) {
    if (existsSync(done) && readFileSync(path.join(work, "run-id"), "utf8") === runId) return result();
    try {
      mkdirSync(lock);
    } catch {
      await sleep(500);
      continue;
    }
    try {
      pruneOldSites(path.dirname(work));
      rmSync(work, { recursive: true, force: true });
      mkdirSync(work, { recursive: true });
      writeFileSync(path.join(work, "run-id"), runId);
      const { stdout, stderr } = await run("npm", ["run", "build"], { cwd: ROOT, env, maxBuffer: 64 * 1024 * 1024 });
      writeFileSync(done, `${stdout}\n${stderr}`);
      return result();
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}

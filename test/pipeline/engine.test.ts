// The command a user types with a warehouse engine that can't be used: it fails at once, says what to set,
// and writes nothing (no DuckDB file, no lock, no run history) rather than quietly building DuckDB instead.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../pipeline/config.ts";

const run = promisify(execFile);

/** `npm run pipeline -- run` in `env`: how it failed (undefined when it did not) and how long it took. */
async function pipelineRun(env: NodeJS.ProcessEnv): Promise<{ failure: { code: number; stderr: string } | undefined; seconds: number }> {
  const started = performance.now();
  const failure = await run("npm", ["run", "--silent", "pipeline", "--", "run"], { cwd: PROJECT_ROOT, env }).then(
    () => undefined,
    (error: { code: number; stderr: string }) => error,
  );
  return { failure, seconds: (performance.now() - started) / 1000 };
}

describe("WAREHOUSE_ENGINE=bigquery without its settings", () => {
  it("exits non-zero within seconds naming BIGQUERY_PROJECT, and creates nothing", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "engine-"));
    const env = {
      ...process.env,
      WAREHOUSE_ENGINE: "bigquery",
      BIGQUERY_PROJECT: "",
      WAREHOUSE_PATH: path.join(dir, "analytics.duckdb"),
      SAMPLE_DIR: path.join(dir, "sample"),
      SAMPLE_ORDERS: "1000",
    };
    const { failure, seconds } = await pipelineRun(env);
    expect(failure, "the run should have failed").toBeDefined();
    expect(failure!.code).not.toBe(0);
    expect(failure!.stderr).toMatch(/Configuration error: WAREHOUSE_ENGINE=bigquery needs BIGQUERY_PROJECT/);
    expect(seconds).toBeLessThan(30);
    expect(readdirSync(dir)).toEqual([]);
    expect(existsSync(env.WAREHOUSE_PATH)).toBe(false);
  });

  it("with a project but no usable credentials, exits within 30 s naming what to set, and writes nothing", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "engine-"));
    const env = {
      ...process.env,
      WAREHOUSE_ENGINE: "bigquery",
      BIGQUERY_PROJECT: "some-project",
      BIGQUERY_EMULATOR_HOST: "",
      GOOGLE_APPLICATION_CREDENTIALS: path.join(dir, "missing-key.json"),
      WAREHOUSE_PATH: path.join(dir, "analytics.duckdb"),
      SAMPLE_DIR: path.join(dir, "sample"),
      SAMPLE_ORDERS: "1000",
    };
    const { failure, seconds } = await pipelineRun(env);
    expect(failure, "the run should have failed").toBeDefined();
    expect(failure!.code).not.toBe(0);
    expect(failure!.stderr).toMatch(/Configuration error: .*no usable Google credentials.*GOOGLE_APPLICATION_CREDENTIALS.*BIGQUERY_EMULATOR_HOST/);
    expect(seconds).toBeLessThan(30);
    expect(readdirSync(dir)).toEqual([]);
  });
});

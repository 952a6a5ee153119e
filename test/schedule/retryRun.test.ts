// `retry <run-id>`: a failed daily_full_refresh resumes from its failed step on the warehouse it kept aside (the
// steps that succeeded are not run again), while a retry after the warehouse moved on runs every step again.
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import type { Config } from "../../pipeline/config.ts";
import { PipelineError, runPipeline } from "../../pipeline/run/launch.ts";
import { SCHEDULE_COMMANDS } from "../../pipeline/cli/schedule.ts";
import { RunHistory } from "../../pipeline/run/history.ts";
import { retryRun, runJob } from "../../pipeline/schedule/jobs.ts";
import { openAt } from "../support/warehouse.ts";
import { ROOT } from "../support/site.ts";
import { scratchConfig, sha } from "./support.ts";

/** Builds of one checkout take turns (Framework's cache is shared): under a busy test run this one may wait. */
const SITE_BUILD_TIMEOUT = 300_000;

/** The configuration with a copy of the BCB snapshot whose IPCA file is broken (and a way to mend it). */
function withBrokenSnapshot(name: string) {
  const base = scratchConfig(name);
  const good = path.join(ROOT, "data", "bcb");
  const dir = path.join(path.dirname(base.warehousePath), "bcb");
  cpSync(good, dir, { recursive: true });
  writeFileSync(path.join(dir, "sgs-433.json"), "<html>maintenance</html>");
  const config: Config = { ...base, bcbSnapshotDir: dir };
  return { config, mend: () => cpSync(path.join(good, "sgs-433.json"), path.join(dir, "sgs-433.json")) };
}

async function loadRunIds(config: Config): Promise<string[]> {
  const w = await openAt(config.warehousePath, { readOnly: true });
  try {
    return (await w.query<{ run_id: string }>("select distinct run_id from meta.loads order by 1")).map((r) => r.run_id);
  } finally {
    await w.close();
  }
}

async function command(name: string, config: Config, positionals: string[]): Promise<{ code: number; out: string }> {
  const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  try {
    const code = (await SCHEDULE_COMMANDS.find((c) => c.name === name)!.run({ config, values: {}, positionals })) ?? 0;
    return { code, out: write.mock.calls.map((c) => String(c[0])).join("") };
  } finally {
    write.mockRestore();
  }
}

describe("retry <run-id>", () => {
  it("resumes a failed daily run from the failed step, reusing what its extraction loaded", { timeout: SITE_BUILD_TIMEOUT }, async () => {
    const { config, mend } = withBrokenSnapshot("resume");
    mkdirSync(config.siteOutput, { recursive: true });
    writeFileSync(path.join(config.siteOutput, "index.html"), "the previous site");
    const failed = await runJob(config, "daily_full_refresh");
    expect(failed.steps.map((s) => `${s.step}:${s.status}`)).toEqual([
      "extract:success",
      "indicators:failed",
      "models:upstream_failed",
      "report:upstream_failed",
      "tests:upstream_failed",
      "site:upstream_failed",
    ]);
    expect(existsSync(config.warehousePath)).toBe(false); // there was none, and a failed run publishes nothing
    expect(readFileSync(path.join(config.siteOutput, "index.html"), "utf8")).toBe("the previous site");

    const status = await command("status", config, [failed.runId]);
    expect(status.out).toMatch(/✗ indicators/);
    expect(status.out).toMatch(new RegExp(`retry ${failed.runId}`));

    mend();
    const retried = await command("retry", config, [failed.runId]);
    expect(retried.code, retried.out).toBe(0);
    const runs = await new RunHistory(config.schedule.historyPath).runs();
    const retry = runs.at(-1)!;
    expect(retry).toMatchObject({ job: "daily_full_refresh", status: "success", parentRunId: failed.runId, trigger: `retry:${failed.runId}` });
    expect(retry.steps.map((s) => `${s.step}:${s.status}`)).toEqual([
      "extract:skipped",
      "indicators:success",
      "models:success",
      "report:success",
      "tests:success",
      "site:success",
    ]);
    expect(retry.steps[0].note).toBe(`done in run ${failed.runId}`);
    // The raw tables are the ones the failed run loaded: extraction did not run again.
    expect(await loadRunIds(config)).toEqual([failed.runId]);
    expect(readFileSync(path.join(config.siteOutput, "pages", "en", "index.html"), "utf8")).toMatch(/<html lang="en">/);
    // The kept warehouse was used up.
    expect(existsSync(`${config.warehousePath}.failed-${failed.runId}`)).toBe(false);
  });

  it("runs every step again when the warehouse changed since the failed run started", async () => {
    const { config, mend } = withBrokenSnapshot("moved-on");
    const failing = runPipeline({ config });
    await expect(failing).rejects.toThrow(PipelineError);
    const failedId = ((await failing.catch((e: PipelineError) => e)) as PipelineError).report.runId;
    mend();
    await runPipeline({ config }); // another run succeeds meanwhile
    const before = sha(config.warehousePath);
    const report = await retryRun(config, failedId);
    expect(report.status).toBe("success");
    expect(report.steps.map((s) => `${s.step}:${s.status}`)).toEqual([
      "extract:success",
      "indicators:success",
      "models:success",
      "report:success",
      "tests:success",
    ]);
    expect(sha(config.warehousePath)).not.toBe(before);
    expect(await loadRunIds(config)).toContain(report.runId);
  });

  it("refuses runs that did not fail, and names unknown ones", async () => {
    const config = scratchConfig("refuse");
    const ok = await runPipeline({ config, steps: ["extract"] });
    await expect(retryRun(config, ok.runId)).rejects.toThrow(/is success; only failed, aborted or crashed runs can be retried/);
    await expect(retryRun(config, "20990101T000000-000000")).rejects.toThrow(/No run 20990101T000000-000000 .*status/);
  });
});

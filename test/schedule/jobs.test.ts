// The jobs end to end on the embedded sample: economic_update fetches the BCB series live (a local stand-in for
// the API), rebuilds only the models that read them, tests those, and publishes a new site; quality_check runs
// every data test against the live warehouse and records the results in the history without replacing it.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../pipeline/config.ts";
import { runPipeline } from "../../pipeline/run/launch.ts";
import { RunHistory } from "../../pipeline/run/history.ts";
import { runJob } from "../../pipeline/schedule/jobs.ts";
import { openAt } from "../support/warehouse.ts";
import { startFakeSgsServer, type FakeSgsServer } from "../extract/bcb/fakeSgsServer.ts";
import { ROOT } from "../support/site.ts";
import { scratchConfig, sha } from "./support.ts";

/** Builds of one checkout take turns (Framework's cache is shared): under a busy test run this one may wait. */
const SITE_BUILD_TIMEOUT = 300_000;

let config: Config;
let server: FakeSgsServer;
let fullTestCount = 0;
const NEW_SELIC = { data: "14/04/2026", valor: "14.50" };

async function query<T extends Record<string, unknown>>(sql: string): Promise<T[]> {
  const w = await openAt(config.warehousePath, { readOnly: true });
  try {
    return (await w.query(sql)) as T[];
  } finally {
    await w.close();
  }
}

beforeAll(async () => {
  const snapshot = (id: number) => JSON.parse(readFileSync(path.join(ROOT, "data", "bcb", `sgs-${id}.json`), "utf8"));
  server = await startFakeSgsServer({ 1: snapshot(1), 433: snapshot(433), 432: [...snapshot(432), NEW_SELIC] });
  const base = scratchConfig("jobs");
  const bcb = path.join(path.dirname(base.warehousePath), "bcb");
  cpSync(path.join(ROOT, "data", "bcb"), bcb, { recursive: true });
  config = { ...base, bcbApiUrl: server.baseUrl, bcbSnapshotDir: bcb };
  const first = await runPipeline({ config });
  fullTestCount = first.steps.find((s) => s.step === "tests")!.rows!;
  mkdirSync(config.siteOutput, { recursive: true });
  writeFileSync(path.join(config.siteOutput, "index.html"), "the previous site");
});

afterAll(async () => {
  await server?.close();
});

describe("economic_update", () => {
  it("loads the new BCB observation, rebuilds only the models reading BCB, tests them and publishes the site", { timeout: SITE_BUILD_TIMEOUT }, async () => {
    const report = await runJob(config, "economic_update");
    expect(report.status).toBe("success");
    expect(report.steps.map((s) => `${s.step}:${s.status}`)).toEqual([
      "indicators:success",
      "models:success",
      "report:success",
      "tests:success",
      "site:success",
    ]);
    // Live mode asked the API and merged the answer into the snapshot and the warehouse.
    expect(server.requests.filter((r) => r.seriesId === 432).length).toBeGreaterThan(0);
    expect(readFileSync(path.join(config.bcbSnapshotDir, "sgs-432.json"), "utf8")).toContain('"14/04/2026"');
    const [selic] = await query<{ value: number }>("select value from raw.bcb_observations where series_id = 432 and observed_on = date '2026-04-14'");
    expect(selic.value).toBe(14.5);
    // Models that read only Olist tables were not rebuilt; the BCB staging model and the marts using it were.
    const built = (await query<{ model: string }>(`select model from meta.model_runs where run_id = '${report.runId}'`)).map((r) => r.model);
    expect(built).toEqual(expect.arrayContaining(["stg_bcb_indicators", "fct_orders_with_economics", "fct_monthly_economics"]));
    for (const olistOnly of ["stg_orders", "stg_customers", "base_orders", "stg_sellers"]) expect(built).not.toContain(olistOnly);
    // Tests of those models only: fewer than a full run, none of them on sources.
    const run = (await new RunHistory(config.schedule.historyPath).run(report.runId))!;
    const tests = run.steps.find((s) => s.step === "tests")!.tests!;
    expect(tests.total).toBeGreaterThan(0);
    expect(tests.total).toBeLessThan(fullTestCount);
    expect(tests.failed).toBe(0);
    expect(run).toMatchObject({ job: "economic_update", trigger: "manual", status: "success" });
    // The pages' own run log (meta.runs) has the run: it was written before the site was built from the warehouse.
    expect((await query<{ run_id: string }>("select run_id from meta.runs")).map((r) => r.run_id)).toContain(report.runId);
    // The new site replaced the previous one.
    expect(readFileSync(path.join(config.siteOutput, "pages", "en", "index.html"), "utf8")).toMatch(/<html lang="en">/);
  });
});

describe("quality_check", () => {
  it("runs every data test and records the results without replacing the warehouse", async () => {
    const before = sha(config.warehousePath);
    const report = await runJob(config, "quality_check");
    expect(report.status).toBe("success");
    expect(sha(config.warehousePath)).toBe(before);
    const run = (await new RunHistory(config.schedule.historyPath).run(report.runId))!;
    expect(run.steps.map((s) => s.step)).toEqual(["tests"]);
    expect(run.steps[0].tests).toMatchObject({ total: fullTestCount, failed: 0 });
  });

  it("records failing tests in the history, and still leaves the warehouse alone", async () => {
    const w = await openAt(config.warehousePath);
    await w.exec("insert into marts.fct_orders_with_economics select * from marts.fct_orders_with_economics limit 1");
    await w.close();
    const before = sha(config.warehousePath);
    const report = await runJob(config, "quality_check");
    expect(report.status).toBe("failed");
    expect(sha(config.warehousePath)).toBe(before);
    const run = (await new RunHistory(config.schedule.historyPath).run(report.runId))!;
    expect(run.checkpoint).toBeNull();
    expect(run.steps[0].status).toBe("failed");
    expect(run.steps[0].attempts).toBe(1); // data tests are not retried
    expect(run.steps[0].error).toMatch(/fct_orders_with_economics\.order_id: unique failed on 1 row/);
  });
});

// Alerts against a webhook of the test's own on 127.0.0.1: delivery when it is down, slow, failing (500), rate
// limited (429 with Retry-After) and fine; what each kind of webhook receives; and, on a real warehouse, a
// scheduled quality_check that fails because a data test is broken posts exactly one alert, the run after the
// fix exactly one recovery, and a webhook that is down changes nothing in the run's result.
import { spawn } from "node:child_process";
import { copyFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT, type Config } from "../../pipeline/config.ts";
import { alertLog, alertsFor, deliver, lastAlert, payloadFor, scrubAlert, type Alert } from "../../pipeline/run/alerts.ts";
import { RunHistory, newRunRecord, pendingStep, type RunRecord } from "../../pipeline/run/history.ts";
import { runPipeline, type RunReport } from "../../pipeline/run/launch.ts";
import { runJob } from "../../pipeline/schedule/jobs.ts";
import { openAt } from "../support/warehouse.ts";
import { scratchConfig } from "../schedule/support.ts";

interface Answer {
  status: number;
  delayMs?: number;
  headers?: Record<string, string>;
}

/** A webhook that answers each request with the next scripted answer (then 200), and keeps the bodies. */
class Webhook {
  readonly bodies: unknown[] = [];
  answers: Answer[] = [];
  private server = http.createServer((req, res) => {
    let text = "";
    req.on("data", (chunk) => (text += chunk));
    req.on("end", () => {
      this.bodies.push(JSON.parse(text));
      const answer = this.answers.shift() ?? { status: 200 };
      const timer = setTimeout(() => {
        res.writeHead(answer.status, answer.headers);
        res.end("ok");
      }, answer.delayMs ?? 0);
      res.on("close", () => clearTimeout(timer));
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/services/T000/B000/sEcReTtOkEn`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** A URL on which nothing listens: a port that was free a moment ago. */
async function downUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/hook/sEcReTtOkEn`;
}

const waits: number[] = [];
const recordSleep = async (ms: number) => void waits.push(ms);
const settings = { timeoutMs: 300, maxAttempts: 3 };
const body = { text: "hello" };

describe("delivery", () => {
  let hook: Webhook;
  let url: string;
  beforeAll(async () => {
    hook = new Webhook();
    url = await hook.start();
  });
  afterAll(() => hook.close());

  it("gives up on a webhook that is down after its attempts, with backoff between them, and no token in the error", async () => {
    waits.length = 0;
    const down = await downUrl();
    const result = await deliver(down, body, settings, { sleep: recordSleep, random: () => 0.5 });
    expect(result).toMatchObject({ delivered: false, attempts: 3 });
    expect(result.error).toMatch(/fetch failed|ECONNREFUSED/);
    expect(result.error).not.toContain("sEcReTtOkEn");
    // 1 s then 2 s (the jitter at its midpoint): growing waits, as backoffDelay gives them.
    expect(result.delaysMs).toEqual([1000, 2000]);
    expect(waits).toEqual([1000, 2000]);
  });

  it("times out each attempt on a webhook that answers too late", async () => {
    hook.bodies.length = 0;
    hook.answers = [
      { status: 200, delayMs: 2_000 },
      { status: 200, delayMs: 2_000 },
    ];
    const result = await deliver(url, body, { timeoutMs: 200, maxAttempts: 2 }, { sleep: recordSleep });
    expect(result).toMatchObject({ delivered: false, attempts: 2, error: "no answer within 200 ms" });
    expect(hook.bodies).toHaveLength(2);
  });

  it("retries a 500 and delivers on the next attempt", async () => {
    hook.bodies.length = 0;
    hook.answers = [{ status: 500 }];
    const result = await deliver(url, body, settings, { sleep: recordSleep, random: () => 0.5 });
    expect(result).toEqual({ delivered: true, attempts: 2, delaysMs: [1000], error: null });
    expect(hook.bodies).toEqual([body, body]);
  });

  it("waits the Retry-After of a 429, then delivers", async () => {
    hook.bodies.length = 0;
    hook.answers = [{ status: 429, headers: { "retry-after": "3" } }];
    const result = await deliver(url, body, settings, { sleep: recordSleep, random: () => 0 });
    expect(result).toEqual({ delivered: true, attempts: 2, delaysMs: [3000], error: null });
  });

  it("caps a long Retry-After, and does not retry a 400", async () => {
    hook.answers = [{ status: 429, headers: { "retry-after": "3600" } }, { status: 400 }];
    const result = await deliver(url, body, settings, { sleep: recordSleep });
    expect(result).toEqual({ delivered: false, attempts: 2, delaysMs: [5000], error: "HTTP 400" });
  });

  it("makes no attempt that would end after the run's time budget", async () => {
    hook.bodies.length = 0;
    const result = await deliver(url, body, settings, { deadline: Date.now() - 1 });
    expect(result.delivered).toBe(false);
    expect(result.attempts).toBe(0);
    expect(hook.bodies).toHaveLength(0);
  });
});

describe("messages", () => {
  const alert: Alert = {
    event: "run_failed",
    job: "quality_check",
    runId: "r1",
    status: "failed",
    title: "quality_check run r1 failed",
    details: ["step extract failed: could not connect to postgres://olist:hunter2@db.internal:5432/olist"],
    keys: [],
  };

  it("posts Slack {text}, a Teams card, or plain JSON by the webhook's host, with passwords removed", () => {
    const at = "2026-01-01T00:00:00.000Z";
    const slack = payloadFor(alert, "https://hooks.slack.com/services/T/B/x", at) as { text: string };
    expect(Object.keys(slack)).toEqual(["text"]);
    expect(slack.text).toMatch(/^quality_check run r1 failed\n• step extract failed/);
    expect(payloadFor(alert, "https://contoso.webhook.office.com/webhookb2/x", at)).toMatchObject({ "@type": "MessageCard", title: alert.title });
    expect(payloadFor(alert, "https://prod-01.westus.logic.azure.com/workflows/x", at)).toMatchObject({ type: "message" });
    expect(payloadFor(alert, "https://example.org/hook", at)).toMatchObject({ event: "run_failed", job: "quality_check", runId: "r1", status: "failed" });
    for (const url of ["https://hooks.slack.com/x", "https://a.webhook.office.com/x", "https://b.logic.azure.com/x", "https://example.org/x"]) {
      const text = JSON.stringify(payloadFor(alert, url, at));
      expect(text).not.toContain("hunter2");
      expect(text).toContain("db.internal");
    }
  });

  it("cuts the source and webhook URLs and the checkout's and warehouse's directories from what is sent", () => {
    const config = {
      sourceDatabaseUrl: "postgres://olist@db.internal/olist?sslmode=require",
      warehousePath: "/srv/olist/warehouse/analytics.duckdb",
      alerts: { webhookUrl: "https://hooks.slack.com/services/T/B/sEcReT", logPath: "", timeoutMs: 1, maxAttempts: 1 },
    };
    const scrubbed = scrubAlert(
      {
        ...alert,
        details: [
          "could not read /srv/olist/warehouse/analytics.duckdb.stage-r1/x.duckdb",
          `Binder Error in ${path.join(PROJECT_ROOT, "models", "marts", "a.sql")}`,
          "extract: connect postgres://olist@db.internal/olist?sslmode=require refused; posted to https://hooks.slack.com/services/T/B/sEcReT",
        ],
      },
      config,
    );
    expect(scrubbed.details).toEqual([
      "could not read analytics.duckdb.stage-r1/x.duckdb",
      `Binder Error in ${path.join("models", "marts", "a.sql")}`,
      "extract: connect (redacted) refused; posted to (redacted)",
    ]);
  });

  const run = (runId: string, status: RunRecord["status"], fields: Partial<RunRecord> = {}): RunRecord =>
    newRunRecord({ runId, job: "economic_update", trigger: "manual", status, startedAt: runId, finishedAt: runId, ...fields });
  const testsStep = (ids: string[]) => ({
    ...pendingStep("tests", null, "success"),
    tests: {
      total: 5,
      passed: 5 - ids.length,
      failed: 0,
      warned: ids.length,
      failures: ids.map((id) => ({ id, severity: "warn", status: "warn", failures: 1, message: `${id} warned` })),
    },
  });

  it("says warn-level tests only when they newly fail, compared with the job's previous tested run", () => {
    const a = run("1", "success", { steps: [testsStep(["t1"])] });
    const b = run("2", "failed", { steps: [{ ...pendingStep("tests", null, "failed"), error: "boom" }] });
    const c = run("3", "success", { steps: [testsStep(["t1", "t2"])] });
    const events = alertsFor(c, [a, b, c], new Set());
    expect(events.map((e) => e.event)).toEqual(["recovered", "tests_warn"]);
    expect(events[1].details).toEqual(["t2 warned"]);
    expect(alertsFor(a, [a], new Set()).map((e) => e.event)).toEqual(["tests_warn"]);
    expect(alertsFor(run("4", "success", { steps: [testsStep(["t1"])] }), [a, run("4", "success", { steps: [testsStep(["t1"])] })], new Set())).toEqual([]);
  });

  it("says a stale series once per event: its key (series, last date) is not sent again once delivered", () => {
    const indicators = {
      ...pendingStep("indicators", null, "success"),
      warnings: ["ipca: IPCA, % change in the month (series 433) is as of 2025-05-01, 200 days before 2026-01-01 (limit 45)"],
    };
    const r = run("5", "success", { steps: [indicators], runKeys: ["bcb-stale:1:2025-06-11"] });
    const [stale] = alertsFor(r, [r], new Set());
    expect(stale).toMatchObject({ event: "bcb_stale", keys: ["bcb-stale:1:2025-06-11", "bcb-stale:433:2025-05-01"] });
    expect(alertsFor(r, [r], new Set(["bcb-stale:433:2025-05-01"]))[0].keys).toEqual(["bcb-stale:1:2025-06-11"]);
    expect(alertsFor(r, [r], new Set(stale.keys))).toEqual([]);
  });
});

describe("a scheduled job on a real warehouse", () => {
  let base: Config;
  let hook: Webhook;
  let url: string;
  let good: string;
  const withHook = (webhookUrl: string, logName: string): Config => ({
    ...base,
    alerts: { ...base.alerts, webhookUrl, logPath: `${base.warehousePath}.${logName}.jsonl`, maxAttempts: 2 },
  });
  const scheduled = (config: Config) => runJob(config, "quality_check", { trigger: "schedule:hourly_quality_check" });

  async function breakUniqueTest(): Promise<void> {
    const w = await openAt(base.warehousePath);
    await w.exec("insert into marts.fct_orders_with_economics select * from marts.fct_orders_with_economics limit 1");
    await w.close();
  }
  const restore = () => copyFileSync(good, base.warehousePath);
  const comparable = (r: RunReport) => ({
    status: r.status,
    job: r.job,
    steps: r.steps.map((s) => ({ step: s.step, status: s.status, attempts: s.attempts, error: s.error, rows: s.rows, warnings: s.warnings })),
  });

  beforeAll(async () => {
    base = scratchConfig("alerts");
    await runPipeline({ config: base });
    good = `${base.warehousePath}.good`;
    copyFileSync(base.warehousePath, good);
    hook = new Webhook();
    url = await hook.start();
  }, 300_000);
  afterAll(() => hook?.close());

  it("posts exactly one alert when a data test is broken, and exactly one recovery after the fix", { timeout: 120_000 }, async () => {
    const config = withHook(url, "alerts");
    expect((await scheduled(config)).status).toBe("success");
    const baseline = hook.bodies.length;
    // Mutation: a duplicated order breaks the error-level unique test on fct_orders_with_economics.order_id.
    await breakUniqueTest();
    const failed = await scheduled(config);
    expect(failed.status).toBe("failed");
    const sent = hook.bodies.slice(baseline) as { event: string; runId: string; status: string; details: string[] }[];
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ event: "run_failed", runId: failed.runId, status: "failed" });
    expect(sent[0].details.join("\n")).toMatch(/fct_orders_with_economics\.order_id: unique failed on 1 row/);

    restore();
    const fixed = await scheduled(config);
    expect(fixed.status).toBe("success");
    const after = hook.bodies.slice(baseline + 1) as { event: string; runId: string }[];
    expect(after).toEqual([expect.objectContaining({ event: "recovered", runId: fixed.runId })]);
    // A further good run is no news.
    await scheduled(config);
    expect(hook.bodies).toHaveLength(baseline + 2);
    expect(await lastAlert(config)).toMatchObject({ event: "recovered", runId: fixed.runId, delivered: true, attempts: 1 });
    const serialized = JSON.stringify(hook.bodies);
    expect(serialized).not.toContain(path.dirname(base.warehousePath));
    expect(serialized).not.toContain(PROJECT_ROOT);
  });

  it("leaves a run's report and recorded status the same when the webhook is down", { timeout: 120_000 }, async () => {
    const down = withHook(await downUrl(), "down");
    await breakUniqueTest();
    const without = await scheduled(base);
    const withDown = await scheduled(down);
    restore();
    expect(comparable(withDown)).toEqual(comparable(without));
    expect(withDown.status).toBe("failed");
    const history = new RunHistory(base.schedule.historyPath);
    expect((await history.run(withDown.runId))?.status).toBe("failed");
    const log = await alertLog(down);
    expect(log).toEqual([expect.objectContaining({ event: "run_failed", runId: withDown.runId, delivered: false, attempts: 2 })]);
    expect(log[0].error).not.toContain("sEcReTtOkEn");
    // And a good run still succeeds.
    expect((await scheduled(down)).status).toBe("success");
  });

  it("says a run whose process died (recorded crashed by the next launch), and the recovery that launch is", { timeout: 120_000 }, async () => {
    const config = withHook(url, "crashed");
    expect((await scheduled(config)).status).toBe("success");
    const child = spawn(process.execPath, ["-e", ""]);
    const deadPid = await new Promise<number>((resolve) => child.on("exit", () => resolve(child.pid!)));
    const history = new RunHistory(base.schedule.historyPath);
    // Started after the baseline: the job's latest run, as a scheduler killed mid-run leaves it.
    const startedAt = new Date().toISOString();
    await history.append(
      newRunRecord({
        runId: "20200101T000000-dead00",
        job: "quality_check",
        trigger: "schedule:hourly_quality_check",
        status: "running",
        pid: deadPid,
        startedAt,
      }),
    );
    const before = hook.bodies.length;
    const report = await scheduled(config);
    expect(report.status).toBe("success");
    expect(hook.bodies.slice(before)).toEqual([
      expect.objectContaining({ event: "run_failed", runId: "20200101T000000-dead00", status: "crashed" }),
      expect.objectContaining({ event: "recovered", runId: report.runId }),
    ]);
    // Said once: the next launch does not repeat it.
    await scheduled(config);
    expect(hook.bodies).toHaveLength(before + 2);
  });
});

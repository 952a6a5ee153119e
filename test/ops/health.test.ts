// `npm run schedule` as a service, with the real process: GET /healthz on its loopback port returns the last run,
// the lock holder and the next fire times (checked against the wall clock of America/Sao_Paulo, UTC−3 without
// DST since 2019), and with LOG_FORMAT=json every line it writes to stderr is a JSON object without passwords.
import { describe, expect, it } from "vitest";
import { startScheduler, until, type Scheduler } from "./schedulerProcess.ts";

const START_WITHIN_MS = 60_000;
const STOP_WITHIN_MS = 15_000;

/** 06:00 in São Paulo is 09:00 UTC: the next one after `now`. */
function nextSixAmSaoPaulo(now: Date): string {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 9);
  return new Date(today > now.getTime() ? today : today + 86_400_000).toISOString();
}

function startHealthy(): Scheduler {
  return startScheduler("health", {
    LOG_FORMAT: "json",
    SCHEDULE_HEALTH_PORT: "0",
    SCHEDULE_TIMEZONE: "America/Sao_Paulo",
    // A password in a URL the process knows, and a webhook (down) with one too: neither may reach a log line.
    SOURCE_DATABASE_URL: "postgres://olist:src-pw-5ecret@127.0.0.1:1/olist",
    ALERT_WEBHOOK_URL: "http://hook:hook-pw-5ecret@127.0.0.1:1/hook",
    ALERT_MAX_ATTEMPTS: "1",
    SCHEDULE_DAILY_FULL_REFRESH_ENABLED: "true",
    SCHEDULE_DAILY_FULL_REFRESH_CRON: "0 6 * * *",
    SCHEDULE_ECONOMIC_UPDATE_ENABLED: "false",
    // quality_check every 2 s on a warehouse that does not exist yet: a run that finishes (failed) at once.
    SCHEDULE_QUALITY_CHECK_ENABLED: "true",
    SCHEDULE_QUALITY_CHECK_CRON: "*/2 * * * * *",
    SENSOR_BCB_FRESHNESS_ENABLED: "false",
    SENSOR_SOURCE_CHANGE_ENABLED: "false",
  });
}

interface Health {
  status: string;
  lastRun: { runId: string; job: string; status: string; finishedAt: string | null } | null;
  lock: unknown;
  schedules: { name: string; job: string; enabled: boolean; nextFire: string | null }[];
  lastAlert: { event: string; delivered: boolean } | null;
}

describe("npm run schedule as a service", () => {
  it("serves /healthz with the last run and next fire times, logs JSON lines without passwords, and stops on SIGTERM", { timeout: 120_000 }, async () => {
    const s = startHealthy();
    const exited = new Promise<number | null>((resolve) => s.npm.on("exit", (code) => resolve(code)));
    const port = await until(
      () => `the health port is logged:\n${s.stderr()}`,
      START_WITHIN_MS,
      () => /health endpoint: http:\/\/127\.0\.0\.1:(\d+)\/healthz/.exec(s.stderr())?.[1],
    );
    const health = await until(
      () => `a finished run shows in /healthz:\n${s.stderr()}`,
      START_WITHIN_MS,
      async () => {
        const body = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as Health;
        return body.lastRun?.finishedAt && body.lastAlert ? body : undefined;
      },
    );
    const asked = new Date();
    expect(health.status).toBe("ok");
    expect(health.lastRun).toMatchObject({ job: "quality_check", status: "failed" });
    const daily = health.schedules.find((x) => x.name === "daily_full_refresh")!;
    expect(daily).toMatchObject({ job: "daily_full_refresh", enabled: true });
    // Computed by the server a moment before `asked`; 09:00 UTC unless the test runs across it.
    expect([nextSixAmSaoPaulo(asked), nextSixAmSaoPaulo(new Date(asked.getTime() - 5_000))]).toContain(daily.nextFire);
    expect(health.schedules.find((x) => x.name === "economic_update")).toMatchObject({ enabled: false, nextFire: null });
    const quality = health.schedules.find((x) => x.name === "hourly_quality_check")!;
    expect(new Date(quality.nextFire!).getTime() - asked.getTime()).toBeLessThanOrEqual(2_000);
    expect(health.lastAlert).toMatchObject({ event: "run_failed", delivered: false });
    expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);

    process.kill(s.npm.pid!, "SIGTERM");
    expect(await Promise.race([exited, new Promise((r) => setTimeout(() => r("still running"), STOP_WITHIN_MS))]), s.stderr()).toBe(0);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();

    const lines = s.stderr().split("\n").filter(Boolean);
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) {
      expect(() => JSON.parse(line), `a stderr line that is not JSON: ${line}`).not.toThrow();
      const entry = JSON.parse(line) as Record<string, unknown>;
      expect(Object.keys(entry)).toEqual(["time", "level", "scope", "message"]);
      expect(Number.isNaN(Date.parse(entry.time as string))).toBe(false);
    }
    expect(s.stderr()).toMatch(/"scope":"scheduler"/);
    expect(s.stderr()).not.toContain("5ecret");
  });
});

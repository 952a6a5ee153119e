// `npm run schedule` as a service: GET /healthz on 127.0.0.1:SCHEDULE_HEALTH_PORT answers JSON with the last run,
// the run lock's holder, when each schedule and sensor fires next and the last alert sent, read fresh on every
// request. Loopback only; nothing in it is a secret (no lock token, no paths, no settings).
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Config } from "../config.ts";
import { describeError, logger } from "../log.ts";
import { lastAlert } from "../run/alerts.ts";
import type { RunHistory } from "../run/history.ts";
import { lockStatus } from "../run/lock.ts";
import { configuredSchedules, nextFire } from "./schedules.ts";

const log = logger("health");

export interface HealthDeps {
  config: Config;
  history: RunHistory;
  /** The sensors the scheduler evaluates (name, job, cron). */
  sensors: readonly { name: string; job: string; cron: string }[];
  now?: () => Date;
}

/** The /healthz document. */
export async function healthReport(deps: HealthDeps) {
  const { config } = deps;
  const now = deps.now?.() ?? new Date();
  const tz = config.schedule.timezone;
  const runs = await deps.history.runs(now);
  const last = runs.at(-1);
  const lock = await lockStatus(config.schedule.lockPath, config.schedule.lockStaleSeconds * 1000, now);
  const alert = await lastAlert(config);
  return {
    status: "ok" as const,
    pid: process.pid,
    now: now.toISOString(),
    timezone: tz,
    lastRun: last
      ? {
          runId: last.runId,
          job: last.job,
          trigger: last.trigger,
          status: last.status,
          startedAt: last.startedAt,
          finishedAt: last.finishedAt,
          seconds: last.seconds,
        }
      : null,
    lock: lock
      ? {
          alive: lock.alive,
          purpose: lock.holder.purpose,
          runId: lock.holder.runId,
          pid: lock.holder.pid,
          host: lock.holder.host,
          since: lock.holder.acquiredAt,
        }
      : null,
    schedules: configuredSchedules(config).map((s) => ({
      name: s.name,
      job: s.job,
      cron: s.cron,
      enabled: s.enabled,
      nextFire: nextFire(s, tz, now)?.toISOString() ?? null,
    })),
    sensors: deps.sensors.map((s) => ({ name: s.name, job: s.job, cron: s.cron, nextEvaluation: nextFire(s, tz, now)?.toISOString() ?? null })),
    lastAlert: alert && { sentAt: alert.sentAt, event: alert.event, job: alert.job, runId: alert.runId, delivered: alert.delivered },
  };
}

export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1:`port` (0: a free port, in the result). Rejects when the port cannot be had. */
export async function startHealthServer(port: number, deps: HealthDeps): Promise<HealthServer> {
  const server = http.createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
      res.end(`${JSON.stringify(body)}\n`);
    };
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (url.pathname !== "/healthz") return send(404, { error: "not found; try GET /healthz" });
    if (req.method !== "GET" && req.method !== "HEAD") return send(405, { error: "GET /healthz" });
    healthReport(deps).then(
      (report) => send(200, report),
      (error) => {
        log.warn(`/healthz: ${describeError(error)}`);
        send(500, { status: "error", error: describeError(error) });
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        new Error(`SCHEDULE_HEALTH_PORT ${port}: cannot listen on 127.0.0.1 (${error.code ?? error.message}); choose another port, or 0 for any free one`),
      ),
    );
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

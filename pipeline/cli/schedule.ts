// The orchestration commands of the CLI: `schedule` (the scheduler in the foreground), `jobs`, `job <name>`,
// `status [run-id]` and `retry <run-id>`. cli.ts lists them with the others.
import { existsSync } from "node:fs";
import { help, type Command } from "./command.ts";
import type { Config } from "../config.ts";
import { logger } from "../log.ts";
import { formatInZone } from "../schedule/cron.ts";
import { lastAlert } from "../run/alerts.ts";
import type { RunReport } from "../run/execute.ts";
import { RunHistory } from "../run/history.ts";
import { JOBS, retryRun, runJob } from "../schedule/jobs.ts";
import { lockStatus } from "../run/lock.ts";
import { SIGNAL_ECHO_MS } from "../run/signals.ts";
import { startHealthServer } from "../schedule/health.ts";
import { configuredSensors } from "../schedule/probes.ts";
import { Scheduler, nodeCronDriver } from "../schedule/scheduler.ts";
import { configuredSchedules, nextFire } from "../schedule/schedules.ts";
import { formatLastAlert, formatLock, formatRunDetail, formatRunsTable, runsForSite } from "../schedule/status.ts";

const log = logger("scheduler");

const historyOf = (config: Config) => new RunHistory(config.schedule.historyPath);

async function printRun(config: Config, report: RunReport): Promise<number> {
  const run = await historyOf(config).run(report.runId);
  process.stdout.write(`${run ? formatRunDetail(run, config.schedule.timezone) : `run ${report.runId}: ${report.status}`}\n`);
  return report.status === "success" || report.status === "skipped" ? 0 : 1;
}

function describeJobs(config: Config, now: Date): string {
  const tz = config.schedule.timezone;
  const lines = ["Jobs:"];
  for (const job of JOBS) lines.push(`  ${job.name.padEnd(20)} ${job.steps.join(" → ")}\n  ${"".padEnd(20)} ${job.description}`);
  lines.push("", `Schedules (${tz}):`);
  for (const s of configuredSchedules(config)) {
    const next = nextFire(s, tz, now);
    lines.push(`  ${s.name.padEnd(20)} ${s.cron.padEnd(14)} → ${s.job.padEnd(20)} ${next ? `next ${formatInZone(next, tz)}` : `off (${s.setting})`}`);
  }
  const sensors = configuredSensors(config);
  lines.push("", "Sensors:");
  for (const s of sensors) lines.push(`  ${s.name.padEnd(20)} ${s.cron.padEnd(14)} → ${s.job.padEnd(20)} ${s.description}`);
  if (!sensors.some((s) => s.name === "source_change")) {
    lines.push(`  ${"source_change".padEnd(20)} off (needs SOURCE_DATABASE_URL and SENSOR_SOURCE_CHANGE_ENABLED)`);
  }
  return lines.join("\n");
}

/** Resolves on the first SIGTERM or SIGINT; a second one (not npm's echo of the first) exits at once. */
function terminationRequested(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const first = (signal: NodeJS.Signals) => {
      process.off("SIGTERM", first);
      process.off("SIGINT", first);
      const at = Date.now();
      const again = () => {
        if (Date.now() - at < SIGNAL_ECHO_MS) return;
        log.error(`${signal} again: exiting without waiting for the run to stop`);
        process.exit(signal === "SIGINT" ? 130 : 143);
      };
      process.on("SIGTERM", again);
      process.on("SIGINT", again);
      resolve(signal);
    };
    process.on("SIGTERM", first);
    process.on("SIGINT", first);
  });
}

/**
 * Runs the scheduler in the foreground until SIGTERM or SIGINT, then stops it: the running run's step is
 * interrupted and recorded as aborted, queued runs are cancelled, the lock is released. 0 when it stopped cleanly.
 */
export async function runScheduler(
  scheduler: Scheduler,
  config: Config,
  options: { history?: RunHistory; sensors?: readonly { name: string; job: string; cron: string }[] } = {},
): Promise<number> {
  // Before the scheduler: a port that can't be had is said before any run starts.
  const port = config.schedule.healthPort;
  const health =
    port === undefined ? undefined : await startHealthServer(port, { config, history: options.history ?? historyOf(config), sensors: options.sensors ?? [] });
  if (health) log.info(`health endpoint: http://127.0.0.1:${health.port}/healthz`);
  await scheduler.start();
  log.info(`scheduler started (pid ${process.pid}); history in ${config.schedule.historyPath}; stop with SIGTERM or Ctrl-C`);
  // With every schedule and sensor off no timer is left, and node would exit (code 13) instead of waiting here.
  const keepAlive = setInterval(() => undefined, 60_000);
  const signal = await terminationRequested();
  clearInterval(keepAlive);
  log.warn(`${signal} received: stopping the scheduler`);
  // If a step ignores the interrupt, do not hang: the lock it leaves is recovered by the next run.
  setTimeout(() => process.exit(signal === "SIGINT" ? 130 : 143), 30_000).unref();
  await scheduler.stop(`scheduler stopped by ${signal}`);
  await health?.close();
  log.info("scheduler stopped");
  return 0;
}

export const SCHEDULE_COMMANDS: Command[] = [
  {
    name: "schedule",
    usage: "schedule",
    summary: "Run the scheduler in the foreground: schedules and sensors start jobs; SIGTERM/Ctrl-C stops cleanly",
    options: help,
    async run({ config }) {
      const history = historyOf(config);
      const sensors = configuredSensors(config);
      const scheduler = new Scheduler({
        timezone: config.schedule.timezone,
        schedules: configuredSchedules(config),
        sensors,
        cron: nodeCronDriver,
        history,
        launch: (run, signal) =>
          runJob(config, run.job, { runId: run.runId, trigger: run.trigger, runKeys: run.runKeys, queuedAt: run.queuedAt, signal, history }),
      });
      // LOG_FORMAT=json: every stderr line is a JSON object, the overview too.
      if (process.env.LOG_FORMAT === "json") log.info(describeJobs(config, new Date()));
      else process.stderr.write(`${describeJobs(config, new Date())}\n\n`);
      return runScheduler(scheduler, config, { history, sensors });
    },
  },
  {
    name: "jobs",
    usage: "jobs",
    summary: "List the jobs, their schedules (next fire time) and the sensors",
    options: help,
    async run({ config }) {
      process.stdout.write(`${describeJobs(config, new Date())}\n`);
    },
  },
  {
    name: "job",
    usage: "job <name>",
    summary: "Run a job now: daily_full_refresh, economic_update or quality_check",
    options: help,
    async run({ config, positionals }) {
      const name = positionals[0];
      if (!name) throw new Error(`which job? try: job ${JOBS.map((j) => j.name).join(" | job ")}`);
      return printRun(config, await runJob(config, name));
    },
  },
  {
    name: "status",
    usage: "status [run-id] [--limit N] [--json]",
    summary: "Recent runs with their steps, timings, rows, tests and errors; one run in detail; the lock holder",
    options: { ...help, limit: { type: "string" as const, short: "n" }, json: { type: "boolean" as const } },
    async run({ config, values, positionals }) {
      const history = historyOf(config);
      // A later successful run removes a failed run's kept warehouse: then its retry runs every step.
      const runs = (await history.runs()).map((r) => (r.checkpoint && !existsSync(r.checkpoint) ? { ...r, checkpoint: null } : r));
      const tz = config.schedule.timezone;
      if (values.json) {
        process.stdout.write(`${JSON.stringify(runsForSite(config, runs, new Date(), Number(values.limit ?? 100), await lastAlert(config)), null, 2)}\n`);
        return 0;
      }
      if (positionals[0]) {
        const run = runs.find((r) => r.runId === positionals[0]);
        if (!run) throw new Error(`No run ${positionals[0]} in ${history.file}; \`npm run pipeline -- status\` lists the recent runs`);
        process.stdout.write(`${formatRunDetail(run, tz)}\n`);
        return 0;
      }
      const limit = Number(values.limit ?? 20);
      if (!Number.isInteger(limit) || limit < 1) throw new Error(`--limit must be a positive integer, got "${values.limit}"`);
      const lock = await lockStatus(config.schedule.lockPath, config.schedule.lockStaleSeconds * 1000);
      const alert = formatLastAlert(await lastAlert(config));
      process.stdout.write(`${formatLock(lock)}\n${alert}\nHistory: ${history.file}\n\n${formatRunsTable(runs.slice(-limit), tz)}\n`);
      const last = runs.at(-1);
      if (last && last.status !== "success" && last.status !== "skipped") process.stdout.write(`\n${formatRunDetail(last, tz)}\n`);
      return 0;
    },
  },
  {
    name: "retry",
    usage: "retry <run-id>",
    summary: "Re-run a failed, aborted or crashed run from its failed step (a new run, recorded with its parent)",
    options: help,
    async run({ config, positionals }) {
      const runId = positionals[0];
      if (!runId) throw new Error("which run? `npm run pipeline -- status` lists them; then: retry <run-id>");
      return printRun(config, await retryRun(config, runId));
    },
  },
];

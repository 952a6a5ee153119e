// What `status` prints and what the Pipeline page reads: recent runs with their steps, the lock holder, and when
// each schedule fires next. Pure functions over the history records.
import type { Config } from "../config.ts";
import { formatInZone } from "./cron.ts";
import type { AlertLogEntry } from "../run/alerts.ts";
import type { RunRecord, StepRecord } from "../run/history.ts";
import { JOBS } from "./jobs.ts";
import type { LockOwner } from "../run/lock.ts";
import { configuredSchedules, nextFire } from "./schedules.ts";

const MARK: Record<StepRecord["status"], string> = {
  pending: "·",
  running: "…",
  success: "✓",
  skipped: "-",
  failed: "✗",
  upstream_failed: "⤫",
  aborted: "!",
};

const seconds = (s: number | null) => (s === null ? "" : s.toFixed(1));

export function formatRunsTable(runs: RunRecord[], timezone: string): string {
  if (runs.length === 0) return "No runs recorded yet.";
  const rows = runs.map((r) => [
    r.runId,
    r.job,
    r.trigger,
    r.status,
    r.startedAt ? formatInZone(new Date(r.startedAt), timezone).slice(0, 16) : r.queuedAt ? "(queued)" : "",
    seconds(r.seconds),
    r.steps.map((s) => `${s.step} ${MARK[s.status]}`).join("  "),
  ]);
  const header = ["run", "job", "trigger", "status", `started (${timezone})`, "seconds", "steps"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join("  ");
  return [line(header), ...rows.map(line)].join("\n");
}

export function formatRunDetail(run: RunRecord, timezone: string): string {
  const when = (iso: string | null) => (iso ? formatInZone(new Date(iso), timezone) : "-");
  const out = [
    `run ${run.runId}: ${run.job}, ${run.status}`,
    `  trigger   ${run.trigger}`,
    `  started   ${when(run.startedAt)}`,
    `  finished  ${when(run.finishedAt)}${run.seconds !== null ? ` (${seconds(run.seconds)} s)` : ""}`,
  ];
  if (run.runKeys.length > 0) out.push(`  run keys  ${run.runKeys.join(", ")}`);
  if (run.error) out.push(`  error     ${run.error}`);
  out.push("  steps:");
  for (const s of run.steps) {
    const facts = [
      s.status,
      s.seconds ? `${seconds(s.seconds)} s` : "",
      // The tests step counts tests and the site step pages in `rows`; say so.
      s.rows === null || s.tests ? "" : `${s.rows.toLocaleString("en-US")} ${s.step === "site" ? "pages" : "rows"}`,
      s.attempts > 1 ? `${s.attempts} attempts (waited ${s.delaysMs.map((d) => `${(d / 1000).toFixed(1)} s`).join(", ")})` : "",
      s.tests ? `tests: ${s.tests.passed}/${s.tests.total} passed, ${s.tests.failed} failed, ${s.tests.warned} warned` : "",
      s.note ?? "",
    ].filter(Boolean);
    out.push(`    ${MARK[s.status]} ${s.step.padEnd(10)} ${facts.join("; ")}`);
    if (s.error) out.push(`        error: ${s.error}`);
    const failures = s.tests?.failures ?? [];
    for (const t of failures) out.push(`        ${t.severity} ${t.status}: ${t.message}`);
    // A warned data test is both a failure entry and a step warning: print it once.
    for (const w of s.warnings.filter((w) => !failures.some((t) => t.message === w))) out.push(`        warning: ${w}`);
  }
  if (["failed", "aborted", "crashed"].includes(run.status)) {
    out.push(
      run.checkpoint
        ? `  Resume from the failed step: npm run pipeline -- retry ${run.runId}`
        : `  Run it again: npm run pipeline -- retry ${run.runId} (every step runs again: no staged warehouse was kept)`,
    );
  }
  return out.join("\n");
}

export function formatLock(holder: { holder: LockOwner; alive: boolean } | undefined): string {
  if (!holder) return "Run lock: free";
  const h = holder.holder;
  const state = holder.alive ? "held" : "left behind (its owner is gone; the next run recovers it)";
  return `Run lock: ${state} by ${h.purpose}${h.runId ? ` (run ${h.runId})` : ""}, pid ${h.pid} on ${h.host}, since ${h.acquiredAt}`;
}

export interface JobView {
  name: string;
  description: string;
  steps: string[];
  schedule: { name: string; cron: string; enabled: boolean; nextFire: string | null } | null;
  lastRun: { runId: string; status: string; finishedAt: string | null } | null;
  lastSuccess: string | null;
}

export function jobViews(config: Config, runs: RunRecord[], now: Date): JobView[] {
  const schedules = configuredSchedules(config);
  return JOBS.map((job) => {
    const schedule = schedules.find((s) => s.job === job.name) ?? null;
    const own = runs.filter((r) => r.job === job.name);
    const last = own.at(-1) ?? null;
    const next = schedule ? nextFire(schedule, config.schedule.timezone, now) : null;
    return {
      name: job.name,
      description: job.description,
      steps: [...job.steps],
      schedule: schedule && { name: schedule.name, cron: schedule.cron, enabled: schedule.enabled, nextFire: next?.toISOString() ?? null },
      lastRun: last && { runId: last.runId, status: last.status, finishedAt: last.finishedAt },
      lastSuccess: own.filter((r) => r.status === "success").at(-1)?.finishedAt ?? null,
    };
  });
}

export function formatLastAlert(alert: AlertLogEntry | null): string {
  if (!alert) return "Last alert: none sent";
  const outcome = alert.delivered ? "delivered" : `not delivered (${alert.error ?? "unknown error"})`;
  return `Last alert: ${alert.event} for run ${alert.runId} (${alert.job}) at ${alert.sentAt}, ${outcome}`;
}

/** The run history as the Pipeline page shows it: no pid, host or file paths, newest first. */
export function runsForSite(config: Config, runs: RunRecord[], now: Date, limit = 100, alert: AlertLogEntry | null = null) {
  return {
    generatedAt: now.toISOString(),
    timezone: config.schedule.timezone,
    jobs: jobViews(config, runs, now),
    /** The last alert sent to ALERT_WEBHOOK_URL (or tried): no URL, no error text beyond its kind. */
    lastAlert: alert && { sentAt: alert.sentAt, event: alert.event, job: alert.job, runId: alert.runId, title: alert.title, delivered: alert.delivered },
    runs: runs
      .slice(-limit)
      .reverse()
      .map((r) => ({
        runId: r.runId,
        job: r.job,
        trigger: r.trigger,
        parentRunId: r.parentRunId,
        status: r.status,
        startedAt: r.startedAt,
        finishedAt: r.finishedAt,
        seconds: r.seconds,
        error: r.error,
        steps: r.steps.map((s) => ({
          step: s.step,
          status: s.status,
          attempts: s.attempts,
          seconds: s.seconds,
          rows: s.rows,
          error: s.error,
          note: s.note,
          warnings: s.warnings.length,
          tests: s.tests && { total: s.tests.total, passed: s.tests.passed, failed: s.tests.failed, warned: s.tests.warned },
        })),
      })),
  };
}

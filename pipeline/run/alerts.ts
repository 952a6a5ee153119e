// Alerts: after every run (manual, build, scheduled, sensor, retry) the events worth a person's attention are
// posted to ALERT_WEBHOOK_URL, one message per event, and each attempt's outcome is appended to the alert log
// (ALERT_LOG_PATH, JSON lines beside the run history) for `status`, /healthz and the Pipeline page.
//
// The events:
//   run_failed   the run failed, was aborted or crashed. A failing error-level data test fails the tests step and
//                so the run: its messages are in this one message (one alert per failure event, not one per test).
//                A crashed run (its process killed) is said by the next launch, which records it as crashed.
//   tests_warn   warn-level tests failing now that did not fail in the previous run of the same job that
//                recorded test results (one message listing them).
//   bcb_stale    a BCB series older than its cadence (the sensor's run keys and the indicators step's warnings),
//                keyed bcb-stale:<series>:<last date> like the sensor: a key delivered once is not sent again.
//   recovered    the run succeeded and the previous finished run of the same job had failed.
//
// Payloads: Slack (hooks.slack.com) gets {text}; Teams connectors (*.webhook.office.com) a MessageCard; Teams
// workflows (*.logic.azure.com) a message with an Adaptive Card; any other URL plain JSON
// {event, job, runId, status, title, details, sentAt}. Only run facts go in: ids, statuses and the (already
// redacted) errors, never settings, environment values or connection strings.
//
// Delivery never changes a run's result and never holds it for long: each attempt times out, 5xx, 408, 429 and
// network errors are retried with backoff (429 waits its Retry-After, capped), and all of a run's messages share
// one time budget. Failures are logged as warnings.
import { appendFile, mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { backoffDelay, formatDelay, parseRetryAfter, type Backoff } from "../backoff.ts";
import { PROJECT_ROOT, type AlertSettings, type Config } from "../config.ts";
import { SERIES } from "../extract/bcb/series.ts";
import { describeError, logger, redact } from "../log.ts";
import type { RunHistory, RunRecord, RunStatus } from "./history.ts";
import type { RunReport } from "./report.ts";
import { realSleep, type Sleep } from "./retry.ts";

const log = logger("alerts");

export type AlertEvent = "run_failed" | "tests_warn" | "bcb_stale" | "recovered";

export interface Alert {
  event: AlertEvent;
  job: string;
  runId: string;
  status: string;
  title: string;
  details: string[];
  /** Event keys (bcb-stale:…) that make a message sent once per event. */
  keys: string[];
}

/** One line of the alert log: what was sent and whether it arrived. */
export interface AlertLogEntry {
  sentAt: string;
  event: AlertEvent;
  job: string;
  runId: string;
  title: string;
  delivered: boolean;
  attempts: number;
  /** Why it was not delivered (HTTP status, timeout, connection refused), without the webhook's path. */
  error: string | null;
  keys: string[];
}

const FAILED: readonly RunStatus[] = ["failed", "aborted", "crashed"];
/** Between attempts: 1 s, 2 s, … (±20 %), capped; a 429's Retry-After is honoured up to the cap. */
const BACKOFF: Backoff = { baseMs: 1_000, maxMs: 5_000, jitter: 0.2 };
/** All of one run's messages, attempts and waits included. */
const BUDGET_MS = 20_000;
/** Step errors and test messages are cut to this many characters in a message. */
const MAX_DETAIL = 500;

const clip = (text: string) => (text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL)}…` : text);

/** The previous finished run of the same job (skipped and cancelled runs say nothing about health). */
function previousOf(runs: RunRecord[], current: RunRecord): RunRecord | undefined {
  return runs.filter((r) => r.job === current.job && r.runId !== current.runId && ["success", ...FAILED].includes(r.status)).at(-1);
}

function warnFailures(run: RunRecord | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of run?.steps ?? []) for (const t of s.tests?.failures ?? []) if (t.severity !== "error") out.set(t.id, t.message);
  return out;
}

/** bcb-stale:<series id>:<last date>, from the run's keys and the indicators step's warnings ("ipca: … as of 2025-05-01 …"). */
function staleKeys(run: RunRecord): Map<string, string> {
  const keys = new Map<string, string>();
  for (const key of run.runKeys) if (key.startsWith("bcb-stale:")) keys.set(key, key);
  for (const warning of run.steps.find((s) => s.step === "indicators")?.warnings ?? []) {
    const series = SERIES.find((s) => warning.startsWith(`${s.key}:`));
    if (!series) continue;
    const date = /as of (\d{4}-\d{2}-\d{2})/.exec(warning)?.[1] ?? (/no observations/.test(warning) ? "none" : null);
    if (date) keys.set(`bcb-stale:${series.id}:${date}`, warning);
  }
  return keys;
}

/** The messages a finished run calls for, given the history (which holds the run itself) and the keys already delivered. */
export function alertsFor(run: RunRecord, runs: RunRecord[], delivered: ReadonlySet<string>): Alert[] {
  const base = { job: run.job, runId: run.runId, status: run.status, keys: [] as string[] };
  const alerts: Alert[] = [];
  const previous = previousOf(runs, run);
  if (FAILED.includes(run.status)) {
    const steps = run.steps.filter((s) => (s.status === "failed" || s.status === "aborted") && s.error);
    alerts.push({
      ...base,
      event: "run_failed",
      title: `${run.job} run ${run.runId} ${run.status} (${run.trigger})`,
      details: steps.length > 0 ? steps.map((s) => clip(`step ${s.step} ${s.status}: ${s.error}`)) : [clip(run.error ?? run.status)],
    });
  } else if (run.status === "success" && previous && FAILED.includes(previous.status)) {
    alerts.push({
      ...base,
      event: "recovered",
      title: `${run.job} recovered: run ${run.runId} succeeded after run ${previous.runId} ${previous.status}`,
      details: [],
    });
  }
  const now = warnFailures(run);
  if (now.size > 0) {
    const before = warnFailures(runs.filter((r) => r.job === run.job && r.runId !== run.runId && r.steps.some((s) => s.tests)).at(-1));
    const fresh = [...now].filter(([id]) => !before.has(id));
    if (fresh.length > 0) {
      alerts.push({
        ...base,
        event: "tests_warn",
        title: `${run.job} run ${run.runId}: ${fresh.length} warn-level data test(s) newly failing`,
        details: fresh.map(([, message]) => clip(message)),
      });
    }
  }
  const stale = [...staleKeys(run)].filter(([key]) => !delivered.has(key));
  if (stale.length > 0) {
    alerts.push({
      ...base,
      event: "bcb_stale",
      title: `${run.job} run ${run.runId}: ${stale.length} BCB series stale`,
      details: stale.map(([, text]) => clip(text)),
      keys: stale.map(([key]) => key),
    });
  }
  return alerts;
}

/**
 * The alert as it may leave the machine: the source and webhook URLs (should an error quote them) and passwords
 * removed, and the checkout's and the warehouse's directories cut from file paths (they say where it runs).
 */
export function scrubAlert(alert: Alert, config: Pick<Config, "sourceDatabaseUrl" | "warehousePath" | "alerts">): Alert {
  const secrets = [config.sourceDatabaseUrl, config.alerts.webhookUrl].filter((v): v is string => Boolean(v));
  const dirs = [path.dirname(config.warehousePath), PROJECT_ROOT].map((d) => `${d}${path.sep}`).sort((a, b) => b.length - a.length);
  const clean = (text: string) => {
    let out = text;
    for (const secret of secrets) out = out.split(secret).join("(redacted)");
    for (const dir of dirs) out = out.split(dir).join("");
    return redact(out);
  };
  return { ...alert, title: clean(alert.title), details: alert.details.map(clean) };
}

type Flavour = "slack" | "teams-connector" | "teams-workflow" | "plain";

export function flavourOf(url: string): Flavour {
  const host = new URL(url).hostname.toLowerCase();
  if (host === "hooks.slack.com") return "slack";
  if (host === "webhook.office.com" || host.endsWith(".webhook.office.com")) return "teams-connector";
  if (host.endsWith(".logic.azure.com")) return "teams-workflow";
  return "plain";
}

/** The JSON body for the webhook's kind; every string is redacted once more. */
export function payloadFor(alert: Alert, url: string, sentAt: string): unknown {
  const title = redact(alert.title);
  const details = alert.details.map(redact);
  const text = [title, ...details.map((d) => `• ${d}`)].join("\n");
  switch (flavourOf(url)) {
    case "slack":
      return { text };
    case "teams-connector":
      return {
        "@type": "MessageCard",
        "@context": "https://schema.org/extensions",
        summary: title,
        themeColor: alert.event === "recovered" ? "2EB67D" : alert.event === "run_failed" ? "E01E5A" : "ECB22E",
        title,
        text: details.map((d) => `- ${d}`).join("\n\n") || title,
      };
    case "teams-workflow":
      return {
        type: "message",
        attachments: [
          {
            contentType: "application/vnd.microsoft.card.adaptive",
            content: {
              $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
              type: "AdaptiveCard",
              version: "1.4",
              body: [{ type: "TextBlock", text: title, weight: "Bolder", wrap: true }, ...details.map((d) => ({ type: "TextBlock", text: d, wrap: true }))],
            },
          },
        ],
      };
    default:
      return { event: alert.event, job: alert.job, runId: alert.runId, status: alert.status, title, details, sentAt };
  }
}

export interface DeliveryDeps {
  sleep?: Sleep;
  random?: () => number;
  now?: () => number;
  /** When every attempt must have ended (Date.now() scale); later attempts are not made. */
  deadline?: number;
}

export interface Delivery {
  delivered: boolean;
  attempts: number;
  /** Waits before each retry, in milliseconds. */
  delaysMs: number[];
  error: string | null;
}

/** An error safe to log: the webhook's path (its token) replaced by its origin, passwords redacted. */
function scrub(text: string, url: string): string {
  const { origin } = new URL(url);
  return redact(text.split(url).join(origin));
}

/** POSTs `body` with retries; resolves (never rejects) with what happened. */
export async function deliver(
  url: string,
  body: unknown,
  settings: Pick<AlertSettings, "timeoutMs" | "maxAttempts">,
  deps: DeliveryDeps = {},
): Promise<Delivery> {
  const sleep = deps.sleep ?? realSleep;
  const now = deps.now ?? Date.now;
  const deadline = deps.deadline ?? now() + BUDGET_MS;
  const delaysMs: number[] = [];
  let error = "no attempt made: the alert time budget was used up";
  let attempts = 0;
  for (let attempt = 1; attempt <= settings.maxAttempts; attempt++) {
    const timeoutMs = Math.min(settings.timeoutMs, deadline - now());
    if (timeoutMs <= 0) break;
    attempts = attempt;
    let retryAfter: number | undefined;
    let retryable = true;
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.body?.cancel().catch(() => undefined);
      if (response.ok) return { delivered: true, attempts, delaysMs, error: null };
      error = `HTTP ${response.status}`;
      retryable = response.status === 408 || response.status === 429 || response.status >= 500;
      if (response.status === 429) retryAfter = parseRetryAfter(response.headers.get("retry-after"), now());
    } catch (e) {
      const name = (e as Error)?.name;
      error = name === "TimeoutError" || name === "AbortError" ? `no answer within ${formatDelay(timeoutMs)}` : scrub(describeError(e), url);
    }
    if (!retryable || attempt === settings.maxAttempts) break;
    const wait = Math.min(BACKOFF.maxMs, retryAfter ?? backoffDelay(attempt, BACKOFF, deps.random));
    if (now() + wait >= deadline) break;
    delaysMs.push(wait);
    await sleep(wait);
  }
  return { delivered: false, attempts, delaysMs, error };
}

async function readLog(file: string): Promise<AlertLogEntry[]> {
  const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return "";
    throw error;
  });
  const entries: AlertLogEntry[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    try {
      entries.push(JSON.parse(line) as AlertLogEntry);
    } catch {
      // A line being written, or damage: the others still count.
    }
  }
  return entries;
}

/** The alert log, oldest first. */
export const alertLog = (config: Pick<Config, "alerts">) => readLog(config.alerts.logPath);

/** The last alert sent (or tried), for `status`, /healthz and the Pipeline page; null when none. */
export async function lastAlert(config: Pick<Config, "alerts">): Promise<AlertLogEntry | null> {
  return (await alertLog(config)).at(-1) ?? null;
}

/**
 * Sends the alerts `report`'s run calls for. Resolves with the log entries it wrote; never rejects (a problem is a
 * warning), so the run's result is the same whether the webhook answers or not.
 */
export async function alertRun(
  config: Config,
  report: RunReport,
  history: RunHistory,
  deps: DeliveryDeps & {
    /** When the launch began: runs recorded crashed since (their lock recovered by this launch) are alerted too. */
    since?: Date;
  } = {},
): Promise<AlertLogEntry[]> {
  const url = config.alerts.webhookUrl;
  if (!url) return [];
  try {
    const runs = await history.runs();
    const run = runs.find((r) => r.runId === report.runId);
    if (!run) return [];
    const previous = await readLog(config.alerts.logPath);
    const delivered = new Set(previous.filter((e) => e.delivered).flatMap((e) => e.keys ?? []));
    const since = deps.since?.toISOString();
    const alerted = new Set(previous.filter((e) => e.event === "run_failed").map((e) => e.runId));
    // A run whose process died is only recorded crashed when a later launch recovers its lock: say so now.
    const crashed = since ? runs.filter((r) => r.status === "crashed" && r.runId !== run.runId && (r.finishedAt ?? "") >= since && !alerted.has(r.runId)) : [];
    const alerts = [...crashed.flatMap((r) => alertsFor(r, runs, delivered).filter((a) => a.event === "run_failed")), ...alertsFor(run, runs, delivered)];
    const deadline = (deps.now ?? Date.now)() + BUDGET_MS;
    const written: AlertLogEntry[] = [];
    for (const alert of alerts.map((a) => scrubAlert(a, config))) {
      const sentAt = new Date().toISOString();
      const result = await deliver(url, payloadFor(alert, url, sentAt), config.alerts, { ...deps, deadline });
      const entry: AlertLogEntry = {
        sentAt,
        event: alert.event,
        job: alert.job,
        runId: alert.runId,
        title: redact(alert.title),
        delivered: result.delivered,
        attempts: result.attempts,
        error: result.error,
        keys: alert.keys,
      };
      if (result.delivered) log.info(`${alert.event} alert for run ${alert.runId} sent to ${new URL(url).host}`);
      else log.warn(`${alert.event} alert for run ${alert.runId} not delivered to ${new URL(url).host} after ${result.attempts} attempt(s): ${result.error}`);
      await mkdir(path.dirname(config.alerts.logPath), { recursive: true });
      await appendFile(config.alerts.logPath, `${JSON.stringify(entry)}\n`);
      written.push(entry);
    }
    return written;
  } catch (error) {
    log.warn(`alerts for run ${report.runId} not sent: ${scrub(describeError(error), url)}`);
    return [];
  }
}

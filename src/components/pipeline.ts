// The Pipeline & data quality section: the latest run's data tests, model builds and source loads, and the
// history of runs, from the warehouse's meta schema.
import * as Plot from "./plot.js";
import { chart, fitLabels } from "./chart.js";
import { el } from "./controls.js";
import { CYCLE, GREY, SERIES } from "./palette.js";
import { formatter } from "./format.js";
import type { Lang } from "./routes.js";
import { labelOf, strings } from "./strings.js";

// The rows src/data/pipeline.json sends; a type-only import, erased in the browser build.
import type { TestResult } from "../../pipeline/site/queries.js";
export type { TestResult };

export interface PipelineData {
  models: { model: string; materialized: string; status: string; rows: number | null; seconds: number; error: string | null }[];
  tests: TestResult[];
  testsRunId: string | null;
  loads: { table_name: string; rows_in: number; rows_loaded: number; rows_rejected: number }[];
  rejects: { table_name: string; reject_reason: string; rows: number }[];
}

interface Options {
  lang: Lang;
  width: number;
}

/** Seconds on an axis with as many decimals as its range needs (0.05 s and 40 s alike). */
const secondsTicks = (f: ReturnType<typeof formatter>, max: number) => (v: number) => f.number(v, max < 0.5 ? 2 : max < 5 ? 1 : 0);

const STATUS_ORDER = ["pass", "warn", "fail", "error"] as const;
/** A failed test of severity warn is a warning: it does not stop a run. */
const outcome = (r: TestResult) => (r.status === "fail" && r.severity === "warn" ? "warn" : r.status);
const STATUS_COLORS = [SERIES.good, SERIES.warn, SERIES.bad, CYCLE[3]];

export function testsChart(data: PipelineData, { lang, width }: Options): HTMLElement {
  const t = strings(lang).pipeline;
  const f = formatter(lang);
  const counts = new Map<string, number>();
  for (const r of data.tests) counts.set(`${r.model}\t${outcome(r)}`, (counts.get(`${r.model}\t${outcome(r)}`) ?? 0) + 1);
  const bars = [...counts.entries()].map(([k, n]) => {
    const [model, status] = k.split("\t");
    return { model, status: labelOf(t.status, status), n };
  });
  const passed = data.tests.filter((r) => r.status === "pass").length;
  const text = { title: t.tests, description: `${t.testsAlt} ${f.integer(passed)} / ${f.integer(data.tests.length)} ${t.status.pass}.` };
  if (bars.length === 0) return chart("pipeline-tests", text, lang, null);
  const models = [...new Set(data.tests.map((r) => r.model))].sort();
  const fit = fitLabels(models, width, { share: 0.5, max: 240 });
  return chart("pipeline-tests", text, lang, {
    width,
    height: 50 + models.length * 20,
    marginLeft: fit.marginLeft,
    x: { grid: true, label: t.tests_, tickFormat: (v: number) => f.integer(v) },
    y: { label: null, domain: models, tickFormat: fit.tickFormat },
    color: { legend: true, domain: STATUS_ORDER.map((s) => t.status[s]), range: STATUS_COLORS },
    marks: [
      Plot.barX(bars, { x: "n", y: "model", fill: "status", order: STATUS_ORDER.map((s) => t.status[s]) }),
      Plot.tip(bars, Plot.pointer(Plot.stackX({ x: "n", y: "model", fill: "status", title: (d) => `${d.model}\n${d.status}: ${f.integer(d.n)}` }))),
      Plot.ruleX([0]),
    ],
  });
}

/** The run history as src/data/runs.json gives it (pipeline/schedule/status.ts runsForSite), newest first. */
export interface SiteRuns {
  timezone: string;
  jobs: {
    name: string;
    description: string;
    steps: string[];
    schedule: { name: string; cron: string; enabled: boolean; nextFire: string | null } | null;
    lastRun: { runId: string; status: string; finishedAt: string | null } | null;
  }[];
  /** The last alert sent to ALERT_WEBHOOK_URL (or tried); null when none, absent in an older runs.json. */
  lastAlert?: { sentAt: string; event: string; job: string; runId: string; title: string; delivered: boolean } | null;
  runs: {
    runId: string;
    job: string;
    trigger: string;
    status: string;
    startedAt: string | null;
    seconds: number | null;
    error: string | null;
    steps: { step: string; status: string; seconds: number; rows: number | null }[];
  }[];
}

const RUN_MARK: Record<string, string> = { success: "✓", failed: "✗", skipped: "–", aborted: "✗", crashed: "✗", cancelled: "–" };
const STEPS = ["extract", "indicators", "models", "tests", "site"];

export function runsChart(history: SiteRuns, { lang, width }: Options): HTMLElement {
  const t = strings(lang).pipeline;
  const f = formatter(lang);
  const runs = history.runs.slice(0, 30).reverse();
  const text = { title: t.runs, description: t.runsAlt };
  if (runs.length === 0) return chart("pipeline-runs", text, lang, null);
  const when = (iso: string | null) => (iso ? `${f.date(iso)} ${iso.slice(11, 16)} UTC` : "—");
  const bars = runs.flatMap((r) => r.steps.map((s) => ({ run: r.runId, step: s.step, seconds: s.seconds, status: s.status })));
  const ids = [...STEPS, ...new Set(bars.map((b) => b.step).filter((s) => !STEPS.includes(s)))];
  const stepName = (id: string) => labelOf(t.stepNames, id);
  const steps = ids.map(stepName);
  for (const b of bars) b.step = stepName(b.step);
  const totals = runs.map((r) => ({ ...r, total: r.steps.reduce((n, s) => n + s.seconds, 0), mark: RUN_MARK[r.status] ?? "…" }));
  // Label a run every so often: one label per ~90 px.
  const every = Math.max(1, Math.ceil(runs.length / Math.max(1, Math.floor(width / 130))));
  const ticks = runs.filter((_, i) => i % every === 0).map((r) => r.runId);
  return chart("pipeline-runs", text, lang, {
    width,
    height: 240,
    marginLeft: 48,
    x: {
      label: null,
      domain: runs.map((r) => r.runId),
      ticks,
      tickFormat: (id: string) => when(runs.find((r) => r.runId === id)?.startedAt ?? null).replace(" UTC", ""),
      padding: runs.length < 6 ? 0.6 : 0.2,
    },
    y: { grid: true, label: t.seconds, tickFormat: secondsTicks(f, Math.max(...totals.map((r) => r.total))) },
    color: { legend: true, domain: steps, range: steps.map((_, i) => (i < CYCLE.length ? CYCLE[i]! : GREY)) },
    marks: [
      Plot.barY(bars, { x: "run", y: "seconds", fill: "step", order: steps }),
      Plot.text(totals, {
        x: "runId",
        y: "total",
        text: "mark",
        dy: -8,
        fill: (r) => (r.status === "success" ? "#00734f" : r.status === "skipped" ? "#666" : "#b3401b"),
        fontSize: 12,
      }),
      Plot.tip(
        totals,
        Plot.pointerX({
          x: "runId",
          y: "total",
          title: (r: (typeof totals)[number]) =>
            `${r.runId} · ${labelOf(t.jobNames, r.job)}\n${labelOf(t.status, r.status)} · ${when(r.startedAt)}\n${r.steps.map((s) => `${stepName(s.step)} ${f.number(s.seconds, 1)} s`).join(" · ")}`,
        }),
      ),
      Plot.ruleY([0]),
    ],
  });
}

const FAILED_RUN = ["failed", "aborted", "crashed"];
const FINISHED_RUN = ["success", "skipped", ...FAILED_RUN];

/**
 * What the durations chart and the failure-rate table show: the finished runs with a duration and the running
 * ones (the seconds of their steps so far, e.g. the build writing this page), oldest first; and per job (then
 * all jobs, job null) the finished runs, the failed ones (failed, aborted, crashed) and their share.
 */
export function runTrends(history: SiteRuns) {
  const finished = history.runs.filter((r) => FINISHED_RUN.includes(r.status));
  const secondsOf = (r: SiteRuns["runs"][number]) => (r.status === "running" ? r.steps.reduce((n, s) => n + s.seconds, 0) : r.seconds);
  const points = history.runs
    .filter((r) => (FINISHED_RUN.includes(r.status) || r.status === "running") && r.startedAt !== null && secondsOf(r) !== null)
    .map((r) => ({
      runId: r.runId,
      job: r.job,
      status: r.status,
      start: new Date(r.startedAt!),
      seconds: secondsOf(r)!,
      failed: FAILED_RUN.includes(r.status),
      running: r.status === "running",
    }))
    .sort((a, b) => a.start.getTime() - b.start.getTime());
  const rate = (rows: typeof finished) => {
    const failed = rows.filter((r) => FAILED_RUN.includes(r.status)).length;
    return { runs: rows.length, failed, rate: rows.length === 0 ? null : failed / rows.length };
  };
  const jobs = [...new Set(finished.map((r) => r.job))].sort();
  const rates = [...jobs.map((job) => ({ job: job as string | null, ...rate(finished.filter((r) => r.job === job)) })), { job: null, ...rate(finished) }];
  return { points, rates };
}

export function durationsChart(history: SiteRuns, { lang, width }: Options): HTMLElement {
  const t = strings(lang).pipeline;
  const f = formatter(lang);
  const { points } = runTrends(history);
  const text = { title: t.durations, description: t.durationsAlt };
  if (points.length === 0) return chart("pipeline-durations", text, lang, null);
  const jobs = [...new Set(points.map((p) => p.job))].sort().map((j) => labelOf(t.jobNames, j));
  for (const p of points) p.job = labelOf(t.jobNames, p.job);
  const when = (d: Date) => `${f.date(d.toISOString())} ${d.toISOString().slice(11, 16)} UTC`;
  return chart("pipeline-durations", text, lang, {
    width,
    height: 240,
    marginLeft: 48,
    x: { type: "utc", label: null },
    y: { grid: true, label: t.seconds, tickFormat: secondsTicks(f, Math.max(...points.map((p) => p.seconds))) },
    color: { legend: true, domain: jobs, range: jobs.map((_, i) => CYCLE[i % CYCLE.length]!) },
    marks: [
      Plot.line(points, { x: "start", y: "seconds", stroke: "job", strokeOpacity: 0.6 }),
      Plot.dot(
        points.filter((p) => !p.failed && !p.running),
        { x: "start", y: "seconds", fill: "job", r: 3 },
      ),
      // A run still in progress: hollow, at the seconds its steps took so far.
      Plot.dot(
        points.filter((p) => p.running),
        { x: "start", y: "seconds", stroke: "job", fill: "white", r: 4 },
      ),
      Plot.dot(
        points.filter((p) => p.failed),
        { x: "start", y: "seconds", symbol: "times", stroke: "#b3401b", strokeWidth: 2, r: 5 },
      ),
      Plot.tip(
        points,
        Plot.pointer({
          x: "start",
          y: "seconds",
          title: (p: (typeof points)[number]) => `${p.runId} · ${p.job}\n${labelOf(t.status, p.status)} · ${when(p.start)}\n${f.number(p.seconds, 1)} s`,
        }),
      ),
      Plot.ruleY([0]),
    ],
  });
}

/** The failure rate per job and the last alert sent, built with textContent (alert titles quote run errors). */
export function reliability(history: SiteRuns, lang: Lang): HTMLElement {
  const t = strings(lang).pipeline;
  const f = formatter(lang);
  const wrap = el("section", { class: "reliability", "aria-label": t.failureRate });
  const table = el("table", { class: "results" });
  const head = el("tr");
  for (const h of [t.failureColumn.job, t.failureColumn.runs, t.failureColumn.failed, t.failureColumn.rate]) head.append(el("th", { scope: "col" }, h));
  table.append(el("thead"), el("tbody"));
  table.tHead!.append(head);
  for (const r of runTrends(history).rates) {
    const row = el("tr");
    row.append(
      r.job === null ? el("td", {}, t.allJobs) : el("td", {}, r.job),
      el("td", { class: "num" }, f.integer(r.runs)),
      el("td", { class: "num" }, f.integer(r.failed)),
      el("td", { class: "num" }, r.rate === null ? "—" : f.percent(r.rate)),
    );
    table.tBodies[0].append(row);
  }
  const alert = history.lastAlert ?? null;
  const alertText = alert
    ? `${labelOf(t.alertEvents, alert.event)} · ${alert.job} · ${alert.runId} · ${f.date(alert.sentAt)} ${alert.sentAt.slice(11, 16)} UTC · ${alert.delivered ? t.delivered : t.notDelivered}`
    : t.noAlert;
  wrap.append(
    el("h2", {}, t.failureRate),
    el("p", {}, t.failureRateNote),
    scroller(table, t.failureRate),
    el("h3", {}, t.lastAlert),
    el("p", { class: alert ? (alert.delivered ? "last-alert status-success" : "last-alert status-failed") : "last-alert" }, alertText),
  );
  if (alert) wrap.append(el("p", { class: "last-alert-title" }, alert.title));
  return wrap;
}

/** The jobs, their schedules and last runs, as a table built with textContent. */
export function jobsTable(history: SiteRuns, lang: Lang): HTMLElement {
  const t = strings(lang).pipeline;
  const f = formatter(lang);
  const wrap = el("section", { class: "jobs", "aria-label": t.jobs });
  const table = el("table", { class: "results" });
  const head = el("tr");
  for (const h of [t.jobColumn.job, t.jobColumn.steps, t.jobColumn.schedule, t.jobColumn.next, t.jobColumn.last]) head.append(el("th", { scope: "col" }, h));
  table.append(el("thead"), el("tbody"));
  table.tHead!.append(head);
  for (const job of history.jobs) {
    const row = el("tr");
    const name = el("td");
    name.append(
      el("strong", {}, labelOf(t.jobNames, job.name)),
      document.createTextNode(" "),
      el("code", {}, job.name),
      el("br"),
      el("span", {}, labelOf(t.jobDescriptions, job.name, job.description)),
    );
    const next = job.schedule?.enabled && job.schedule.nextFire ? `${f.date(job.schedule.nextFire)} ${job.schedule.nextFire.slice(11, 16)} UTC` : "—";
    const last = job.lastRun ? `${labelOf(t.status, job.lastRun.status)}${job.lastRun.finishedAt ? ` · ${f.date(job.lastRun.finishedAt)}` : ""}` : "—";
    row.append(
      name,
      el("td", {}, job.steps.map((s) => labelOf(t.stepNames, s)).join(" → ")),
      el("td", {}, job.schedule ? job.schedule.cron : t.notScheduled),
      el("td", {}, next),
      el("td", { class: job.lastRun ? `status-${job.lastRun.status}` : "" }, last),
    );
    table.tBodies[0].append(row);
  }
  wrap.append(el("h2", {}, t.jobs), scroller(table, t.jobs));
  return wrap;
}

export function modelsChart(data: PipelineData, { lang, width }: Options): HTMLElement {
  const t = strings(lang).pipeline;
  const f = formatter(lang);
  const models = [...data.models].sort((a, b) => b.seconds - a.seconds).slice(0, 30);
  const text = { title: t.models, description: t.modelsAlt };
  if (models.length === 0) return chart("pipeline-models", text, lang, null);
  const fit = fitLabels(
    models.map((m) => m.model),
    width,
    { share: 0.5, max: 240 },
  );
  return chart("pipeline-models", text, lang, {
    width,
    height: 40 + models.length * 18,
    marginLeft: fit.marginLeft,
    x: { grid: true, label: t.seconds, tickFormat: secondsTicks(f, Math.max(...models.map((m) => m.seconds))) },
    y: { label: null, domain: models.map((m) => m.model), tickFormat: fit.tickFormat },
    marks: [
      Plot.barX(models, { x: "seconds", y: "model", fill: (m) => (m.status === "success" ? SERIES.revenue : SERIES.bad) }),
      Plot.tip(
        models,
        Plot.pointerY({
          x: "seconds",
          y: "model",
          title: (m) =>
            `${m.model} (${m.materialized})\n${f.number(m.seconds, 3)} s${m.rows === null ? "" : ` · ${f.integer(m.rows)} ${t.rows.toLowerCase()}`}`,
        }),
      ),
      Plot.ruleX([0]),
    ],
  });
}

export function loadsChart(data: PipelineData, { lang, width }: Options): HTMLElement {
  const t = strings(lang).pipeline;
  const f = formatter(lang);
  const bars = data.loads.flatMap((l) => [
    { table: l.table_name, kind: t.loaded, rows: l.rows_loaded },
    { table: l.table_name, kind: t.rejected, rows: l.rows_rejected },
  ]);
  const text = { title: t.loads, description: t.loadsAlt };
  if (bars.length === 0) return chart("pipeline-loads", text, lang, null);
  const tables = data.loads.map((l) => l.table_name);
  const fit = fitLabels(tables, width, { share: 0.5, max: 240 });
  return chart("pipeline-loads", text, lang, {
    width,
    height: 50 + tables.length * 22,
    marginLeft: fit.marginLeft,
    x: { grid: true, label: t.rows, tickFormat: (v: number) => f.compact(v) },
    y: { label: null, domain: tables, tickFormat: fit.tickFormat },
    color: { legend: true, domain: [t.loaded, t.rejected], range: [SERIES.good, SERIES.bad] },
    marks: [
      Plot.barX(bars, { x: "rows", y: "table", fill: "kind" }),
      Plot.tip(bars, Plot.pointer(Plot.stackX({ x: "rows", y: "table", fill: "kind", title: (d) => `${d.table}\n${d.kind}: ${f.integer(d.rows)}` }))),
      Plot.ruleX([0]),
    ],
  });
}

/** A table that scrolls sideways on a phone instead of widening the page. */
function scroller(table: HTMLElement, label: string): HTMLElement {
  // Focusable and named, so a keyboard reader can scroll it too.
  const box = el("div", { class: "table-scroll", tabindex: "0", role: "region", "aria-label": label });
  box.append(table);
  return box;
}

/** An id (a test, a model) in a cell, in code font: it reads the same in every language. */
function code(id: string): HTMLElement {
  const cell = el("td");
  cell.append(el("code", {}, id));
  return cell;
}

/** The tests that did not pass, as a table built with textContent (messages can quote source data). */
export function failingTests(data: PipelineData, lang: Lang): HTMLElement {
  const t = strings(lang).pipeline;
  const f = formatter(lang);
  const failing = data.tests.filter((r) => r.status !== "pass");
  const wrap = el("section", { class: "failing-tests", "aria-label": t.failing });
  if (failing.length === 0) {
    wrap.append(el("p", { class: "status-pass" }, t.allPassed));
    return wrap;
  }
  const table = el("table", { class: "results" });
  const head = el("tr");
  for (const h of [t.column.test, t.column.model, t.column.status, t.column.failures, t.column.message]) head.append(el("th", { scope: "col" }, h));
  table.append(el("thead"), el("tbody"));
  table.tHead!.append(head);
  for (const r of failing) {
    const row = el("tr");
    row.append(
      code(r.test_id),
      code(r.model),
      el("td", { class: `status-${outcome(r)}` }, labelOf(t.status, outcome(r))),
      el("td", { class: "num" }, f.integer(r.failures)),
      el("td", {}, t.testMessage(r.message)),
    );
    table.tBodies[0].append(row);
  }
  wrap.append(el("h3", {}, t.failing), scroller(table, t.failing));
  return wrap;
}

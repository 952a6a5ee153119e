// The Economic impact section, over time: revenue's lagged correlation with the dollar, revenue in nominal
// reais, constant reais and dollars, and the forecast with its back-test, each with its findings in words.
import * as Plot from "./plot.js";
import { chart, monthAxis } from "./chart.js";
import { el } from "./controls.js";
import { utcDate } from "./data.js";
import { SERIES } from "./palette.js";
import { formatter } from "./format.js";
import type { Lang } from "./routes.js";
import { strings } from "./strings.js";

interface Options {
  lang: Lang;
  width: number;
}

export interface Timing {
  lags: { lag: number; r: number; pairs: number; outsideBand: boolean }[];
  n: number;
  band: number;
}

export interface ImpactMonth {
  order_month: string;
  total_revenue_brl: number;
  total_revenue_real_brl: number;
  total_revenue_usd: number;
  is_analysis_month: boolean;
  order_count: number;
}

export interface Growth {
  from: string;
  to: string;
  previousFrom: string;
  previousTo: string;
  nominal: number;
  real: number;
  usd: number;
}

export interface Forecast {
  params: { alpha: number; beta: number; phi: number; gamma: number };
  history: { month: string; revenue: number }[];
  /** The first month of the fit (after the ramp-up) and the Novembers its November term was estimated from. */
  fitFrom: string;
  novembers: number;
  months: { month: string; h: number; revenue: number; low80: number; high80: number; low95: number; high95: number }[];
  backtest: {
    h: number;
    forecasts: number;
    mape: number;
    naiveMape: number;
    seasonalNaiveMape: number;
    coverage80: number;
    coverage95: number;
  }[];
}

/** Which months the analysis uses, and the sale orders of those left out (too few: the rule is in the prose). */
export function monthsUsed(months: readonly ImpactMonth[], lang: Lang): HTMLElement {
  const f = formatter(lang);
  const t = strings(lang).impact;
  const used = months.filter((m) => m.is_analysis_month);
  if (used.length === 0) return el("p", {}, t.noData);
  const left = months.filter((m) => !m.is_analysis_month).map((m) => `${f.month(m.order_month)} (${f.integer(m.order_count)})`);
  return el("p", { "data-findings": "months" }, t.monthsUsed(f, { n: used.length, from: used[0].order_month, to: used[used.length - 1].order_month, left }));
}

export function timingChart(timing: Timing | null, { lang, width }: Options): HTMLElement {
  const f = formatter(lang);
  const t = strings(lang).impact;
  const text = { title: t.timingTitle, description: t.timingAlt };
  if (!timing) return chart("impact-timing", text, lang, null);
  return chart("impact-timing", text, lang, {
    width,
    height: 240,
    x: { type: "band", label: t.lag, tickFormat: (d: number) => f.integer(d) },
    y: { domain: [-1, 1], grid: true, label: t.correlation, tickFormat: (v: number) => f.number(v, 1) },
    marks: [
      Plot.barY(timing.lags, { x: "lag", y: "r", fill: (d) => (d.outsideBand ? SERIES.bad : SERIES.revenue) }),
      Plot.ruleY([timing.band, -timing.band], { strokeDasharray: "4 3", stroke: "currentColor" }),
      Plot.ruleY([0]),
      Plot.tip(timing.lags, Plot.pointerX({ x: "lag", y: "r", title: (d) => `${t.lag}: ${f.integer(d.lag)}\n${t.correlation}: ${f.number(d.r)}` })),
    ],
  });
}

export function timingFindings(timing: Timing | null, lang: Lang): HTMLElement {
  const f = formatter(lang);
  const t = strings(lang).impact;
  if (!timing) return el("p", {}, t.noData);
  const strongest = timing.lags.reduce((a, b) => (Math.abs(b.r) > Math.abs(a.r) ? b : a));
  return el(
    "p",
    { "data-findings": "timing" },
    t.timingFinding(f, {
      n: timing.n,
      band: timing.band,
      outside: timing.lags.filter((l) => l.outsideBand).map((l) => l.lag),
      strongestLag: strongest.lag,
      strongest: strongest.r,
    }),
  );
}

/** Nominal, constant-price and dollar revenue as indexes (first analysis month = 100), so one axis fits all three. */
export function realRevenueChart(months: readonly ImpactMonth[], baseMonth: string | null, { lang, width }: Options): HTMLElement {
  const f = formatter(lang);
  const t = strings(lang).impact;
  const used = months.filter((m) => m.is_analysis_month);
  const text = { title: t.realTitle, description: t.realAlt };
  if (used.length === 0) return chart("impact-real", text, lang, null);
  const series = [
    { key: "total_revenue_brl", label: t.nominal },
    { key: "total_revenue_real_brl", label: t.real(baseMonth ? f.month(baseMonth) : "—") },
    { key: "total_revenue_usd", label: t.dollars },
  ] as const;
  const first = used[0];
  const long = used.flatMap((m) =>
    series.map((s) => ({
      month: utcDate(m.order_month),
      iso: m.order_month,
      series: s.label,
      value: (100 * m[s.key]) / first[s.key],
      amount: m[s.key],
      usd: s.key === "total_revenue_usd",
    })),
  );
  return chart("impact-real", text, lang, {
    width,
    height: 280,
    x: monthAxis(f, width),
    y: { grid: true, label: t.indexAxis, tickFormat: (v: number) => f.integer(v) },
    color: { legend: true, domain: series.map((s) => s.label), range: [SERIES.nominalBrl, SERIES.realBrl, SERIES.usd] },
    marks: [
      Plot.ruleY([100], { stroke: "#999" }),
      Plot.lineY(long, { x: "month", y: "value", stroke: "series", strokeWidth: 2 }),
      Plot.tip(
        long,
        Plot.pointerX({
          x: "month",
          y: "value",
          stroke: "series",
          title: (d) => `${d.series} · ${f.month(d.iso)}\n${d.usd ? f.usd(d.amount) : f.brl(d.amount)} (${f.number(d.value, 1)})`,
        }),
      ),
    ],
  });
}

export function growthFindings(growth: Growth | null, lang: Lang): HTMLElement {
  const t = strings(lang).impact;
  return el("p", { "data-findings": "growth" }, growth ? t.growthFinding(formatter(lang), growth) : t.noData);
}

export function forecastChart(forecast: Forecast | null, { lang, width }: Options): HTMLElement {
  const f = formatter(lang);
  const t = strings(lang).impact;
  const text = { title: t.forecastTitle, description: t.forecastAlt };
  if (!forecast) return chart("impact-forecast", text, lang, null);
  const history = forecast.history.map((d) => ({ ...d, date: utcDate(d.month) }));
  const last = history[history.length - 1];
  // The band starts at the last observed month so it reads as a continuation of the line.
  const band = [
    { date: last.date, low80: last.revenue, high80: last.revenue, low95: last.revenue, high95: last.revenue },
    ...forecast.months.map((m) => ({ ...m, date: utcDate(m.month) })),
  ];
  const ahead = forecast.months.map((m) => ({ ...m, date: utcDate(m.month) }));
  return chart("impact-forecast", text, lang, {
    width,
    height: 280,
    x: monthAxis(f, width),
    y: { grid: true, label: t.history, tickFormat: (v: number) => f.brlCompact(v) },
    marks: [
      Plot.areaY(band, { x: "date", y1: "low95", y2: "high95", fill: SERIES.forecast, fillOpacity: 0.15 }),
      Plot.areaY(band, { x: "date", y1: "low80", y2: "high80", fill: SERIES.forecast, fillOpacity: 0.3 }),
      Plot.lineY(history, { x: "date", y: "revenue", stroke: SERIES.nominalBrl, strokeWidth: 2 }),
      Plot.lineY([{ date: last.date, revenue: last.revenue }, ...ahead], { x: "date", y: "revenue", stroke: SERIES.forecast, strokeDasharray: "4 3" }),
      Plot.dot(ahead, { x: "date", y: "revenue", fill: SERIES.forecast }),
      Plot.ruleY([0]),
      Plot.tip(
        [...history.map((d) => ({ ...d, ahead: false as const })), ...ahead.map((d) => ({ ...d, ahead: true as const }))],
        Plot.pointerX({
          x: "date",
          y: "revenue",
          title: (d) =>
            d.ahead
              ? `${t.forecast} · ${f.month(d.month)}\n${f.brl(d.revenue)}\n${t.interval80}: ${f.brl(d.low80)} … ${f.brl(d.high80)}\n${t.interval95}: ${f.brl(d.low95)} … ${f.brl(d.high95)}`
              : `${f.month(d.month)}\n${f.brl(d.revenue)}`,
        }),
      ),
    ],
  });
}

/** The forecast in words, and the rolling-origin back-test as a table beside the naive benchmark. */
export function forecastFindings(forecast: Forecast | null, lang: Lang): HTMLElement {
  const f = formatter(lang);
  const t = strings(lang).impact;
  const box = el("div", { "data-findings": "forecast" });
  if (!forecast || forecast.months.length === 0) {
    box.append(el("p", {}, t.noData));
    return box;
  }
  const next = forecast.months[0];
  box.append(
    el(
      "p",
      {},
      t.forecastFinding(f, {
        month: next.month,
        revenue: next.revenue,
        low: next.low95,
        high: next.high95,
        ...forecast.params,
        november: Math.exp(forecast.params.gamma),
        novembers: forecast.novembers,
        fitFrom: forecast.fitFrom,
      }),
    ),
  );
  const first = forecast.backtest[0];
  if (first) box.append(el("p", {}, t.backtestFinding(f, { beats: first.mape < first.naiveMape, mape1: first.mape, naive1: first.naiveMape })));
  if (first) {
    const n = forecast.backtest.reduce((s, b) => s + b.forecasts, 0);
    const share = (key: "coverage80" | "coverage95") => forecast.backtest.reduce((s, b) => s + b[key] * b.forecasts, 0) / n;
    const seasonalWins = forecast.backtest.filter((b) => b.seasonalNaiveMape < b.mape).map((b) => b.h);
    const naiveWins = forecast.backtest.filter((b) => b.naiveMape < b.mape).map((b) => b.h);
    box.append(el("p", {}, t.coverageFinding(f, { n, in80: share("coverage80"), in95: share("coverage95"), seasonalWins, naiveWins })));
  }
  const table = el("table", { class: "results", "data-table": "backtest" });
  const head = el("tr");
  for (const h of [t.backtest.h, t.backtest.forecasts, t.backtest.mape, t.backtest.naive, t.backtest.seasonal, t.backtest.cover80, t.backtest.cover95]) {
    head.append(el("th", { scope: "col" }, h));
  }
  table.append(el("thead"), el("tbody"));
  table.tHead!.append(head);
  for (const b of forecast.backtest) {
    const row = el("tr");
    row.append(el("th", { scope: "row" }, f.integer(b.h)));
    for (const v of [
      f.integer(b.forecasts),
      f.percent(b.mape),
      f.percent(b.naiveMape),
      f.percent(b.seasonalNaiveMape),
      f.percent(b.coverage80),
      f.percent(b.coverage95),
    ]) {
      row.append(el("td", { class: "num" }, v));
    }
    table.tBodies[0].append(row);
  }
  box.append(table);
  return box;
}

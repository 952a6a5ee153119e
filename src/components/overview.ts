// The Overview section: KPI cards and the monthly revenue chart beside USD/BRL, in either language.
import * as Plot from "./plot.js";
import { chart, compactTicks, monthAxis, partialMonthBands } from "./chart.js";
import { el } from "./controls.js";
import { rows, utcDate } from "./data.js";
import { SERIES } from "./palette.js";
import { formatter } from "./format.js";
import type { Lang } from "./routes.js";
import { labelOf, strings } from "./strings.js";

export interface Kpis {
  orders: number;
  revenue_brl: number;
  revenue_usd: number;
  avg_order_value_brl: number;
  customers: number;
  last_order_date: string;
}

export function kpiCards(kpis: Kpis, lang: Lang): HTMLElement {
  const f = formatter(lang);
  const t = strings(lang).kpi;
  const cards: [string, string, string][] = [
    ["orders", t.orders, f.integer(kpis.orders)],
    ["revenue_brl", t.revenueBrl, f.brl(kpis.revenue_brl)],
    ["revenue_usd", t.revenueUsd, f.usd(kpis.revenue_usd)],
    ["avg_order_value_brl", t.aov, f.brl(kpis.avg_order_value_brl)],
    ["customers", t.customers, f.integer(kpis.customers)],
  ];
  const grid = el("div", { class: "kpis" });
  for (const [key, label, value] of cards) {
    const card = el("div", { class: "kpi", "data-kpi": key });
    card.append(el("h2", {}, label), el("div", { class: "value" }, value));
    grid.append(card);
  }
  return grid;
}

export interface MonthRow {
  order_month: string;
  total_revenue_brl: number;
  total_revenue_usd: number;
  total_revenue_real_brl: number;
  avg_usd_brl_rate: number;
  is_full_month?: boolean | null;
}

/**
 * Monthly revenue (nominal BRL, constant BRL, USD) above the month's average USD/BRL, on one time axis. With
 * `kept`, months outside it are gaps: lines never bridge a month the filters removed.
 */
export function revenueChart(
  monthly: Record<string, unknown[]> | MonthRow[],
  { lang, width, kept, id = "overview", withRate = true }: { lang: Lang; width: number; kept?: Set<string>; id?: string; withRate?: boolean },
): HTMLElement {
  const f = formatter(lang);
  const t = strings(lang).chart;
  const all = Array.isArray(monthly) ? monthly : rows<MonthRow>(monthly);
  const data = all.map((d) => ({ ...d, month: utcDate(d.order_month), kept: kept === undefined || kept.has(d.order_month) }));
  const series = [
    { key: "total_revenue_brl", label: t.nominalBrl },
    { key: "total_revenue_real_brl", label: t.realBrl },
    { key: "total_revenue_usd", label: t.usd },
  ] as const;
  const long = data.flatMap((d) => series.map((s) => ({ month: d.month, iso: d.order_month, series: s.label, value: d.kept ? d[s.key] : NaN })));
  const x = monthAxis(f, width);
  const months = all.map((d) => ({ order_month: d.order_month, is_full_month: d.is_full_month ?? null }));
  const bands = () => partialMonthBands(months, (m) => kept === undefined || kept.has(m));
  const figure = el("div", { class: "chart-group", role: "group", "aria-label": t.monthlyRevenue });
  if (!data.some((d) => d.kept)) {
    figure.append(chart(`${id}-revenue`, { title: t.monthlyRevenue, description: t.monthlyRevenueAlt }, lang, null));
    return figure;
  }
  const revenue = chart(`${id}-revenue`, { title: t.monthlyRevenue, description: t.monthlyRevenueAlt }, lang, {
    width,
    height: 260,
    marginLeft: 56,
    x,
    y: { grid: true, label: t.revenue, tickFormat: compactTicks(f) },
    color: { legend: true, domain: series.map((s) => s.label), range: [SERIES.nominalBrl, SERIES.realBrl, SERIES.usd] },
    marks: [
      bands(),
      Plot.lineY(long, { x: "month", y: "value", stroke: "series", strokeWidth: 2 }),
      Plot.tip(
        long,
        Plot.pointerX({
          x: "month",
          y: "value",
          stroke: "series",
          title: (d) => `${d.series} · ${f.month(d.iso)}\n${d.series === t.usd ? f.usd(d.value) : f.brl(d.value)}`,
        }),
      ),
      Plot.ruleY([0]),
    ],
  });
  const rate = () =>
    chart(`${id}-usd-brl`, { title: t.usdBrl, description: t.usdBrlAlt }, lang, {
      width,
      height: 160,
      marginLeft: 56,
      x,
      y: { grid: true, label: t.usdBrl, tickFormat: (v: number) => f.number(v, 2) },
      marks: [
        bands(),
        Plot.lineY(data, { x: "month", y: (d) => (d.kept ? d.avg_usd_brl_rate : NaN), stroke: SERIES.usdBrl, strokeWidth: 2 }),
        Plot.tip(
          data,
          Plot.pointerX({
            x: "month",
            y: "avg_usd_brl_rate",
            filter: (d) => d.kept,
            title: (d) => `${f.month(d.order_month)}\n${f.number(d.avg_usd_brl_rate, 4)}`,
          }),
        ),
      ],
    });
  figure.append(revenue);
  if (withRate) figure.append(rate());
  return figure;
}

/** Orders by weekday and hour of purchase: one cell per (weekday, hour), from the Overview loader. */
export function rhythmChart(rhythm: Record<string, unknown[]>, { lang, width }: { lang: Lang; width: number }): HTMLElement {
  const f = formatter(lang);
  const t = strings(lang);
  const data = rows<{ weekday: number; hour: number; orders: number }>(rhythm).map((d) => ({ ...d, day: t.weekdays[d.weekday - 1] }));
  const busiest = data.reduce((a, b) => (b.orders > (a?.orders ?? -1) ? b : a), data[0]);
  const description = busiest ? `${t.rhythm.alt} ${busiest.day} ${busiest.hour}h: ${f.integer(busiest.orders)}.` : t.rhythm.alt;
  const text = { title: t.rhythm.title, description };
  if (data.length === 0) return chart("overview-rhythm", text, lang, null);
  return chart("overview-rhythm", text, lang, {
    width,
    height: 60 + 7 * Math.max(18, Math.min(30, width / 30)),
    marginLeft: 40,
    x: { label: t.rhythm.hour, domain: Array.from({ length: 24 }, (_, h) => h), tickFormat: (h: number) => (width < 600 && h % 3 ? "" : `${h}h`), tickSize: 0 },
    y: { label: null, domain: t.weekdays, tickSize: 0 },
    color: { type: "linear", scheme: "blues", legend: true, label: t.rhythm.orders, tickFormat: (v: number) => f.integer(v) },
    marks: [
      Plot.cell(data, { x: "hour", y: "day", fill: "orders", inset: 0.5 }),
      Plot.tip(data, Plot.pointer({ x: "hour", y: "day", title: (d) => `${d.day} ${d.hour}h\n${t.rhythm.orders}: ${f.integer(d.orders)}` })),
    ],
  });
}

export interface IndicatorStatus {
  series_key: string;
  last_date: string | null;
  stale: boolean;
  reason: string | null;
  freshness_warning: string | null;
}

/**
 * What the numbers cover, first: the orders' period, how many of its months are partial or thin, and whether
 * every economic series covers it. A series that stops before the last order is a notice; newer BCB data, or a
 * series past its publication cadence after the orders ended, is information only.
 */
export function dataAsOf(
  lastOrderDate: string,
  indicators: IndicatorStatus[],
  builtAt: string,
  lang: Lang,
  monthly: Record<string, unknown[]> | MonthRow[] = [],
): HTMLElement {
  const f = formatter(lang);
  const t = strings(lang);
  const wrap = el("div", { class: "data-as-of" });
  const months = Array.isArray(monthly) ? monthly : rows<MonthRow>(monthly);
  const first = months[0]?.order_month;
  const partial = months.filter((m) => m.is_full_month === false).map((m) => f.month(m.order_month));
  const coverage = first ? t.coverage.period(f.month(first), f.date(lastOrderDate), months.length) : `${t.ordersThrough} ${f.date(lastOrderDate)}`;
  const thin = partial.length ? ` ${t.coverage.partial(partial)}` : "";
  wrap.append(el("p", { class: "as-of", "data-coverage": "" }, `${coverage}.${thin}`));
  // A daily series covers the orders when it reaches the last order's day; IPCA (monthly) its month.
  const covers = (i: IndicatorStatus) =>
    i.last_date !== null &&
    (i.series_key === "ipca" ? i.last_date.slice(0, 7) >= lastOrderDate.slice(0, 7) : i.last_date.slice(0, 10) >= lastOrderDate.slice(0, 10));
  const name = (i: IndicatorStatus) => labelOf(t.staleSeries, i.series_key);
  const short = indicators.filter((i) => !covers(i));
  if (short.length > 0) {
    const notice = el("div", { class: "notice", role: "status" });
    notice.append(el("strong", {}, t.coverage.shortNotice));
    const list = el("ul");
    for (const s of short)
      list.append(
        el("li", { title: s.reason ?? s.freshness_warning ?? "" }, `${name(s)}: ${s.last_date ? `${t.lastObservation} ${f.date(s.last_date)}` : "—"}`),
      );
    notice.append(list);
    wrap.append(notice);
  } else if (indicators.length > 0) {
    wrap.append(el("p", { class: "as-of", "data-indicators-cover": "" }, t.coverage.covered));
  }
  // For information: how far the series run, and which are past their cadence (the pipeline's English reason
  // stays in the tooltip; the reader gets the facts in the page's language).
  const info = indicators
    .filter((i) => i.last_date)
    .map((i) => {
      const late =
        i.stale || i.freshness_warning ? ` (${t.coverage.pastCadence}${i.reason && i.reason !== i.freshness_warning ? `; ${t.snapshotFallback}` : ""})` : "";
      return `${name(i)} ${f.date(i.last_date!)}${late}`;
    });
  if (info.length > 0) {
    wrap.append(
      el(
        "p",
        { class: "as-of indicators-info", "data-indicators-info": "" },
        `${t.coverage.info} ${info.join(" · ")}. ${t.coverage.built} ${f.date(builtAt)}.`,
      ),
    );
  }
  return wrap;
}

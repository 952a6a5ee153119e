// The Overview section: KPI cards and the monthly revenue chart beside USD/BRL, in either language.
import * as Plot from "./plot.js";
import { chart, compactTicks, monthAxis } from "./chart.js";
import { el } from "./controls.js";
import { PALETTE, rows, utcDate } from "./data.js";
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
    color: { legend: true, domain: series.map((s) => s.label), range: PALETTE.slice(0, 3) },
    marks: [
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
        Plot.lineY(data, { x: "month", y: (d) => (d.kept ? d.avg_usd_brl_rate : NaN), stroke: PALETTE[5], strokeWidth: 2 }),
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

/** "Data as of …" with a visible notice when an economic series is stale. */
export function dataAsOf(lastOrderDate: string, indicators: IndicatorStatus[], builtAt: string, lang: Lang): HTMLElement {
  const f = formatter(lang);
  const t = strings(lang);
  const wrap = el("div", { class: "data-as-of" });
  const lastIndicator =
    indicators
      .map((i) => i.last_date ?? "")
      .sort()
      .at(-1) ?? "";
  wrap.append(
    el(
      "p",
      { class: "as-of" },
      `${t.dataAsOf} ${f.date(lastOrderDate)} (${t.ordersThrough} ${f.date(lastOrderDate)}; ${t.indicatorsThrough} ${lastIndicator ? f.date(lastIndicator) : "—"}; ${t.builtAt} ${f.date(builtAt)})`,
    ),
  );
  const stale = indicators.filter((i) => i.stale || i.freshness_warning);
  if (stale.length > 0) {
    const notice = el("div", { class: "notice", role: "status" });
    notice.append(el("strong", {}, t.staleNotice));
    const list = el("ul");
    // The pipeline's reason text is English; the reader gets the facts in the page's language.
    for (const s of stale) {
      const name = labelOf(t.staleSeries, s.series_key);
      const last = s.last_date ? `${t.lastObservation} ${f.date(s.last_date)}` : "—";
      const fellBack = s.reason && s.reason !== s.freshness_warning ? `; ${t.snapshotFallback}` : "";
      list.append(el("li", { title: s.reason ?? s.freshness_warning ?? "" }, `${name}: ${last}${fellBack}`));
    }
    notice.append(list);
    wrap.append(notice);
  }
  return wrap;
}

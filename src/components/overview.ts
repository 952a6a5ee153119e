// The Overview section: KPI cards and the monthly revenue chart beside USD/BRL, in either language.
import * as Plot from "@observablehq/plot";
import { PALETTE, rows, utcDate } from "./data.js";
import { formatter, strings, type Lang } from "./i18n.js";

export interface Kpis {
  orders: number;
  revenue_brl: number;
  revenue_usd: number;
  avg_order_value_brl: number;
  customers: number;
  last_order_date: string;
}

function el(tag: string, attrs: Record<string, string> = {}, text?: string): HTMLElement {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
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

interface MonthRow {
  order_month: string;
  total_revenue_brl: number;
  total_revenue_usd: number;
  total_revenue_real_brl: number;
  avg_usd_brl_rate: number;
}

/** Monthly revenue (nominal BRL, constant BRL, USD) above the month's average USD/BRL, on one time axis. */
export function revenueChart(monthly: Record<string, unknown[]>, { lang, width }: { lang: Lang; width: number }): HTMLElement {
  const f = formatter(lang);
  const t = strings(lang).chart;
  const data = rows<MonthRow>(monthly).map((d) => ({ ...d, month: utcDate(d.order_month) }));
  const series = [
    { key: "total_revenue_brl", label: t.nominalBrl },
    { key: "total_revenue_real_brl", label: t.realBrl },
    { key: "total_revenue_usd", label: t.usd },
  ] as const;
  const long = data.flatMap((d) => series.map((s) => ({ month: d.month, iso: d.order_month, series: s.label, value: d[s.key] })));
  const x = { type: "utc" as const, label: null, ticks: Math.max(2, Math.floor(width / 110)), tickFormat: (d: Date) => f.month(d.toISOString()) };
  const revenue = Plot.plot({
    width,
    height: 260,
    title: t.monthlyRevenue,
    ariaLabel: t.monthlyRevenue,
    ariaDescription: t.monthlyRevenueAlt,
    x,
    y: { grid: true, label: t.revenue, tickFormat: (v: number) => f.brlCompact(v).replace(/^\D+/, "") },
    color: { legend: true, domain: series.map((s) => s.label), range: PALETTE.slice(0, 3) },
    marks: [
      Plot.lineY(long, { x: "month", y: "value", stroke: "series", strokeWidth: 2 }),
      Plot.tip(long, Plot.pointerX({ x: "month", y: "value", stroke: "series", title: (d) => `${d.series} · ${f.month(d.iso)}\n${d.series === t.usd ? f.usd(d.value) : f.brl(d.value)}` })),
      Plot.ruleY([0]),
    ],
  });
  const rate = Plot.plot({
    width,
    height: 140,
    ariaLabel: t.usdBrl,
    ariaDescription: t.monthlyRevenueAlt,
    x,
    y: { grid: true, label: t.usdBrl, tickFormat: (v: number) => f.number(v, 2) },
    marks: [
      Plot.lineY(data, { x: "month", y: "avg_usd_brl_rate", stroke: PALETTE[5], strokeWidth: 2 }),
      Plot.tip(data, Plot.pointerX({ x: "month", y: "avg_usd_brl_rate", title: (d) => `${f.month(d.order_month)}\n${f.number(d.avg_usd_brl_rate, 4)}` })),
    ],
  });
  const figure = el("div", { class: "chart", role: "group", "aria-label": t.monthlyRevenue });
  figure.append(revenue, rate);
  return figure;
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
  const lastIndicator = indicators.map((i) => i.last_date ?? "").sort().at(-1) ?? "";
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
    for (const s of stale) list.append(el("li", {}, `${s.series_key}: ${s.reason ?? s.freshness_warning ?? ""}`));
    notice.append(list);
    wrap.append(notice);
  }
  return wrap;
}

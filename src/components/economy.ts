// The Economy section: USD/BRL, IPCA and SELIC over the sales period, monthly sales against the dollar with a
// least-squares line, and the payment mix, over the months and exchange-rate periods the reader keeps.
import * as Plot from "./plot.js";
import { chart, compactTicks, isFullMonth, monthAxis, PARTIAL_MONTHS, partialMonthBands, percentTicks } from "./chart.js";
import { rows, utcDate } from "./data.js";
import { keptMonths, type MonthFilter } from "./filters.js";
import { PAYMENT_COLOURS, PERIOD_COLOURS, SERIES } from "./palette.js";
import { formatter } from "./format.js";
import type { Lang } from "./routes.js";
import { leastSquares } from "./statistics/ols.js";
import { labelOf, strings } from "./strings.js";

export interface EconomyData {
  thresholds: { strongBelow: number; weakAbove: number };
  daily: Record<string, unknown[]>;
  monthly: Record<string, unknown[]>;
  payments: Record<string, unknown[]>;
}

export interface EconomyMonth {
  order_month: string;
  order_count: number;
  total_revenue_brl: number;
  total_revenue_usd: number;
  total_revenue_real_brl: number;
  avg_usd_brl_rate: number;
  exchange_rate_period: string | null;
  ipca_month_pct: number | null;
  ipca_12m_pct: number | null;
  avg_selic_rate: number | null;
  is_full_month: boolean | null;
}

interface Day {
  date_day: string;
  usd_brl_rate: number | null;
  selic_rate: number | null;
  exchange_rate_period: string | null;
}

export const PERIODS = ["Strong BRL", "Moderate", "Weak BRL"];
/** One colour per exchange-rate period on every page (Okabe–Ito blue, green, vermillion). */
export const PERIOD_COLORS = [...PERIOD_COLOURS];

export function prepareEconomy(data: EconomyData) {
  return {
    thresholds: data.thresholds,
    daily: rows<Day>(data.daily),
    monthly: rows<EconomyMonth>(data.monthly),
    payments: rows<{ order_month: string; payment_type: string; orders: number }>(data.payments),
  };
}
type Prepared = ReturnType<typeof prepareEconomy>;

export interface EconomyFilters extends MonthFilter {
  periods: string[];
}

/** The partial or thin months inside the range the reader kept, as bands. */
function bands(p: Prepared, filters: EconomyFilters) {
  const { from, to } = filters.months;
  return partialMonthBands(p.monthly, (m) => m >= from.slice(0, 7) && m.slice(0, 7) <= to.slice(0, 7));
}

/** Days of the kept range; a day of a period not kept is a gap (its values NaN), so lines never bridge it. */
function keptDays(p: Prepared, filters: EconomyFilters) {
  const from = filters.months.from;
  const to = filters.months.to.slice(0, 7);
  const periods = new Set(filters.periods);
  return p.daily
    .filter((d) => d.date_day >= from && d.date_day.slice(0, 7) <= to)
    .map((d) => ({ ...d, date: utcDate(d.date_day), kept: periods.has(d.exchange_rate_period ?? "") }));
}

interface Options {
  lang: Lang;
  width: number;
}

export function exchangeRateChart(p: Prepared, filters: EconomyFilters, { lang, width }: Options): HTMLElement {
  const f = formatter(lang);
  const t = strings(lang);
  const days = keptDays(p, filters).filter((d) => d.usd_brl_rate !== null);
  const text = { title: t.economy.usdBrl, description: t.economy.usdBrlAlt };
  if (!days.some((d) => d.kept)) return chart("economy-usd-brl", text, lang, null);
  const { strongBelow, weakAbove } = p.thresholds;
  const periodLabel = (k: string | null) => labelOf(t.periods, k ?? "");
  return chart("economy-usd-brl", text, lang, {
    width,
    height: 260,
    marginLeft: 48,
    x: monthAxis(f, width),
    y: { grid: true, label: t.chart.usdBrl, tickFormat: (v: number) => f.number(v, 2) },
    color: { legend: true, domain: PERIODS.map(periodLabel), range: PERIOD_COLORS },
    marks: [
      bands(p, filters),
      Plot.ruleY([strongBelow, weakAbove], { stroke: "#888", strokeDasharray: "4,3" }),
      Plot.text([strongBelow, weakAbove], { y: (d) => d, text: (d) => f.number(d, 2), frameAnchor: "right", dy: -6, fill: "#666", fontSize: 10 }),
      // One line whose colour changes with the period (z: null keeps it one series).
      Plot.lineY(days, {
        x: "date",
        y: (d) => (d.kept ? d.usd_brl_rate : NaN),
        stroke: (d) => periodLabel(d.exchange_rate_period),
        z: null,
        strokeWidth: 1.75,
      }),
      Plot.tip(
        days,
        Plot.pointerX({
          x: "date",
          y: "usd_brl_rate",
          filter: (d) => d.kept,
          title: (d) => `${f.date(d.date_day)}\nUSD/BRL ${f.number(d.usd_brl_rate ?? 0, 4)} · ${periodLabel(d.exchange_rate_period)}`,
        }),
      ),
    ],
  });
}

/** The kept months: in the range and in a kept exchange-rate period. */
export function economyMonths(p: Prepared, filters: EconomyFilters): EconomyMonth[] {
  const kept = keptMonths(p.monthly, filters);
  return p.monthly.filter((m) => kept.has(m.order_month));
}

export function ipcaChart(p: Prepared, filters: EconomyFilters, { lang, width }: Options): HTMLElement {
  const f = formatter(lang);
  const t = strings(lang).economy;
  const months = economyMonths(p, filters).map((m) => ({ ...m, date: utcDate(m.order_month) }));
  const text = { title: t.ipca, description: t.ipcaAlt };
  if (months.length === 0) return chart("economy-ipca", text, lang, null);
  const twelve = months.filter((m) => m.ipca_12m_pct !== null);
  return chart("economy-ipca", text, lang, {
    width,
    height: 240,
    marginLeft: 48,
    x: monthAxis(f, width),
    y: { grid: true, label: "%", tickFormat: (v: number) => f.number(v, 1) },
    color: { legend: true, domain: [t.ipcaMonth, t.ipca12m], range: [SERIES.ipcaMonth, SERIES.ipca12m] },
    marks: [
      bands(p, filters),
      Plot.rectY(months, { x: "date", interval: "month", y: "ipca_month_pct", fill: () => t.ipcaMonth, inset: 1 }),
      Plot.lineY(twelve, {
        x: (d) => new Date(d.date.getTime() + 15 * 864e5),
        y: "ipca_12m_pct",
        stroke: () => t.ipca12m,
        strokeWidth: 2,
        marker: "circle-stroke",
      }),
      Plot.ruleY([0]),
      Plot.tip(
        months,
        Plot.pointerX({
          x: "date",
          y: "ipca_month_pct",
          title: (d) =>
            `${f.month(d.order_month)}\n${t.ipcaMonth}: ${f.number(d.ipca_month_pct ?? 0, 2)} %\n${t.ipca12m}: ${d.ipca_12m_pct === null ? "—" : `${f.number(d.ipca_12m_pct, 2)} %`}`,
        }),
      ),
    ],
  });
}

export function selicChart(p: Prepared, filters: EconomyFilters, { lang, width }: Options): HTMLElement {
  const f = formatter(lang);
  const t = strings(lang).economy;
  const days = keptDays(p, filters).filter((d) => d.selic_rate !== null);
  const text = { title: t.selic, description: t.selicAlt };
  if (!days.some((d) => d.kept)) return chart("economy-selic", text, lang, null);
  return chart("economy-selic", text, lang, {
    width,
    height: 220,
    marginLeft: 48,
    x: monthAxis(f, width),
    y: { grid: true, label: t.selicRate, tickFormat: (v: number) => f.number(v, 1), zero: true },
    marks: [
      bands(p, filters),
      Plot.lineY(days, { x: "date", y: (d) => (d.kept ? d.selic_rate : NaN), curve: "step-after", stroke: SERIES.selic, strokeWidth: 2 }),
      Plot.tip(
        days,
        Plot.pointerX({ x: "date", y: "selic_rate", filter: (d) => d.kept, title: (d) => `${f.date(d.date_day)}\nSELIC ${f.number(d.selic_rate ?? 0, 2)} %` }),
      ),
    ],
  });
}

export function salesVsRateChart(p: Prepared, filters: EconomyFilters, { lang, width }: Options): HTMLElement {
  const f = formatter(lang);
  const t = strings(lang);
  const months = economyMonths(p, filters).filter((m) => m.avg_usd_brl_rate !== null);
  // The fit counts full months only (the sensitivity marts' rule): a month of a handful of orders is noise.
  const full = months.filter(isFullMonth);
  const fit = leastSquares(full.map((m) => ({ x: m.avg_usd_brl_rate, y: m.total_revenue_brl })));
  const fitText = fit ? ` r² = ${f.number(fit.r2, 2)}.` : "";
  const text = {
    title: t.economy.salesVsRate,
    description: t.economy.salesVsRateAlt + fitText,
    subtitle: fit ? `${t.economy.fit}: r² = ${f.number(fit.r2, 2)}` : undefined,
  };
  if (months.length === 0) return chart("economy-sales-vs-rate", text, lang, null);
  const periodLabel = (k: string | null) => labelOf(t.periods, k ?? "");
  return chart("economy-sales-vs-rate", text, lang, {
    width,
    height: 300,
    marginLeft: 56,
    x: { label: t.chart.usdBrl, tickFormat: (v: number) => f.number(v, 2), ticks: Math.max(2, Math.floor(width / 100)) },
    y: { grid: true, label: t.kpi.revenueBrl, tickFormat: compactTicks(f) },
    color: { legend: true, domain: PERIODS.map(periodLabel), range: PERIOD_COLORS },
    marks: [
      ...(fit ? [Plot.linearRegressionY(full, { x: "avg_usd_brl_rate", y: "total_revenue_brl", stroke: "#555", fill: "#999" })] : []),
      Plot.dot(months, { x: "avg_usd_brl_rate", y: "total_revenue_brl", fill: (d) => periodLabel(d.exchange_rate_period), stroke: "white", r: 5 }),
      // A partial or thin month is crossed out: drawn, but outside the fit.
      Plot.dot(
        months.filter((m) => !isFullMonth(m)),
        { x: "avg_usd_brl_rate", y: "total_revenue_brl", symbol: "times", r: 4, stroke: "currentColor", strokeWidth: 1.5, className: PARTIAL_MONTHS },
      ),
      Plot.tip(
        months,
        Plot.pointer({
          x: "avg_usd_brl_rate",
          y: "total_revenue_brl",
          title: (d) =>
            `${f.month(d.order_month)}\n${f.brl(d.total_revenue_brl)} · USD/BRL ${f.number(d.avg_usd_brl_rate, 4)}${isFullMonth(d) ? "" : `\n${t.partialMonth}`}`,
        }),
      ),
    ],
  });
}

export function paymentMixChart(p: Prepared, filters: EconomyFilters, { lang, width }: Options): HTMLElement {
  const f = formatter(lang);
  const t = strings(lang);
  const kept = keptMonths(p.monthly, filters);
  const payments = p.payments.filter((d) => kept.has(d.order_month));
  const total = new Map<string, number>();
  for (const d of payments) total.set(d.order_month, (total.get(d.order_month) ?? 0) + d.orders);
  const label = (k: string) => labelOf(t.paymentTypes, k);
  const data = payments.map((d) => ({ ...d, date: utcDate(d.order_month), type: label(d.payment_type), share: d.orders / (total.get(d.order_month) || 1) }));
  const text = { title: t.economy.payments, description: t.economy.paymentsAlt };
  if (data.length === 0) return chart("economy-payments", text, lang, null);
  const types = ["credit_card", "boleto", "voucher", "debit_card", "not_defined"];
  const domain = types.map(label);
  return chart("economy-payments", text, lang, {
    width,
    height: 260,
    marginLeft: 48,
    x: monthAxis(f, width),
    y: { grid: true, label: t.economy.shareOfOrders, tickFormat: percentTicks(f), domain: [0, 1] },
    color: { legend: true, domain, range: types.map((k) => PAYMENT_COLOURS[k]!) },
    marks: [
      bands(p, filters),
      Plot.rectY(data, { x: "date", interval: "month", y: "share", fill: "type", order: domain, inset: 0.5 }),
      Plot.tip(
        data,
        Plot.pointer(
          Plot.stackY({
            x: "date",
            y: "share",
            fill: "type",
            order: domain,
            title: (d) => `${d.type}\n${f.month(d.order_month)}: ${f.percent(d.share)} (${f.integer(d.orders)})`,
          }),
        ),
      ),
      Plot.ruleY([0]),
    ],
  });
}

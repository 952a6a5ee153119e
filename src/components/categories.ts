// The Categories section: what sells, how the mix moves month by month and with the dollar, over the months,
// exchange-rate periods and categories the reader keeps.
import * as Plot from "./plot.js";
import { chart, clip, compactTicks, fitLabels, monthAxis, partialMonthBands, percentTicks, selectOnClick } from "./chart.js";
import { rows, utcDate } from "./data.js";
import { categoryColour, GREY, SERIES } from "./palette.js";
import { categoryLabel, keptMonths, ranked, sumBy, type CategoryName, type NameMode } from "./filters.js";
import { formatter } from "./format.js";
import type { Lang } from "./routes.js";
import { labelOf, strings } from "./strings.js";

export interface CategoriesData {
  categories: CategoryName[];
  months: Record<string, unknown[]>;
  sales: Record<string, unknown[]>;
}

export interface CategoryFilters {
  months: { from: string; to: string };
  periods: string[];
  categories: string[];
  names: NameMode;
}

interface Sale {
  category: number;
  month: number;
  orders: number;
  items: number;
  brl: number;
  usd: number;
}

interface Month {
  order_month: string;
  exchange_rate_period: string | null;
  avg_usd_brl_rate: number;
  is_full_month: boolean | null;
}

/** The partial or thin months inside the range the reader kept, as bands. */
const bands = (p: Prepared, filters: CategoryFilters) => partialMonthBands(p.months, (m) => m >= filters.months.from && m <= filters.months.to);

/** The page's data with its month rows, ready for every chart's filtering. */
export function prepareCategories(data: CategoriesData) {
  const months = rows<Month>(data.months);
  return { categories: data.categories, months, sales: rows<Sale>(data.sales) };
}
type Prepared = ReturnType<typeof prepareCategories>;

/** The rows the filters keep, and the revenue of all categories per kept month (the base of shares). */
function selection(p: Prepared, filters: CategoryFilters) {
  const kept = keptMonths(p.months, filters);
  const chosen = new Set(filters.categories.map(Number));
  const inMonths = p.sales.filter((s) => kept.has(p.months[s.month].order_month));
  const monthTotal = sumBy(
    inMonths,
    (s) => String(s.month),
    (s) => s.brl,
  );
  const sales = inMonths.filter((s) => chosen.has(s.category));
  const byCategory = sumBy(
    sales,
    (s) => String(s.category),
    (s) => s.brl,
  );
  const label = (i: number) => categoryLabel(p.categories[i], filters.names);
  return { kept, sales, monthTotal, byCategory, order: ranked(byCategory).map(Number), label };
}

interface Options {
  lang: Lang;
  width: number;
}

export function topCategoriesChart(p: Prepared, filters: CategoryFilters, { lang, width }: Options): HTMLElement {
  const f = formatter(lang);
  const t = strings(lang);
  const s = selection(p, filters);
  const total = [...s.monthTotal.values()].reduce((a, b) => a + b, 0);
  const data = s.order.slice(0, 15).map((c) => {
    const brl = s.byCategory.get(String(c)) ?? 0;
    return { category: c, label: s.label(c), brl, share: total ? brl / total : 0 };
  });
  const lead = data[0];
  const description = lead ? `${t.categories.topAlt} ${lead.label}: ${f.brl(lead.brl)} (${f.percent(lead.share)}).` : t.categories.topAlt;
  const text = { title: t.categories.top, description };
  if (data.length === 0) return chart("categories-top", text, lang, null);
  const fit = fitLabels(
    data.map((d) => d.label),
    width,
  );
  const bars = chart("categories-top", text, lang, {
    width,
    height: 30 + data.length * 24,
    marginLeft: fit.marginLeft,
    marginRight: 60,
    x: { grid: true, label: t.kpi.revenueBrl, tickFormat: compactTicks(f), ticks: Math.max(2, Math.floor(width / 120)) },
    y: { label: null, domain: data.map((d) => d.label), tickFormat: fit.tickFormat },
    marks: [
      Plot.barX(data, { x: "brl", y: "label", fill: SERIES.revenue }),
      Plot.text(data, { x: "brl", y: "label", text: (d) => f.percent(d.share), dx: 4, textAnchor: "start", fill: "currentColor" }),
      Plot.tip(data, Plot.pointerY({ x: "brl", y: "label", title: (d) => `${d.label}\n${f.brl(d.brl)} · ${f.percent(d.share)}` })),
      Plot.ruleX([0]),
    ],
  });
  // A click on a bar keeps only that category in the page's filter (again: all of them).
  return selectOnClick<(typeof data)[number]>(bars, "categories", (d) => String(d.category));
}

/** The largest selected categories by name, the rest of the selection as one series. */
function leaders(s: ReturnType<typeof selection>, n: number, otherLabel: string) {
  const named = new Set(s.order.slice(0, n));
  const key = (c: number) => (named.has(c) ? s.label(c) : otherLabel);
  const domain = [...s.order.slice(0, n).map(s.label), ...(s.order.length > n ? [otherLabel] : [])];
  return { key, domain, range: [...s.order.slice(0, n).map(categoryColour), GREY].slice(0, domain.length) };
}

export function categoryShareChart(p: Prepared, filters: CategoryFilters, { lang, width }: Options): HTMLElement {
  const f = formatter(lang);
  const t = strings(lang);
  const s = selection(p, filters);
  const text = { title: t.categories.share, description: t.categories.shareAlt };
  if (s.sales.length === 0) return chart("categories-share", text, lang, null);
  const lead = leaders(s, 7, t.categories.otherSelected);
  const sums = sumBy(
    s.sales,
    (r) => `${r.month}\t${lead.key(r.category)}`,
    (r) => r.brl,
  );
  const data = [...sums.entries()].map(([k, brl]) => {
    const [month, series] = k.split("\t");
    const iso = p.months[Number(month)].order_month;
    return { date: utcDate(iso), iso, series, share: brl / (s.monthTotal.get(month) || 1) };
  });
  return chart("categories-share", text, lang, {
    width,
    height: 300,
    marginLeft: 48,
    x: monthAxis(f, width),
    y: { grid: true, label: t.categories.revenueShare, tickFormat: percentTicks(f), domain: [0, 1] },
    color: { legend: true, domain: lead.domain, range: lead.range, tickFormat: (d: string) => clip(d, 24) },
    marks: [
      bands(p, filters),
      Plot.rectY(data, { x: "date", interval: "month", y: "share", fill: "series", order: lead.domain, inset: 0.5 }),
      Plot.tip(
        data,
        Plot.pointer(
          Plot.stackY({ x: "date", y: "share", fill: "series", order: lead.domain, title: (d) => `${d.series}\n${f.month(d.iso)}: ${f.percent(d.share)}` }),
        ),
      ),
      Plot.ruleY([0]),
    ],
  });
}

export function categoryPeriodChart(p: Prepared, filters: CategoryFilters, { lang, width }: Options): HTMLElement {
  const f = formatter(lang);
  const t = strings(lang);
  const s = selection(p, filters);
  const text = { title: t.categories.byPeriod, description: t.categories.byPeriodAlt };
  if (s.sales.length === 0) return chart("categories-period", text, lang, null);
  const periodOf = (m: number) => p.months[m].exchange_rate_period ?? "";
  const periodTotal = sumBy(
    [...s.monthTotal.entries()],
    ([m]) => periodOf(Number(m)),
    ([, v]) => v,
  );
  const cells = sumBy(
    s.sales,
    (r) => `${r.category}\t${periodOf(r.month)}`,
    (r) => r.brl,
  );
  const top = new Set(s.order.slice(0, 15));
  const periods = ["Strong BRL", "Moderate", "Weak BRL"].filter((x) => periodTotal.has(x));
  const data = [...cells.entries()]
    .map(([k, brl]) => {
      const [c, period] = k.split("\t");
      return { category: Number(c), label: s.label(Number(c)), period: labelOf(t.periods, period), share: brl / (periodTotal.get(period) || 1) };
    })
    .filter((d) => top.has(d.category));
  const labels = s.order.slice(0, 15).map(s.label);
  // Dark cells get white text: past ~55 % of the largest share the "blues" ramp is too dark for black.
  const max = Math.max(...data.map((d) => d.share));
  const ink = (d: { share: number }) => (d.share > 0.55 * max ? "white" : "black");
  const fit = fitLabels(labels, width);
  return chart("categories-period", text, lang, {
    width,
    height: 40 + labels.length * 24,
    marginLeft: fit.marginLeft,
    x: { label: null, domain: periods.map((x) => labelOf(t.periods, x)), axis: "top" },
    y: { label: null, domain: labels, tickFormat: fit.tickFormat },
    color: { type: "linear", scheme: "blues", legend: true, label: t.categories.revenueShare, tickFormat: percentTicks(f) },
    marks: [
      Plot.cell(data, { x: "period", y: "label", fill: "share", inset: 0.5 }),
      Plot.text(data, { x: "period", y: "label", text: (d) => f.percent(d.share), fill: ink, filter: () => width > 360 }),
      Plot.tip(data, Plot.pointer({ x: "period", y: "label", title: (d) => `${d.label}\n${d.period}: ${f.percent(d.share)}` })),
    ],
  });
}

export function categoryMonthlyChart(p: Prepared, filters: CategoryFilters, { lang, width }: Options): HTMLElement {
  const f = formatter(lang);
  const t = strings(lang);
  const s = selection(p, filters);
  const text = { title: t.categories.monthly, description: t.categories.monthlyAlt };
  if (s.sales.length === 0) return chart("categories-monthly", text, lang, null);
  const top = s.order.slice(0, 6);
  const labels = top.map(s.label);
  const value = sumBy(
    s.sales,
    (r) => `${r.category}\t${r.month}`,
    (r) => r.brl,
  );
  // Every month of the range, with a gap (NaN) where a month is filtered out, so lines never bridge gaps.
  const range = p.months.map((m, i) => ({ ...m, i })).filter((m) => m.order_month >= filters.months.from && m.order_month <= filters.months.to);
  const data = top.flatMap((c) =>
    range.map((m) => ({
      label: s.label(c),
      date: utcDate(m.order_month),
      iso: m.order_month,
      brl: s.kept.has(m.order_month) ? (value.get(`${c}\t${m.i}`) ?? 0) : NaN,
    })),
  );
  return chart("categories-monthly", text, lang, {
    width,
    height: 280,
    marginLeft: 56,
    x: monthAxis(f, width),
    y: { grid: true, label: t.kpi.revenueBrl, tickFormat: compactTicks(f) },
    color: { legend: true, domain: labels, range: top.map(categoryColour), tickFormat: (d: string) => clip(d, 24) },
    marks: [
      bands(p, filters),
      Plot.lineY(data, { x: "date", y: "brl", stroke: "label", strokeWidth: 2 }),
      Plot.dot(data, { x: "date", y: "brl", fill: "label", r: 2.5 }),
      Plot.tip(data, Plot.pointer({ x: "date", y: "brl", stroke: "label", title: (d) => `${d.label}\n${f.month(d.iso)}: ${f.brl(d.brl)}` })),
      Plot.ruleY([0]),
    ],
  });
}

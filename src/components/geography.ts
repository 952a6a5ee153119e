// The Geography section: a map of the states (measure of the reader's choice), what each state buys and what
// freight costs it, over the months and states the reader keeps. Delivery charts are in delivery.ts.
import * as Plot from "./plot.js";
import { feature } from "topojson-client";
import { chart, clip, compactTicks, fitLabels, percentTicks, selectOnClick } from "./chart.js";
import { rows } from "./data.js";
import { categoryLabel, keptMonths, ranked, sumBy, type CategoryName, type NameMode } from "./filters.js";
import { SERIES } from "./palette.js";
import { formatter, type Formatter } from "./format.js";
import type { Lang } from "./routes.js";
import { strings } from "./strings.js";

export interface GeographyData {
  months: Record<string, unknown[]>;
  states: Record<string, unknown[]>;
  categories: CategoryName[];
  stateCategories: Record<string, unknown[]>;
  reviews: Record<string, unknown[]>;
}

export interface GeographyFilters {
  months: { from: string; to: string };
  states: string[];
  names: NameMode;
}

export interface StateMonth {
  state: string;
  month: number;
  orders: number;
  brl: number;
  freight: number;
  freight_ratio: number | null;
  delivered: number;
  delivery_days: number | null;
  late_rate: number | null;
}

interface Month {
  order_month: string;
  exchange_rate_period: string | null;
  is_full_month: boolean | null;
}

export function prepareGeography(data: GeographyData, topology: unknown) {
  const shapes = feature(topology, (topology as { objects: { states: unknown } }).objects.states) as {
    features: { properties: { sigla: string; name: string } }[];
  };
  const names = new Map(shapes.features.map((s) => [s.properties.sigla, s.properties.name]));
  return {
    months: rows<Month>(data.months),
    states: rows<StateMonth>(data.states),
    categories: data.categories,
    stateCategories: rows<{ state: string; month: number; category: number; brl: number }>(data.stateCategories),
    reviews: rows<{ state: string; month: number; delay_week: number; reviews: number; score_sum: number }>(data.reviews),
    shapes,
    /** UF code → state name, from the map. */
    names,
  };
}
export type Prepared = ReturnType<typeof prepareGeography>;

/** Whether a row of month index `month` and state `state` passes the page's filters. */
export function keeper(p: Prepared, filters: GeographyFilters) {
  const kept = keptMonths(p.months, filters);
  const months = new Set(p.months.flatMap((m, i) => (kept.has(m.order_month) ? [i] : [])));
  const states = new Set(filters.states);
  return { months, states, keep: (r: { month: number; state: string }) => months.has(r.month) && states.has(r.state) };
}

/** Per state over the kept months: revenue, order value, freight ratio and delivery, each weighted right. */
export function stateTotals(p: Prepared, filters: GeographyFilters) {
  const { keep } = keeper(p, filters);
  const out = new Map<string, { orders: number; brl: number; freightW: number; delivered: number; daysW: number; lateW: number }>();
  for (const r of p.states) {
    if (!keep(r)) continue;
    const t = out.get(r.state) ?? { orders: 0, brl: 0, freightW: 0, delivered: 0, daysW: 0, lateW: 0 };
    t.orders += r.orders;
    t.brl += r.brl;
    t.freightW += (r.freight_ratio ?? 0) * r.orders;
    t.delivered += r.delivered;
    t.daysW += (r.delivery_days ?? 0) * r.delivered;
    t.lateW += (r.late_rate ?? 0) * r.delivered;
    out.set(r.state, t);
  }
  return [...out.entries()].map(([state, t]) => ({
    state,
    orders: t.orders,
    revenue: t.brl,
    aov: t.orders ? t.brl / t.orders : null,
    freightRatio: t.orders ? t.freightW / t.orders : null,
    deliveryDays: t.delivered ? t.daysW / t.delivered : null,
    lateRate: t.delivered ? t.lateW / t.delivered : null,
  }));
}
export type StateTotal = ReturnType<typeof stateTotals>[number];

export const METRICS = ["revenue", "aov", "deliveryDays", "lateRate"] as const;
export type Metric = (typeof METRICS)[number];

function metricFormat(metric: Metric, f: Formatter): (v: number) => string {
  if (metric === "revenue" || metric === "aov") return (v) => f.brl(v);
  if (metric === "lateRate") return (v) => f.percent(v);
  return (v) => `${f.number(v, 1)} ${strings(f.lang).geography.days}`;
}

interface Options {
  lang: Lang;
  width: number;
}

export function stateMap(p: Prepared, filters: GeographyFilters, metric: Metric, { lang, width }: Options): HTMLElement {
  const f = formatter(lang);
  const t = strings(lang).geography;
  const totals = new Map(stateTotals(p, filters).map((s) => [s.state, s]));
  const value = (uf: string) => totals.get(uf)?.[metric] ?? null;
  const format = metricFormat(metric, f);
  const tickFormat = metric === "revenue" ? compactTicks(f) : metric === "lateRate" ? percentTicks(f) : (v: number) => f.number(v, metric === "aov" ? 0 : 1);
  const best = [...totals.values()].filter((s) => s[metric] !== null).sort((a, b) => (b[metric] ?? 0) - (a[metric] ?? 0))[0];
  const summary = best ? ` ${t.metrics[metric]}: ${p.names.get(best.state) ?? best.state} ${format(best[metric] ?? 0)}.` : "";
  const text = { title: t.map, subtitle: t.metrics[metric], description: t.mapAlt + summary };
  if (totals.size === 0) return chart("geography-map", text, lang, null);
  const features = p.shapes.features;
  const selected = features.filter((s) => value(s.properties.sigla) !== null);
  const others = features.filter((s) => value(s.properties.sigla) === null);
  const height = Math.min(620, Math.round(width * 0.95));
  const map = chart("geography-map", text, lang, {
    width,
    height,
    projection: { type: "mercator", domain: { type: "FeatureCollection", features } as never },
    // Revenue is very skewed (São Paulo alone is a third of it): quintiles keep the other states apart.
    color:
      metric === "revenue"
        ? { type: "quantile", n: 5, scheme: "blues", legend: true, label: t.metrics[metric], tickFormat }
        : { type: "linear", scheme: metric === "aov" ? "blues" : "oranges", legend: true, label: t.metrics[metric], tickFormat, zero: metric === "lateRate" },
    marks: [
      Plot.geo(others, { fill: "#e6e6e6", stroke: "var(--theme-background)", strokeWidth: 0.75 }),
      Plot.geo(selected, { fill: (s) => value(s.properties.sigla), stroke: "var(--theme-background)", strokeWidth: 0.75 }),
      Plot.text(
        features,
        Plot.centroid({
          text: (s) => s.properties.sigla,
          fontSize: width < 500 ? 8 : 10,
          fill: "black",
          stroke: "white",
          strokeWidth: 2.5,
          paintOrder: "stroke",
        }),
      ),
      Plot.tip(
        features,
        Plot.pointer(
          Plot.centroid({
            title: (s) => {
              const v = value(s.properties.sigla);
              return `${s.properties.name} (${s.properties.sigla})\n${t.metrics[metric]}: ${v === null ? "—" : format(v)}`;
            },
          }),
        ),
      ),
    ],
  });
  // A click on a state keeps only that state in the page's filter (again: all states).
  return selectOnClick<(typeof features)[number]>(map, "states", (s) => s.properties.sigla);
}

export function stateCategoryChart(p: Prepared, filters: GeographyFilters, { lang, width }: Options): HTMLElement {
  const f = formatter(lang);
  const t = strings(lang);
  const { keep } = keeper(p, filters);
  const text = { title: t.geography.stateCategory, description: t.geography.stateCategoryAlt };
  const cells = sumBy(
    p.stateCategories,
    (r) => `${r.state}\t${r.category}`,
    (r) => r.brl,
    keep,
  );
  const stateTotal = sumBy(
    p.stateCategories,
    (r) => r.state,
    (r) => r.brl,
    keep,
  );
  if (stateTotal.size === 0) return chart("geography-state-category", text, lang, null);
  const states = ranked(stateTotal);
  const label = (c: number) => (c < p.categories.length ? categoryLabel(p.categories[c], filters.names) : t.other);
  // The leading categories only: "other" (every smaller category together) would take the whole colour scale.
  const labels = p.categories.map((_, i) => label(i));
  const data = [...cells.entries()]
    .map(([k, brl]) => {
      const [state, c] = k.split("\t");
      return { state, category: Number(c), label: label(Number(c)), share: brl / (stateTotal.get(state) || 1) };
    })
    .filter((d) => d.category < p.categories.length);
  const color = { type: "linear", scheme: "blues", legend: true, label: t.categories.revenueShare, tickFormat: percentTicks(f) } as const;
  const tip = (x: "state" | "label", y: "state" | "label") =>
    Plot.tip(data, Plot.pointer({ x, y, title: (d) => `${d.state} · ${d.label}\n${f.percent(d.share)}` }));
  if (width < 640) {
    // On a phone 27 state columns would be ~9 px wide: states go down the side, categories across the top.
    const cut = 18;
    return chart("geography-state-category", text, lang, {
      width,
      height: 130 + states.length * 16,
      marginTop: 120,
      marginLeft: 32,
      marginRight: 8,
      x: { label: null, domain: labels, axis: "top", tickRotate: -90, tickFormat: (d: string) => clip(d, cut), tickSize: 0 },
      y: { label: null, domain: states, tickSize: 0 },
      color,
      marks: [Plot.cell(data, { x: "label", y: "state", fill: "share", inset: 0.5 }), tip("label", "state")],
    });
  }
  const fit = fitLabels(labels, width, { share: 0.4, max: 180 });
  return chart("geography-state-category", text, lang, {
    width,
    height: 36 + labels.length * 24,
    marginTop: 24,
    marginBottom: 8,
    marginLeft: fit.marginLeft,
    x: { label: null, domain: states, axis: "top", tickSize: 0 },
    y: { label: null, domain: labels, tickFormat: fit.tickFormat },
    color,
    marks: [Plot.cell(data, { x: "state", y: "label", fill: "share", inset: 0.5 }), tip("state", "label")],
  });
}

export function freightChart(p: Prepared, filters: GeographyFilters, { lang, width }: Options): HTMLElement {
  const f = formatter(lang);
  const t = strings(lang).geography;
  const data = stateTotals(p, filters)
    .filter((s) => s.freightRatio !== null)
    .sort((a, b) => (b.freightRatio ?? 0) - (a.freightRatio ?? 0));
  const text = { title: t.freight, description: t.freightAlt + (data[0] ? ` ${data[0].state}: ${f.percent(data[0].freightRatio ?? 0)}.` : "") };
  if (data.length === 0) return chart("geography-freight", text, lang, null);
  return chart("geography-freight", text, lang, {
    width,
    height: 260,
    marginLeft: 48,
    marginBottom: width < 640 ? 30 : 24,
    x: { label: null, domain: data.map((d) => d.state), tickSize: 0, tickRotate: width < 640 ? -90 : 0 },
    y: { grid: true, label: t.freightRatio, tickFormat: percentTicks(f) },
    marks: [
      Plot.barY(data, { x: "state", y: "freightRatio", fill: SERIES.freight }),
      Plot.tip(
        data,
        Plot.pointerX({
          x: "state",
          y: "freightRatio",
          title: (d) => `${p.names.get(d.state) ?? d.state}\n${t.freightRatio}: ${f.percent(d.freightRatio ?? 0)}`,
        }),
      ),
      Plot.ruleY([0]),
    ],
  });
}

// Delivery on the Geography page: days to deliver per state, late deliveries per month, and what a late
// delivery does to the review score, over the months and states the reader keeps.
import * as Plot from "./plot.js";
import { chart, monthAxis, partialMonthBands, percentTicks } from "./chart.js";
import { utcDate } from "./data.js";
import { SERIES } from "./palette.js";
import { formatter } from "./format.js";
import { keeper, stateTotals, type GeographyFilters, type Prepared } from "./geography.js";
import type { Lang } from "./routes.js";
import { strings } from "./strings.js";

interface Options {
  lang: Lang;
  width: number;
}

export function deliveryDaysChart(p: Prepared, filters: GeographyFilters, { lang, width }: Options): HTMLElement {
  const f = formatter(lang);
  const t = strings(lang).geography;
  const data = stateTotals(p, filters)
    .filter((s) => s.deliveryDays !== null)
    .sort((a, b) => (a.deliveryDays ?? 0) - (b.deliveryDays ?? 0));
  const text = { title: t.delivery, description: t.deliveryAlt };
  if (data.length === 0) return chart("geography-delivery", text, lang, null);
  return chart("geography-delivery", text, lang, {
    width,
    height: 50 + data.length * 18,
    marginLeft: 40,
    x: { grid: true, label: t.metrics.deliveryDays, tickFormat: (v: number) => f.number(v, 0) },
    y: { label: null, domain: data.map((d) => d.state) },
    color: { type: "linear", scheme: "oranges", legend: true, label: t.metrics.lateRate, tickFormat: percentTicks(f), zero: true },
    marks: [
      Plot.ruleY(data, { y: "state", x1: 0, x2: "deliveryDays", stroke: "#ccc" }),
      Plot.dot(data, { y: "state", x: "deliveryDays", fill: "lateRate", stroke: "#555", r: 5 }),
      Plot.tip(
        data,
        Plot.pointerY({
          x: "deliveryDays",
          y: "state",
          title: (d) => `${p.names.get(d.state) ?? d.state}\n${f.number(d.deliveryDays ?? 0, 1)} ${t.days} · ${t.lateRate}: ${f.percent(d.lateRate ?? 0)}`,
        }),
      ),
    ],
  });
}

export function lateByMonthChart(p: Prepared, filters: GeographyFilters, { lang, width }: Options): HTMLElement {
  const f = formatter(lang);
  const t = strings(lang).geography;
  const { keep } = keeper(p, filters);
  const byMonth = new Map<number, { delivered: number; lateW: number }>();
  for (const r of p.states) {
    if (!keep(r) || r.delivered === 0) continue;
    const m = byMonth.get(r.month) ?? { delivered: 0, lateW: 0 };
    m.delivered += r.delivered;
    m.lateW += (r.late_rate ?? 0) * r.delivered;
    byMonth.set(r.month, m);
  }
  const data = [...byMonth.entries()]
    .map(([i, m]) => ({ iso: p.months[i].order_month, date: utcDate(p.months[i].order_month), late: m.lateW / m.delivered, delivered: m.delivered }))
    .sort((a, b) => (a.iso < b.iso ? -1 : 1));
  const text = { title: t.lateMonthly, description: t.lateMonthlyAlt };
  if (data.length === 0) return chart("geography-late", text, lang, null);
  return chart("geography-late", text, lang, {
    width,
    height: 240,
    marginLeft: 48,
    x: monthAxis(f, width),
    y: { grid: true, label: t.lateRate, tickFormat: percentTicks(f), zero: true },
    marks: [
      partialMonthBands(p.months, (m) => m >= filters.months.from && m <= filters.months.to),
      Plot.rectY(data, { x: "date", interval: "month", y: "late", fill: SERIES.late, inset: 1 }),
      Plot.tip(
        data,
        Plot.pointerX({ x: "date", y: "late", title: (d) => `${f.month(d.iso)}\n${t.lateRate}: ${f.percent(d.late)} (${f.integer(d.delivered)})` }),
      ),
      Plot.ruleY([0]),
    ],
  });
}

/** "−6–0", "1–7", "≥ 22": the days a week of delay (see the loader) covers. */
export function delayWeekLabel(week: number): string {
  const minus = (n: number) => (n < 0 ? `−${-n}` : String(n));
  if (week >= 4) return `≥ ${7 * 4 - 6}`;
  if (week <= -4) return `≤ ${minus(7 * -4)}`;
  return `${minus(7 * week - 6)}…${minus(7 * week)}`;
}

export function reviewDelayChart(p: Prepared, filters: GeographyFilters, { lang, width }: Options): HTMLElement {
  const f = formatter(lang);
  const t = strings(lang).geography;
  const { keep } = keeper(p, filters);
  const byWeek = new Map<number, { reviews: number; sum: number }>();
  for (const r of p.reviews) {
    if (!keep(r)) continue;
    const w = byWeek.get(r.delay_week) ?? { reviews: 0, sum: 0 };
    w.reviews += r.reviews;
    w.sum += r.score_sum;
    byWeek.set(r.delay_week, w);
  }
  const weeks = [-4, -3, -2, -1, 0, 1, 2, 3, 4];
  const data = weeks
    .filter((w) => byWeek.has(w))
    .map((w) => ({ week: delayWeekLabel(w), late: w > 0, score: byWeek.get(w)!.sum / byWeek.get(w)!.reviews, reviews: byWeek.get(w)!.reviews }));
  const text = { title: t.reviews, description: t.reviewsAlt };
  if (data.length === 0) return chart("geography-reviews", text, lang, null);
  return chart("geography-reviews", text, lang, {
    width,
    height: width < 520 ? 300 : 260,
    marginLeft: 40,
    marginBottom: width < 520 ? 70 : 36,
    x: { label: t.delayDays, domain: weeks.map(delayWeekLabel), tickRotate: width < 520 ? -90 : 0, labelOffset: width < 520 ? 66 : 32 },
    y: { grid: true, label: t.avgScore, domain: [0, 5], tickFormat: (v: number) => f.number(v, 0) },
    color: { domain: [false, true], range: [SERIES.onTime, SERIES.late] },
    marks: [
      Plot.barY(data, { x: "week", y: "score", fill: "late" }),
      Plot.text(data, { x: "week", y: "score", text: (d) => f.integer(d.reviews), dy: -7, fill: "currentColor", fontSize: 10 }),
      Plot.tip(
        data,
        Plot.pointerX({
          x: "week",
          y: "score",
          title: (d) => `${d.week} ${t.days}\n${t.avgScore}: ${f.number(d.score, 2)} (${f.integer(d.reviews)} ${t.reviews_})`,
        }),
      ),
      Plot.ruleY([0]),
    ],
  });
}

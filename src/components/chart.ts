// What every chart of the site shares: a titled figure with a text alternative, marked data-chart so tests and
// the bench can find it, an empty state, and locale-aware axes from the one formatter.
import * as Plot from "@observablehq/plot";
import { captureMarks, dataToggle, plottedTable } from "./chartData.js";
import { el } from "./controls.js";
import { formatter, type Formatter } from "./format.js";
import type { Lang } from "./routes.js";
import { strings } from "./strings.js";

export interface ChartText {
  title: string;
  /** The text alternative: what the chart shows, for screen readers (aria-description). */
  description: string;
  subtitle?: string;
}

/**
 * Plot.plot with a title, subtitle and aria label/description, inside a <figure data-chart=id>. With no data the
 * figure keeps its title and says so instead of drawing empty axes.
 */
export function chart(id: string, text: ChartText, lang: Lang, options: Plot.PlotOptions | null): HTMLElement {
  if (options === null) {
    const empty = el("figure", { class: "chart empty", "data-chart": id });
    empty.append(el("h2", {}, text.title), el("p", { class: "empty-note" }, strings(lang).noData));
    return empty;
  }
  const captured: Parameters<typeof plottedTable>[0] = [];
  captureMarks(options.marks, captured);
  const plot = Plot.plot({
    ...options,
    title: text.title,
    subtitle: text.subtitle,
    ariaLabel: text.title,
    ariaDescription: text.description,
  });
  // With a title Plot returns a <figure> (title, legends, the chart's <svg>).
  const figure = plot instanceof HTMLElement && plot.tagName === "FIGURE" ? plot : wrap(plot as Element, text.title);
  figure.classList.add("chart");
  figure.setAttribute("data-chart", id);
  const table = plottedTable(captured, labelsOf(options));
  const t = strings(lang);
  if (table) figure.append(dataToggle(id, table, formatter(lang), { data: t.chartData, download: t.downloadCsv }));
  return figure;
}

/** Column headings for the data table: the axes' and legend's labels where the chart has them. */
function labelsOf(options: Plot.PlotOptions): Record<string, string | undefined> {
  const label = (scale: Plot.ScaleOptions | undefined) => (typeof scale?.label === "string" ? scale.label : undefined);
  return {
    x: label(options.x) ?? label(options.fx),
    y: label(options.y) ?? label(options.fy),
    fill: label(options.color),
    stroke: label(options.color),
    r: label(options.r),
  };
}

function wrap(node: Element, title: string): HTMLElement {
  const figure = el("figure");
  figure.append(el("h2", {}, title), node);
  return figure;
}

/** A time axis of months labelled in the page's language ("mar 2018"), with as many ticks as fit. */
export function monthAxis(f: Formatter, width: number, extra: Plot.ScaleOptions = {}): Plot.ScaleOptions {
  return {
    type: "utc",
    label: null,
    ticks: Math.max(2, Math.floor(width / 110)),
    tickFormat: (d: Date) => f.month(d.toISOString()),
    ...extra,
  };
}

/** Label text for an axis in BRL: "Revenue (R$)" / "Receita (R$)" come from the strings table already. */
export const compactTicks = (f: Formatter) => (v: number) => f.compact(v);
export const percentTicks =
  (f: Formatter, digits = 0) =>
  (v: number) =>
    f.percent(v, digits);

/** Left margin wide enough for the longest of these labels at ~7 px per character (Plot does not measure). */
export function marginFor(labels: string[], { min = 40, max = 220 } = {}): number {
  const longest = labels.reduce((n, s) => Math.max(n, s.length), 0);
  return Math.min(max, Math.max(min, Math.round(longest * 6.6) + 12));
}

/**
 * A left margin and tick format for these labels on a chart `width` wide: at most `share` of the width, labels
 * shortened (with …) to what fits; the tooltip keeps them whole.
 */
export function fitLabels(labels: string[], width: number, { share = 0.45, max = 220 } = {}) {
  const room = Math.min(max, width * share);
  const cut = Math.max(8, Math.floor((room - 12) / 6.6));
  const shown = labels.map((l) => clip(l, cut));
  return { marginLeft: marginFor(shown, { max: room }), tickFormat: (d: string) => clip(d, cut) };
}

/** Shortens a label for a crowded axis, keeping it whole in the tooltip. */
export function clip(label: string, max = 28): string {
  return label.length > max ? `${label.slice(0, max - 1)}…` : label;
}

// What every chart of the site shares: a titled figure with a text alternative, marked data-chart so tests and
// the bench can find it, an empty state, and locale-aware axes from the one formatter.
import * as Plot from "./plot.js";
import { captureMarks, dataToggle, plottedTable } from "./chartData.js";
import { el } from "./controls.js";
import { formatter, LOCALES, type Formatter } from "./format.js";
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
    x: distinctTicks(options.x),
    y: distinctTicks(options.y),
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
  if (flatMarks(options.marks).some((m) => (m as { className?: string } | null)?.className === PARTIAL_MONTHS && (m as { data?: unknown[] }).data?.length)) {
    figure.append(el("p", { class: "partial-note", "data-partial-months": "" }, t.partialMonthsNote));
  }
  if (table) figure.append(dataToggle(id, table, formatter(lang), { data: t.chartData, download: t.downloadCsv }));
  return figure;
}

function flatMarks(marks: unknown): unknown[] {
  return Array.isArray(marks) ? marks.flatMap(flatMarks) : [marks];
}

/** The class of the partial-month marks: the data table skips them, the footnote looks for them. */
export const PARTIAL_MONTHS = "partial-months";

export interface MonthFlag {
  order_month: string;
  /** dim_sales_months.is_full_month: false for a partial or thin month. */
  is_full_month: boolean | null;
}

/** The months fits and growth rates count: full ones (the rule of the sensitivity marts). */
export const isFullMonth = (m: MonthFlag) => m.is_full_month !== false;

/**
 * A dimmed band over each partial or thin month, behind the data, the full height of the chart; the
 * chart then says what the band means. `within` keeps only months on the chart's axis.
 */
export function partialMonthBands(months: readonly MonthFlag[], within?: (month: string) => boolean): Plot.Markish {
  const partial = months
    .filter((m) => !isFullMonth(m) && (!within || within(m.order_month)))
    .map((m) => {
      const start = new Date(`${m.order_month.slice(0, 10)}T00:00:00Z`);
      return { start, end: new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1)) };
    });
  return Plot.rect(partial, { x1: "start", x2: "end", fill: "currentColor", fillOpacity: 0.1, className: PARTIAL_MONTHS });
}

/** What a click on a chart asks the page's filters: keep only `value` of the filter `key` (again: keep all). */
export interface ChartSelect {
  key: string;
  value: string;
}

/**
 * Clicking a mark filters the page by it: the datum under the pointer (Plot's figure.value, set by the chart's
 * pointer tip) names a value of the filter `key`, sent up as a "chart-select" event the page's filter bar takes.
 */
export function selectOnClick<T>(figure: HTMLElement, key: string, valueOf: (datum: T) => string | undefined): HTMLElement {
  figure.classList.add("selectable");
  figure.addEventListener("click", () => {
    const datum = (figure as HTMLElement & { value?: T | null }).value;
    const value = datum == null ? undefined : valueOf(datum);
    if (value === undefined) return;
    figure.dispatchEvent(new CustomEvent<ChartSelect>("chart-select", { bubbles: true, detail: { key, value } }));
  });
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

/**
 * A tick formatter (Plot calls it with the value, its index and every tick) that labels a tick only when its
 * text differs from the tick before: a narrow domain puts several ticks within one rounded value ("1.1M 1.1M"),
 * or several days within one month; each text then appears once, at the first tick it labels.
 */
function labelOnce<T>(format: (value: T, i: number, ticks?: T[]) => string) {
  return (value: T, i: number, ticks?: T[]) => {
    const text = format(value, i, ticks);
    return i > 0 && ticks && format(ticks[i - 1], i - 1, ticks) === text ? "" : text;
  };
}

/** Every axis with a formatter of its own gets labelOnce, so no filter can produce duplicate labels. */
function distinctTicks(scale: Plot.ScaleOptions | undefined): Plot.ScaleOptions | undefined {
  if (!scale || typeof scale.tickFormat !== "function") return scale;
  return { ...scale, tickFormat: labelOnce(scale.tickFormat as (v: unknown, i: number, ticks?: unknown[]) => string) };
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

/**
 * The fewest fraction digits (up to 3) at which every tick reads differently: 1.05M and 1.1M rather than
 * 1.1M twice. `format(value, digits)` is the page formatter's notation.
 */
function precise(format: (value: number, digits: number) => string) {
  return (value: number, _i: number, ticks?: number[]) => {
    for (let digits = 0; digits < 3; digits++) {
      const texts = (ticks ?? [value]).map((t) => format(t, digits));
      if (new Set(texts).size === texts.length) return format(value, digits);
    }
    return format(value, 3);
  };
}

const compactFormats = new Map<string, Intl.NumberFormat>();
function compactAt(f: Formatter, value: number, digits: number): string {
  const key = `${f.lang}:${digits}`;
  let nf = compactFormats.get(key);
  if (!nf) compactFormats.set(key, (nf = new Intl.NumberFormat(LOCALES[f.lang], { notation: "compact", maximumFractionDigits: digits })));
  return nf.format(value).replace(/\u00a0|\u202f/g, " ");
}

/** Compact numbers for an axis (1.2M / 1,2 mi), as precise as the ticks need to read apart. */
export const compactTicks = (f: Formatter) => precise((v, digits) => compactAt(f, v, digits));
/** Percentages for an axis, at least `digits` fraction digits, more when the ticks need them to read apart. */
export const percentTicks = (f: Formatter, digits = 0) => precise((v, extra) => f.percent(v, digits + extra));

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

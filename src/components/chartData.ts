// The numbers behind every chart: what Plot actually drew (after its group, bin and stack transforms, only the
// rows it rendered), captured while it renders, shown as a sortable table under a "Data" toggle and offered as a
// CSV file. The table speaks the page's language and number format; the CSV is machine-readable (ISO dates,
// dot decimals) so that a spreadsheet in any locale reads it the same.
import type * as Plot from "./plot.js";
import { el } from "./controls.js";
import type { Formatter } from "./format.js";

/** Marks that only decorate (a baseline, a frame, a tooltip, a label): their values are not the chart's data. */
const DECORATIONS = new Set(["RuleX", "RuleY", "Frame", "Tip", "Text", "TickX", "TickY", "Vector", "LinearRegressionX", "LinearRegressionY"]);

/** Channels that place or group rather than carry a value of their own. */
const SKIPPED = new Set(["z", "geometry", "href", "ariaLabel", "title"]);

export interface PlottedTable {
  columns: string[];
  rows: unknown[][];
}

interface Captured {
  name: string;
  /** The data field each channel reads, where it reads one by name: the column heading when the axis has none. */
  fields: Record<string, string>;
  channels: Record<string, ArrayLike<unknown>>;
  index: number[];
}

type RenderFn = (index: number[], scales: unknown, values: { channels?: Record<string, { value: ArrayLike<unknown> }> }, ...rest: unknown[]) => unknown;

/** Plot takes nested arrays of marks (and nulls) as marks. */
function flatten(marks: unknown): unknown[] {
  return Array.isArray(marks) ? marks.flatMap(flatten) : [marks];
}

/** Wraps the marks' render so that each reports the rows and channel values it draws. */
export function captureMarks(marks: Plot.Markish[] | undefined, sink: Captured[]): void {
  for (const mark of flatten(marks ?? [])) {
    if (!mark || typeof mark !== "object" || typeof (mark as { render?: unknown }).render !== "function") continue;
    const name = (mark as object).constructor.name;
    if (DECORATIONS.has(name) || (mark as { className?: string }).className === "partial-months") continue;
    const target = mark as { render: RenderFn; channels?: Record<string, { value?: unknown }> };
    const fields: Record<string, string> = {};
    for (const [key, channel] of Object.entries(target.channels ?? {})) {
      if (typeof channel?.value === "string") fields[key] = channel.value.replace(/_/g, " ");
    }
    const render = target.render;
    target.render = function (index, scales, values, ...rest) {
      const channels: Record<string, ArrayLike<unknown>> = {};
      for (const [key, channel] of Object.entries(values.channels ?? {})) if (channel?.value) channels[key] = channel.value;
      sink.push({ name, fields, channels, index: Array.from(index) });
      return render.call(this, index, scales, values, ...rest);
    };
  }
}

/**
 * The table of the mark that drew the most rows (the chart's data; others are overlays). A stacked or grouped
 * extent (y1..y2) becomes its size, which is what the bar shows.
 */
export function plottedTable(captured: Captured[], labels: Record<string, string | undefined>): PlottedTable | null {
  const channelCount = (c: Captured) => Object.keys(c.channels).length;
  const main = captured.filter((c) => c.index.length > 0).sort((a, b) => b.index.length - a.index.length || channelCount(b) - channelCount(a))[0];
  if (!main) return null;
  const ch = main.channels;
  const heading = (key: string) => labels[key] ?? main.fields[key] ?? main.fields[`${key}2`] ?? key;
  const columns: { label: string; value: (i: number) => unknown }[] = [];
  for (const axis of ["x", "y"] as const) {
    const [lo, hi] = [ch[`${axis}1`], ch[`${axis}2`]];
    if (ch[axis]) columns.push({ label: heading(axis), value: (i) => ch[axis][i] });
    else if (lo && hi) {
      const numeric = typeof hi[main.index[0]] === "number";
      columns.push({
        label: heading(axis),
        value: numeric ? (i) => (hi[i] as number) - (lo[i] as number) : (i) => lo[i],
      });
    }
  }
  for (const [key, values] of Object.entries(ch)) {
    if (/^[xy][12]?$/.test(key) || SKIPPED.has(key)) continue;
    // A colour that only repeats the x or y column says nothing new.
    const same = columns.some((c) => main.index.every((i) => c.value(i) === values[i]));
    if (!same) columns.push({ label: heading(key), value: (i) => values[i] });
  }
  return { columns: columns.map((c) => c.label), rows: main.index.map((i) => columns.map((c) => c.value(i))) };
}

/** A cell as the reader reads it: the page's number and date format. */
export function formatCell(value: unknown, f: Formatter): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) {
    const iso = value.toISOString();
    return value.getUTCDate() === 1 && iso.endsWith("T00:00:00.000Z") ? f.month(iso) : f.date(iso);
  }
  if (typeof value === "number") return Number.isInteger(value) ? f.integer(value) : f.number(value, Math.abs(value) < 1 ? 4 : 2);
  return String(value);
}

/** A cell as a program reads it: ISO dates, plain numbers, RFC 4180 quoting. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(table: PlottedTable): string {
  return [table.columns, ...table.rows].map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

const compare = (a: unknown, b: unknown) => {
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a ?? "").localeCompare(String(b ?? ""));
};

/** The "Data" toggle: a sortable table (click a heading) and the CSV download, built when first opened. */
export function dataToggle(id: string, table: PlottedTable, f: Formatter, text: { data: string; download: string }): HTMLElement {
  const details = el("details", { class: "chart-data" });
  details.append(el("summary", {}, text.data));
  details.addEventListener(
    "toggle",
    () => {
      const link = el("a", { class: "csv-download", download: `${id}.csv` }, text.download);
      link.href = URL.createObjectURL(new Blob([toCsv(table)], { type: "text/csv;charset=utf-8" }));
      const box = el("div", { class: "chart-data-table" });
      const tableEl = el("table");
      const head = el("tr");
      const body = el("tbody");
      const fill = (rows: unknown[][]) => {
        body.replaceChildren(
          ...rows.map((row) => {
            const tr = el("tr");
            for (const cell of row) tr.append(el("td", typeof cell === "number" ? { class: "num" } : {}, formatCell(cell, f)));
            return tr;
          }),
        );
      };
      table.columns.forEach((label, c) => {
        const th = el("th", { scope: "col", "aria-sort": "none" });
        const button = el("button", { type: "button" }, label);
        button.addEventListener("click", () => {
          const ascending = th.getAttribute("aria-sort") !== "ascending";
          for (const other of head.children) other.setAttribute("aria-sort", "none");
          th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
          fill([...table.rows].sort((a, b) => (ascending ? 1 : -1) * compare(a[c], b[c])));
        });
        th.append(button);
        head.append(th);
      });
      tableEl.append(el("thead"), body);
      tableEl.firstElementChild!.append(head);
      fill(table.rows);
      box.append(tableEl);
      details.append(link, box);
    },
    { once: true },
  );
  return details;
}

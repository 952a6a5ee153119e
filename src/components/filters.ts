// The filter logic of the pages, as small pure functions over the pre-aggregated data the loaders ship.
import type { Option } from "./controls.js";
import type { Formatter } from "./format.js";

export interface MonthInfo {
  order_month: string;
  exchange_rate_period: string | null;
}

export interface MonthFilter {
  months: { from: string; to: string };
  periods?: string[];
}

/** The months a page's filters keep: inside the range and, when periods are filtered, in one of them. */
export function keptMonths(months: MonthInfo[], filter: MonthFilter): Set<string> {
  const { from, to } = filter.months;
  const periods = filter.periods ? new Set(filter.periods) : null;
  return new Set(
    months
      .filter((m) => m.order_month >= from && m.order_month <= to)
      .filter((m) => periods === null || periods.has(m.exchange_rate_period ?? ""))
      .map((m) => m.order_month),
  );
}

export function monthOptions(months: string[], f: Formatter): Option[] {
  return months.map((m) => ({ value: m, label: f.month(m) }));
}

export type NameMode = "en" | "pt" | "both";

export interface CategoryName {
  name: string;
  name_pt: string;
}

/** "bed_bath_table" → "bed bath table": the source's snake_case names, readable. */
export function humanize(name: string): string {
  return name.replace(/_/g, " ").trim();
}

/** A category as the reader chose to see it: English, Portuguese or both. */
export function categoryLabel(c: CategoryName, mode: NameMode): string {
  const en = humanize(c.name);
  const pt = humanize(c.name_pt);
  if (mode === "en") return en;
  if (mode === "pt") return pt;
  return en === pt ? en : `${en} · ${pt}`;
}

/** Σ value by key over the rows kept by `keep`. */
export function sumBy<T>(rows: T[], key: (r: T) => string, value: (r: T) => number, keep: (r: T) => boolean = () => true) {
  const out = new Map<string, number>();
  for (const r of rows) {
    if (!keep(r)) continue;
    const k = key(r);
    out.set(k, (out.get(k) ?? 0) + value(r));
  }
  return out;
}

/** The keys of a sum, largest first. */
export function ranked(sums: Map<string, number>): string[] {
  return [...sums.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([k]) => k);
}

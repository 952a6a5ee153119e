// Is a series recent enough to show without a notice? Daily series may lag a few business days, monthly ones about
// six weeks after the reference month ends (IPCA for May, dated 01/05, is released around 10 June).
import { daysBetween, endOfMonth, isWeekend, parseIsoDate, addDays } from "./dates.ts";
import { seriesById, type Observation } from "./series.ts";

export const FRESHNESS_LIMITS = {
  daily: { limit: 4, unit: "business days" },
  monthly: { limit: 45, unit: "days" },
} as const;

export interface FreshnessWarning {
  seriesId: number;
  seriesKey: string;
  lastDate: string | null;
  today: string;
  /** Age in `unit`, or null when there is no observation at all. */
  age: number | null;
  unit: "business days" | "days";
  limit: number;
  message: string;
}

/**
 * Weekdays d with from < d ≤ to: Friday → Tuesday is 2. Weekends only, on purpose: PTAX also pauses on national
 * holidays, but a lone holiday fits inside the 4-day limit, and a holiday table is one more thing to keep current.
 */
export function businessDaysBetween(from: string, to: string): number {
  if (to <= from) return 0;
  const total = daysBetween(from, to);
  const weeks = Math.floor(total / 7);
  let count = weeks * 5;
  for (let day = addDays(from, weeks * 7 + 1); day <= to; day = addDays(day, 1)) {
    if (!isWeekend(day)) count += 1;
  }
  return count;
}

export function lastDateOf(observations: readonly Observation[], seriesId: number): string | null {
  let last: string | null = null;
  for (const o of observations) if (o.seriesId === seriesId && (last === null || o.date > last)) last = o.date;
  return last;
}

/** A warning when the series is older than its cadence allows on `today`; null when it is fresh. */
export function freshness(series: { seriesId: number; lastDate: string | null }, today: string): FreshnessWarning | null {
  parseIsoDate(today);
  const spec = seriesById(series.seriesId);
  const { limit, unit } = FRESHNESS_LIMITS[spec.cadence];
  const name = `${spec.label} (series ${spec.id})`;
  const base = { seriesId: spec.id, seriesKey: spec.key, lastDate: series.lastDate, today, unit, limit };
  if (series.lastDate === null) {
    return { ...base, age: null, message: `${name} has no observations` };
  }
  if (spec.cadence === "daily") {
    const age = businessDaysBetween(series.lastDate, today);
    if (age <= limit) return null;
    return {
      ...base,
      age,
      message: `${name} is as of ${series.lastDate}, ${age} business days before ${today} (limit ${limit})`,
    };
  }
  // A monthly observation is dated the 1st of its reference month but describes the whole month.
  const periodEnd = endOfMonth(series.lastDate);
  const age = Math.max(0, daysBetween(periodEnd, today));
  if (age <= limit) return null;
  return {
    ...base,
    age,
    message: `${name} is as of ${series.lastDate.slice(0, 7)} (month ended ${periodEnd}), ` + `${age} days before ${today} (limit ${limit})`,
  };
}

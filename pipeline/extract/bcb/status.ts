// Where each BCB series came from and how fresh it is: the shape loadIndicators reports, and its warehouse rows
// (raw.bcb_series_status) so that pages can say "data as of …" and show a notice.
import { todayInBrasilia } from "./dates.ts";
import { freshness } from "./freshness.ts";
import { seriesById, type Observation } from "./series.ts";

export interface SeriesStatus {
  seriesId: number;
  source: "api" | "snapshot";
  /** ISO date of the latest observation, or null when there is none. */
  lastDate: string | null;
  /** True when the API could not be used (fallback) or the data is older than its cadence allows. */
  stale: boolean;
  reason: string | null;
  /** ISO timestamp. */
  checkedAt: string;
}

export interface IndicatorLoad {
  observations: Observation[];
  status: SeriesStatus[];
}

/** One row of raw.bcb_series_status. */
export interface SeriesStatusRow {
  [column: string]: string | number | boolean | null;
  series_id: number;
  series_key: string;
  source: "api" | "snapshot";
  last_date: string | null;
  stale: boolean;
  reason: string | null;
  checked_at: string;
  freshness_warning: string | null;
}

/** Column types for creating raw.bcb_series_status (engine type names, as in warehouse.ts's Column). */
export const SERIES_STATUS_COLUMNS = [
  { name: "series_id", type: "INTEGER" },
  { name: "series_key", type: "VARCHAR" },
  { name: "source", type: "VARCHAR" },
  { name: "last_date", type: "DATE" },
  { name: "stale", type: "BOOLEAN" },
  { name: "reason", type: "VARCHAR" },
  { name: "checked_at", type: "TIMESTAMP" },
  { name: "freshness_warning", type: "VARCHAR" },
] as const;

/**
 * Status as warehouse rows. Freshness is judged on `today`, by default the Brasília date of each check, so a
 * warehouse built today from an old snapshot says so.
 */
export function seriesStatusRows(status: readonly SeriesStatus[], today?: string): SeriesStatusRow[] {
  return status.map((s) => {
    const day = today ?? todayInBrasilia(new Date(s.checkedAt));
    return {
      series_id: s.seriesId,
      series_key: seriesById(s.seriesId).key,
      source: s.source,
      last_date: s.lastDate,
      stale: s.stale,
      reason: s.reason,
      checked_at: s.checkedAt,
      freshness_warning: freshness(s, day)?.message ?? null,
    };
  });
}

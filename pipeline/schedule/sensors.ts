// Sensors: conditions checked on a timer that ask for a run, each request named by a run key so that one event
// gives one run however often the sensor looks (Dagster's run keys). What they read is injected (probes.ts).
import { todayInBrasilia } from "../extract/bcb/dates.ts";
import { freshness } from "../extract/bcb/freshness.ts";
import type { JobName } from "./jobs.ts";

export interface SensorRequest {
  /** One run per key, ever: the scheduler drops a request whose key an earlier run answered. */
  runKey: string;
  reason: string;
}

export interface Sensor {
  name: string;
  job: JobName;
  /** When the sensor is evaluated (cron, in the schedule time zone). */
  cron: string;
  description: string;
  evaluate(now: Date): Promise<SensorRequest[]>;
}

export interface SeriesDate {
  seriesId: number;
  /** ISO date of the newest observation in the warehouse, or null. */
  lastDate: string | null;
}

/**
 * A BCB series older than its cadence allows asks for one economic update. The key holds the series and its
 * last date: while the API has nothing newer the series stays stale under the same key and no second run
 * follows; a newer observation that is still late is a new event.
 */
export function bcbFreshnessSensor(deps: { cron: string; lastDates: () => Promise<SeriesDate[]> }): Sensor {
  return {
    name: "bcb_freshness",
    job: "economic_update",
    cron: deps.cron,
    description: "A BCB series older than its cadence (4 business days daily, 45 days monthly) → economic_update",
    async evaluate(now) {
      const today = todayInBrasilia(now);
      const requests: SensorRequest[] = [];
      for (const series of await deps.lastDates()) {
        const warning = freshness(series, today);
        if (warning) requests.push({ runKey: `bcb-stale:${series.seriesId}:${series.lastDate ?? "none"}`, reason: warning.message });
      }
      return requests;
    },
  };
}

/**
 * New rows at the PostgreSQL source since the last extraction ask for an early daily run. The source's cursor
 * (newest purchase timestamp and order count) is compared with the same cursor over the warehouse's raw.orders,
 * which is what the last extraction brought in; the key holds the source cursor, so one change gives one run.
 */
export function sourceChangeSensor(deps: { cron: string; probe: () => Promise<string>; extracted: () => Promise<string | null> }): Sensor {
  return {
    name: "source_change",
    job: "daily_full_refresh",
    cron: deps.cron,
    description: "New or removed orders at SOURCE_DATABASE_URL since the last extraction → daily_full_refresh",
    async evaluate() {
      const [source, warehouse] = await Promise.all([deps.probe(), deps.extracted()]);
      if (source === warehouse) return [];
      return [{ runKey: `source-change:${source}`, reason: `source orders ${source}, warehouse ${warehouse ?? "(never extracted)"}` }];
    },
  };
}

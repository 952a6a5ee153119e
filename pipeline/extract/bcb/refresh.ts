// Loads the BCB indicators for the build: from the committed snapshot (offline default), or live from the API
// incrementally, upserting into the snapshot and falling back to it, series by series, when the API fails.
import type { Config } from "../../config.ts";
import { logger, redact, type Logger } from "../../log.ts";
import { fetchSeries, formatRange, type DateRange } from "./client.ts";
import { addDays, parseIsoDate, todayInBrasilia } from "./dates.ts";
import { freshness } from "./freshness.ts";
import { parseSgsJson, SERIES, type Observation, type SeriesSpec } from "./series.ts";
import { readSnapshot, snapshotPath } from "./snapshot.ts";
import { lastIsoDate, serializeSgsRows, upsertRows } from "./sgsRows.ts";
import { displayPath, readSnapshotRows, writeSnapshotAtomically, type StoredSnapshot } from "./snapshotWrite.ts";
import type { IndicatorLoad, SeriesStatus } from "./status.ts";

export type { IndicatorLoad, SeriesStatus } from "./status.ts";

export const BCB_REFRESH_USAGE =
  "bcb refresh   fetch BCB SGS series 1, 433 and 432 from BCB_API_URL since the last stored date (minus a " +
  "revision window) and update BCB_SNAPSHOT_DIR (data/bcb) atomically; a failing series keeps its snapshot";

/** How far before the last stored observation to ask again, because the BCB revises recent values. */
export const DEFAULT_REVISION_DAYS: Record<SeriesSpec["cadence"], number> = { daily: 7, monthly: 62 };

/** Where a full fetch starts when there is no usable snapshot: the committed snapshots' coverage. */
export const DEFAULT_HISTORY_START = "2007-01-01";

export interface LoadOptions {
  mode: "snapshot" | "live";
  baseUrl: string;
  snapshotDir: string;
  /** ISO date; defaults to today in Brasília. */
  today?: string;
  /** Overrides the per-cadence DEFAULT_REVISION_DAYS for every series. */
  revisionDays?: number;
  fetchImpl?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  timeoutMs?: number;
  maxAttempts?: number;
  /** Live mode only; defaults to true. */
  writeSnapshot?: boolean;
  maxRetryAfterMs?: number;
  historyStart?: string;
  now?: () => Date;
  log?: Logger;
}

/** Neither the API nor a snapshot could provide a series: nothing to fall back to. */
export class BcbUnavailableError extends Error {
  override name = "BcbUnavailableError";
}

export interface SeriesRefresh {
  seriesId: number;
  /** The range asked of the API, or null when nothing was asked. */
  range: DateRange | null;
  added: number;
  revised: number;
  written: boolean;
  /** Why the API's data was not used, or null. */
  error: string | null;
}

export interface RefreshReport extends IndicatorLoad {
  series: SeriesRefresh[];
  /** False when any series fell back to its snapshot; the CLI should exit non-zero. */
  ok: boolean;
}

/**
 * mode "snapshot": read data/bcb only (the default offline build). mode "live": fetch incrementally from the API,
 * upsert into the snapshot observations, write snapshot files atomically (temp file + rename, only when the merged
 * data validates), fall back per series on failure.
 */
export async function loadIndicators(options: LoadOptions): Promise<IndicatorLoad> {
  const { observations, status } = await load(options);
  return { observations, status };
}

/** `npm run pipeline -- bcb refresh`: live load that writes the snapshot, with a per-series report. */
export async function refreshSnapshots(
  config: Pick<Config, "bcbApiUrl" | "bcbSnapshotDir">,
  options: Omit<LoadOptions, "mode" | "baseUrl" | "snapshotDir"> = {},
): Promise<RefreshReport> {
  const log = options.log ?? logger("bcb");
  const report = await load({
    ...options,
    log,
    mode: "live",
    baseUrl: config.bcbApiUrl,
    snapshotDir: config.bcbSnapshotDir,
    writeSnapshot: options.writeSnapshot ?? true,
  });
  const fellBack = report.status.filter((s) => s.source === "snapshot").map((s) => s.seriesId);
  if (fellBack.length === 0) log.info(`BCB refresh done from ${config.bcbApiUrl}`);
  else log.warn(`BCB refresh kept the snapshot for series ${fellBack.join(", ")}; see the warnings above`);
  return report;
}

async function load(options: LoadOptions): Promise<RefreshReport> {
  const now = options.now ?? (() => new Date());
  const today = options.today ?? todayInBrasilia(now());
  parseIsoDate(today);
  const log = options.log ?? logger("bcb");
  const results: SeriesResult[] = [];
  // One series at a time: three small requests do not need parallelism, and the API rate-limits bursts.
  for (const spec of SERIES) {
    results.push(options.mode === "snapshot" ? await fromSnapshot(spec, options.snapshotDir, today, now) : await live(spec, { ...options, today, now, log }));
  }
  return {
    observations: results.flatMap((r) => r.observations),
    status: results.map((r) => r.status),
    series: results.map((r) => r.refresh),
    ok: results.every((r) => r.status.source === "api" || r.refresh.range === null),
  };
}

interface SeriesResult {
  observations: Observation[];
  status: SeriesStatus;
  refresh: SeriesRefresh;
}

function agedStatus(spec: SeriesSpec, source: SeriesStatus["source"], lastDate: string | null, today: string, now: () => Date): SeriesStatus {
  const warning = freshness({ seriesId: spec.id, lastDate }, today);
  return {
    seriesId: spec.id,
    source,
    lastDate,
    stale: warning !== null,
    reason: warning?.message ?? null,
    checkedAt: now().toISOString(),
  };
}

async function fromSnapshot(spec: SeriesSpec, dir: string, today: string, now: () => Date): Promise<SeriesResult> {
  let observations: Observation[];
  try {
    observations = await readSnapshot(dir, spec.id);
  } catch (error) {
    throw new BcbUnavailableError(
      `No usable BCB snapshot for series ${spec.id} at ${displayPath(snapshotPath(dir, spec.id))}: ` +
        `${redact((error as Error).message)}; restore it from git or run \`npm run pipeline -- bcb refresh\``,
      { cause: error },
    );
  }
  const lastDate = observations.at(-1)?.date ?? null;
  return {
    observations,
    status: agedStatus(spec, "snapshot", lastDate, today, now),
    refresh: { seriesId: spec.id, range: null, added: 0, revised: 0, written: false, error: null },
  };
}

type LiveOptions = LoadOptions & { today: string; now: () => Date; log: Logger };

async function live(spec: SeriesSpec, o: LiveOptions): Promise<SeriesResult> {
  const refresh: SeriesRefresh = { seriesId: spec.id, range: null, added: 0, revised: 0, written: false, error: null };
  let stored: StoredSnapshot | undefined;
  let storedProblem = "";
  try {
    stored = await readSnapshotRows(o.snapshotDir, spec.id);
  } catch (error) {
    storedProblem = redact((error as Error).message);
    o.log.warn(`No usable snapshot for series ${spec.id} (${storedProblem}); fetching from ${o.historyStart ?? DEFAULT_HISTORY_START}`);
  }
  const last = stored ? lastIsoDate(stored.rows) : null;
  const revision = o.revisionDays ?? DEFAULT_REVISION_DAYS[spec.cadence];
  if (!Number.isInteger(revision) || revision < 0) {
    throw new RangeError(`revisionDays must be a non-negative integer, got ${revision}`);
  }
  const from = last === null ? (o.historyStart ?? DEFAULT_HISTORY_START) : addDays(last, -revision);
  if (stored && from > o.today) {
    o.log.info(`series ${spec.id}: snapshot already reaches ${last}; nothing to fetch`);
    return { observations: stored.observations, status: agedStatus(spec, "snapshot", last, o.today, o.now), refresh };
  }
  refresh.range = { from, to: o.today };
  try {
    const fetched = await fetchSeries(spec.id, refresh.range, {
      baseUrl: o.baseUrl,
      fetchImpl: o.fetchImpl,
      timeoutMs: o.timeoutMs,
      maxAttempts: o.maxAttempts,
      sleep: o.sleep,
      random: o.random,
      now: () => o.now().getTime(),
      maxRetryAfterMs: o.maxRetryAfterMs,
      // The range always includes the last stored date, so even "nothing new yet" returns that observation, and
      // an empty answer means something is wrong (series id, base URL, or the API).
      allowEmpty: false,
      log: o.log,
    });
    const merged = upsertRows(stored?.rows ?? [], fetched.rows);
    const observations = parseSgsJson(serializeSgsRows(merged.rows), spec.id, `merged series ${spec.id}`);
    if (o.writeSnapshot ?? true) {
      refresh.written = (await writeSnapshotAtomically(o.snapshotDir, spec.id, merged.rows, last)).written;
    }
    refresh.added = merged.added;
    refresh.revised = merged.revised;
    const lastDate = lastIsoDate(merged.rows);
    o.log.info(
      `series ${spec.id} (${spec.key}): ${merged.added} new, ${merged.revised} revised in ${formatRange(refresh.range)}; ` +
        `now as of ${lastDate}${refresh.written ? `; wrote ${displayPath(snapshotPath(o.snapshotDir, spec.id))}` : ""}`,
    );
    return { observations, status: agedStatus(spec, "api", lastDate, o.today, o.now), refresh };
  } catch (error) {
    const problem = redact(error instanceof Error ? error.message : String(error));
    refresh.error = problem;
    if (!stored) {
      throw new BcbUnavailableError(`BCB series ${spec.id} is unavailable: the API failed (${problem}) and there is no usable snapshot (${storedProblem})`, {
        cause: error,
      });
    }
    const reason = `API refresh failed: ${problem}; using ${displayPath(stored.file)} as of ${last}`;
    o.log.warn(reason);
    return {
      observations: stored.observations,
      status: { seriesId: spec.id, source: "snapshot", lastDate: last, stale: true, reason, checkedAt: o.now().toISOString() },
      refresh,
    };
  }
}

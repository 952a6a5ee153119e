// The economic indicators step: BCB series into raw.bcb_observations and their source and freshness into
// raw.bcb_series_status. BCB_MODE=snapshot (default) reads the committed snapshot; live fetches from the API
// incrementally and falls back to the snapshot, marking the series stale, when the API fails.
import path from "node:path";
import type { Config } from "../config.ts";
import { hashFiles, hashOf } from "../fingerprint.ts";
import { BCB_OBSERVATIONS_DDL, BCB_STATUS_DDL } from "./rawTables.ts";
import { sqlString, type TypedColumn, type Warehouse } from "../warehouse/warehouse.ts";
import { todayInBrasilia } from "./bcb/dates.ts";
import { loadIndicators } from "./bcb/refresh.ts";
import { SERIES, seriesById } from "./bcb/series.ts";
import { SERIES_STATUS_COLUMNS, seriesStatusRows } from "./bcb/status.ts";

export async function indicatorsFingerprint(config: Config): Promise<string> {
  // Live data can change at any time; freshness warnings change with the calendar day.
  if (config.bcbMode === "live") return `live-${Date.now()}`;
  const files = await hashFiles(SERIES.map((s) => path.join(config.bcbSnapshotDir, `sgs-${s.id}.json`)));
  return hashOf(files, todayInBrasilia());
}

const OBSERVATION_COLUMNS: TypedColumn[] = [
  { name: "series_id", type: "integer" },
  { name: "series_key", type: "text" },
  { name: "observed_on", type: "date" },
  { name: "value", type: "double" },
];

export async function loadIndicatorsIntoWarehouse(
  warehouse: Warehouse,
  config: Pick<Config, "bcbMode" | "bcbApiUrl" | "bcbSnapshotDir">,
): Promise<{ rows: number; warnings: string[] }> {
  const load = await loadIndicators({
    mode: config.bcbMode,
    baseUrl: config.bcbApiUrl,
    snapshotDir: config.bcbSnapshotDir,
  });
  await warehouse.exec(`${BCB_OBSERVATIONS_DDL};\n${BCB_STATUS_DDL};`);
  await warehouse.append(
    warehouse.relation("raw", "bcb_observations"),
    OBSERVATION_COLUMNS,
    load.observations.map((o) => [o.seriesId, seriesById(o.seriesId).key, o.date, o.value]),
  );
  const rows = seriesStatusRows(load.status);
  const values = rows.map(
    (row) =>
      `(${SERIES_STATUS_COLUMNS.map(({ name }) => {
        const v = row[name];
        return v === null ? "null" : typeof v === "string" ? sqlString(v) : String(v);
      }).join(", ")})`,
  );
  await warehouse.exec(`insert into raw.bcb_series_status values ${values.join(", ")}`);
  const warnings = rows.filter((r) => r.stale || r.freshness_warning).map((r) => `${r.series_key}: ${r.reason ?? r.freshness_warning}`);
  return { rows: load.observations.length, warnings };
}

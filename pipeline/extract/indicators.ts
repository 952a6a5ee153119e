// The economic indicators step: BCB series into raw.bcb_observations and their freshness into
// raw.bcb_series_status. The default reads the committed snapshot; BCB_MODE=live fetches from the API.
import path from "node:path";
import type { Config } from "../config.ts";
import { hashFiles } from "../fingerprint.ts";
import { BCB_OBSERVATIONS_DDL, BCB_STATUS_DDL } from "../warehouse/rawTables.ts";
import { sqlString } from "../warehouse/warehouse.ts";
import type { StepContext, StepOutcome } from "../steps.ts";
import { readAllSnapshots } from "./bcb/snapshot.ts";
import { SERIES, seriesById } from "./bcb/series.ts";

export async function indicatorsFingerprint(config: Config): Promise<string> {
  return hashFiles(SERIES.map((s) => path.join(config.bcbSnapshotDir, `sgs-${s.id}.json`)));
}

export async function loadIndicatorsIntoWarehouse(ctx: StepContext): Promise<StepOutcome> {
  const observations = await readAllSnapshots(ctx.config.bcbSnapshotDir);
  const { warehouse } = ctx;
  await warehouse.exec(`${BCB_OBSERVATIONS_DDL};\n${BCB_STATUS_DDL};`);
  const appender = await warehouse.connection.createAppender("bcb_observations", "raw");
  for (const o of observations) {
    appender.appendInteger(o.seriesId);
    appender.appendVarchar(seriesById(o.seriesId).key);
    appender.appendVarchar(o.date);
    appender.appendDouble(o.value);
    appender.endRow();
  }
  appender.closeSync();
  for (const spec of SERIES) {
    const last = observations.filter((o) => o.seriesId === spec.id).at(-1)?.date ?? null;
    await warehouse.exec(`insert into raw.bcb_series_status values (${spec.id}, ${sqlString(spec.key)}, 'snapshot',
      ${last ? `date ${sqlString(last)}` : "null"}, false, null, current_timestamp, null)`);
  }
  return { rows: observations.length };
}

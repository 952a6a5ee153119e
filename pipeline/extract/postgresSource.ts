// The PostgreSQL source as the extract step uses it when SOURCE_DATABASE_URL is set. On DuckDB the extraction
// writes the run's warehouse directly. On BigQuery it lands in an embedded DuckDB file beside the configured
// warehouse path (the landing file keeps the incremental state, the key buckets and the whole raw history, with
// the same DuckDB SQL), then every raw Olist table and the reject ledger are replaced in the run's BigQuery
// datasets by one Parquet load job each, and this run's load counts are appended to meta.loads: the same rows,
// rejects and in = loaded + rejected as on DuckDB. Load jobs are free on BigQuery; only the models' queries bill.
import type { Config } from "../config.ts";
import type { BigQueryWarehouse } from "../warehouse/bigquery.ts";
import { openLanding } from "../warehouse/open.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import { OLIST_TABLES } from "./olistSchema.ts";
import { extractPostgres, type ExtractResult } from "./postgres/extract.ts";
import { LOADS_COLUMNS, REJECTS_COLUMNS } from "./rawTables.ts";

export interface SourceExtract {
  warehouse: Warehouse;
  config: Pick<Config, "sourceDatabaseUrl" | "extractLookBackDays" | "warehousePath">;
  runId: string;
  fullRefresh: boolean;
}

/** The embedded DuckDB file a PostgreSQL extraction for BigQuery lands in. */
export function landingPath(warehousePath: string): string {
  return `${warehousePath.replace(/\.duckdb$/, "")}.bigquery-landing.duckdb`;
}

export async function extractFromPostgres(run: SourceExtract): Promise<{ rows: number; warnings: string[]; detail: ExtractResult }> {
  const result = run.warehouse.engine === "bigquery" ? await throughLanding(run, run.warehouse as BigQueryWarehouse) : await extractInto(run.warehouse, run);
  const rejected = result.tables.reduce((n, t) => n + t.rowsRejected, 0);
  return {
    rows: result.tables.reduce((n, t) => n + t.rowsCopied, 0),
    warnings: rejected ? [`${rejected} source rows were rejected by import-olist (see raw.rejects)`] : [],
    detail: result,
  };
}

function extractInto(warehouse: Warehouse, run: SourceExtract): Promise<ExtractResult> {
  return extractPostgres({
    warehouse,
    from: run.config.sourceDatabaseUrl,
    fullRefresh: run.fullRefresh,
    runId: run.runId,
    lookBackDays: run.config.extractLookBackDays,
  });
}

async function throughLanding(run: SourceExtract, target: BigQueryWarehouse): Promise<ExtractResult> {
  const landing = await openLanding(landingPath(run.config.warehousePath));
  try {
    // Whole tables are replaced from the landing file, so a BigQuery warehouse rebuilt from nothing (a new
    // prefix) gets every row even when the landing's extraction was incremental.
    const result = await extractInto(landing, run);
    for (const table of OLIST_TABLES) {
      // The extraction fills every table (an optional one absent at the source, empty): a missing one is a bug
      // that would leave BigQuery's copy of the table as it was, so it stops the run.
      if (!(await landing.columns("raw", table.name))) {
        throw new Error(`raw.${table.name} is missing from the landing file ${landingPath(run.config.warehousePath)} after the extraction`);
      }
      const columns = table.columns.map((c) => ({ name: c.name, type: c.type }));
      const select = `select ${columns.map((c) => `"${c.name}"`).join(", ")} from raw."${table.name}"`;
      await target.copyFrom(landing, select, target.relation("raw", table.name), columns, "replace");
    }
    const rejects = `select ${REJECTS_COLUMNS.map((c) => `"${c.name}"`).join(", ")} from raw.rejects`;
    await target.copyFrom(landing, rejects, target.relation("raw", "rejects"), REJECTS_COLUMNS, "replace");
    const loads = `select ${LOADS_COLUMNS.map((c) => `"${c.name}"`).join(", ")} from meta.loads where run_id = '${run.runId.replace(/'/g, "''")}'`;
    await target.copyFrom(landing, loads, target.relation("meta", "loads"), LOADS_COLUMNS, "append");
    return result;
  } finally {
    await landing.close();
  }
}

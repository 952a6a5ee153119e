// The PostgreSQL source as the extract step uses it when SOURCE_DATABASE_URL is set.
import type { Config } from "../config.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import { extractPostgres, type ExtractResult } from "./postgres/extract.ts";

export interface SourceExtract {
  warehouse: Warehouse;
  config: Pick<Config, "sourceDatabaseUrl" | "extractLookBackDays">;
  runId: string;
  fullRefresh: boolean;
}

export async function extractFromPostgres(run: SourceExtract): Promise<{ rows: number; warnings: string[]; detail: ExtractResult }> {
  const result = await extractPostgres({
    warehouse: run.warehouse,
    from: run.config.sourceDatabaseUrl,
    fullRefresh: run.fullRefresh,
    runId: run.runId,
    lookBackDays: run.config.extractLookBackDays,
  });
  const rejected = result.tables.reduce((n, t) => n + t.rowsRejected, 0);
  return {
    rows: result.tables.reduce((n, t) => n + t.rowsCopied, 0),
    warnings: rejected ? [`${rejected} source rows were rejected by import-olist (see raw.rejects)`] : [],
    detail: result,
  };
}

// One PostgreSQL extraction in a process of its own, loading only what the extraction loads (not the bench's
// seeding and fixtures), so its wall time and peak memory are the extraction's alone.
// Arguments: source URL, warehouse file, result file (JSON: seconds, rows, mode), full | incremental.
import { writeFileSync } from "node:fs";
import { loadConfig } from "../pipeline/config.ts";
import { extractPostgres } from "../pipeline/extract/postgres/extract.ts";
import { openWarehouse } from "../pipeline/warehouse/open.ts";

export interface ChildResult {
  seconds: number;
  rows: number;
  mode: string;
}

const [url, warehouseFile, resultFile, mode] = process.argv.slice(2);
if (!url || !warehouseFile || !resultFile || (mode !== "full" && mode !== "incremental")) {
  throw new Error("bench/extractChild.ts takes: source URL, warehouse file, result file, full | incremental");
}
const warehouse = await openWarehouse(loadConfig({ ...process.env, WAREHOUSE_PATH: warehouseFile }));
try {
  const result = await extractPostgres({ warehouse, from: url, fullRefresh: mode === "full" });
  const rows = result.tables.reduce((s, t) => s + t.rowsCopied, 0);
  writeFileSync(resultFile, JSON.stringify({ seconds: result.seconds, rows, mode: result.mode } satisfies ChildResult));
} finally {
  await warehouse.close();
}

// Loads a directory of Olist CSV files (the generated sample, or the public Kaggle files) into the raw schema.
// Rows DuckDB cannot parse or cast go to raw.rejects with line and reason; meta.loads counts in = loaded + rejected.
import { open } from "node:fs/promises";
import path from "node:path";
import { OLIST_TABLES, type OlistTable } from "./olistSchema.ts";
import { checkHeader } from "./postgres/normalise.ts";
import { logger } from "../log.ts";
import { LOADS_DDL, REJECTS_COLUMNS, REJECTS_DDL, olistRawDdl } from "./rawTables.ts";
import { sqlString, type Warehouse } from "../warehouse/warehouse.ts";

const log = logger("extract");

export class SourceFileError extends Error {
  override name = "SourceFileError";
}

export interface TableLoad {
  table: string;
  rowsIn: number;
  rowsLoaded: number;
  rowsRejected: number;
}

/** The header line of a CSV file, without a byte-order mark, and how its lines end. */
async function headerOf(file: string): Promise<string[]> {
  return (await firstLine(file)).header;
}

async function firstLine(file: string): Promise<{ header: string[]; newLine: "\n" | "\r\n" }> {
  const handle = await open(file, "r").catch((error: NodeJS.ErrnoException) => {
    throw new SourceFileError(error.code === "ENOENT" ? `Missing source file ${file}` : `Cannot read ${file}: ${error.message}`);
  });
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4096), 0, 4096, 0);
    const text = buffer
      .subarray(0, bytesRead)
      .toString("utf8")
      .replace(/^\uFEFF/, "");
    const line = text.split("\n")[0];
    return {
      header: line
        .replace(/\r$/, "")
        .split(",")
        .map((h) => h.trim().replace(/^"|"$/g, "")),
      newLine: line.endsWith("\r") ? "\r\n" : "\n",
    };
  } finally {
    await handle.close();
  }
}

/** Checks every file exists with the expected header before anything is written. */
export async function checkCsvDir(dir: string, tables: readonly OlistTable[] = OLIST_TABLES): Promise<OlistTable[]> {
  const present: OlistTable[] = [];
  for (const table of tables) {
    const file = path.join(dir, table.file);
    let header: string[];
    try {
      header = await headerOf(file);
    } catch (error) {
      if (!table.required && error instanceof SourceFileError) continue;
      throw error;
    }
    if (header.length === 1 && header[0] === "") throw new SourceFileError(`${file} is empty: no header, no rows`);
    const expected = table.columns.map((c) => c.name);
    if (header.join(",") !== expected.join(",")) {
      // The reader here takes the header as written (import-olist maps known variants); name what differs.
      const detail = checkHeader(table, path.basename(file), header).problem?.split(": ").at(-1) ?? "";
      throw new SourceFileError(`Unexpected header in ${file}: got ${header.join(",")}; expected ${expected.join(",")}${detail ? ` (${detail})` : ""}`);
    }
    present.push(table);
  }
  return present;
}

export async function loadCsvDir(warehouse: Warehouse, dir: string, runId: string): Promise<TableLoad[]> {
  const tables = await checkCsvDir(dir);
  await warehouse.exec(`${REJECTS_DDL};\n${LOADS_DDL};`);
  const loads: TableLoad[] = [];
  for (const table of tables) {
    const started = performance.now();
    const file = path.join(dir, table.file);
    await warehouse.exec(olistRawDdl(warehouse, table));
    const target = warehouse.relation("raw", table.name);
    const { rejects } = await warehouse.loadCsv({
      file,
      target,
      columns: table.columns,
      header: true,
      // the header's line end, not a sniffer's guess: review comments hold quoted \r\n
      newLine: (await firstLine(file)).newLine,
      timestampFormat: "%Y-%m-%d %H:%M:%S",
      keepRejects: true,
    });
    const [{ loaded }] = await warehouse.query<{ loaded: number }>(`select count(*) as loaded from ${target}`);
    const rejected = rejects.length;
    if (rejected > 0) {
      const at = new Date().toISOString().replace("T", " ").slice(0, 19);
      const rows = rejects.map((r) => [runId, table.file, table.name, r.line, r.reason, r.raw, at]);
      await warehouse.append(warehouse.relation("raw", "rejects"), REJECTS_COLUMNS, rows);
    }
    await warehouse.exec(`
      insert into meta.loads (run_id, table_name, source, rows_in, rows_loaded, rows_rejected)
      values (${sqlString(runId)}, ${sqlString(table.name)}, ${sqlString(table.file)}, ${loaded + rejected}, ${loaded}, ${rejected});`);
    loads.push({ table: table.name, rowsIn: loaded + rejected, rowsLoaded: loaded, rowsRejected: rejected });
    const seconds = (performance.now() - started) / 1000;
    log.info(`${table.name}: ${loaded.toLocaleString("en-US")} rows${rejected ? `, ${rejected} rejected` : ""} in ${seconds.toFixed(2)} s`);
  }
  return loads;
}

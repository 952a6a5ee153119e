// Moves the result of one PostgreSQL query into a DuckDB table without holding it in memory:
// COPY (select …) TO STDOUT as CSV, streamed to a temporary file, then read by DuckDB's own CSV reader.
//
// Measured against the alternative — COPY in text format, parsed in JS and pushed through the DuckDB appender
// (appendVarchar per value, DuckDB casting) — on 100,000 synthetic orders (615,399 rows in nine tables), warm,
// 2 cores: file + read_csv 1.14 s (540,000 rows/s, peak RSS 290 MB); appender 2.26 s (272,000 rows/s, 228 MB);
// appender with VARCHAR data chunks then a casting insert 3.27 s (188,000 rows/s). The file wins by 2x: the JS
// side only moves bytes, and the parsing happens in DuckDB's parallel C++ reader.
import { createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import type { DuckDBWarehouse } from "../../warehouse/duckdb.ts";
import { sqlString } from "../../warehouse/warehouse.ts";
import { ENGINE_TYPES, type OlistColumn } from "../olistSchema.ts";
import { ident } from "./connect.ts";
import type { Progress } from "./progress.ts";

/** The select list that hands DuckDB every compatible source type in the canonical text form of the raw type. */
export function canonicalSelectList(columns: readonly OlistColumn[], alias?: string): string {
  const types = ENGINE_TYPES.postgres;
  const prefix = alias ? `${alias}.` : "";
  return columns.map((c) => `${prefix}${ident(c.name)}::${types[c.type]} as ${ident(c.name)}`).join(", ");
}

/** A column of the DuckDB table a copy fills, with its DuckDB type. */
export interface WarehouseColumn {
  name: string;
  type: string;
}

export function warehouseColumns(columns: readonly OlistColumn[]): WarehouseColumn[] {
  return columns.map((c) => ({ name: c.name, type: ENGINE_TYPES.duckdb[c.type] }));
}

export interface CopyJob {
  /** A SELECT whose columns are `columns`, in order (see canonicalSelectList). */
  select: string;
  columns: readonly WarehouseColumn[];
  /** DuckDB relation to insert into, already created with those columns. */
  target: string;
  /** Directory for the transit file. */
  tempDir: string;
  progress?: Progress;
}

/** Counts lines as they pass; rows for progress (a quoted newline in a review counts twice until the exact total). */
function lineCounter(progress: Progress | undefined): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (progress) {
        let lines = 0;
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
        progress.add(lines);
      }
      done(null, chunk);
    },
  });
}

/** Runs `job` on `client` (in the caller's transaction) and returns the rows DuckDB inserted. */
export async function copyToWarehouse(client: pg.Client, warehouse: DuckDBWarehouse, job: CopyJob, name: string): Promise<number> {
  const file = path.join(job.tempDir, `${name}.csv`);
  try {
    const copy = client.query(copyTo(`copy (${job.select}) to stdout with (format csv)`));
    await pipeline(copy, lineCounter(job.progress), createWriteStream(file, { highWaterMark: 1 << 20 }));
    const columns = job.columns.map((c) => `${sqlString(c.name)}: ${sqlString(c.type)}`).join(", ");
    // Exactly PostgreSQL's CSV dialect: a bare empty field is NULL, a quoted "" is the empty string.
    const reader = `read_csv(${sqlString(file)}, columns = {${columns}}, header = false, auto_detect = false,
      delim = ',', quote = '"', escape = '"', nullstr = '', allow_quoted_nulls = false)`;
    const result = await warehouse.connection.run(`insert into ${job.target} select * from ${reader}`).catch((error: Error) => {
      throw new Error(`Loading ${name} into ${job.target} failed: ${error.message}`);
    });
    return Number(result.rowsChanged);
  } finally {
    await rm(file, { force: true });
  }
}

// The last step of an extraction: every transit table replaces (full, reload) or merges into (window) its
// raw.<table>, and the state and loads are recorded — all in one DuckDB transaction, so readers of the
// warehouse see either the previous extraction or this one, never a mix.
import { LOADS_DDL } from "../rawTables.ts";
import { sqlString, type Warehouse } from "../../warehouse/warehouse.ts";
import type { OlistTable } from "../olistSchema.ts";
import { EXTRACT_STATE_DDL, tableMode } from "./incremental.ts";
import { mergeStatements } from "./incrementalSql.ts";
import { KEY_BUCKETS_DDL, storeSummarySql } from "./keyBuckets.ts";
import { rel, transit } from "./transit.ts";

export interface TableExtract {
  table: string;
  /**
   * full: replaced whole; window: merged (orders window and children); reload: replaced whole in an incremental
   * run because its checksum changed; unchanged: same checksum as last run, not copied.
   */
  mode: "full" | "window" | "reload" | "unchanged";
  /** Rows copied from the source this run. */
  rowsCopied: number;
  /** Rows removed because their keys are gone at the source (incremental runs). */
  rowsDeleted: number;
  /** Rows in raw.<table> after the run. */
  rows: number;
  seconds: number;
}

/** A table whose rows wait in its transit table. */
export interface CopiedTable {
  table: OlistTable;
  mode: TableExtract["mode"];
  rowsCopied: number;
  seconds: number;
  /** Checksum of a dimension table at the source (see checksumSql); null for window tables. */
  checksum: string | null;
}

export interface RunRecord {
  runId: string;
  source: string;
  lookBackDays: number;
  /** Incremental runs store the key summaries they compared; a full refresh leaves none (see keyBuckets.ts). */
  keySummaries: boolean;
}

export async function applyToRaw(warehouse: Warehouse, copied: readonly CopiedTable[], run: RunRecord): Promise<TableExtract[]> {
  await warehouse.exec(`${EXTRACT_STATE_DDL};\n${LOADS_DDL};\n${KEY_BUCKETS_DDL};`);
  const tables: TableExtract[] = [];
  await warehouse.exec("begin transaction");
  try {
    if (!run.keySummaries) await warehouse.exec(`delete from meta.extract_key_buckets`);
    for (const c of copied) {
      const target = `raw.${c.table.name}`;
      let rowsDeleted = 0;
      if (c.mode === "window") {
        const merge = mergeStatements(c.table);
        rowsDeleted = await warehouse.execChanges(merge.deleted);
        await warehouse.exec(`${merge.replaced};\n${merge.insert};`);
        if (run.keySummaries) await warehouse.exec(storeSummarySql(c.table));
      } else if (c.mode !== "unchanged") {
        await warehouse.exec(`drop table if exists ${target};
          alter table ${rel(transit.rows(c.table.name))} rename to ${c.table.name};`);
      }
      const [{ n }] = await warehouse.query<{ n: number }>(`select count(*) as n from ${target}`);
      tables.push({ table: c.table.name, mode: c.mode, rowsCopied: c.rowsCopied, rowsDeleted, rows: n, seconds: c.seconds });
    }
    const watermark = `(select max(order_purchase_timestamp) from raw.orders)`;
    for (const [i, t] of tables.entries()) {
      const windowed = tableMode(copied[i].table) !== "reload";
      await warehouse.exec(`delete from meta.extract_state where table_name = ${sqlString(t.table)};
        insert into meta.extract_state (table_name, source, mode, watermark, look_back_days, last_run_id, last_run_at,
          rows_copied, rows_deleted, rows, checksum)
        values (${sqlString(t.table)}, ${sqlString(run.source)}, ${sqlString(t.mode)}, ${windowed ? watermark : "null"},
          ${run.lookBackDays}, ${sqlString(run.runId)}, current_localtimestamp(), ${t.rowsCopied}, ${t.rowsDeleted}, ${t.rows},
          ${copied[i].checksum === null ? "null" : sqlString(copied[i].checksum!)});
        insert into meta.loads (run_id, table_name, source, rows_in, rows_loaded, rows_rejected)
          values (${sqlString(run.runId)}, ${sqlString(t.table)}, 'postgres', ${t.rowsCopied}, ${t.rowsCopied}, 0);`);
    }
    await warehouse.exec("commit");
  } catch (error) {
    await warehouse.exec("rollback").catch(() => undefined);
    throw error;
  }
  return tables;
}

/** Newest purchase timestamp in raw.orders (ISO, no zone): the watermark of the next incremental run. */
export async function newestPurchase(warehouse: Warehouse): Promise<string | null> {
  const [row] = await warehouse.query<{ w: string | null }>(`select max(order_purchase_timestamp) as w from raw.orders`);
  return row?.w ?? null;
}

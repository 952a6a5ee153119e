// The last step of an extraction: every transit table replaces (full, reload) or merges into (window) its
// raw.<table>, and the state and loads are recorded — all in one DuckDB transaction, so readers of the
// warehouse see either the previous extraction or this one, never a mix.
import { LOADS_DDL, REJECTS_DDL } from "../rawTables.ts";
import { sqlString, type Warehouse } from "../../warehouse/warehouse.ts";
import type { OlistTable } from "../olistSchema.ts";
import { EXTRACT_STATE_DDL, EXTRACT_STATE_UPGRADE, FUTURE_TOLERANCE_HOURS, tableMode } from "./incremental.ts";
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
  /** Rows of this table in the source's reject ledger (import-olist's olist_rejects), now in raw.rejects. */
  rowsRejected: number;
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

/** raw.rejects.source of the rows import-olist rejected: this prefix and the file name. */
export const IMPORT_SOURCE = "import-olist ";

export interface RunRecord {
  runId: string;
  source: string;
  lookBackDays: number;
  /** Incremental runs store the key summaries they compared; a full refresh leaves none (see keyBuckets.ts). */
  keySummaries: boolean;
  /** The source snapshot's horizon (see changes.ts), for the next run. */
  changeHorizon: string;
}

export async function applyToRaw(warehouse: Warehouse, copied: readonly CopiedTable[], run: RunRecord): Promise<TableExtract[]> {
  await warehouse.exec(`${EXTRACT_STATE_DDL};\n${EXTRACT_STATE_UPGRADE};\n${LOADS_DDL};\n${KEY_BUCKETS_DDL};\n${REJECTS_DDL};`);
  const ledger = (await warehouse.columns("raw", transit.rejects)) !== undefined;
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
      tables.push({ table: c.table.name, mode: c.mode, rowsCopied: c.rowsCopied, rowsDeleted, rows: n, rowsRejected: 0, seconds: c.seconds });
    }
    // The source's reject ledger replaces the one the last extraction brought (import-olist's rejects are those
    // of the files now loaded), under this run's id: raw.rejects and meta.loads count them with the rows.
    const rejected = new Map<string, number>();
    await warehouse.exec(`delete from raw.rejects where source like '${IMPORT_SOURCE}%'`);
    if (ledger) {
      await warehouse.exec(`insert into raw.rejects (run_id, source, table_name, line, reason, raw_record, rejected_at)
        select ${sqlString(run.runId)}, '${IMPORT_SOURCE}' || file, table_name, line, reason, raw_record, current_localtimestamp()
          from ${rel(transit.rejects)}`);
      const counts = await warehouse.query<{ table_name: string | null; n: number }>(
        `select table_name, count(*)::integer as n from ${rel(transit.rejects)} group by table_name`,
      );
      for (const c of counts) if (c.table_name !== null) rejected.set(c.table_name, c.n);
    }
    for (const t of tables) t.rowsRejected = rejected.get(t.table) ?? 0;
    const watermark = `(${newestPurchaseSql})`;
    for (const [i, t] of tables.entries()) {
      const windowed = tableMode(copied[i].table) !== "reload";
      await warehouse.exec(`delete from meta.extract_state where table_name = ${sqlString(t.table)};
        insert into meta.extract_state (table_name, source, mode, watermark, look_back_days, last_run_id, last_run_at,
          rows_copied, rows_deleted, rows, checksum, change_horizon)
        values (${sqlString(t.table)}, ${sqlString(run.source)}, ${sqlString(t.mode)}, ${windowed ? watermark : "null"},
          ${run.lookBackDays}, ${sqlString(run.runId)}, current_localtimestamp(), ${t.rowsCopied}, ${t.rowsDeleted}, ${t.rows},
          ${copied[i].checksum === null ? "null" : sqlString(copied[i].checksum!)}, ${windowed ? sqlString(run.changeHorizon) : "null"});
        insert into meta.loads (run_id, table_name, source, rows_in, rows_loaded, rows_rejected)
          values (${sqlString(run.runId)}, ${sqlString(t.table)}, 'postgres', ${t.rowsCopied + (rejected.get(t.table) ?? 0)},
            ${t.rowsCopied}, ${rejected.get(t.table) ?? 0});`);
    }
    await warehouse.exec("commit");
  } catch (error) {
    await warehouse.exec("rollback").catch(() => undefined);
    throw error;
  }
  return tables;
}

/** The newest purchase in raw.orders not after the run's clock (beyond a tolerance): a future date is a typo. */
const newestPurchaseSql = `select max(order_purchase_timestamp) from raw.orders
  where order_purchase_timestamp <= current_localtimestamp() + interval ${FUTURE_TOLERANCE_HOURS} hour`;

/** Newest purchase timestamp in raw.orders (ISO, no zone), future typos aside: the watermark of the next run. */
export async function newestPurchase(warehouse: Warehouse): Promise<string | null> {
  const [row] = await warehouse.query<{ w: string | null }>(`select (${newestPurchaseSql}) as w`);
  return row?.w ?? null;
}

// extract: copies the Olist tables from PostgreSQL into the warehouse's raw schema. Every table is read in one
// REPEATABLE READ, READ ONLY transaction (one snapshot: no item without its order, however busy the source),
// streamed through COPY, and lands in transit tables that replace or merge into raw.<table> in one DuckDB
// transaction at the end — a failed run leaves the warehouse as it was. The schema is checked before any write.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import type pg from "pg";
import { logger, safeUrl } from "../../log.ts";
import type { DuckDBWarehouse } from "../../warehouse/duckdb.ts";
import { LOADS_DDL } from "../../warehouse/rawTables.ts";
import { sqlString } from "../../warehouse/warehouse.ts";
import { OLIST_TABLES, type OlistTable } from "../olistSchema.ts";
import { connectSource, qualified, resolveSourceUrl, scrubbed } from "./connect.ts";
import { canonicalSelectList, copyToWarehouse, warehouseColumns } from "./copyToWarehouse.ts";
import {
  DEFAULT_LOOK_BACK_DAYS,
  EXTRACT_STATE_DDL,
  deltaSelect,
  dropTransitSql,
  incrementalReadiness,
  keySelect,
  lateOrdersSql,
  mergeStatements,
  refetchSql,
  rel,
  sourceIdentity,
  tableMode,
  transit,
  transitKeysDdl,
  transitRowsDdl,
  windowStart,
} from "./incremental.ts";
import { Progress, formatCount } from "./progress.ts";
import { checkSourceSchema, type SourceLayout } from "./schemaCheck.ts";

const log = logger("extract");

export interface ExtractOptions {
  /** The warehouse to fill (raw.<table> for every Olist table, meta.extract_state, meta.loads). */
  warehouse: DuckDBWarehouse;
  /** PostgreSQL URL; default SOURCE_DATABASE_URL. */
  from?: string;
  /** Schema of the source tables; default public. */
  schema?: string;
  /** Ignore the state and copy everything. */
  fullRefresh?: boolean;
  /** Days re-read before the watermark; default DEFAULT_LOOK_BACK_DAYS. */
  lookBackDays?: number;
  /** Recorded in meta.loads and meta.extract_state; default a fresh id. */
  runId?: string;
  /** Where transit CSV files go; default the OS temp directory. */
  tempDir?: string;
  /** Called after each table is copied, inside the snapshot (progress displays; tests interleave writers). */
  onTableCopied?: (table: string) => void | Promise<void>;
}

export interface TableExtract {
  table: string;
  /** full: replaced whole; window: merged (orders window and children); reload: replaced whole in an incremental run. */
  mode: "full" | "window" | "reload";
  /** Rows copied from the source this run. */
  rowsCopied: number;
  /** Rows removed because their keys are gone at the source (incremental runs). */
  rowsDeleted: number;
  /** Rows in raw.<table> after the run. */
  rows: number;
  seconds: number;
}

export interface ExtractResult {
  runId: string;
  mode: "full" | "incremental";
  /** Why a full refresh ran when incremental was possible in principle. */
  reason?: string;
  source: string;
  /** Newest purchase timestamp extracted (ISO, no zone). */
  watermark: string | null;
  /** Start of the orders window of an incremental run. */
  windowStart: string | null;
  /** Orders re-fetched because a key of theirs was new behind the window. */
  lateOrders: number;
  tables: TableExtract[];
  seconds: number;
}

export async function extractPostgres(options: ExtractOptions): Promise<ExtractResult> {
  const url = resolveSourceUrl(options.from);
  const schema = options.schema ?? "public";
  const warehouse = options.warehouse;
  const source = sourceIdentity(url, schema);
  const runId = options.runId ?? `extract-${new Date().toISOString().replace(/[:.]/g, "")}-${randomBytes(3).toString("hex")}`;
  const started = performance.now();

  const client = await connectSource(url, { applicationName: "olist-extract" });
  const tempDir = await mkdtemp(path.join(options.tempDir ?? os.tmpdir(), "olist-extract-"));
  let wroteTransit = false;
  try {
    // Checked before the transaction to fail early with every problem named, and again inside it once the
    // locks are held (DDL needs a lock that conflicts with ours, so the second answer cannot change).
    const first = await checkSourceSchema(client, schema, safeUrl(url));
    await client.query("begin isolation level repeatable read, read only");
    // Locks are taken before the snapshot (the first query), so a TRUNCATE by import-olist waits for us
    // instead of emptying a table we have not read yet.
    await client.query(`lock table ${first.present.map((t) => qualified(schema, t.name)).join(", ")} in access share mode`);
    await client.query("set local datestyle = 'ISO, YMD'; set local extra_float_digits = 1");
    const layout = await checkSourceSchema(client, schema, safeUrl(url));

    const readiness = options.fullRefresh
      ? ({ incremental: false, reason: "full refresh requested" } as const)
      : await incrementalReadiness(warehouse, source);
    const lookBackDays = options.lookBackDays ?? DEFAULT_LOOK_BACK_DAYS;
    log.info(
      `${readiness.incremental ? "incremental" : `full (${readiness.reason})`} extraction from ${safeUrl(url)} schema ${schema}`,
    );
    wroteTransit = true;
    const run: Run = { client, warehouse, schema, tempDir, onTableCopied: options.onTableCopied };
    const outcome = readiness.incremental
      ? await incrementalRun(run, layout, windowStart(readiness.watermark, lookBackDays))
      : await fullRun(run, layout);
    await client.query("commit");

    const tables = await finish(warehouse, outcome, { runId, source, incremental: readiness.incremental, lookBackDays });
    const watermark = await newestPurchase(warehouse);
    const result: ExtractResult = {
      runId,
      mode: readiness.incremental ? "incremental" : "full",
      reason: readiness.incremental ? undefined : readiness.reason,
      source,
      watermark,
      windowStart: outcome.since ?? null,
      lateOrders: outcome.lateOrders,
      tables,
      seconds: (performance.now() - started) / 1000,
    };
    const copied = tables.reduce((s, t) => s + t.rowsCopied, 0);
    log.info(
      `${result.mode} extraction done: ${formatCount(copied)} rows copied in ${result.seconds.toFixed(1)} s ` +
        `(${formatCount(copied / result.seconds)} rows/s), watermark ${watermark ?? "-"}`,
    );
    return result;
  } catch (error) {
    await client.query("rollback").catch(() => undefined);
    throw scrubbed(error, url);
  } finally {
    await client.end().catch(() => undefined);
    if (wroteTransit) await warehouse.exec(dropTransitSql()).catch(() => undefined);
    await rm(tempDir, { recursive: true, force: true });
  }
}

interface Run {
  client: pg.Client;
  warehouse: DuckDBWarehouse;
  schema: string;
  tempDir: string;
  onTableCopied?: (table: string) => void | Promise<void>;
}

interface Copied {
  table: OlistTable;
  mode: TableExtract["mode"];
  rowsCopied: number;
  seconds: number;
}

interface Outcome {
  copied: Copied[];
  since?: string;
  lateOrders: number;
}

/** Copies one SELECT into the transit table of `table`, with progress. */
async function copyRows(run: Run, table: OlistTable, select: string, mode: Copied["mode"]): Promise<Copied> {
  const startedAt = performance.now();
  await run.warehouse.exec(transitRowsDdl(run.warehouse, table));
  const progress = new Progress(log, table.name);
  const rows = await copyToWarehouse(
    run.client,
    run.warehouse,
    { select, columns: warehouseColumns(table.columns), target: rel(transit.rows(table.name)), tempDir: run.tempDir, progress },
    table.name,
  );
  progress.done(rows);
  await run.onTableCopied?.(table.name);
  return { table, mode, rowsCopied: rows, seconds: (performance.now() - startedAt) / 1000 };
}

async function fullRun(run: Run, layout: SourceLayout): Promise<Outcome> {
  const copied: Copied[] = [];
  for (const table of OLIST_TABLES) {
    if (layout.present.includes(table)) {
      const select = `select ${canonicalSelectList(table.columns)} from ${qualified(run.schema, table.name)}`;
      copied.push(await copyRows(run, table, select, "full"));
    } else {
      log.warn(`${run.schema}.${table.name} is absent at the source (optional): raw.${table.name} will be empty`);
      await run.warehouse.exec(transitRowsDdl(run.warehouse, table));
      copied.push({ table, mode: "full", rowsCopied: 0, seconds: 0 });
    }
  }
  return { copied, lateOrders: 0 };
}

async function incrementalRun(run: Run, layout: SourceLayout, since: string | undefined): Promise<Outcome> {
  const windowTables = OLIST_TABLES.filter((t) => tableMode(t) !== "reload");
  const children = windowTables.filter((t) => tableMode(t) === "children");

  // 1. Keys of the window tables, to find deletions and rows behind the watermark.
  for (const table of windowTables) {
    const keys = keySelect(table, run.schema, since);
    await run.warehouse.exec(transitKeysDdl(table.name, keys.columns));
    await copyToWarehouse(
      run.client,
      run.warehouse,
      { select: keys.select, columns: keys.columns, target: rel(transit.keys(table.name)), tempDir: run.tempDir },
      `${table.name}-keys`,
    );
  }
  await run.warehouse.exec(lateOrdersSql(children));
  const late = (await run.warehouse.query<{ order_id: string }>(`select order_id from ${transit.late}`)).map((r) => r.order_id);
  if (late.length > 0) log.info(`${formatCount(late.length)} orders have rows behind the window: re-fetching them too`);
  await run.warehouse.exec(refetchSql());

  // 2. The window's rows and their children, then the tables reloaded whole.
  const copied: Copied[] = [];
  for (const table of OLIST_TABLES) {
    if (tableMode(table) !== "reload") {
      copied.push(await copyRows(run, table, deltaSelect(table, run.schema, since, late), "window"));
    } else if (layout.present.includes(table)) {
      const select = `select ${canonicalSelectList(table.columns)} from ${qualified(run.schema, table.name)}`;
      copied.push(await copyRows(run, table, select, "reload"));
    } else {
      await run.warehouse.exec(transitRowsDdl(run.warehouse, table));
      copied.push({ table, mode: "reload", rowsCopied: 0, seconds: 0 });
    }
  }
  return { copied, since, lateOrders: late.length };
}

/** Swaps or merges every transit table into raw, and records state and loads, in one DuckDB transaction. */
async function finish(
  warehouse: DuckDBWarehouse,
  outcome: Outcome,
  run: { runId: string; source: string; incremental: boolean; lookBackDays: number },
): Promise<TableExtract[]> {
  await warehouse.exec(`${EXTRACT_STATE_DDL};\n${LOADS_DDL};`);
  const tables: TableExtract[] = [];
  await warehouse.exec("begin transaction");
  try {
    for (const c of outcome.copied) {
      const target = `raw.${c.table.name}`;
      let rowsDeleted = 0;
      if (c.mode === "window") {
        const merge = mergeStatements(c.table);
        rowsDeleted = Number((await warehouse.connection.run(merge.deleted)).rowsChanged);
        await warehouse.exec(`${merge.replaced};\n${merge.insert};`);
      } else {
        await warehouse.exec(`drop table if exists ${target};\nalter table ${rel(transit.rows(c.table.name))} rename to ${c.table.name};`);
      }
      const [{ n }] = await warehouse.query<{ n: number }>(`select count(*)::bigint as n from ${target}`);
      tables.push({ table: c.table.name, mode: c.mode, rowsCopied: c.rowsCopied, rowsDeleted, rows: n, seconds: c.seconds });
    }
    const watermark = `(select max(order_purchase_timestamp) from raw.orders)`;
    for (const t of tables) {
      const windowed = t.table === "orders" || tableMode(OLIST_TABLES.find((o) => o.name === t.table)!) === "children";
      await warehouse.exec(`delete from meta.extract_state where table_name = ${sqlString(t.table)};
        insert into meta.extract_state values (
          ${sqlString(t.table)}, ${sqlString(run.source)}, ${sqlString(t.mode)}, ${windowed ? watermark : "null"},
          ${run.lookBackDays}, ${sqlString(run.runId)}, current_localtimestamp(), ${t.rowsCopied}, ${t.rowsDeleted}, ${t.rows});
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

async function newestPurchase(warehouse: DuckDBWarehouse): Promise<string | null> {
  const [row] = await warehouse.query<{ w: string | null }>(`select max(order_purchase_timestamp) as w from raw.orders`);
  return row?.w ?? null;
}

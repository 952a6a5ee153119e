// extract: copies the Olist tables from PostgreSQL into the warehouse's raw schema. Every table is read in one
// REPEATABLE READ, READ ONLY transaction (one snapshot: no item without its order, however busy the source),
// streamed through COPY, and lands in transit tables that replace or merge into raw.<table> in one DuckDB
// transaction at the end — a failed run leaves the warehouse as it was. The schema is checked before any write.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import type pg from "pg";
import { logger } from "../../log.ts";
import type { Warehouse } from "../../warehouse/warehouse.ts";
import { OLIST_TABLES, type OlistTable } from "../olistSchema.ts";
import { connectSource, printableUrl, qualified, resolveSourceUrl, scrubbed } from "./connect.ts";
import { TransitLoader, canonicalSelectList, warehouseColumns } from "./copyToWarehouse.ts";
import { applyToRaw, newestPurchase, type CopiedTable, type TableExtract } from "./applyToRaw.ts";
import { dropTransitSql, rel, transit, transitRowsDdl, transitTableDdl } from "./transit.ts";
import { REJECTS_TABLE } from "./ddl.ts";
import { ageSince, changedOrdersSql, snapshotHorizon, tablesHaveXmin } from "./changes.ts";
import { DEFAULT_LOOK_BACK_DAYS, checksumSql, incrementalReadiness, sourceIdentity, tableMode, windowStart } from "./incremental.ts";
import { deltaSelect, lateOrdersSql, refetchSql } from "./incrementalSql.ts";
import { reconcileKeys, type KeyBuckets } from "./keyBuckets.ts";
import { Progress, formatCount } from "./progress.ts";
import { checkSourceSchema, type SourceLayout } from "./schemaCheck.ts";

const log = logger("extract");

export type { TableExtract };

export interface ExtractOptions {
  /** The warehouse to fill (raw.<table> for every Olist table, meta.extract_state, meta.loads). */
  warehouse: Warehouse;
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
  /** Called after each table is read from the source, inside the snapshot (progress; tests interleave writers). */
  onTableCopied?: (table: string) => void | Promise<void>;
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
  /**
   * Orders re-fetched because a row of theirs (or of a child) was written since the last run, at any age (see
   * changes.ts); null when that could not be told (full run, no horizon recorded yet, a view as source).
   */
  changedOrders: number | null;
  /**
   * Key reconciliation of an incremental run, per window table: key buckets, and how many changed since the
   * last run (null: no summary to compare with, every key was copied).
   */
  keyBuckets: KeyBuckets;
  tables: TableExtract[];
  seconds: number;
}

export async function extractPostgres(options: ExtractOptions): Promise<ExtractResult> {
  const url = resolveSourceUrl(options.from, "--from");
  const schema = options.schema ?? "public";
  const warehouse = options.warehouse;
  const source = sourceIdentity(url, schema);
  const runId = options.runId ?? `extract-${new Date().toISOString().replace(/[:.]/g, "")}-${randomBytes(3).toString("hex")}`;
  const started = performance.now();

  const client = await connectSource(url, { applicationName: "olist-extract" });
  let tempDir: string | undefined;
  let wroteTransit = false;
  let loader: TransitLoader | undefined;
  try {
    tempDir = await mkdtemp(path.join(options.tempDir ?? os.tmpdir(), "olist-extract-"));
    // Checked before the transaction to fail early with every problem named, and again inside it once the
    // locks are held (DDL needs a lock that conflicts with ours, so the second answer cannot change).
    const first = await checkSourceSchema(client, schema, printableUrl(url));
    await client.query("begin isolation level repeatable read, read only");
    // Locks are taken before the snapshot (the first query), so a TRUNCATE by import-olist waits for us
    // instead of emptying a table we have not read yet.
    await client.query(`lock table ${first.present.map((t) => qualified(schema, t.name)).join(", ")} in access share mode`);
    await client.query("set local datestyle = 'ISO, YMD'; set local extra_float_digits = 1");
    const layout = await checkSourceSchema(client, schema, printableUrl(url));

    const readiness = options.fullRefresh ? ({ incremental: false, reason: "full refresh requested" } as const) : await incrementalReadiness(warehouse, source);
    const lookBackDays = options.lookBackDays ?? DEFAULT_LOOK_BACK_DAYS;
    log.info(`${readiness.incremental ? "incremental" : `full (${readiness.reason})`} extraction from ${printableUrl(url)} schema ${schema}`);
    wroteTransit = true;
    loader = new TransitLoader(client, warehouse, tempDir);
    const run: Run = { client, warehouse, schema, loader, onTableCopied: options.onTableCopied };
    const horizon = await snapshotHorizon(client);
    let changes: Changes = { ids: undefined, reason: "no previous extraction" };
    if (readiness.incremental) changes = await changedOrders(run, readiness.horizon);
    if (changes.ids === undefined && readiness.incremental) log.warn(`changes behind the look-back window are not seen this run: ${changes.reason}`);
    const outcome = readiness.incremental
      ? await incrementalRun(run, layout, windowStart(readiness.watermark, lookBackDays), readiness.checksums, changes)
      : await fullRun(run, layout);
    await copySourceRejects(run);
    await client.query("commit");

    const tables = await applyToRaw(warehouse, outcome.copied, {
      runId,
      source,
      lookBackDays,
      keySummaries: readiness.incremental,
      changeHorizon: horizon,
    });
    const watermark = await newestPurchase(warehouse);
    const result: ExtractResult = {
      runId,
      mode: readiness.incremental ? "incremental" : "full",
      reason: readiness.incremental ? undefined : readiness.reason,
      source,
      watermark,
      windowStart: outcome.since ?? null,
      lateOrders: outcome.lateOrders,
      changedOrders: outcome.changedOrders ?? null,
      keyBuckets: outcome.keyBuckets ?? {},
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
    await loader?.settle();
    throw scrubbed(error, url);
  } finally {
    await client.end().catch(() => undefined);
    if (wroteTransit) await warehouse.exec(dropTransitSql()).catch(() => undefined);
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  }
}

/** The columns of the source's reject ledger as they are copied (see copySourceRejects). */
export const SOURCE_REJECT_COLUMNS = [
  { name: "file", type: "text" },
  { name: "table_name", type: "text" },
  { name: "line", type: "bigint" },
  { name: "reason", type: "text" },
  { name: "raw_record", type: "text" },
] as const satisfies readonly { name: string; type: string }[];

/**
 * Copies import-olist's reject ledger (olist_rejects: file, line, reason, raw text) into a transit table, in
 * the snapshot, so that applyToRaw puts it into raw.rejects and counts it in meta.loads. A source without the
 * table (filled by other means) copies an empty ledger.
 */
async function copySourceRejects(run: Run): Promise<void> {
  const { rows } = await run.client.query<{ column_name: string }>(
    `select column_name from information_schema.columns where table_schema = $1 and table_name = $2`,
    [run.schema, REJECTS_TABLE],
  );
  const columns = new Set(rows.map((r) => r.column_name));
  const prepare = transitTableDdl(run.warehouse, transit.rejects, SOURCE_REJECT_COLUMNS);
  if (!["file", "line", "reason"].every((c) => columns.has(c))) {
    await run.loader.later(() => run.warehouse.exec(prepare));
    await run.loader.drain();
    return;
  }
  // Ledgers written before the table name was recorded: the name follows from the dataset's file name.
  const byFile = `case file ${OLIST_TABLES.map((t) => `when '${t.file}' then '${t.name}'`).join(" ")} end`;
  const tableName = columns.has("table_name") ? `coalesce(table_name, ${byFile})` : byFile;
  const raw = columns.has("raw_record") ? "raw_record" : "null::text";
  const select = `select file, ${tableName} as table_name, line::bigint, reason, ${raw} as raw_record from ${qualified(run.schema, REJECTS_TABLE)}`;
  await run.loader.add({ name: transit.rejects, select, columns: SOURCE_REJECT_COLUMNS, target: rel(transit.rejects), prepare });
  await run.loader.drain();
}

interface Run {
  client: pg.Client;
  warehouse: Warehouse;
  schema: string;
  loader: TransitLoader;
  onTableCopied?: (table: string) => void | Promise<void>;
}

interface Outcome {
  copied: CopiedTable[];
  since?: string;
  lateOrders: number;
  changedOrders?: number;
  keyBuckets?: ExtractResult["keyBuckets"];
}

/**
 * Reads one SELECT from the source and queues its load into the transit table of `table`; resolves when the
 * source side is done, with the load still running (see TransitLoader).
 */
async function copyRows(
  run: Run,
  table: OlistTable,
  select: string,
  mode: CopiedTable["mode"],
  checksum: string | null = null,
): Promise<{ done: Promise<CopiedTable> }> {
  const startedAt = performance.now();
  const progress = new Progress(log, table.name);
  const { loaded } = await run.loader.add({
    name: table.name,
    select,
    columns: warehouseColumns(table.columns),
    target: rel(transit.rows(table.name)),
    prepare: transitRowsDdl(run.warehouse, table),
    progress,
  });
  await run.onTableCopied?.(table.name);
  const done = loaded.then((rows) => {
    progress.done(rows);
    return { table, mode, rowsCopied: rows, seconds: (performance.now() - startedAt) / 1000, checksum };
  });
  done.catch(() => undefined); // surfaces through drain
  return { done };
}

/** An empty transit table for an optional table the source lacks. */
function absent(run: Run, table: OlistTable, mode: CopiedTable["mode"]): { done: Promise<CopiedTable> } {
  const done = run.loader.later(async () => {
    await run.warehouse.exec(transitRowsDdl(run.warehouse, table));
    return { table, mode, rowsCopied: 0, seconds: 0, checksum: null };
  });
  return { done };
}

async function allCopied(run: Run, pending: { done: Promise<CopiedTable> }[]): Promise<CopiedTable[]> {
  await run.loader.drain();
  return Promise.all(pending.map((p) => p.done));
}

/** A dimension table's checksum at the source, in the snapshot; null for window tables. */
async function checksumOf(run: Run, table: OlistTable): Promise<string | null> {
  if (tableMode(table) !== "reload") return null;
  const { rows } = await run.client.query<{ checksum: string }>(checksumSql(table, run.schema));
  return rows[0].checksum;
}

async function fullRun(run: Run, layout: SourceLayout): Promise<Outcome> {
  const pending: { done: Promise<CopiedTable> }[] = [];
  for (const table of OLIST_TABLES) {
    if (layout.present.includes(table)) {
      const select = `select ${canonicalSelectList(table.columns)} from ${qualified(run.schema, table.name)}`;
      pending.push(await copyRows(run, table, select, "full", await checksumOf(run, table)));
    } else {
      log.warn(`${run.schema}.${table.name} is absent at the source (optional): raw.${table.name} will be empty`);
      pending.push(absent(run, table, "full"));
    }
  }
  return { copied: await allCopied(run, pending), lateOrders: 0 };
}

/** Orders changed since the last run (undefined: cannot tell, and why). */
interface Changes {
  /**
   * Their ids, read once: as a subquery, each window table's select re-ran every table's xmin scan (4 × 4 full
   * scans; an incremental extract at 1M orders took 2.7× a full one).
   */
  ids: string[] | undefined;
  reason?: string;
  count?: number;
}

async function changedOrders(run: Run, previousHorizon: string | null): Promise<Changes> {
  const windowTables = OLIST_TABLES.filter((t) => tableMode(t) !== "reload");
  if (previousHorizon === null) return { ids: undefined, reason: "the last extraction recorded no change horizon" };
  if (!(await tablesHaveXmin(run.client, run.schema, windowTables))) return { ids: undefined, reason: "a window table is a view" };
  const age = await ageSince(run.client, previousHorizon);
  if (age === undefined) return { ids: undefined, reason: "too many transactions since the last extraction" };
  const { rows } = await run.client.query<{ order_id: string }>(changedOrdersSql(run.schema, windowTables, age));
  log.info(`${formatCount(rows.length)} orders changed at the source since the last extraction (any purchase date)`);
  return { ids: rows.map((r) => r.order_id), count: rows.length };
}

async function incrementalRun(
  run: Run,
  layout: SourceLayout,
  since: string | undefined,
  previousChecksums: Map<string, string | null>,
  changes: Changes,
): Promise<Outcome> {
  const windowTables = OLIST_TABLES.filter((t) => tableMode(t) !== "reload");

  // 1. Keys of the window tables, to find deletions and rows behind the watermark.
  const keyBuckets = await reconcileKeys(run, windowTables, since);
  await run.warehouse.exec(lateOrdersSql(windowTables));
  const late = (await run.warehouse.query<{ order_id: string }>(`select order_id from ${transit.late}`)).map((r) => r.order_id);
  if (late.length > 0) log.info(`${formatCount(late.length)} orders have rows behind the window: re-fetching them too`);

  // 2. The window's rows and their children, then the tables reloaded whole.
  const pending: { done: Promise<CopiedTable> }[] = [];
  for (const table of OLIST_TABLES) {
    if (tableMode(table) !== "reload") {
      pending.push(await copyRows(run, table, deltaSelect(table, run.schema, since, late, changes.ids), "window"));
    } else if (layout.present.includes(table)) {
      const checksum = await checksumOf(run, table);
      if (checksum !== null && checksum === previousChecksums.get(table.name)) {
        pending.push({ done: Promise.resolve({ table, mode: "unchanged", rowsCopied: 0, seconds: 0, checksum }) });
        continue;
      }
      const select = `select ${canonicalSelectList(table.columns)} from ${qualified(run.schema, table.name)}`;
      pending.push(await copyRows(run, table, select, "reload", checksum));
    } else {
      pending.push(absent(run, table, "reload"));
    }
  }
  const copied = await allCopied(run, pending);
  await run.warehouse.exec(refetchSql(windowTables));
  return { copied, since, lateOrders: late.length, changedOrders: changes.count, keyBuckets };
}

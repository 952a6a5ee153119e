// extract: copies the Olist tables from PostgreSQL into the warehouse's raw schema. Every table is read in one
// REPEATABLE READ, READ ONLY snapshot (no item without its order, however busy the source), shared by several
// sessions that read tables side by side (snapshotPool.ts), streamed through COPY, and lands in transit tables
// that replace or merge into raw.<table> in one DuckDB transaction at the end — a failed run leaves the
// warehouse as it was. The schema is checked before any write.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import type pg from "pg";
import { loadConfig } from "../../config.ts";
import { logger } from "../../log.ts";
import type { Warehouse } from "../../warehouse/warehouse.ts";
import { OLIST_TABLES, type OlistTable } from "../olistSchema.ts";
import { SESSION_SETUP, connectSource, printableUrl, qualified, resolveSourceUrl, scrubbed } from "./connect.ts";
import { TransitLoader, canonicalSelectList, warehouseColumns } from "./copyToWarehouse.ts";
import { applyToRaw, newestPurchase, type CopiedTable, type TableExtract } from "./applyToRaw.ts";
import { dropTransitSql, rel, transit, transitRowsDdl, transitTableDdl } from "./transit.ts";
import { REJECTS_TABLE } from "./ddl.ts";
import { ageSince, changedRowsSql, snapshotHorizon, tablesHaveXmin } from "./changes.ts";
import {
  DEFAULT_LOOK_BACK_DAYS,
  checksumSql,
  incrementalReadiness,
  sameContents,
  sourceIdentity,
  tableMode,
  windowStart,
  xminChecksumSql,
} from "./incremental.ts";
import { deltaSelect, lateOrdersSql, noKeysSql, refetchSql, type Window } from "./incrementalSql.ts";
import { reconcileKeys, type KeyBuckets } from "./keyBuckets.ts";
import { Progress, formatCount } from "./progress.ts";
import { checkSourceSchema, type SourceLayout } from "./schemaCheck.ts";
import { findPsql, parametersPsqlRefuses } from "./psqlReader.ts";
import { SnapshotPool } from "./snapshotPool.ts";

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
  /**
   * Connections reading the source, all on the transaction's snapshot; default EXTRACT_CONNECTIONS, else one
   * per core, two to four.
   */
  connections?: number;
  /** What reads the rows; default EXTRACT_READER, else psql when installed (see psqlReader.ts). */
  reader?: "psql" | "node";
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
  let pool: SnapshotPool | undefined;
  try {
    tempDir = await mkdtemp(path.join(options.tempDir ?? os.tmpdir(), "olist-extract-"));
    // Checked before the transaction to fail early with every problem named, and again inside it once the
    // locks are held (DDL needs a lock that conflicts with ours, so the second answer cannot change).
    const first = await checkSourceSchema(client, schema, printableUrl(url));
    await client.query("begin isolation level repeatable read, read only");
    // Locks are taken before the snapshot (the first query), so a TRUNCATE by import-olist waits for us
    // instead of emptying a table we have not read yet.
    await client.query(`lock table ${first.present.map((t) => qualified(schema, t.name)).join(", ")} in access share mode`);
    await client.query(SESSION_SETUP);
    const layout = await checkSourceSchema(client, schema, printableUrl(url));
    const settings = loadConfig();
    pool = await openPool(client, url, options.connections ?? settings.extractConnections, options.reader ?? settings.extractReader);

    const readiness = options.fullRefresh ? ({ incremental: false, reason: "full refresh requested" } as const) : await incrementalReadiness(warehouse, source);
    const lookBackDays = options.lookBackDays ?? DEFAULT_LOOK_BACK_DAYS;
    log.info(`${readiness.incremental ? "incremental" : `full (${readiness.reason})`} extraction from ${printableUrl(url)} schema ${schema}`);
    wroteTransit = true;
    loader = new TransitLoader(pool, warehouse, tempDir);
    const run: Run = { client, pool, warehouse, schema, loader, onTableCopied: options.onTableCopied };
    const horizon = await snapshotHorizon(client);
    let changes: Changes = { age: undefined, reason: "no previous extraction" };
    if (readiness.incremental) changes = await changesSince(run, readiness.horizon);
    if (changes.age === undefined && readiness.incremental) log.warn(`changes behind the look-back window are not seen this run: ${changes.reason}`);
    const outcome = readiness.incremental
      ? await incrementalRun(run, layout, windowStart(readiness.watermark, lookBackDays), readiness.checksums, changes)
      : await fullRun(run, layout);
    await copySourceRejects(run);
    await pool.close();
    await client.query("commit");
    log.debug(`source read in ${((performance.now() - started) / 1000).toFixed(2)} s`);

    const tables = await applyToRaw(warehouse, outcome.copied, {
      runId,
      source,
      lookBackDays,
      // Summaries not compared this run go stale: the next reconciliation starts from every key.
      keySummaries: readiness.incremental && outcome.reconciled === true,
      changeHorizon: horizon,
    });
    log.debug(`raw tables replaced or merged at ${((performance.now() - started) / 1000).toFixed(2)} s`);
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
    await pool?.close();
    await loader?.settle();
    throw scrubbed(error, url);
  } finally {
    await client.end().catch(() => undefined);
    if (wroteTransit) await warehouse.exec(dropTransitSql()).catch(() => undefined);
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  }
}

/**
 * The snapshot pool of the run. A configured count the source cannot serve is an error; with the default,
 * connections the server refuses (max_connections) are done without, with a warning.
 */
async function openPool(client: pg.Client, url: string, configured: number | undefined, reader: "psql" | "node" | undefined): Promise<SnapshotPool> {
  const refused = parametersPsqlRefuses(url);
  if (reader === "psql" && refused.length > 0) throw new Error(`EXTRACT_READER=psql but psql refuses the URL's ${refused.join(", ")}: unset EXTRACT_READER`);
  if (reader === undefined && refused.length > 0) log.info(`reading through node-postgres: psql would refuse the URL's ${refused.join(", ")}`);
  const psql = reader === "node" || refused.length > 0 ? undefined : findPsql();
  if (reader === "psql" && !psql) throw new Error("EXTRACT_READER=psql but psql is not installed here: install postgresql-client, or unset EXTRACT_READER");
  // Unset: one session per core, two to four (measured in bench/extract.ts).
  const size = configured ?? Math.min(4, Math.max(2, os.availableParallelism()));
  try {
    return await SnapshotPool.open(client, url, size, { strict: configured !== undefined, psql });
  } catch (error) {
    const why = scrubbed(error, url).message;
    throw new Error(`reading the source on ${size} connections failed: ${why}. Set EXTRACT_CONNECTIONS=1 to read on one.`);
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
  pool: SnapshotPool;
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
  /** Whether the keys were reconciled (and their summaries stored for the next run). */
  reconciled?: boolean;
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

async function allCopied(run: Run, pending: Promise<{ done: Promise<CopiedTable> }>[]): Promise<CopiedTable[]> {
  const read = await Promise.all(pending);
  await run.loader.drain();
  return Promise.all(read.map((p) => p.done));
}

/**
 * A dimension table's checksum at the source, in the snapshot; null for window tables. A table whose rows
 * carry xmin needs no hashing (see xminChecksumSql): its row count, and whether a row was written within `age`
 * transactions (the last run's horizon), tell whether it changed. A full run records the count only; an
 * incremental run that cannot tell the age hashes the rows.
 */
async function checksumOf(run: Run, table: OlistTable, age: number | undefined | "full"): Promise<string | null> {
  if (tableMode(table) !== "reload") return null;
  return run.pool.use(async (client) => {
    const xmin = age !== undefined && (await tablesHaveXmin(client, run.schema, [table]));
    const sql = xmin ? xminChecksumSql(table, run.schema, age === "full" ? undefined : age) : checksumSql(table, run.schema);
    const { rows } = await client.query<{ checksum: string }>(sql);
    return rows[0].checksum;
  });
}

async function fullRun(run: Run, layout: SourceLayout): Promise<Outcome> {
  // Every table at once: the pool reads as many as it has connections, the rest wait their turn.
  const pending = OLIST_TABLES.map(async (table) => {
    if (!layout.present.includes(table)) {
      log.warn(`${run.schema}.${table.name} is absent at the source (optional): raw.${table.name} will be empty`);
      return absent(run, table, "full");
    }
    const select = `select ${canonicalSelectList(table.columns)} from ${qualified(run.schema, table.name)}`;
    return copyRows(run, table, select, "full", await checksumOf(run, table, "full"));
  });
  return { copied: await allCopied(run, pending), lateOrders: 0 };
}

/**
 * Orders changed since the last run: how many transactions ago that was, and what one xmin scan per window
 * table found (a promise: the scans run beside other reads); or why it cannot be told.
 */
type Changes = { age: number; scan: Promise<ChangeScan> } | { age: undefined; reason: string };

interface ChangeScan {
  /** Orders with a row written since the last run, in any window table. */
  ids: string[];
  /** Rows of each window table at the source. */
  totals: Map<string, number>;
}

async function changesSince(run: Run, previousHorizon: string | null): Promise<Changes> {
  const windowTables = OLIST_TABLES.filter((t) => tableMode(t) !== "reload");
  if (previousHorizon === null) return { age: undefined, reason: "the last extraction recorded no change horizon" };
  if (!(await tablesHaveXmin(run.client, run.schema, windowTables))) return { age: undefined, reason: "a window table is a view" };
  const age = await ageSince(run.client, previousHorizon);
  if (age === undefined) return { age: undefined, reason: "too many transactions since the last extraction" };
  // Read once: as a subquery, each window table's select re-ran every table's xmin scan (4 × 4 full scans; an
  // incremental extract at 1M orders took 2.7× a full one).
  const scan = Promise.all(
    windowTables.map((t) => run.pool.use((client) => client.query<{ n: string; ids: string[] }>(changedRowsSql(run.schema, t, age)))),
  ).then((results) => {
    // A new row without an order id changes no order here; the counts then disagree and the keys are reconciled.
    const ids = [...new Set(results.flatMap((r) => r.rows[0].ids))].filter((id) => id !== null);
    log.info(`${formatCount(ids.length)} orders changed at the source since the last extraction (any purchase date)`);
    return { ids, totals: new Map(windowTables.map((t, i) => [t.name, Number(results[i].rows[0].n)])) };
  });
  scan.catch(() => undefined); // awaited by incrementalRun
  return { age, scan };
}

/**
 * Whether the rows outside the changed orders are as the warehouse has them. Every insert and update wrote a
 * new xmin, so its order is among the changed ones; only a deletion leaves no trace there, and it lowers the
 * count of some table outside the changed orders. Equal counts on both sides mean no deletion: the keys need
 * no reconciliation.
 */
async function unchangedOrdersIntact(run: Run, windowTables: readonly OlistTable[], scan: ChangeScan): Promise<boolean> {
  await run.warehouse.exec(`create or replace table ${rel(transit.changed)} (order_id varchar)`);
  await run.warehouse.append(
    rel(transit.changed),
    [{ name: "order_id", type: "text" }],
    scan.ids.map((id) => [id]),
  );
  for (const table of windowTables) {
    const { rows } = await run.pool.use((client) =>
      client.query<{ n: string }>(`select count(*) as n from ${qualified(run.schema, table.name)} where order_id::text = any($1::text[])`, [scan.ids]),
    );
    const [raw] = await run.warehouse.query<{ total: number; changed: number }>(
      `select count(*)::bigint as total, count(*) filter (where order_id in (select order_id from ${rel(transit.changed)}))::bigint as changed from raw.${table.name}`,
    );
    const sourceOutside = scan.totals.get(table.name)! - Number(rows[0].n);
    if (sourceOutside !== Number(raw.total) - Number(raw.changed)) {
      log.info(
        `${table.name}: ${formatCount(sourceOutside)} rows outside the changed orders at the source, ${formatCount(Number(raw.total) - Number(raw.changed))} in raw: reconciling keys`,
      );
      return false;
    }
  }
  return true;
}

async function incrementalRun(
  run: Run,
  layout: SourceLayout,
  since: string | undefined,
  previousChecksums: Map<string, string | null>,
  changes: Changes,
): Promise<Outcome> {
  const windowTables = OLIST_TABLES.filter((t) => tableMode(t) !== "reload");
  // Every row written since the last run is among the changed orders: the look-back window would only re-read
  // what is known unchanged, so the run costs what changed (a window is read only when changes cannot be told).
  const window: Window = changes.age === undefined ? since : null;

  // 1. Keys of the window tables, to find deletions and rows behind the watermark; not needed when the
  // changes are known and the rows outside them are all there.
  const scan = changes.age === undefined ? undefined : await changes.scan;
  const changed = scan?.ids;
  const reconciled = !scan || !(await unchangedOrdersIntact(run, windowTables, scan));
  let keyBuckets: KeyBuckets = {};
  if (reconciled) keyBuckets = await reconcileKeys(run, windowTables, window);
  else {
    log.info(`no deletions outside the ${formatCount(changed!.length)} changed orders: keys not reconciled`);
    for (const table of windowTables) await run.warehouse.exec(noKeysSql(run.warehouse, table, window));
  }
  await run.warehouse.exec(lateOrdersSql(windowTables));
  const late = (await run.warehouse.query<{ order_id: string }>(`select order_id from ${transit.late}`)).map((r) => r.order_id);
  if (late.length > 0) log.info(`${formatCount(late.length)} orders have rows behind the window: re-fetching them too`);

  // 2. The window's rows and their children, then the tables reloaded whole, read as connections free up.
  const pending = OLIST_TABLES.map(async (table): Promise<{ done: Promise<CopiedTable> }> => {
    if (tableMode(table) !== "reload") return copyRows(run, table, deltaSelect(table, run.schema, window, late, changed), "window");
    if (!layout.present.includes(table)) return absent(run, table, "reload");
    const checksum = await checksumOf(run, table, changes.age);
    if (checksum !== null && sameContents(checksum, previousChecksums.get(table.name))) {
      return { done: Promise.resolve({ table, mode: "unchanged", rowsCopied: 0, seconds: 0, checksum }) };
    }
    const select = `select ${canonicalSelectList(table.columns)} from ${qualified(run.schema, table.name)}`;
    return copyRows(run, table, select, "reload", checksum);
  });
  const copied = await allCopied(run, pending);
  await run.warehouse.exec(refetchSql(windowTables));
  return { copied, since: window ?? undefined, lateOrders: late.length, changedOrders: changed?.length, keyBuckets, reconciled };
}

// Incremental extraction: what is kept between runs (meta.extract_state), whether a run can build on it, and
// how each table is brought up to date (the SQL of a run is in incrementalSql.ts).
//
// Which orders a run re-fetches: every order with a row, or a child row (item, payment, review), written since
// the last run, whatever its date (changes.ts: xmin against the last run's horizon); all children of a
// re-fetched order replace the ones in the warehouse. The same xmin scan counts each table: a deletion is the one
// change that leaves no new xmin, and it shows as a count outside the changed orders that differs from raw's;
// only then are the keys reconciled with the warehouse (keyBuckets.ts), which finds the deleted rows. Where
// changes cannot be told (views, no recorded horizon), orders are taken from a window on the purchase timestamp,
// from the last watermark minus a look-back, and the keys are always reconciled, which also finds rows inserted
// behind the watermark. The other tables are dimensions without a timestamp: each is reloaded whole when its
// row count changed or a row was written since the last run (or, for views, when its summed row hashes differ),
// and left alone otherwise. The watermark ignores purchase dates more than FUTURE_TOLERANCE_HOURS after the
// run's clock: a typo dated 2081 cannot move the window past today.
import { sqlString, type Warehouse } from "../../warehouse/warehouse.ts";
import { OLIST_TABLES, type OlistTable } from "../olistSchema.ts";
import { printableUrl, qualified } from "./connect.ts";
import { canonicalSelectList } from "./copyToWarehouse.ts";

/**
 * Days re-read before the watermark. Olist orders are mostly delivered within 30 days of purchase and reviewed
 * within days of delivery; 45 days covers that lifecycle for nearly every order, for about 6 % of two years.
 */
export const DEFAULT_LOOK_BACK_DAYS = 45;

/** Purchase dates up to this far past the run's clock still count for the watermark (clocks and time zones). */
export const FUTURE_TOLERANCE_HOURS = 24;

export const EXTRACT_STATE_DDL = `create table if not exists meta.extract_state (
  table_name varchar primary key,
  source varchar,
  mode varchar,
  watermark timestamp,
  look_back_days integer,
  last_run_id varchar,
  last_run_at timestamp,
  rows_copied bigint,
  rows_deleted bigint,
  rows bigint,
  checksum varchar,
  change_horizon varchar
)`;

/** States written before the change horizon was recorded gain its column (null: the next run cannot use it). */
export const EXTRACT_STATE_UPGRADE = `alter table meta.extract_state add column if not exists change_horizon varchar`;

export type TableMode = "orders" | "children" | "reload";

/** How a table is extracted incrementally: the orders window, following the orders, or reloaded whole. */
export function tableMode(table: OlistTable): TableMode {
  if (table.name === "orders") return "orders";
  const hasOrder = table.columns.some((c) => c.name === "order_id");
  return hasOrder && table.primaryKey.includes("order_id") ? "children" : "reload";
}

/** Identifies a source in the state, password removed: a different URL or schema means a full refresh. */
export function sourceIdentity(url: string, schema: string): string {
  return `${printableUrl(url)} schema ${schema}`;
}

export interface ExtractStateRow {
  table_name: string;
  source: string;
  mode: string;
  watermark: string | null;
  look_back_days: number | null;
  last_run_id: string;
  last_run_at: string;
  rows_copied: number;
  rows_deleted: number;
  rows: number;
  checksum: string | null;
  /** Absent from states written before it was recorded. */
  change_horizon: string | null;
  [column: string]: string | number | null;
}

async function stateExists(warehouse: Warehouse): Promise<boolean> {
  return (await warehouse.columns("meta", "extract_state")) !== undefined;
}

/** The state of every table, for `state`; empty when nothing was extracted yet. */
export async function showExtractState(warehouse: Warehouse): Promise<ExtractStateRow[]> {
  if (!(await stateExists(warehouse))) return [];
  return warehouse.query<ExtractStateRow>(`select * from meta.extract_state order by table_name`);
}

/** Forgets the state so the next extraction is a full refresh; returns the rows removed. */
export async function resetExtractState(warehouse: Warehouse): Promise<number> {
  const rows = await showExtractState(warehouse);
  if (rows.length > 0) await warehouse.exec(`delete from meta.extract_state`);
  if (await warehouse.columns("meta", "extract_key_buckets")) await warehouse.exec(`delete from meta.extract_key_buckets`);
  return rows.length;
}

/** The state as a small text table for the terminal. */
export function formatExtractState(rows: readonly ExtractStateRow[]): string {
  if (rows.length === 0) return "No extraction state: the next extract is a full refresh.";
  const header = ["table", "mode", "watermark", "last run", "copied", "deleted", "rows"];
  const body = rows.map((r) => [
    r.table_name,
    r.mode,
    r.watermark?.replace("T", " ") ?? "-",
    r.last_run_at.replace("T", " "),
    String(r.rows_copied),
    String(r.rows_deleted),
    String(r.rows),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  return [line(header), ...body.map(line), `source: ${rows[0].source}`].join("\n");
}

export type Readiness =
  { incremental: true; watermark: string | null; horizon: string | null; checksums: Map<string, string | null> } | { incremental: false; reason: string };

/** Whether the warehouse holds a complete previous extraction of this source to build on. */
export async function incrementalReadiness(warehouse: Warehouse, source: string): Promise<Readiness> {
  const state = await showExtractState(warehouse);
  if (state.length === 0) return { incremental: false, reason: "no previous extraction" };
  for (const table of OLIST_TABLES) {
    const row = state.find((r) => r.table_name === table.name);
    if (!row) return { incremental: false, reason: `no state for ${table.name}` };
    if (row.source !== source) return { incremental: false, reason: `the last extraction read ${row.source}` };
    const columns = await warehouse.columns("raw", table.name);
    const expected = table.columns.map((c) => `${c.name} ${warehouse.typeName(c.type)}`).join(", ");
    if (columns?.map((c) => `${c.name} ${c.type}`).join(", ") !== expected) {
      return { incremental: false, reason: `raw.${table.name} is missing or has other columns` };
    }
  }
  const orders = state.find((r) => r.table_name === "orders")!;
  return {
    incremental: true,
    watermark: orders.watermark,
    horizon: orders.change_horizon ?? null,
    checksums: new Map(state.map((r) => [r.table_name, r.checksum])),
  };
}

/**
 * A query for a table's checksum: row count and the sum of a 64-bit hash of each row, order-independent. Only
 * the Olist columns count, in their canonical types, so an extra source column changes nothing. Compared only
 * with the same source's previous checksum, so PostgreSQL's own hashtextextended (PG 11+) serves: 3x faster
 * than md5 here (customers of 100,000 orders: 90 ms against 260 ms; psql copies them in 110 ms).
 */
export function checksumSql(table: OlistTable, schema: string): string {
  const row = `row(${canonicalSelectList(table.columns).replace(/ as "[^"]+"/g, "")})::text`;
  return `select count(*) || ':' || coalesce(sum(hashtextextended(${row}, 0)), 0) as checksum
    from ${qualified(schema, table.name)}`;
}

/**
 * A dimension's checksum from xmin instead of row hashes: `<rows>:xmin`, or `<rows>:written` when a row was
 * written within `age` transactions. Same count and nothing written since the last run means the same rows: an
 * update or insert writes a new xmin, and a deletion lowers the count unless an insert (written) makes up for it.
 * A scan of xmin costs a fraction of hashing every row's text (customers at 1,000,000 orders: 0.2 s against 0.9 s).
 */
export function xminChecksumSql(table: OlistTable, schema: string, age: number | undefined): string {
  const written = age === undefined ? "false" : `coalesce(bool_or(age(xmin) <= ${age}), false)`;
  return `select count(*) || case when ${written} then ':written' else ':xmin' end as checksum
    from ${qualified(schema, table.name)}`;
}

/**
 * Whether a dimension is known unchanged: the same row hashes, or the same count with nothing written since
 * the last run (an xmin checksum of this run against the last run's checksum of either kind).
 */
export function sameContents(checksum: string, previous: string | null | undefined): boolean {
  if (previous === null || previous === undefined) return false;
  if (checksum.endsWith(":xmin")) return previous.split(":")[0] === checksum.split(":")[0];
  if (checksum.endsWith(":written")) return false;
  return checksum === previous;
}

/** The SQL timestamp the window starts at, or undefined for "everything" (no watermark yet). */
export function windowStart(watermark: string | null, lookBackDays: number): string | undefined {
  if (watermark === null) return undefined;
  return `(timestamp ${sqlString(watermark.replace("T", " "))} - interval '${lookBackDays} days')`;
}

// Incremental extraction: what is kept between runs (meta.extract_state) and the SQL of one incremental run.
//
// Orders are taken from a window on the purchase timestamp: from the last watermark (the newest purchase seen)
// minus a look-back, so status changes of recent orders are picked up again. Items, payments and reviews follow
// their orders: all children of a re-fetched order replace the ones in the warehouse. Every run also copies the
// keys of those four tables and anti-joins them with the warehouse, which finds rows deleted at the source and
// rows inserted behind the watermark (their orders are re-fetched too). The other tables are small dimensions
// without a timestamp and are reloaded whole. What a window cannot see: an in-place change to an order older
// than the look-back (or to its children) — a full refresh (fullRefresh: true) picks those up.
import { safeUrl } from "../../log.ts";
import { olistRawDdl } from "../../warehouse/rawTables.ts";
import { sqlString, type Warehouse } from "../../warehouse/warehouse.ts";
import { ENGINE_TYPES, OLIST_TABLES, type OlistTable } from "../olistSchema.ts";
import { ident, qualified } from "./connect.ts";
import { canonicalSelectList, type WarehouseColumn } from "./copyToWarehouse.ts";

/**
 * Days re-read before the watermark. Olist orders are mostly delivered within 30 days of purchase and reviewed
 * within days of delivery; 45 days covers that lifecycle for nearly every order, for about 6 % of two years.
 */
export const DEFAULT_LOOK_BACK_DAYS = 45;

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
  rows bigint
)`;

export type TableMode = "orders" | "children" | "reload";

/** How a table is extracted incrementally: the orders window, following the orders, or reloaded whole. */
export function tableMode(table: OlistTable): TableMode {
  if (table.name === "orders") return "orders";
  const hasOrder = table.columns.some((c) => c.name === "order_id");
  return hasOrder && table.primaryKey.includes("order_id") ? "children" : "reload";
}

/** Names of the warehouse tables a run fills before it swaps or merges them in one transaction. */
export const transit = {
  rows: (table: string) => `_extract_${table}`,
  keys: (table: string) => `_extract_keys_${table}`,
  refetch: "_extract_refetch_orders",
  late: "_extract_late_orders",
};

/** Identifies a source in the state, password removed: a different URL or schema means a full refresh. */
export function sourceIdentity(url: string, schema: string): string {
  return `${safeUrl(url)} schema ${schema}`;
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
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd();
  return [line(header), ...body.map(line), `source: ${rows[0].source}`].join("\n");
}

export type Readiness = { incremental: true; watermark: string | null } | { incremental: false; reason: string };

/** Whether the warehouse holds a complete previous extraction of this source to build on. */
export async function incrementalReadiness(warehouse: Warehouse, source: string): Promise<Readiness> {
  const state = await showExtractState(warehouse);
  if (state.length === 0) return { incremental: false, reason: "no previous extraction" };
  for (const table of OLIST_TABLES) {
    const row = state.find((r) => r.table_name === table.name);
    if (!row) return { incremental: false, reason: `no state for ${table.name}` };
    if (row.source !== source) return { incremental: false, reason: `the last extraction read ${row.source}` };
    const columns = await warehouse.columns("raw", table.name);
    const expected = table.columns.map((c) => `${c.name} ${ENGINE_TYPES.duckdb[c.type]}`).join(", ");
    if (columns?.map((c) => `${c.name} ${c.type}`).join(", ") !== expected) {
      return { incremental: false, reason: `raw.${table.name} is missing or has other columns` };
    }
  }
  const orders = state.find((r) => r.table_name === "orders")!;
  return { incremental: true, watermark: orders.watermark };
}

/** The SQL timestamp the window starts at, or undefined for "everything" (no watermark yet). */
export function windowStart(watermark: string | null, lookBackDays: number): string | undefined {
  if (watermark === null) return undefined;
  return `(timestamp ${sqlString(watermark.replace("T", " "))} - interval '${lookBackDays} days')`;
}

/** A PostgreSQL text[] literal (COPY takes no bind parameters). */
function textArray(values: readonly string[]): string {
  return `array[${values.map(sqlString).join(", ")}]::text[]`;
}

/** Key columns copied for reconciliation, with their warehouse types; orders also say if they are in the window. */
export function keySelect(table: OlistTable, schema: string, since: string | undefined): { select: string; columns: WarehouseColumn[] } {
  const keys = table.primaryKey.map((k) => table.columns.find((c) => c.name === k)!);
  const columns: WarehouseColumn[] = keys.map((c) => ({ name: c.name, type: ENGINE_TYPES.duckdb[c.type] }));
  const list = [canonicalSelectList(keys)];
  if (table.name === "orders") {
    list.push(`${since === undefined ? "true" : `coalesce(order_purchase_timestamp >= ${since}, false)`} as in_window`);
    columns.push({ name: "in_window", type: "BOOLEAN" });
  }
  return { select: `select ${list.join(", ")} from ${qualified(schema, table.name)}`, columns };
}

/** Orders re-fetched this run: in the window, or named by a key the warehouse lacks. */
export function lateOrdersSql(childTables: readonly OlistTable[]): string {
  const anti = (table: OlistTable) => {
    const on = table.primaryKey.map((k) => `r.${ident(k)} = k.${ident(k)}`).join(" and ");
    return `select k.order_id from ${rel(transit.keys(table.name))} k
      where not exists (select 1 from raw.${ident(table.name)} r where ${on})`;
  };
  return `create or replace temp table ${transit.late} as
    select distinct order_id from (
      ${anti(OLIST_TABLES.find((t) => t.name === "orders")!)}
      ${childTables.map((t) => `union all ${anti(t)}`).join("\n      ")}
    ) missing
    where order_id not in (select order_id from ${rel(transit.keys("orders"))} where in_window)`;
}

/** The rows of the window (or its children), plus those of the late orders. */
export function deltaSelect(table: OlistTable, schema: string, since: string | undefined, lateOrders: readonly string[]): string {
  const source = `${qualified(schema, table.name)} t`;
  const late = lateOrders.length > 0 ? ` or t.order_id = any(${textArray(lateOrders)})` : "";
  const select = `select ${canonicalSelectList(table.columns, "t")} from ${source}`;
  if (since === undefined) return select;
  if (table.name === "orders") return `${select} where t.order_purchase_timestamp >= ${since}${late}`;
  return `${select} where t.order_id in (select order_id from ${qualified(schema, "orders")}
    where order_purchase_timestamp >= ${since})${late}`;
}

export function refetchSql(): string {
  return `create or replace temp table ${transit.refetch} as
    select order_id from ${rel(transit.keys("orders"))} where in_window
    union select order_id from ${transit.late}`;
}

/** Statements that merge one window table's delta into raw: deletions at the source, then re-fetched orders. */
export function mergeStatements(table: OlistTable): { deleted: string; replaced: string; insert: string } {
  const target = `raw.${ident(table.name)}`;
  const on = table.primaryKey.map((k) => `r.${ident(k)} = k.${ident(k)}`).join(" and ");
  return {
    deleted: `delete from ${target} r where not exists (select 1 from ${rel(transit.keys(table.name))} k where ${on})`,
    replaced: `delete from ${target} where order_id in (select order_id from ${transit.refetch})`,
    insert: `insert into ${target} select * from ${rel(transit.rows(table.name))}`,
  };
}

/** The transit table for a table's rows: the raw table's exact DDL under another name. */
export function transitRowsDdl(warehouse: Warehouse, table: OlistTable): string {
  return olistRawDdl(warehouse, table, transit.rows(table.name));
}

export function transitKeysDdl(table: string, columns: readonly WarehouseColumn[]): string {
  return `create or replace table ${rel(transit.keys(table))} (${columns.map((c) => `${ident(c.name)} ${c.type}`).join(", ")})`;
}

/** A transit relation in the raw schema. */
export function rel(name: string): string {
  return `raw.${ident(name)}`;
}

/** Drops every transit table, after success or failure. */
export function dropTransitSql(): string {
  const names = OLIST_TABLES.flatMap((t) => [transit.rows(t.name), transit.keys(t.name)]);
  return [
    ...names.map((n) => `drop table if exists ${rel(n)};`),
    `drop table if exists ${transit.refetch};`,
    `drop table if exists ${transit.late};`,
  ].join("\n");
}

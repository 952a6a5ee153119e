// The warehouse tables an extraction fills before it swaps or merges them into raw in one transaction
// (raw._extract_*; temporary ones for the incremental bookkeeping), and their cleanup.
import { olistRawDdl } from "../rawTables.ts";
import type { Warehouse } from "../../warehouse/warehouse.ts";
import { OLIST_TABLES, type OlistTable } from "../olistSchema.ts";
import { ident } from "./connect.ts";
import type { WarehouseColumn } from "./copyToWarehouse.ts";

export const transit = {
  /** raw: the table's rows copied this run. */
  rows: (table: string) => `_extract_${table}`,
  /** raw: every key at the source. */
  keys: (table: string) => `_extract_keys_${table}`,
  /** raw: the source's key summary per bucket (see keyBuckets.ts). */
  buckets: (table: string) => `_extract_buckets_${table}`,
  /** temp: buckets whose keys changed since the stored summary. */
  changedBuckets: (table: string) => `_extract_changed_buckets_${table}`,
  /** temp: keys found only at the source or only in raw. */
  diff: (table: string) => `_extract_diff_${table}`,
  /** temp: orders re-fetched although behind the window. */
  late: "_extract_late_orders",
  /** raw: orders with a row written since the last run (see changes.ts). */
  changed: "_extract_changed_orders",
  /** temp: every order whose rows and children are replaced. */
  refetch: "_extract_refetch_orders",
  /** raw: the source's reject ledger (import-olist's olist_rejects), copied every run. */
  rejects: "_extract_source_rejects",
};

/** A transit relation in the raw schema. */
export function rel(name: string): string {
  return `raw.${ident(name)}`;
}

/** The transit table for a table's rows: the raw table's exact DDL under another name. */
export function transitRowsDdl(warehouse: Warehouse, table: OlistTable): string {
  return olistRawDdl(warehouse, table, transit.rows(table.name));
}

export function transitTableDdl(warehouse: Warehouse, name: string, columns: readonly WarehouseColumn[]): string {
  return `create or replace table ${rel(name)} (${columns.map((c) => `${ident(c.name)} ${warehouse.typeName(c.type)}`).join(", ")})`;
}

/** Drops every transit table, after success or failure. */
export function dropTransitSql(): string {
  const inRaw = [...OLIST_TABLES.flatMap((t) => [transit.rows(t.name), transit.keys(t.name), transit.buckets(t.name)]), transit.rejects, transit.changed];
  const temp = [...OLIST_TABLES.flatMap((t) => [transit.diff(t.name), transit.changedBuckets(t.name)]), transit.late, transit.refetch];
  return [...inRaw.map((n) => `drop table if exists ${rel(n)};`), ...temp.map((n) => `drop table if exists ${n};`)].join("\n");
}

// The SQL of one incremental run: the keys of the window tables (those of changed buckets, see keyBuckets.ts,
// compared with raw's in one full outer join each), the rows of the window and of late orders, and the
// statements merging them into raw.
//
// Tried and dropped: per-bucket digests of md5(key) computed by both engines and compared with each other (no
// stored summary). At 100,000 orders on 2 cores they took 2.0 s against 0.9 s for copying all keys: md5 in
// PostgreSQL costs more than streaming the key. hashtextextended is cheap but exists in PostgreSQL only, hence
// the summary stored from run to run.
import { sqlString, type Warehouse } from "../../warehouse/warehouse.ts";
import { POSTGRES_TYPES, type OlistTable } from "../olistSchema.ts";
import { ident, qualified } from "./connect.ts";
import { canonicalSelectList, type WarehouseColumn } from "./copyToWarehouse.ts";
import { rel, transit, transitTableDdl } from "./transit.ts";

function keyColumns(table: OlistTable) {
  return table.primaryKey.map((k) => table.columns.find((c) => c.name === k)!);
}

/** The key as one text in PostgreSQL, its columns cast as they are extracted. */
export function keyTextPostgres(table: OlistTable): string {
  return keyColumns(table)
    .map((c) => `coalesce(${ident(c.name)}::${POSTGRES_TYPES[c.type]}::text, '')`)
    .join(" || '#' || ");
}

/**
 * Which orders an incremental run reads besides the late and changed ones: those purchased from a SQL
 * timestamp on (see windowStart), every order (undefined: no watermark yet), or none (null: changes are known,
 * see extract.ts).
 */
export type Window = string | undefined | null;

/** Restricts a window table's keys to the changed buckets; `undefined` means every key. */
export type BucketFilter = { digits: number; buckets: readonly string[] } | undefined;

/** A PostgreSQL text[] literal (COPY takes no bind parameters). */
function textArray(values: readonly string[]): string {
  return `array[${values.map(sqlString).join(", ")}]::text[]`;
}

/** Key columns at the source with their warehouse types; orders also say whether they are in the window. */
export function keySelect(table: OlistTable, schema: string, since: Window, filter: BucketFilter): { select: string; columns: WarehouseColumn[] } {
  const keys = keyColumns(table);
  const columns: WarehouseColumn[] = keys.map((c) => ({ name: c.name, type: c.type }));
  const list = [canonicalSelectList(keys)];
  if (table.name === "orders") {
    const inWindow = since === undefined ? "true" : since === null ? "false" : `coalesce(order_purchase_timestamp >= ${since}, false)`;
    list.push(`${inWindow} as in_window`);
    columns.push({ name: "in_window", type: "boolean" });
  }
  const where = filter ? ` where substr(order_id::text, 1, ${filter.digits}) = any(${textArray(filter.buckets)})` : "";
  return { select: `select ${list.join(", ")} from ${qualified(schema, table.name)}${where}`, columns };
}

/**
 * Keys found on one side only, in one full outer join per table: at the source only (inserted behind the
 * watermark: their orders are re-fetched) or in raw only (deleted at the source). `rawRows` restricts raw to
 * the buckets whose keys were copied.
 */
export function keyDiffSql(table: OlistTable, rawRows: string | undefined): string {
  const keys = table.primaryKey.map(ident);
  const on = keys.map((k) => `k.${k} = r.${k}`).join(" and ");
  return `create or replace temp table ${transit.diff(table.name)} as
    select ${keys.map((k) => `coalesce(k.${k}, r.${k}) as ${k}`).join(", ")}, r.${keys[0]} is null as at_source_only
    from ${rel(transit.keys(table.name))} k
    full outer join (select ${keys.join(", ")} from raw.${ident(table.name)} r${rawRows ? ` where ${rawRows}` : ""}) r on ${on}
    where k.${keys[0]} is null or r.${keys[0]} is null`;
}

/** The key tables of a run that reconciles no keys: empty, so nothing is found missing or deleted. */
export function noKeysSql(warehouse: Warehouse, table: OlistTable, since: Window): string {
  const keys = keySelect(table, "unused", since, undefined).columns;
  const diff = table.primaryKey.map((k) => `null::${warehouse.typeName(keys.find((c) => c.name === k)!.type)} as ${ident(k)}`).join(", ");
  return `${transitTableDdl(warehouse, transit.keys(table.name), keys)};
    create or replace temp table ${transit.diff(table.name)} as select ${diff}, false as at_source_only limit 0`;
}

/** Orders to re-fetch although behind the window: named by a key the source has and raw lacks. */
export function lateOrdersSql(windowTables: readonly OlistTable[]): string {
  return `create or replace temp table ${transit.late} as
    select distinct order_id from (
      ${windowTables.map((t) => `select order_id from ${transit.diff(t.name)} where at_source_only`).join("\n      union all ")}
    ) missing
    where order_id not in (select order_id from ${rel(transit.keys("orders"))} where in_window)`;
}

/** The rows of the window (or its children), plus those of the late orders and of the changed ones (a subquery). */
export function deltaSelect(table: OlistTable, schema: string, since: Window, lateOrders: readonly string[], changed?: readonly string[]): string {
  const late =
    (lateOrders.length > 0 ? ` or t.order_id = any(${textArray(lateOrders)})` : "") +
    (changed && changed.length > 0 ? ` or t.order_id::text = any(${textArray(changed)})` : "");
  const select = `select ${canonicalSelectList(table.columns, "t")} from ${qualified(schema, table.name)} t`;
  if (since === undefined) return select;
  // No window: the named orders only, found through the key's index.
  if (since === null) return `${select} where false${late}`;
  if (table.name === "orders") return `${select} where t.order_purchase_timestamp >= ${since}${late}`;
  return `${select} where t.order_id in (select order_id from ${qualified(schema, "orders")}
    where order_purchase_timestamp >= ${since})${late}`;
}

/**
 * Every order whose row and children are replaced: those with a row copied in any window table (each table is
 * copied for the same set of orders: window, late, changed), and late orphans' ids.
 */
export function refetchSql(windowTables: readonly OlistTable[]): string {
  return `create or replace temp table ${transit.refetch} as
    ${windowTables.map((t) => `select order_id from ${rel(transit.rows(t.name))}`).join("\n    union ")}
    union select order_id from ${transit.late}`;
}

/** Statements that merge one window table's delta into raw: deletions at the source, then re-fetched orders. */
export function mergeStatements(table: OlistTable): { deleted: string; replaced: string; insert: string } {
  const target = `raw.${ident(table.name)}`;
  const on = table.primaryKey.map((k) => `d.${ident(k)} = r.${ident(k)}`).join(" and ");
  return {
    deleted: `delete from ${target} r
      where exists (select 1 from ${transit.diff(table.name)} d where not d.at_source_only and ${on})`,
    replaced: `delete from ${target} where order_id in (select order_id from ${transit.refetch})`,
    insert: `insert into ${target} select * from ${rel(transit.rows(table.name))}`,
  };
}

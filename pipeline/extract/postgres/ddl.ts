// The Olist source tables in PostgreSQL, typed from the shared schema, plus the table import-olist keeps
// rejected CSV rows in. Indexes serve the incremental extract (purchase-timestamp window, children by order).
import { OLIST_TABLES, POSTGRES_TYPES, type OlistTable } from "../olistSchema.ts";
import { ident, qualified } from "./connect.ts";

export const REJECTS_TABLE = "olist_rejects";

export function sourceTableDdl(table: OlistTable, schema: string): string {
  const types = POSTGRES_TYPES;
  const lines = table.columns.map((c) => `  ${ident(c.name)} ${types[c.type]}`);
  if (table.primaryKey.length > 0) lines.push(`  primary key (${table.primaryKey.map(ident).join(", ")})`);
  return `create table if not exists ${qualified(schema, table.name)} (\n${lines.join(",\n")}\n)`;
}

/** Secondary indexes: the watermark column, and order_id where it does not lead the primary key. */
function indexDdl(schema: string): string[] {
  return [
    `create index if not exists orders_purchase_idx on ${qualified(schema, "orders")} (order_purchase_timestamp)`,
    `create index if not exists order_reviews_order_idx on ${qualified(schema, "order_reviews")} (order_id)`,
  ];
}

export function rejectsDdl(schema: string): string {
  return `create table if not exists ${qualified(schema, REJECTS_TABLE)} (
  file text not null,
  table_name text,
  line bigint not null,
  reason text not null,
  raw_record text
)`;
}

/** Every statement that creates the source schema; all are idempotent. */
export function sourceSchemaDdl(schema: string): string[] {
  return [
    `create schema if not exists ${ident(schema)}`,
    ...OLIST_TABLES.map((t) => sourceTableDdl(t, schema)),
    ...indexDdl(schema),
    rejectsDdl(schema),
    // Rejects tables made before the table name was recorded.
    `alter table ${qualified(schema, REJECTS_TABLE)} add column if not exists table_name text`,
  ];
}

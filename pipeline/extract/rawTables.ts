// The raw schema's tables: one per Olist table (typed as in olistSchema), the BCB observations, and the rejects
// table every loader writes rows that fail validation into (counts in = loaded + rejected).
import type { TypedColumn, Warehouse } from "../warehouse/warehouse.ts";
import type { OlistTable } from "./olistSchema.ts";

export function olistRawDdl(warehouse: Warehouse, table: OlistTable, name: string = table.name): string {
  const cols = table.columns.map((c) => `  ${c.name} ${warehouse.typeName(c.type)}`).join(",\n");
  return `create or replace table ${warehouse.relation("raw", name)} (\n${cols}\n)`;
}

/** raw.rejects' columns, in order, for bulk appends. */
export const REJECTS_COLUMNS: TypedColumn[] = [
  { name: "run_id", type: "text" },
  { name: "source", type: "text" },
  { name: "table_name", type: "text" },
  { name: "line", type: "bigint" },
  { name: "reason", type: "text" },
  { name: "raw_record", type: "text" },
  { name: "rejected_at", type: "timestamp" },
];

/** Rows that failed validation on the way in, kept with the reason. */
export const REJECTS_DDL = `create table if not exists raw.rejects (
  run_id varchar,
  source varchar,
  table_name varchar,
  line bigint,
  reason varchar,
  raw_record varchar,
  rejected_at timestamp default current_timestamp
)`;

export const BCB_OBSERVATIONS_DDL = `create or replace table raw.bcb_observations (
  series_id integer not null,
  series_key varchar not null,
  observed_on date not null,
  value double not null
)`;

export const BCB_STATUS_DDL = `create or replace table raw.bcb_series_status (
  series_id integer,
  series_key varchar,
  source varchar,
  last_date date,
  stale boolean,
  reason varchar,
  checked_at timestamp,
  freshness_warning varchar
)`;

/** meta.loads' columns, in order, for bulk copies (a PostgreSQL extraction's counts into BigQuery). */
export const LOADS_COLUMNS: TypedColumn[] = [
  { name: "run_id", type: "text" },
  { name: "table_name", type: "text" },
  { name: "source", type: "text" },
  { name: "rows_in", type: "bigint" },
  { name: "rows_loaded", type: "bigint" },
  { name: "rows_rejected", type: "bigint" },
  { name: "loaded_at", type: "timestamp" },
];

/** One row per load of a raw table: what came in, what was kept, what was rejected. */
export const LOADS_DDL = `create table if not exists meta.loads (
  run_id varchar,
  table_name varchar,
  source varchar,
  rows_in bigint,
  rows_loaded bigint,
  rows_rejected bigint,
  loaded_at timestamp default current_timestamp
)`;

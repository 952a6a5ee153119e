// The one interface every warehouse engine implements; the pipeline and the loaders speak only to this.

export type Schema = "raw" | "staging" | "marts" | "meta";
export const SCHEMAS: readonly Schema[] = ["raw", "staging", "marts", "meta"];

/** A plain JS value as the warehouse returns it: numbers as number, dates as "yyyy-MM-dd", timestamps ISO. */
export type Cell = string | number | boolean | null | Cell[];
export type Row = Record<string, Cell>;

export interface Column {
  name: string;
  /** Engine type name, upper case (e.g. VARCHAR, TIMESTAMP, DECIMAL(12,2)). */
  type: string;
}

export interface Warehouse {
  readonly engine: "duckdb" | "bigquery";
  /** Runs one or more statements for their effect. */
  exec(sql: string): Promise<void>;
  /** Runs a query and returns its rows. */
  query<T extends Row = Row>(sql: string): Promise<T[]>;
  /** The SQL name of a relation, quoted for this engine. */
  relation(schema: Schema, name: string): string;
  /** Columns of a relation, or undefined when it does not exist. */
  columns(schema: Schema, name: string): Promise<Column[] | undefined>;
  close(): Promise<void>;
}

export class WarehouseError extends Error {
  override name = "WarehouseError";
}

/** Escapes a string literal for SQL. */
export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

// The one interface every warehouse engine implements; the pipeline, the loaders and the notebooks speak only to
// this, and open one through the factory in open.ts.
// tslab compiles what a notebook imports (this file's types, through pipeline/site/queries.ts) as CommonJS with
// its own TypeScript: `.js` specifiers here, as in the other modules notebooks load.
import type { ColumnType, Engine } from "./types.js";

export type { ColumnType, Engine } from "./types.js";

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

/** A column a loader writes, with its logical type (the engine names it: Warehouse.typeName). */
export interface TypedColumn {
  name: string;
  type: ColumnType;
}

/** A CSV file to append to an existing table, read exactly as described (no sniffing). */
export interface CsvFile {
  file: string;
  /** The target relation, as Warehouse.relation renders it. */
  target: string;
  /** The file's columns in order; the target has the same columns. */
  columns: readonly TypedColumn[];
  header: boolean;
  /** Given, never guessed: a quoted CRLF inside a review makes a sniffer choose the wrong one. */
  newLine: "\n" | "\r\n";
  /** strftime-style format of timestamp fields; default ISO. */
  timestampFormat?: string;
  /** PostgreSQL's dialect: a bare empty field is NULL, a quoted "" the empty string. Default: both NULL. */
  quotedEmptyIsEmpty?: boolean;
  /** Return rows that fail to parse or cast (true), or fail the whole load (false). */
  keepRejects: boolean;
  /** Longest record in bytes the reader accepts; default the engine's (DuckDB: 2 MB). */
  maxLineSize?: number;
}

/** A row of a CSV file that could not be loaded: its line, why, and its text. */
export interface CsvReject {
  line: number;
  reason: string;
  raw: string;
}

export interface CsvLoadResult {
  loaded: number;
  rejects: CsvReject[];
}

export interface Warehouse {
  readonly engine: Engine;
  /** Where it lives, for messages (a file, a project and dataset prefix). Never holds a secret. */
  readonly location: string;
  /** Runs one or more statements for their effect. */
  exec(sql: string): Promise<void>;
  /** Runs one data-changing statement; returns the rows it changed. */
  execChanges(sql: string): Promise<number>;
  /** Runs a query and returns its rows. */
  query<T extends Row = Row>(sql: string): Promise<T[]>;
  /** The SQL name of a relation, quoted for this engine. */
  relation(schema: Schema, name: string): string;
  /** This engine's name for a logical column type. */
  typeName(type: ColumnType): string;
  /** Columns of a relation, or undefined when it does not exist. */
  columns(schema: Schema, name: string): Promise<Column[] | undefined>;
  /**
   * An identity of a relation's content (its columns, its row count and an order-free hash of every row) that
   * changes whenever a row does; null when the relation is missing or the engine has no cheap way to compute one
   * (whatever reads that relation is then always rebuilt, see pipeline/transform/state.ts).
   */
  fingerprint(schema: Schema, name: string): Promise<string | null>;
  /** Appends rows (values in `columns` order) to an existing table in bulk. */
  append(target: string, columns: readonly TypedColumn[], rows: readonly Cell[][]): Promise<void>;
  /** Appends a CSV file to an existing table. */
  loadCsv(csv: CsvFile): Promise<CsvLoadResult>;
  /** Bytes this session's jobs processed so far (what BigQuery bills on demand); null where nothing is billed. */
  bytesProcessed(): number | null;
  /** The bytes a query would process, by a free dry run; null for an engine without one (DuckDB). */
  estimateBytes(sql: string): Promise<number | null>;
  /** Asks the statement running now to stop (an aborted run), on this and every connect()ed session. */
  interrupt(): void;
  /**
   * Another session on the same data, for queries run side by side (the data tests). Close it when done;
   * closing this warehouse closes its sessions too.
   */
  connect(): Promise<Warehouse>;
  close(): Promise<void>;
}

/**
 * A run's private copy of the warehouse: steps write to it, and it replaces the published warehouse only when
 * the whole run succeeded, so a failing or killed run leaves the last good one untouched.
 */
export interface StagedWarehouse {
  /** The copy's location (openWarehouse(settings, { location }) opens it). */
  readonly location: string;
  open(): Promise<Warehouse>;
  /** Environment that makes a child process (the site build, the notebooks) read this copy. */
  childEnv(): Record<string, string>;
  /** Replaces the published warehouse with this copy (which must be closed). */
  publish(): Promise<void>;
  /** Sets this failed copy aside so that `retry` can resume from it; returns where it went, or null. */
  keep(runId: string): Promise<string | null>;
  /** Removes the copy. */
  discard(): Promise<void>;
}

export class WarehouseError extends Error {
  override name = "WarehouseError";
}

/** Escapes a string literal for SQL. */
export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

// The embedded engine: one DuckDB file, schemas raw / staging / marts / meta.
import { mkdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { DuckDBInstance, DuckDBTypeId, type DuckDBConnection, type DuckDBResultReader } from "@duckdb/node-api";
import { ConfigError } from "../config.ts";
import { ENGINE_TYPES, type ColumnType } from "./types.ts";
import {
  SCHEMAS,
  WarehouseError,
  sqlString,
  type Cell,
  type Column,
  type CsvFile,
  type CsvLoadResult,
  type Row,
  type Schema,
  type TypedColumn,
  type Warehouse,
} from "./warehouse.ts";

export interface DuckDBOptions {
  readOnly?: boolean;
  /** Threads DuckDB may use; default DUCKDB_THREADS, else every core. */
  threads?: number;
}

/** What one DuckDB instance may use: memory_limit and threads, from the machine unless the environment says. */
export interface DuckDBResources {
  memoryLimit: string;
  threads: number;
}

/**
 * Up to three notebooks, the site's loaders and a run can each hold the warehouse open at once, so one instance
 * gets an eighth of the machine's memory by default (DuckDB's own default, 80 %, per instance, would let them
 * overcommit together); spilling to disk beside the file takes over past it. DUCKDB_MEMORY_LIMIT (DuckDB's
 * syntax: 2GiB, 512MB) and DUCKDB_THREADS override; anything else there is an error.
 */
export function duckdbResources(env: NodeJS.ProcessEnv = process.env, machine = { totalmem: os.totalmem(), cores: os.availableParallelism() }): DuckDBResources {
  const memory = (env.DUCKDB_MEMORY_LIMIT ?? "").trim();
  const threads = (env.DUCKDB_THREADS ?? "").trim();
  if (memory !== "" && !/^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(memory)) {
    throw new ConfigError(`DUCKDB_MEMORY_LIMIT must be a size such as 2GiB or 512MB, got "${env.DUCKDB_MEMORY_LIMIT}"`);
  }
  if (memory !== "" && Number.parseFloat(memory) <= 0) throw new ConfigError(`DUCKDB_MEMORY_LIMIT must be more than 0, got "${env.DUCKDB_MEMORY_LIMIT}"`);
  if (threads !== "" && !/^[1-9]\d{0,3}$/.test(threads)) {
    throw new ConfigError(`DUCKDB_THREADS must be a whole number of threads from 1 to 9999, got "${env.DUCKDB_THREADS}"`);
  }
  const share = Math.max(256, Math.floor(machine.totalmem / 8 / 2 ** 20));
  return { memoryLimit: memory || `${share}MiB`, threads: threads ? Number(threads) : Math.max(1, machine.cores) };
}

function toCell(value: unknown, typeId: DuckDBTypeId): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === "bigint") return Number(value);
  if (value instanceof Date) {
    const iso = value.toISOString();
    return typeId === DuckDBTypeId.DATE ? iso.slice(0, 10) : iso.slice(0, 19);
  }
  if (Array.isArray(value)) return value.map((v) => toCell(v, DuckDBTypeId.ANY)) as Cell[];
  if (typeof value === "object") return JSON.stringify(value);
  return value as Cell;
}

export function rowsOf(result: DuckDBResultReader): Row[] {
  const names = result.columnNames();
  const types = result.columnTypes().map((t) => t.typeId);
  return result.getRowsJS().map((values) => {
    const row: Row = {};
    values.forEach((v, i) => (row[names[i]] = toCell(v, types[i])));
    return row;
  });
}

export class DuckDBWarehouse implements Warehouse {
  readonly engine = "duckdb" as const;

  /** Connections opened by connect(), interrupted with this one. */
  private readonly siblings = new Set<DuckDBWarehouse>();

  private constructor(
    readonly file: string,
    readonly readOnly: boolean,
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
    /** A sibling closes only its connection; the first one closes the database too. */
    private readonly parent?: DuckDBWarehouse,
  ) {}

  static async open(file: string, options: DuckDBOptions = {}): Promise<DuckDBWarehouse> {
    const resources = duckdbResources();
    const settings: Record<string, string> = { memory_limit: resources.memoryLimit, threads: String(options.threads ?? resources.threads) };
    if (options.readOnly) settings.access_mode = "READ_ONLY";
    if (file !== ":memory:") await mkdir(path.dirname(file), { recursive: true });
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(file, settings);
    } catch (error) {
      throw new WarehouseError(`Cannot open the DuckDB warehouse at ${file}: ${(error as Error).message}`, { cause: error });
    }
    const connection = await instance.connect();
    const warehouse = new DuckDBWarehouse(file, Boolean(options.readOnly), instance, connection);
    if (!options.readOnly) {
      await warehouse.exec(SCHEMAS.map((s) => `create schema if not exists ${s};`).join("\n"));
    }
    return warehouse;
  }

  async exec(sql: string): Promise<void> {
    try {
      await this.connection.run(sql);
    } catch (error) {
      throw new WarehouseError(`${(error as Error).message}\n-- while running:\n${excerpt(sql)}`, { cause: error });
    }
  }

  get location(): string {
    return this.file;
  }

  async execChanges(sql: string): Promise<number> {
    try {
      return Number((await this.connection.run(sql)).rowsChanged);
    } catch (error) {
      throw new WarehouseError(`${(error as Error).message}\n-- while running:\n${excerpt(sql)}`, { cause: error });
    }
  }

  async query<T extends Row = Row>(sql: string): Promise<T[]> {
    try {
      return rowsOf(await this.connection.runAndReadAll(sql)) as T[];
    } catch (error) {
      throw new WarehouseError(`${(error as Error).message}\n-- while running:\n${excerpt(sql)}`, { cause: error });
    }
  }

  relation(schema: Schema, name: string): string {
    return `${schema}."${name.replace(/"/g, '""')}"`;
  }

  typeName(type: ColumnType): string {
    return ENGINE_TYPES.duckdb[type];
  }

  async append(target: string, columns: readonly TypedColumn[], rows: readonly Cell[][]): Promise<void> {
    const [schema, table] = splitRelation(target);
    const appender = await this.connection.createAppender(table, schema);
    try {
      for (const row of rows) {
        columns.forEach((column, i) => appendCell(appender, column.type, row[i]));
        appender.endRow();
      }
    } finally {
      appender.closeSync();
    }
  }

  async loadCsv(csv: CsvFile): Promise<CsvLoadResult> {
    const columns = csv.columns.map((c) => `${sqlString(c.name)}: ${sqlString(this.typeName(c.type))}`).join(", ");
    const rejects = `csv_rejects_${++csvLoads}`;
    const options = [
      `header = ${csv.header}`,
      "auto_detect = false",
      `columns = {${columns}}`,
      "delim = ','",
      "quote = '\"'",
      "escape = '\"'",
      "nullstr = ''",
      `new_line = '${csv.newLine === "\r\n" ? "\\r\\n" : "\\n"}'`,
      ...(csv.quotedEmptyIsEmpty ? ["allow_quoted_nulls = false"] : []),
      ...(csv.timestampFormat ? [`timestampformat = ${sqlString(csv.timestampFormat)}`] : []),
      ...(csv.maxLineSize ? [`max_line_size = ${Math.ceil(csv.maxLineSize)}`] : []),
      ...(csv.keepRejects ? ["store_rejects = true", `rejects_table = '${rejects}'`, `rejects_scan = '${rejects}_scan'`] : []),
    ];
    const loaded = await this.execChanges(`insert into ${csv.target} select * from read_csv(${sqlString(csv.file)}, ${options.join(", ")})`);
    if (!csv.keepRejects) return { loaded, rejects: [] };
    try {
      const rows = await this.query<{ line: number; reason: string; raw: string }>(`
        select
          line,
          string_agg(error_type || coalesce(' in column ' || column_name, '') || ': ' || error_message, '; ') as reason,
          any_value(csv_line) as raw,
        from ${rejects}
        group by line
        order by line`);
      return { loaded, rejects: rows };
    } finally {
      await this.exec(`drop table if exists ${rejects}; drop table if exists ${rejects}_scan;`);
    }
  }

  /** Nothing is billed: the embedded engine counts no bytes. */
  bytesProcessed(): number | null {
    return null;
  }

  async estimateBytes(): Promise<number | null> {
    return null;
  }

  interrupt(): void {
    this.connection.interrupt();
    for (const sibling of this.siblings) sibling.interrupt();
  }

  async connect(): Promise<Warehouse> {
    const sibling = new DuckDBWarehouse(this.file, this.readOnly, this.instance, await this.instance.connect(), this);
    this.siblings.add(sibling);
    return sibling;
  }

  async columns(schema: Schema, name: string): Promise<Column[] | undefined> {
    const rows = await this.query<{ column_name: string; data_type: string }>(
      `select column_name, data_type from information_schema.columns
       where table_schema = ${sqlString(schema)} and table_name = ${sqlString(name)}
       order by ordinal_position`,
    );
    return rows.length === 0 ? undefined : rows.map((r) => ({ name: r.column_name, type: r.data_type.toUpperCase() }));
  }

  async fingerprint(schema: Schema, name: string): Promise<string | null> {
    const columns = await this.columns(schema, name);
    if (!columns) return null;
    // Summed as 128-bit integers, so that two equal rows do not cancel out as they would under xor.
    const hashes = columns.map((c) => `"${c.name.replace(/"/g, '""')}"`).join(", ");
    const [row] = await this.query<{ n: number; h: string }>(
      `select count(*) as n, coalesce(sum(hash(${hashes})::hugeint), 0)::varchar as h from ${this.relation(schema, name)}`,
    );
    return `${JSON.stringify(columns)}:${row.n}:${row.h}`;
  }

  async close(): Promise<void> {
    this.connection.closeSync();
    if (this.parent) {
      this.parent.siblings.delete(this);
      return;
    }
    for (const sibling of this.siblings) sibling.connection.closeSync();
    this.siblings.clear();
    this.instance.closeSync();
  }
}

/** Names the reject tables of concurrent CSV loads apart. */
let csvLoads = 0;

/** `raw."orders"` or `raw.orders` → ["raw", "orders"]. */
function splitRelation(relation: string): [string, string] {
  const match = /^([a-z_]+)\.(?:"((?:[^"]|"")+)"|([A-Za-z_][A-Za-z0-9_]*))$/.exec(relation);
  if (!match) throw new WarehouseError(`Not a schema-qualified relation: ${relation}`);
  return [match[1], (match[2] ?? match[3]).replace(/""/g, '"')];
}

type Appender = Awaited<ReturnType<DuckDBConnection["createAppender"]>>;

function appendCell(appender: Appender, type: ColumnType, value: Cell | undefined): void {
  if (value === null || value === undefined) return appender.appendNull();
  switch (type) {
    case "integer":
      return appender.appendInteger(Number(value));
    case "bigint":
      return appender.appendBigInt(BigInt(value as number));
    case "double":
      return appender.appendDouble(Number(value));
    case "boolean":
      return appender.appendBoolean(Boolean(value));
    default:
      // Dates, timestamps and decimals as their text: DuckDB casts them to the column's type.
      return appender.appendVarchar(String(value));
  }
}

function excerpt(sql: string): string {
  const lines = sql.trim().split("\n");
  return lines.length <= 12 ? lines.join("\n") : [...lines.slice(0, 12), `-- … ${lines.length - 12} more lines`].join("\n");
}

// The embedded engine: one DuckDB file, schemas raw / staging / marts / meta.
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { DuckDBInstance, DuckDBTypeId, type DuckDBConnection, type DuckDBResultReader } from "@duckdb/node-api";
import { SCHEMAS, WarehouseError, sqlString, type Cell, type Column, type Row, type Schema, type Warehouse } from "./warehouse.ts";

export interface DuckDBOptions {
  readOnly?: boolean;
  /** Threads DuckDB may use; default all cores. */
  threads?: number;
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

  private constructor(
    readonly file: string,
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
  ) {}

  static async open(file: string, options: DuckDBOptions = {}): Promise<DuckDBWarehouse> {
    const settings: Record<string, string> = {};
    if (options.readOnly) settings.access_mode = "READ_ONLY";
    if (options.threads) settings.threads = String(options.threads);
    if (file !== ":memory:") await mkdir(path.dirname(file), { recursive: true });
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(file, settings);
    } catch (error) {
      throw new WarehouseError(`Cannot open the DuckDB warehouse at ${file}: ${(error as Error).message}`, { cause: error });
    }
    const connection = await instance.connect();
    const warehouse = new DuckDBWarehouse(file, instance, connection);
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

  async columns(schema: Schema, name: string): Promise<Column[] | undefined> {
    const rows = await this.query<{ column_name: string; data_type: string }>(
      `select column_name, data_type from information_schema.columns
       where table_schema = ${sqlString(schema)} and table_name = ${sqlString(name)}
       order by ordinal_position`,
    );
    return rows.length === 0 ? undefined : rows.map((r) => ({ name: r.column_name, type: r.data_type.toUpperCase() }));
  }

  async close(): Promise<void> {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

function excerpt(sql: string): string {
  const lines = sql.trim().split("\n");
  return lines.length <= 12 ? lines.join("\n") : [...lines.slice(0, 12), `-- … ${lines.length - 12} more lines`].join("\n");
}

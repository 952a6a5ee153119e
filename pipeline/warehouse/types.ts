// The column types the pipeline writes, and what each warehouse engine calls them.

export type Engine = "duckdb" | "bigquery";
export const ENGINES: readonly Engine[] = ["duckdb", "bigquery"];

export type ColumnType = "text" | "timestamp" | "integer" | "bigint" | "money" | "double" | "date" | "boolean";

export const ENGINE_TYPES: Record<Engine, Record<ColumnType, string>> = {
  duckdb: {
    text: "VARCHAR",
    timestamp: "TIMESTAMP",
    integer: "INTEGER",
    bigint: "BIGINT",
    money: "DECIMAL(12,2)",
    double: "DOUBLE",
    date: "DATE",
    boolean: "BOOLEAN",
  },
  bigquery: {
    text: "STRING",
    timestamp: "DATETIME",
    integer: "INT64",
    bigint: "INT64",
    money: "NUMERIC",
    double: "FLOAT64",
    date: "DATE",
    boolean: "BOOL",
  },
};

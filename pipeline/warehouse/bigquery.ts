// BigQuery as the warehouse: one dataset per schema (<prefix>_raw, _staging, _marts, _meta) in one project, every
// job under the cost guard (maximumBytesBilled) and in BIGQUERY_LOCATION. CSV files are parsed by the embedded
// engine exactly as on DuckDB (same rejects, same counts) and land through a load job of Parquet.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { BigQuery, type Job, type TableField } from "@google-cloud/bigquery";
import { logger } from "../log.ts";
import { DuckDBWarehouse } from "./duckdb.ts";
import { datasetOf, toBigQuerySql } from "./bigqueryDialect.ts";
import { ENGINE_TYPES, type ColumnType } from "./types.ts";
import { SCHEMAS, WarehouseError, type Cell, type Column, type CsvFile, type CsvLoadResult, type Row, type Schema, type TypedColumn, type Warehouse } from "./warehouse.ts";

const log = logger("bigquery");

export interface BigQueryOptions {
  project: string;
  /** Datasets are <prefix>_raw, <prefix>_staging, <prefix>_marts, <prefix>_meta. */
  prefix: string;
  location: string;
  maximumBytesBilled: number;
  /** http://host:port of an emulator; unset: Google's API with Application Default Credentials. */
  apiEndpoint?: string;
  readOnly?: boolean;
}

/** The emulator needs no credentials: a client that never asks Google for a token (nor probes GCE metadata). */
const EMULATOR_AUTH = {
  getAccessToken: async () => ({ token: "emulator" }),
  getRequestHeaders: async () => ({}),
  getProjectId: async () => "emulator",
  request: async () => ({}),
};

export function bigQueryClient(options: Pick<BigQueryOptions, "project" | "location" | "apiEndpoint">): BigQuery {
  // The library takes BIGQUERY_EMULATOR_HOST, when set (even empty), verbatim as its base URL (scheme and
  // /bigquery/v2 included); ours is the host:port the emulators document, passed here as apiEndpoint instead.
  const host = process.env.BIGQUERY_EMULATOR_HOST;
  delete process.env.BIGQUERY_EMULATOR_HOST;
  try {
    return options.apiEndpoint
      ? new BigQuery({ projectId: options.project, location: options.location, apiEndpoint: options.apiEndpoint, authClient: EMULATOR_AUTH as never })
      : new BigQuery({ projectId: options.project, location: options.location });
  } finally {
    if (host !== undefined) process.env.BIGQUERY_EMULATOR_HOST = host;
  }
}

function fieldCell(value: unknown, field: TableField): Cell {
  if (value === null || value === undefined) return null;
  if (field.mode === "REPEATED") return (value as unknown[]).map((v) => fieldCell(v, { ...field, mode: "NULLABLE" })) as Cell[];
  const raw = typeof value === "object" && value !== null && "value" in value ? (value as { value: unknown }).value : value;
  switch (field.type) {
    case "INTEGER":
    case "INT64":
    case "FLOAT":
    case "FLOAT64":
    case "NUMERIC":
    case "BIGNUMERIC":
      return Number(raw);
    case "BOOLEAN":
    case "BOOL":
      return raw === true || raw === "true";
    case "DATE":
      return String(raw).slice(0, 10);
    case "DATETIME":
    case "TIMESTAMP":
      // As DuckDB gives them: yyyy-MM-ddTHH:mm:ss, no fraction, no zone.
      return String(raw).replace(" ", "T").slice(0, 19);
    case "RECORD":
    case "STRUCT":
    case "JSON":
      return JSON.stringify(raw);
    default:
      return String(raw);
  }
}

function rowOf(values: Record<string, unknown>, fields: TableField[]): Row {
  const row: Row = {};
  for (const field of fields) row[field.name!] = fieldCell(values[field.name!], field);
  return row;
}

const STANDARD_TYPES: Record<string, string> = { INTEGER: "INT64", FLOAT: "FLOAT64", BOOLEAN: "BOOL", RECORD: "STRUCT" };

/** `<prefix>_raw`.`orders` → ["<prefix>_raw", "orders"]. */
function splitRelation(relation: string): [string, string] {
  const match = /^`([A-Za-z0-9_]+)`\.`([^`]+)`$/.exec(relation);
  if (!match) throw new WarehouseError(`Not a dataset-qualified BigQuery relation: ${relation}`);
  return [match[1], match[2]];
}

function excerpt(sql: string): string {
  const lines = sql.trim().split("\n");
  return lines.length <= 12 ? lines.join("\n") : [...lines.slice(0, 12), `-- … ${lines.length - 12} more lines`].join("\n");
}

export class BigQueryWarehouse implements Warehouse {
  readonly engine = "bigquery" as const;
  /** Bytes processed by the jobs this warehouse (and its sessions) ran, for the per-model log. */
  private processed = 0;
  private readonly running = new Set<Job>();
  private readonly siblings = new Set<BigQueryWarehouse>();
  private interrupted = false;

  private constructor(
    readonly client: BigQuery,
    readonly options: BigQueryOptions,
    private readonly parent?: BigQueryWarehouse,
  ) {}

  /** Opens the datasets (creating the missing ones unless read-only). */
  static async open(options: BigQueryOptions): Promise<BigQueryWarehouse> {
    const warehouse = new BigQueryWarehouse(bigQueryClient(options), options);
    if (!options.readOnly) await warehouse.ensureDatasets();
    return warehouse;
  }

  get location(): string {
    return `bigquery:${this.options.project}/${this.options.prefix}_*`;
  }

  async ensureDatasets(): Promise<void> {
    await Promise.all(
      SCHEMAS.map(async (schema) => {
        const dataset = this.client.dataset(datasetOf(this.options.prefix, schema));
        const [exists] = await dataset.exists();
        if (!exists) await dataset.create({ location: this.options.location }).catch((error: { code?: number }) => (error.code === 409 ? undefined : Promise.reject(error)));
      }),
    );
  }

  /** Runs one job under the cost guard and waits for it; returns its rows, schema and statistics. */
  private async job(sql: string, dryRun = false, native = false): Promise<{ rows: Row[]; changed: number; bytes: number }> {
    if (this.interrupted) throw new WarehouseError("BigQuery job not started: the run was interrupted");
    const query = native ? sql : toBigQuerySql(sql, this.options.prefix);
    let job: Job;
    try {
      [job] = await this.client.createQueryJob({
        query,
        location: this.options.location,
        maximumBytesBilled: String(this.options.maximumBytesBilled),
        useLegacySql: false,
        dryRun,
        labels: { app: "olist-analytics" },
      });
    } catch (error) {
      throw this.failure(error, query);
    }
    if (dryRun) {
      return { rows: [], changed: 0, bytes: Number(job.metadata?.statistics?.totalBytesProcessed ?? 0) };
    }
    this.running.add(job);
    try {
      const [rows, , response] = await job.getQueryResults({ autoPaginate: true, wrapIntegers: false });
      const fields = (response?.schema?.fields ?? []) as TableField[];
      const [metadata] = await job.getMetadata();
      const statistics = metadata.statistics ?? {};
      const bytes = Number(statistics.totalBytesProcessed ?? statistics.query?.totalBytesProcessed ?? 0);
      this.count(bytes);
      const changed = Number(statistics.query?.numDmlAffectedRows ?? response?.numDmlAffectedRows ?? 0);
      return { rows: (rows as Record<string, unknown>[]).map((r) => rowOf(r, fields)), changed, bytes };
    } catch (error) {
      throw this.failure(error, query);
    } finally {
      this.running.delete(job);
    }
  }

  private count(bytes: number): void {
    this.processed += bytes;
    if (this.parent) this.parent.processed += bytes;
  }

  private failure(error: unknown, sql: string): WarehouseError {
    const message = (error as Error).message ?? String(error);
    const cost = /bytes billed|maximumBytesBilled|bytesBilledLimitExceeded/i.test(message)
      ? ` (the cost guard BIGQUERY_MAX_BYTES_BILLED=${this.options.maximumBytesBilled} stopped it; raise it if the query is meant to scan that much)`
      : "";
    return new WarehouseError(`BigQuery: ${message}${cost}\n-- while running:\n${excerpt(sql)}`, { cause: error });
  }

  async exec(sql: string): Promise<void> {
    await this.job(sql);
  }

  /** Runs SQL already in BigQuery's dialect (a view's stored query), without the mapping of pipeline SQL. */
  async execNative(sql: string): Promise<void> {
    await this.job(sql, false, true);
  }

  async execChanges(sql: string): Promise<number> {
    return (await this.job(sql)).changed;
  }

  async query<T extends Row = Row>(sql: string): Promise<T[]> {
    return (await this.job(sql)).rows as T[];
  }

  bytesProcessed(): number | null {
    return this.processed;
  }

  /** The bytes a query would process, from a dry run (free, nothing runs). */
  async estimateBytes(sql: string): Promise<number | null> {
    return (await this.job(sql, true)).bytes;
  }

  relation(schema: Schema, name: string): string {
    return `\`${datasetOf(this.options.prefix, schema)}\`.\`${name.replace(/`/g, "")}\``;
  }

  typeName(type: ColumnType): string {
    return ENGINE_TYPES.bigquery[type];
  }

  async columns(schema: Schema, name: string): Promise<Column[] | undefined> {
    const table = this.client.dataset(datasetOf(this.options.prefix, schema)).table(name);
    try {
      const [metadata] = await table.getMetadata();
      const fields = (metadata.schema?.fields ?? []) as TableField[];
      return fields.map((f) => ({ name: f.name!, type: STANDARD_TYPES[f.type!] ?? f.type! }));
    } catch (error) {
      if ((error as { code?: number }).code === 404) return undefined;
      throw new WarehouseError(`BigQuery: cannot read the columns of ${schema}.${name}: ${(error as Error).message}`, { cause: error });
    }
  }

  /** A scan of the whole table would be billed on every run: BigQuery always rebuilds instead. */
  async fingerprint(): Promise<string | null> {
    return null;
  }

  /** Appends through a load job of a Parquet file written by the embedded engine (typed as `columns`). */
  async append(target: string, columns: readonly TypedColumn[], rows: readonly Cell[][]): Promise<void> {
    if (rows.length === 0) return;
    await this.withScratch(async (scratch, dir) => {
      const ddl = columns.map((c) => `"${c.name}" ${scratch.typeName(c.type)}`).join(", ");
      await scratch.exec(`create table rows_in (${ddl})`);
      await scratch.append("main.rows_in", columns, rows);
      await this.loadParquet(scratch, "select * from rows_in", dir, target, columns);
    });
  }

  async loadCsv(csv: CsvFile): Promise<CsvLoadResult> {
    return this.withScratch(async (scratch, dir) => {
      const ddl = csv.columns.map((c) => `"${c.name}" ${scratch.typeName(c.type)}`).join(", ");
      await scratch.exec(`create schema if not exists raw; create table raw.csv_in (${ddl})`);
      // The same reader, options and rejects as on DuckDB: both engines keep and refuse the same rows.
      const result = await scratch.loadCsv({ ...csv, target: "raw.csv_in" });
      await this.loadParquet(scratch, "select * from raw.csv_in", dir, csv.target, csv.columns);
      return result;
    });
  }

  private async withScratch<T>(work: (scratch: DuckDBWarehouse, dir: string) => Promise<T>): Promise<T> {
    const dir = await mkdtemp(path.join(os.tmpdir(), "bigquery-load-"));
    const scratch = await DuckDBWarehouse.open(":memory:", { threads: 2 });
    try {
      return await work(scratch, dir);
    } finally {
      await scratch.close();
      await rm(dir, { recursive: true, force: true });
    }
  }

  /**
   * Copies what `select` returns on an embedded DuckDB warehouse (a PostgreSQL extraction's landing file) into
   * `target` through one Parquet load job: the table's rows replaced, or appended to.
   */
  async copyFrom(source: DuckDBWarehouse, select: string, target: string, columns: readonly TypedColumn[], mode: "replace" | "append"): Promise<void> {
    const dir = await mkdtemp(path.join(os.tmpdir(), "bigquery-load-"));
    try {
      await this.loadParquet(source, select, dir, target, columns, mode === "replace" ? "WRITE_TRUNCATE" : "WRITE_APPEND");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private async loadParquet(
    scratch: DuckDBWarehouse,
    select: string,
    dir: string,
    target: string,
    columns: readonly TypedColumn[],
    writeDisposition: "WRITE_APPEND" | "WRITE_TRUNCATE" = "WRITE_APPEND",
  ): Promise<void> {
    const file = path.join(dir, "rows.parquet");
    await scratch.exec(`copy (${select}) to '${file.replace(/'/g, "''")}' (format parquet)`);
    const [dataset, table] = splitRelation(target);
    const schema = { fields: columns.map((c) => ({ name: c.name, type: this.typeName(c.type), mode: "NULLABLE" })) };
    try {
      const [job] = await this.client.dataset(dataset).table(table).load(file, {
        sourceFormat: "PARQUET",
        writeDisposition,
        schema,
        location: this.options.location,
      });
      const errors = job.status?.errors ?? [];
      if (job.status?.errorResult || errors.length > 0) {
        throw new Error((job.status?.errorResult?.message ?? errors.map((e) => e.message).join("; ")) || "load job failed");
      }
    } catch (error) {
      throw new WarehouseError(`BigQuery: loading ${dataset}.${table} failed: ${(error as Error).message}`, { cause: error });
    }
  }

  interrupt(): void {
    this.interrupted = true;
    for (const job of this.running) job.cancel().catch((error: Error) => log.warn(`could not cancel BigQuery job ${job.id}: ${error.message}`));
    for (const sibling of this.siblings) sibling.interrupt();
  }

  async connect(): Promise<Warehouse> {
    const sibling = new BigQueryWarehouse(this.client, this.options, this);
    this.siblings.add(sibling);
    return sibling;
  }

  async close(): Promise<void> {
    if (this.parent) this.parent.siblings.delete(this);
    this.siblings.clear();
  }
}

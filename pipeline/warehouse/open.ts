// The one way to reach the warehouse: every step, loader, notebook, sensor, bench and test opens it here, by
// the configured engine. An engine that is not configured is a ConfigError naming what to set, never a quiet
// fallback to another engine.
import { existsSync } from "node:fs";
import { ConfigError, type Config } from "../config.ts";
import type { BigQueryOptions } from "./bigquery.ts";
import { datasetOf, emulatorEndpoint } from "./bigqueryDialect.ts";
import { DuckDBWarehouse } from "./duckdb.ts";
import { duckdbIdentity, stageDuckDB } from "./duckdbStaging.ts";
import type { StagedWarehouse, Warehouse } from "./warehouse.ts";

export type { StagedWarehouse } from "./warehouse.ts";

// The BigQuery client library takes ~0.2 s to load: only a process that uses BigQuery loads it.
const bigQuery = () => import("./bigquery.ts");
const bigQueryStaging = () => import("./bigqueryStaging.ts");

export type WarehouseSettings = Pick<
  Config,
  "warehouseEngine" | "warehousePath" | "sourceDatabaseUrl" | "bigqueryProject" | "bigqueryDatasetPrefix" | "bigqueryLocation" | "bigqueryEmulatorHost" | "bigqueryMaxBytesBilled"
>;

export interface OpenOptions {
  readOnly?: boolean;
  /** Threads the engine may use; default all cores. */
  threads?: number;
  /**
   * Another copy of the warehouse than the configured one (a run's staged copy, a test's scratch file): a DuckDB
   * file, or on BigQuery a dataset prefix.
   */
  location?: string;
}

const NEEDS =
  "credentials: GOOGLE_APPLICATION_CREDENTIALS (a service-account key file) or Application Default Credentials " +
  "(`gcloud auth application-default login`), or BIGQUERY_EMULATOR_HOST for an emulator";

/**
 * Fails at once, before anything is written, when the configured engine cannot be used. Runs call it before
 * they take the lock, so `WAREHOUSE_ENGINE=bigquery` without its settings creates no DuckDB file.
 */
export function checkWarehouseSettings(settings: WarehouseSettings): void {
  if (settings.warehouseEngine === "duckdb") return;
  if (!settings.bigqueryProject) {
    throw new ConfigError(`WAREHOUSE_ENGINE=bigquery needs BIGQUERY_PROJECT (the Google Cloud project of the datasets), and ${NEEDS}`);
  }
}

function bigQueryOptions(settings: WarehouseSettings, prefix = settings.bigqueryDatasetPrefix, readOnly = false): BigQueryOptions {
  checkWarehouseSettings(settings);
  return {
    project: settings.bigqueryProject!,
    prefix,
    location: settings.bigqueryLocation,
    maximumBytesBilled: settings.bigqueryMaxBytesBilled,
    apiEndpoint: settings.bigqueryEmulatorHost ? emulatorEndpoint(settings.bigqueryEmulatorHost) : undefined,
    readOnly,
  };
}

const VERIFY_TIMEOUT_MS = 20_000;

function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ConfigError(`${what} did not answer within ${VERIFY_TIMEOUT_MS / 1000} s`)), VERIFY_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Checks, within seconds and before a run writes anything, that the engine is reachable: BigQuery's credentials
 * (or the emulator's address) answer. The messages name what to set and never carry a credential.
 */
export async function verifyWarehouse(settings: WarehouseSettings): Promise<void> {
  checkWarehouseSettings(settings);
  if (settings.warehouseEngine === "duckdb") return;
  const options = bigQueryOptions(settings);
  if (options.apiEndpoint) {
    const url = `${options.apiEndpoint}/bigquery/v2/projects/${encodeURIComponent(options.project)}/datasets`;
    await within(fetch(url), `The BigQuery emulator at BIGQUERY_EMULATOR_HOST=${settings.bigqueryEmulatorHost}`).catch((error: Error) => {
      throw new ConfigError(
        `Cannot reach the BigQuery emulator at BIGQUERY_EMULATOR_HOST=${settings.bigqueryEmulatorHost} (${error.message}): ` +
          "start one with `bash scripts/bigquery-emulator.sh PORT`, or unset BIGQUERY_EMULATOR_HOST to use Google's API",
      );
    });
    return;
  }
  const client = (await bigQuery()).bigQueryClient(options);
  try {
    await within(client.authClient.getAccessToken(), "Google's authentication");
  } catch {
    // The library's message may quote a key file's path or content: say what to set instead.
    throw new ConfigError(`WAREHOUSE_ENGINE=bigquery found no usable Google credentials for project ${options.project}: set ${NEEDS}`);
  }
}

/** Environment that makes a child process (the site build, the notebooks) read the published warehouse. */
export function warehouseEnv(settings: WarehouseSettings): Record<string, string> {
  checkWarehouseSettings(settings);
  if (settings.warehouseEngine === "bigquery") {
    return { WAREHOUSE_ENGINE: "bigquery", BIGQUERY_PROJECT: settings.bigqueryProject!, BIGQUERY_DATASET_PREFIX: settings.bigqueryDatasetPrefix };
  }
  return { WAREHOUSE_PATH: settings.warehousePath };
}

/** The published warehouse as OpenOptions.location takes it: the DuckDB file, or the BigQuery dataset prefix. */
export function publishedLocation(settings: WarehouseSettings): string {
  return settings.warehouseEngine === "bigquery" ? settings.bigqueryDatasetPrefix : settings.warehousePath;
}

/** Where the published warehouse lives, for messages. */
export function warehouseName(settings: WarehouseSettings): string {
  return settings.warehouseEngine === "bigquery"
    ? `BigQuery datasets ${settings.bigqueryProject}.${settings.bigqueryDatasetPrefix}_*`
    : settings.warehousePath;
}

/** Whether the warehouse has been built at all (a first run has nothing to read). */
export async function warehouseExists(settings: WarehouseSettings, location?: string): Promise<boolean> {
  checkWarehouseSettings(settings);
  if (settings.warehouseEngine === "bigquery") {
    const options = bigQueryOptions(settings, location);
    const [exists] = await (await bigQuery()).bigQueryClient(options).dataset(datasetOf(options.prefix, "meta")).exists();
    return exists;
  }
  return existsSync(location ?? settings.warehousePath);
}

export async function openWarehouse(settings: WarehouseSettings, options: OpenOptions = {}): Promise<Warehouse> {
  checkWarehouseSettings(settings);
  if (settings.warehouseEngine === "bigquery") {
    return (await bigQuery()).BigQueryWarehouse.open(bigQueryOptions(settings, options.location, options.readOnly));
  }
  return DuckDBWarehouse.open(options.location ?? settings.warehousePath, { readOnly: options.readOnly, threads: options.threads });
}

/**
 * A throw-away warehouse in memory for the models' unit tests (fixture rows in, expected rows out). It is the
 * embedded engine whatever WAREHOUSE_ENGINE says: unit tests check a model's logic, not an engine.
 */
export function openScratchWarehouse(): Promise<Warehouse> {
  return DuckDBWarehouse.open(":memory:");
}

/** Opens the warehouse read-only for `read`, and closes it; undefined when there is no warehouse yet. */
export async function readWarehouse<T>(settings: WarehouseSettings, read: (warehouse: Warehouse) => Promise<T>, options: Omit<OpenOptions, "readOnly"> = {}): Promise<T | undefined> {
  if (!(await warehouseExists(settings, options.location))) return undefined;
  const warehouse = await openWarehouse(settings, { ...options, readOnly: true });
  try {
    return await read(warehouse);
  } finally {
    await warehouse.close();
  }
}

export interface StageOptions {
  /** A failed run's kept copy to continue from, instead of a copy of the published warehouse. */
  resumeFrom?: string;
}

export async function stageWarehouse(settings: WarehouseSettings, options: StageOptions = {}): Promise<StagedWarehouse> {
  checkWarehouseSettings(settings);
  if (settings.warehouseEngine === "bigquery") {
    const bq = bigQueryOptions(settings);
    return (await bigQueryStaging()).stageBigQuery((await bigQuery()).bigQueryClient(bq), bq);
  }
  return stageDuckDB(settings.warehousePath, options.resumeFrom);
}

/** Which published warehouse a run started from: a publish or a write changes it (retry compares it). */
export async function warehouseIdentity(settings: WarehouseSettings): Promise<string | null> {
  checkWarehouseSettings(settings);
  if (settings.warehouseEngine === "bigquery") {
    const bq = bigQueryOptions(settings);
    return (await bigQueryStaging()).bigQueryIdentity((await bigQuery()).bigQueryClient(bq), bq);
  }
  return duckdbIdentity(settings.warehousePath);
}

/** Whether a failed run's copy (StagedWarehouse.keep) is still there to resume from. */
export async function keptCopyExists(settings: WarehouseSettings, location: string): Promise<boolean> {
  checkWarehouseSettings(settings);
  // BigQuery keeps no failed copy (datasets cannot be renamed aside): a retry starts from the published datasets.
  if (settings.warehouseEngine === "bigquery") return false;
  return existsSync(location);
}

/**
 * The embedded DuckDB file a PostgreSQL extraction lands in before its tables are loaded into BigQuery (its
 * batches are applied with DuckDB SQL: one transaction over many statements, temp tables, key buckets).
 */
export function openLanding(path: string): Promise<DuckDBWarehouse> {
  return DuckDBWarehouse.open(path);
}

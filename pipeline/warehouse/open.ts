// The one way to reach the warehouse: every step, loader, notebook, sensor, bench and test opens it here, by
// the configured engine. An engine that is not configured (or not implemented) is a ConfigError naming what to
// set, never a quiet fallback to another engine.
import { existsSync } from "node:fs";
import { ConfigError, type Config } from "../config.ts";
import { DuckDBWarehouse } from "./duckdb.ts";
import { duckdbIdentity, stageDuckDB } from "./duckdbStaging.ts";
import type { StagedWarehouse, Warehouse } from "./warehouse.ts";

export type { StagedWarehouse } from "./warehouse.ts";

export type WarehouseSettings = Pick<Config, "warehouseEngine" | "warehousePath" | "bigqueryProject" | "bigqueryDatasetPrefix">;

export interface OpenOptions {
  readOnly?: boolean;
  /** Threads the engine may use; default all cores. */
  threads?: number;
  /** Another copy of the warehouse than the configured one (a run's staged copy, a test's scratch file). */
  location?: string;
}

/**
 * Fails at once, before anything is written, when the configured engine cannot be used. Runs call it before
 * they take the lock, so `WAREHOUSE_ENGINE=bigquery` without its settings creates no DuckDB file.
 */
export function checkWarehouseSettings(settings: WarehouseSettings): void {
  if (settings.warehouseEngine === "duckdb") return;
  if (!settings.bigqueryProject) {
    throw new ConfigError(
      "WAREHOUSE_ENGINE=bigquery needs BIGQUERY_PROJECT (the Google Cloud project of the datasets), and credentials: " +
        "GOOGLE_APPLICATION_CREDENTIALS or Application Default Credentials, or BIGQUERY_EMULATOR_HOST for an emulator",
    );
  }
  throw new ConfigError(
    `WAREHOUSE_ENGINE=bigquery is not available in this version: set WAREHOUSE_ENGINE=duckdb (the default) ` +
      `to use the embedded warehouse at WAREHOUSE_PATH`,
  );
}

/** Environment that makes a child process (the site build, the notebooks) read the published warehouse. */
export function warehouseEnv(settings: WarehouseSettings): Record<string, string> {
  checkWarehouseSettings(settings);
  return { WAREHOUSE_PATH: settings.warehousePath };
}

/** Whether the warehouse has been built at all (a first run has nothing to read). */
export function warehouseExists(settings: WarehouseSettings, location = settings.warehousePath): boolean {
  checkWarehouseSettings(settings);
  return existsSync(location);
}

export async function openWarehouse(settings: WarehouseSettings, options: OpenOptions = {}): Promise<Warehouse> {
  checkWarehouseSettings(settings);
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
  if (!warehouseExists(settings, options.location)) return undefined;
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
  return stageDuckDB(settings.warehousePath, options.resumeFrom);
}

/** Which published warehouse a run started from: a publish or a write changes it (retry compares it). */
export async function warehouseIdentity(settings: WarehouseSettings): Promise<string | null> {
  checkWarehouseSettings(settings);
  return duckdbIdentity(settings.warehousePath);
}

/** Whether a failed run's copy (StagedWarehouse.keep) is still there to resume from. */
export async function keptCopyExists(settings: WarehouseSettings, location: string): Promise<boolean> {
  checkWarehouseSettings(settings);
  return existsSync(location);
}

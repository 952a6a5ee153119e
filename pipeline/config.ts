// Every setting the workspace reads from the environment, in one typed place (the README's table mirrors it).
import path from "node:path";
import { fileURLToPath } from "node:url";

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export class ConfigError extends Error {
  override name = "ConfigError";
}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw.replace(/_/g, ""));
  if (!Number.isInteger(value) || value < 0) {
    throw new ConfigError(`${name} must be a non-negative integer, got "${raw}"`);
  }
  return value;
}

export interface Config {
  /** DuckDB file of the warehouse. */
  warehousePath: string;
  /** Which warehouse engine the pipeline writes to. */
  warehouseEngine: "duckdb" | "bigquery";
  /** Orders the embedded sample generates. */
  sampleOrders: number;
  /** Seed of the embedded sample generator. */
  sampleSeed: number;
  /** Where generated sample CSVs are cached. */
  sampleDir: string;
  /** PostgreSQL source; when unset the embedded sample is the source. */
  sourceDatabaseUrl: string | undefined;
  /** Base URL of the BCB SGS API. */
  bcbApiUrl: string;
  /** snapshot: read the committed BCB snapshot (offline default); live: fetch from the API, fall back to it. */
  bcbMode: "snapshot" | "live";
  /** Directory of the committed BCB snapshot. */
  bcbSnapshotDir: string;
  /** Output directory of the static site. */
  siteOutput: string;
  /** BigQuery project and dataset prefix, used only when warehouseEngine is bigquery. */
  bigqueryProject: string | undefined;
  bigqueryDatasetPrefix: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const fromRoot = (p: string) => path.resolve(PROJECT_ROOT, p);
  const engine = env.WAREHOUSE_ENGINE ?? "duckdb";
  if (engine !== "duckdb" && engine !== "bigquery") {
    throw new ConfigError(`WAREHOUSE_ENGINE must be "duckdb" or "bigquery", got "${engine}"`);
  }
  const bcbMode = env.BCB_MODE || "snapshot";
  if (bcbMode !== "snapshot" && bcbMode !== "live") {
    throw new ConfigError(`BCB_MODE must be "snapshot" or "live", got "${bcbMode}"`);
  }
  return {
    warehousePath: fromRoot(env.WAREHOUSE_PATH || "warehouse/analytics.duckdb"),
    warehouseEngine: engine,
    sampleOrders: intFrom(env, "SAMPLE_ORDERS", 100_000),
    sampleSeed: intFrom(env, "SAMPLE_SEED", 42),
    sampleDir: fromRoot(env.SAMPLE_DIR || "warehouse/sample"),
    sourceDatabaseUrl: env.SOURCE_DATABASE_URL || undefined,
    bcbApiUrl: (env.BCB_API_URL || "https://api.bcb.gov.br").replace(/\/+$/, ""),
    bcbMode,
    bcbSnapshotDir: fromRoot(env.BCB_SNAPSHOT_DIR || "data/bcb"),
    siteOutput: fromRoot(env.SITE_OUTPUT || "dist"),
    bigqueryProject: env.BIGQUERY_PROJECT || undefined,
    bigqueryDatasetPrefix: env.BIGQUERY_DATASET_PREFIX || "olist",
  };
}

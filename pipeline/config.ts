// Every setting the workspace reads from the environment, in one typed place (the README's table mirrors it).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { LOG_FORMATS } from "./log.ts";

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

/** EXTRACT_CONNECTIONS: 1 to 16, or unset (chosen by the extraction). */
function connectionsFrom(env: NodeJS.ProcessEnv): number | undefined {
  if (env.EXTRACT_CONNECTIONS === undefined || env.EXTRACT_CONNECTIONS === "") return undefined;
  const value = intFrom(env, "EXTRACT_CONNECTIONS", 1);
  if (value < 1 || value > 16) throw new ConfigError(`EXTRACT_CONNECTIONS must be between 1 and 16, got "${env.EXTRACT_CONNECTIONS}"`);
  return value;
}

function readerFrom(env: NodeJS.ProcessEnv): "psql" | "node" | undefined {
  const reader = env.EXTRACT_READER || undefined;
  if (reader !== undefined && reader !== "psql" && reader !== "node") throw new ConfigError(`EXTRACT_READER must be "psql" or "node", got "${reader}"`);
  return reader;
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
  /** Days before the last purchase timestamp an incremental extraction reads again (late status changes). */
  extractLookBackDays: number;
  /**
   * Connections an extraction reads the source with, all on one snapshot (EXTRACT_CONNECTIONS); undefined:
   * as many as the source and the machine suit (see pipeline/extract/postgres/snapshotPool.ts).
   */
  extractConnections: number | undefined;
  /**
   * What reads the source's rows (EXTRACT_READER): psql's \copy, or node-postgres; undefined: psql when it is
   * installed (see pipeline/extract/postgres/psqlReader.ts).
   */
  extractReader: "psql" | "node" | undefined;
  /** Base URL of the BCB SGS API. */
  bcbApiUrl: string;
  /** snapshot: read the committed BCB snapshot (offline default); live: fetch from the API, fall back to it. */
  bcbMode: "snapshot" | "live";
  /** Directory of the committed BCB snapshot. */
  bcbSnapshotDir: string;
  /** Execute the notebooks and publish their HTML with the site (SITE_NOTEBOOKS=0 skips it). */
  siteNotebooks: boolean;
  /** Output directory of the static site. */
  siteOutput: string;
  /** BigQuery project and dataset prefix, used only when warehouseEngine is bigquery. */
  bigqueryProject: string | undefined;
  bigqueryDatasetPrefix: string;
  /** Where the datasets are created and the jobs run (US, EU, southamerica-east1…). */
  bigqueryLocation: string;
  /** host:port of a BigQuery emulator (the client library's own variable); unset: Google's API with real credentials. */
  bigqueryEmulatorHost: string | undefined;
  /** Cost guard: every BigQuery job fails rather than bill more than this many bytes. */
  bigqueryMaxBytesBilled: number;
  /** Jobs, schedules, sensors, retries, the run lock and the run history (pipeline/schedule/). */
  schedule: ScheduleSettings;
  /** Messages to a webhook when a run fails, tests warn, a series goes stale, a job recovers (pipeline/run/alerts.ts). */
  alerts: AlertSettings;
}

export interface AlertSettings {
  /** Slack or Teams incoming webhook, or any URL that takes a JSON POST; unset: no alerts. */
  webhookUrl: string | undefined;
  /** JSON lines of the alerts sent (or not delivered), beside the run history. */
  logPath: string;
  /** Per delivery attempt. */
  timeoutMs: number;
  /** Attempts per message (1 = no retry). */
  maxAttempts: number;
}

export interface CronSetting {
  /** node-cron expression (5 fields, or 6 with seconds), read in `timezone`. */
  cron: string;
  enabled: boolean;
}

export interface ScheduleSettings {
  /** IANA zone the cron expressions are read in. */
  timezone: string;
  dailyFullRefresh: CronSetting;
  economicUpdate: CronSetting;
  qualityCheck: CronSetting;
  /** How often each sensor is evaluated. */
  bcbFreshnessSensor: CronSetting;
  sourceChangeSensor: CronSetting;
  /** Run lock shared by scheduled runs and manual builds. */
  lockPath: string;
  /** How long a run waits for another one to finish before giving up. */
  lockWaitSeconds: number;
  /** A lock whose owner cannot be checked (another host) is stale after this long without a heartbeat. */
  lockStaleSeconds: number;
  /** JSON-lines run history, kept outside the warehouse so that failed runs stay recorded. */
  historyPath: string;
  /** Runs the history keeps when it is compacted. */
  historyKeepRuns: number;
  /** `npm run schedule` serves /healthz on 127.0.0.1 at this port (0: any free port, logged); undefined: off. */
  healthPort: number | undefined;
  /** Attempts per retryable step (1 = no retry), and the exponential backoff between them. */
  stepMaxAttempts: number;
  retryBaseSeconds: number;
  retryMaxSeconds: number;
}

function boolFrom(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = (env[name] ?? "").trim().toLowerCase();
  if (raw === "") return fallback;
  if (["1", "true", "yes", "on"].includes(raw)) return true;
  if (["0", "false", "no", "off"].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${env[name]}"`);
}

function cronFrom(env: NodeJS.ProcessEnv, prefix: string, cron: string): CronSetting {
  const expression = (env[`${prefix}_CRON`] || cron).trim();
  const fields = expression.split(/\s+/).length;
  if (fields !== 5 && fields !== 6) {
    throw new ConfigError(`${prefix}_CRON must be a cron expression with 5 or 6 fields, got "${expression}"`);
  }
  return { cron: expression, enabled: boolFrom(env, `${prefix}_ENABLED`, true) };
}

function scheduleSettings(env: NodeJS.ProcessEnv, warehousePath: string, fromRoot: (p: string) => string): ScheduleSettings {
  const timezone = env.SCHEDULE_TIMEZONE || "America/Sao_Paulo";
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: timezone });
  } catch {
    throw new ConfigError(`SCHEDULE_TIMEZONE must be an IANA time zone such as America/Sao_Paulo, got "${timezone}"`);
  }
  const beside = warehousePath.replace(/\.duckdb$/, "");
  const attempts = intFrom(env, "STEP_MAX_ATTEMPTS", 3);
  if (attempts < 1) throw new ConfigError(`STEP_MAX_ATTEMPTS must be at least 1, got "${env.STEP_MAX_ATTEMPTS}"`);
  return {
    timezone,
    dailyFullRefresh: cronFrom(env, "SCHEDULE_DAILY_FULL_REFRESH", "0 6 * * *"),
    economicUpdate: cronFrom(env, "SCHEDULE_ECONOMIC_UPDATE", "0 14 * * *"),
    qualityCheck: cronFrom(env, "SCHEDULE_QUALITY_CHECK", "0 * * * *"),
    bcbFreshnessSensor: cronFrom(env, "SENSOR_BCB_FRESHNESS", "*/30 * * * *"),
    sourceChangeSensor: cronFrom(env, "SENSOR_SOURCE_CHANGE", "*/5 * * * *"),
    lockPath: env.PIPELINE_LOCK_PATH ? fromRoot(env.PIPELINE_LOCK_PATH) : `${beside}.lock`,
    lockWaitSeconds: intFrom(env, "PIPELINE_LOCK_WAIT_SECONDS", 900),
    lockStaleSeconds: intFrom(env, "PIPELINE_LOCK_STALE_SECONDS", 300),
    historyPath: env.RUN_HISTORY_PATH ? fromRoot(env.RUN_HISTORY_PATH) : `${beside}.history.jsonl`,
    historyKeepRuns: intFrom(env, "RUN_HISTORY_KEEP_RUNS", 1000),
    healthPort: healthPortFrom(env),
    stepMaxAttempts: attempts,
    retryBaseSeconds: intFrom(env, "STEP_RETRY_BASE_SECONDS", 10),
    retryMaxSeconds: intFrom(env, "STEP_RETRY_MAX_SECONDS", 300),
  };
}

function healthPortFrom(env: NodeJS.ProcessEnv): number | undefined {
  if (!env.SCHEDULE_HEALTH_PORT) return undefined;
  const port = intFrom(env, "SCHEDULE_HEALTH_PORT", 0);
  if (port > 65_535) throw new ConfigError(`SCHEDULE_HEALTH_PORT must be a TCP port (0-65535), got "${env.SCHEDULE_HEALTH_PORT}"`);
  return port;
}

function alertSettings(env: NodeJS.ProcessEnv, warehousePath: string, fromRoot: (p: string) => string): AlertSettings {
  const url = env.ALERT_WEBHOOK_URL?.trim() || undefined;
  if (url !== undefined) {
    let protocol = "";
    try {
      protocol = new URL(url).protocol;
    } catch {
      // Not a URL: said below, without echoing a value that may hold a token.
    }
    if (protocol !== "http:" && protocol !== "https:") {
      throw new ConfigError("ALERT_WEBHOOK_URL must be an http(s) URL (a Slack or Teams incoming webhook, or any JSON endpoint)");
    }
  }
  const attempts = intFrom(env, "ALERT_MAX_ATTEMPTS", 3);
  if (attempts < 1) throw new ConfigError(`ALERT_MAX_ATTEMPTS must be at least 1, got "${env.ALERT_MAX_ATTEMPTS}"`);
  const timeout = intFrom(env, "ALERT_TIMEOUT_SECONDS", 5);
  if (timeout < 1) throw new ConfigError(`ALERT_TIMEOUT_SECONDS must be at least 1, got "${env.ALERT_TIMEOUT_SECONDS}"`);
  return {
    webhookUrl: url,
    logPath: env.ALERT_LOG_PATH ? fromRoot(env.ALERT_LOG_PATH) : `${warehousePath.replace(/\.duckdb$/, "")}.alerts.jsonl`,
    timeoutMs: timeout * 1000,
    maxAttempts: attempts,
  };
}

/** 10 GiB: about US$0.06 on demand; a run at 10M orders needs a few GiB per model at most (README, BigQuery). */
export const DEFAULT_MAX_BYTES_BILLED = 10 * 1024 ** 3;

function bytesFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = intFrom(env, name, fallback);
  if (value < 1) throw new ConfigError(`${name} must be a positive number of bytes, got "${env[name]}"`);
  return value;
}

function datasetPrefixFrom(env: NodeJS.ProcessEnv): string {
  const prefix = env.BIGQUERY_DATASET_PREFIX || "olist";
  // Dataset ids are letters, digits and underscores; the schema (_raw, _marts…) is appended.
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,1000}$/.test(prefix)) {
    throw new ConfigError(`BIGQUERY_DATASET_PREFIX must be letters, digits and underscores, got "${prefix}"`);
  }
  return prefix;
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
  const logFormat = env.LOG_FORMAT || "text";
  if (!(LOG_FORMATS as readonly string[]).includes(logFormat)) {
    throw new ConfigError(`LOG_FORMAT must be "text" or "json", got "${logFormat}"`);
  }
  const warehousePath = fromRoot(env.WAREHOUSE_PATH || "warehouse/analytics.duckdb");
  return {
    warehousePath,
    warehouseEngine: engine,
    sampleOrders: intFrom(env, "SAMPLE_ORDERS", 100_000),
    sampleSeed: intFrom(env, "SAMPLE_SEED", 42),
    sampleDir: fromRoot(env.SAMPLE_DIR || "warehouse/sample"),
    sourceDatabaseUrl: env.SOURCE_DATABASE_URL || undefined,
    extractLookBackDays: intFrom(env, "EXTRACT_LOOK_BACK_DAYS", 45),
    extractConnections: connectionsFrom(env),
    extractReader: readerFrom(env),
    bcbApiUrl: (env.BCB_API_URL || "https://api.bcb.gov.br").replace(/\/+$/, ""),
    bcbMode,
    bcbSnapshotDir: fromRoot(env.BCB_SNAPSHOT_DIR || "data/bcb"),
    siteNotebooks: env.SITE_NOTEBOOKS !== "0",
    siteOutput: fromRoot(env.SITE_OUTPUT || "dist"),
    bigqueryProject: env.BIGQUERY_PROJECT || undefined,
    bigqueryDatasetPrefix: datasetPrefixFrom(env),
    bigqueryLocation: env.BIGQUERY_LOCATION || "US",
    bigqueryEmulatorHost: env.BIGQUERY_EMULATOR_HOST || undefined,
    bigqueryMaxBytesBilled: bytesFrom(env, "BIGQUERY_MAX_BYTES_BILLED", DEFAULT_MAX_BYTES_BILLED),
    schedule: scheduleSettings(env, warehousePath, fromRoot),
    alerts: alertSettings(env, warehousePath, fromRoot),
  };
}

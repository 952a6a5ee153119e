// The operations settings: alerts, the scheduler's health port and the log format. Unset they are off (or the
// documented default); a value that can't be honoured is a ConfigError naming the variable, never a fallback,
// and an unusable ALERT_WEBHOOK_URL is not echoed (it usually holds a token).
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../pipeline/config.ts";

const base = { WAREHOUSE_PATH: "/tmp/ops-config/analytics.duckdb" };
const load = (env: Record<string, string>) => loadConfig({ ...base, ...env } as NodeJS.ProcessEnv);

describe("operations settings", () => {
  it("are off by default, with the alert log beside the warehouse", () => {
    const config = load({});
    expect(config.alerts).toEqual({ webhookUrl: undefined, logPath: "/tmp/ops-config/analytics.alerts.jsonl", timeoutMs: 5_000, maxAttempts: 3 });
    expect(config.schedule.healthPort).toBeUndefined();
  });

  it("read the webhook, its limits, the health port and the log path", () => {
    const config = load({
      ALERT_WEBHOOK_URL: "https://hooks.slack.com/services/T/B/x",
      ALERT_TIMEOUT_SECONDS: "2",
      ALERT_MAX_ATTEMPTS: "1",
      ALERT_LOG_PATH: "/tmp/ops-config/alerts.jsonl",
      SCHEDULE_HEALTH_PORT: "0",
      LOG_FORMAT: "json",
    });
    expect(config.alerts).toEqual({
      webhookUrl: "https://hooks.slack.com/services/T/B/x",
      logPath: "/tmp/ops-config/alerts.jsonl",
      timeoutMs: 2_000,
      maxAttempts: 1,
    });
    expect(config.schedule.healthPort).toBe(0);
    expect(load({ SCHEDULE_HEALTH_PORT: "8787" }).schedule.healthPort).toBe(8787);
  });

  it("refuse what they can't honour, naming the variable", () => {
    const refused = (env: Record<string, string>, message: RegExp) => {
      expect(() => load(env)).toThrow(ConfigError);
      expect(() => load(env)).toThrow(message);
    };
    refused({ SCHEDULE_HEALTH_PORT: "70000" }, /SCHEDULE_HEALTH_PORT must be a TCP port/);
    refused({ SCHEDULE_HEALTH_PORT: "http" }, /SCHEDULE_HEALTH_PORT must be a non-negative integer/);
    refused({ LOG_FORMAT: "xml" }, /LOG_FORMAT must be "text" or "json"/);
    refused({ ALERT_MAX_ATTEMPTS: "0" }, /ALERT_MAX_ATTEMPTS must be at least 1/);
    refused({ ALERT_TIMEOUT_SECONDS: "0" }, /ALERT_TIMEOUT_SECONDS must be at least 1/);
    refused({ ALERT_WEBHOOK_URL: "hooks.slack.com/services/T/B/t0ken" }, /ALERT_WEBHOOK_URL must be an http\(s\) URL/);
    refused({ ALERT_WEBHOOK_URL: "ftp://example.org/t0ken" }, /ALERT_WEBHOOK_URL must be an http\(s\) URL/);
    expect(() => load({ ALERT_WEBHOOK_URL: "ftp://example.org/t0ken" })).toThrow(expect.objectContaining({ message: expect.not.stringContaining("t0ken") }));
  });
});

describe("BigQuery settings", () => {
  it("default to the US location and a 10 GiB cost guard, and read the emulator's host:port", () => {
    const config = load({ BIGQUERY_EMULATOR_HOST: "127.0.0.1:9050" });
    expect(config).toMatchObject({
      bigqueryDatasetPrefix: "olist",
      bigqueryLocation: "US",
      bigqueryMaxBytesBilled: 10 * 1024 ** 3,
      bigqueryEmulatorHost: "127.0.0.1:9050",
    });
    expect(load({ BIGQUERY_MAX_BYTES_BILLED: "1_000_000", BIGQUERY_LOCATION: "EU" })).toMatchObject({
      bigqueryMaxBytesBilled: 1_000_000,
      bigqueryLocation: "EU",
    });
  });

  it("refuse a dataset prefix BigQuery can't name and a cost guard of nothing", () => {
    expect(() => load({ BIGQUERY_DATASET_PREFIX: "olist-shop" })).toThrow(/BIGQUERY_DATASET_PREFIX must be letters, digits and underscores/);
    expect(() => load({ BIGQUERY_MAX_BYTES_BILLED: "0" })).toThrow(/BIGQUERY_MAX_BYTES_BILLED must be a positive number of bytes/);
    expect(() => load({ BIGQUERY_MAX_BYTES_BILLED: "lots" })).toThrow(ConfigError);
  });
});

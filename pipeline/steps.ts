// The steps of a pipeline run, in data-flow order. Each step hashes its inputs; a step whose fingerprint is
// unchanged since its last success is skipped, and a step that runs makes every later step run too.
import path from "node:path";
import type { Config } from "./config.ts";
import { PROJECT_ROOT } from "./config.ts";
import { hashOf, hashTree } from "./fingerprint.ts";
import type { Logger } from "./log.ts";
import { loadCsvDir } from "./extract/csvSource.ts";
import { ensureSample, sampleFingerprint } from "./extract/sampleSource.ts";
import { loadIndicatorsIntoWarehouse, indicatorsFingerprint } from "./extract/indicators.ts";
import { loadProject } from "./transform/project.ts";
import { runModels } from "./transform/runner.ts";
import { runDataTests } from "./transform/dataTests.ts";
import type { DuckDBWarehouse } from "./warehouse/duckdb.ts";

export const MODELS_DIR = path.join(PROJECT_ROOT, "models");

export interface StepContext {
  config: Config;
  warehouse: DuckDBWarehouse;
  runId: string;
  log: Logger;
  fullRefresh: boolean;
  /** dbt-style model selector for the models and tests steps. */
  select?: string;
}

export interface StepOutcome {
  /** Rows written or checked, for the run history. */
  rows?: number;
  /** A failing step throws; a warning lets the run go on but is reported. */
  warnings?: string[];
  detail?: unknown;
}

export interface Step {
  name: StepName;
  description: string;
  fingerprint(config: Config): Promise<string>;
  run(ctx: StepContext): Promise<StepOutcome>;
}

export type StepName = "extract" | "indicators" | "models" | "tests";

const modelsFingerprint = () =>
  hashTree(MODELS_DIR).then(async (models) =>
    hashOf(models, await hashTree(path.join(PROJECT_ROOT, "pipeline", "transform"))),
  );

export const STEPS: readonly Step[] = [
  {
    name: "extract",
    description: "Source tables into the raw schema (embedded sample or PostgreSQL)",
    async fingerprint(config) {
      // A live database can change at any time: always extract (incrementally) when one is configured.
      return config.sourceDatabaseUrl ? `postgres-${Date.now()}` : sampleFingerprint(config);
    },
    async run(ctx) {
      if (ctx.config.sourceDatabaseUrl) {
        const { extractFromPostgres } = await import("./extract/postgresSource.ts");
        return extractFromPostgres(ctx);
      }
      const dir = await ensureSample(ctx.config);
      const loads = await loadCsvDir(ctx.warehouse, dir, ctx.runId);
      const rejected = loads.reduce((n, l) => n + l.rowsRejected, 0);
      return {
        rows: loads.reduce((n, l) => n + l.rowsLoaded, 0),
        warnings: rejected ? [`${rejected} source rows rejected while loading (see raw.rejects)`] : [],
        detail: loads,
      };
    },
  },
  {
    name: "indicators",
    description: "BCB series (USD/BRL, IPCA, SELIC) into the raw schema",
    fingerprint: indicatorsFingerprint,
    run: loadIndicatorsIntoWarehouse,
  },
  {
    name: "models",
    description: "SQL models: staging views and mart tables",
    fingerprint: modelsFingerprint,
    async run(ctx) {
      const project = await loadProject(MODELS_DIR);
      const results = await runModels(ctx.warehouse, project, {
        runId: ctx.runId,
        fullRefresh: ctx.fullRefresh,
        select: ctx.select,
      });
      const failed = results.filter((r) => r.status !== "success");
      if (failed.length > 0) {
        throw new Error(`${failed.length} model(s) failed: ${failed.map((r) => `${r.name} (${r.error})`).join("; ")}`);
      }
      return { rows: results.reduce((n, r) => n + (r.rows ?? 0), 0), detail: results };
    },
  },
  {
    name: "tests",
    description: "Data tests declared beside the models",
    fingerprint: modelsFingerprint,
    async run(ctx) {
      const project = await loadProject(MODELS_DIR);
      const summary = await runDataTests(ctx.warehouse, project, { runId: ctx.runId, select: ctx.select });
      if (summary.errors > 0) {
        throw new Error(`${summary.errors} data test(s) failed with severity error:\n${summary.failureMessages.join("\n")}`);
      }
      return {
        rows: summary.results.length,
        warnings: summary.warningMessages,
        detail: summary,
      };
    },
  },
];

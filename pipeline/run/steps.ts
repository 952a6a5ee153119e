// The steps of a pipeline run, in data-flow order, and what each needs. Each data step hashes its inputs; a step
// whose fingerprint is unchanged since its last success is skipped, and a step that runs makes every later step
// run too. The steps only call into the layers below (extract, transform, site) through the Warehouse interface.
import path from "node:path";
import type { Config } from "../config.ts";
import { PROJECT_ROOT } from "../config.ts";
import { hashOf, hashTree } from "../fingerprint.ts";
import { writeImpactReport } from "../analysis/impactStep.ts";
import { loadCsvDir } from "../extract/csvSource.ts";
import { indicatorsFingerprint, loadIndicatorsIntoWarehouse } from "../extract/indicators.ts";
import { ensureSample, sampleFingerprint } from "../extract/sampleSource.ts";
import { BUILD_LOCK, SITE_BUILD_WAIT_MS, buildSite, warehouseState } from "../site/build.ts";
import { runDataTests } from "../transform/dataTests.ts";
import { loadProject } from "../transform/project.ts";
import { runModels } from "../transform/runner.ts";
import { openWarehouse } from "../warehouse/open.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import { acquireLock } from "./lock.ts";
import type { JobStepName, PlanStep, StepContext, StepName, StepOutcome } from "./runPlan.ts";

export type { JobStepName, StepContext, StepName, StepOutcome } from "./runPlan.ts";

export const MODELS_DIR = path.join(PROJECT_ROOT, "models");

export interface Step {
  name: StepName;
  description: string;
  fingerprint(config: Config): Promise<string>;
  run(ctx: StepContext & { warehouse: Warehouse }): Promise<StepOutcome>;
}

/** What each step reads: a failed step stops the steps that need it (directly or not), and nothing else. */
export const STEP_NEEDS: Record<JobStepName, JobStepName[]> = {
  extract: [],
  indicators: [],
  models: ["extract", "indicators"],
  report: ["models"],
  tests: ["models"],
  // A site is never published from data whose tests failed.
  site: ["tests", "report"],
};

const modelsFingerprint = () => hashTree(MODELS_DIR).then(async (models) => hashOf(models, await hashTree(path.join(PROJECT_ROOT, "pipeline", "transform"))));

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
        const { extractFromPostgres } = await import("../extract/postgresSource.ts");
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
    run: (ctx) => loadIndicatorsIntoWarehouse(ctx.warehouse, ctx.config),
  },
  {
    name: "models",
    description: "SQL models: staging views and mart tables",
    fingerprint: modelsFingerprint,
    async run(ctx) {
      const project = await loadProject(MODELS_DIR);
      const results = await runModels(ctx.warehouse, project, { runId: ctx.runId, fullRefresh: ctx.fullRefresh, select: ctx.select });
      const failed = results.filter((r) => r.status !== "success");
      if (failed.length > 0) {
        throw new Error(`${failed.length} model(s) failed: ${failed.map((r) => `${r.name} (${r.error})`).join("; ")}`);
      }
      return { rows: results.reduce((n, r) => n + (r.rows ?? 0), 0), detail: results };
    },
  },
  {
    name: "report",
    description: "The Economic impact report (p-values, FDR, timing, forecast) from the marts into marts.rpt_impact",
    fingerprint: () => hashTree(path.join(PROJECT_ROOT, "pipeline", "analysis")),
    run: (ctx) => writeImpactReport(ctx.warehouse),
  },
  {
    name: "tests",
    description: "Data tests declared beside the models",
    fingerprint: modelsFingerprint,
    async run(ctx) {
      const project = await loadProject(MODELS_DIR);
      const summary = await runDataTests(ctx.warehouse, project, { runId: ctx.runId, select: ctx.select, rerun: ctx.fullRefresh });
      if (summary.errors > 0) {
        throw new Error(`${summary.errors} data test(s) failed with severity error:\n${summary.failureMessages.join("\n")}`);
      }
      return { rows: summary.results.length, warnings: summary.warningMessages, detail: summary };
    },
  },
];

export function stepNamed(name: string): Step | undefined {
  return STEPS.find((s) => s.name === name);
}

/** The site rebuild as a run step: built from the run's warehouse into <dist>.next, published only on success. */
export function siteStep(): PlanStep {
  return {
    name: "site",
    kind: "site",
    dependsOn: [],
    retryable: false,
    async run(ctx) {
      const buildLock = await acquireLock(BUILD_LOCK, {
        purpose: `site build of ${ctx.config.warehousePath}`,
        runId: ctx.runId,
        // Another build of this checkout takes a minute or two: wait for it rather than fail.
        waitMs: Math.max(ctx.config.schedule.lockWaitSeconds * 1000, SITE_BUILD_WAIT_MS),
        staleMs: ctx.config.schedule.lockStaleSeconds * 1000,
        signal: ctx.signal,
      });
      try {
        const reader = await openWarehouse(ctx.config, { location: ctx.warehouseLocation, readOnly: true });
        let state: string;
        try {
          state = await warehouseState(reader, ctx.config.warehousePath);
        } finally {
          await reader.close();
        }
        const site = await buildSite({ config: ctx.config, signal: ctx.signal, state, warehouseEnv: ctx.warehouseEnv });
        return { rows: site.pages, publish: site.publish, discard: site.discard };
      } finally {
        await buildLock.release();
      }
    },
  };
}

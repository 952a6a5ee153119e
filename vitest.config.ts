import { defineConfig } from "vitest/config";

/**
 * The fast tier (`npm run test:unit`, well under a minute on 2 cores): pure logic and small embedded-DuckDB
 * checks. No PostgreSQL, Chromium, Jupyter or site build, and no child `npm`/`tsx` processes. Everything
 * else is the integration tier; `npm test` runs both.
 */
const UNIT = [
  "test/analysis/crossCorrelation.test.ts",
  "test/analysis/forecast.test.ts",
  "test/analysis/lags.test.ts",
  "test/analysis/regression.test.ts",
  "test/analysis/tDistribution.test.ts",
  "test/cli/show.test.ts",
  "test/extract/bcb/*.test.ts",
  "test/extract/postgres/csv.test.ts",
  "test/extract/postgres/normalise.test.ts",
  "test/extract/sample/*.test.ts",
  "test/models/marts.test.ts",
  "test/notebooks/strip.test.ts",
  "test/ops/workflows.test.ts",
  "test/pipeline/config.test.ts",
  "test/pipeline/log.test.ts",
  "test/schedule/cron.test.ts",
  "test/schedule/history.test.ts",
  "test/schedule/lock.test.ts",
  "test/schedule/retry.test.ts",
  "test/schedule/scheduler.test.ts",
  "test/site/components/*.test.ts",
  "test/site/plotBundle.test.ts",
  "test/transform/engines.test.ts",
  "test/transform/incremental.test.ts",
  "test/transform/seeds.test.ts",
  "test/transform/unitTests.test.ts",
  "test/transform/rowTests.test.ts",
  "test/site/notebookCache.test.ts",
  "test/bench/results.test.ts",
  "test/warehouse/*.test.ts",
];

/** `npm test` runs the BigQuery emulator tests in a second vitest beside this one (scripts/test.sh). */
const ELSEWHERE = process.env.TEST_BIGQUERY_BESIDE === "1" ? ["test/bigquery/**"] : [];

export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: "forks",
    // Notebooks are executed by their own tests; other site builds skip them to keep the suite fast.
    env: { TZ: "UTC", LOG_LEVEL: "warn", SITE_NOTEBOOKS: "0" },
    reporters: ["default"],
    projects: [
      { extends: true, test: { name: "unit", include: UNIT } },
      { extends: true, test: { name: "integration", include: ["test/**/*.test.ts"], exclude: [...UNIT, ...ELSEWHERE] } },
    ],
  },
});

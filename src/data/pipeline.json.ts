// Pipeline & data quality: the latest run's data tests, model builds and source loads, and staging rejects (meta
// schema of the warehouse). The run history is runs.json (the history file beside the warehouse).
import { emit, withMarts } from "../../pipeline/site/loader.ts";
import { latestLoads, latestTestResults, stagingRejectReasons } from "../../pipeline/site/queries.ts";

emit(() =>
  withMarts(async (w) => {
    const models = await w.query(`
      select model, materialized, status, rows, seconds, error
      from meta.model_runs
      where run_id = (select max(run_id) from meta.model_runs)
      order by model`);
    return {
      models,
      tests: await latestTestResults(w),
      testsRunId: (await w.query(`select max(run_id) as run_id from meta.test_results`))[0]?.run_id ?? null,
      loads: await latestLoads(w),
      rejects: await stagingRejectReasons(w),
    };
  }),
);

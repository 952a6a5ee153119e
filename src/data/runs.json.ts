// Pipeline page: the recent runs (steps, timings, rows, tests, errors) and each job's schedule, from the run
// history kept beside the warehouse, and the last alert sent. Reads those two files only; never the warehouse.
import { loadConfig } from "../../pipeline/config.ts";
import { lastAlert } from "../../pipeline/run/alerts.ts";
import { RunHistory } from "../../pipeline/run/history.ts";
import { runsForSite } from "../../pipeline/schedule/status.ts";
import { emit } from "../../pipeline/site/loader.ts";

emit(async () => {
  const config = loadConfig();
  const runs = await new RunHistory(config.schedule.historyPath).runs();
  return runsForSite(config, runs, new Date(), 100, await lastAlert(config));
});

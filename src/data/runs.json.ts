// Pipeline page: the recent runs (steps, timings, rows, tests, errors) and each job's schedule, from the run
// history kept beside the warehouse. Reads the history file only; it never touches the warehouse.
import { loadConfig } from "../../pipeline/config.ts";
import { RunHistory } from "../../pipeline/run/history.ts";
import { runsForSite } from "../../pipeline/schedule/status.ts";
import { emit } from "../../pipeline/site/loader.ts";

emit(async () => {
  const config = loadConfig();
  const runs = await new RunHistory(config.schedule.historyPath).runs();
  return runsForSite(config, runs, new Date());
});

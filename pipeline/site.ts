// `npm run build`, and the site step of the jobs: refresh the warehouse (the pipeline skips what did not change),
// drop data-loader outputs cached from another warehouse state, build the site into a staging directory from the
// run's staged warehouse, and swap it in after the warehouse, only when the whole run succeeded.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { PROJECT_ROOT, type Config } from "./config.ts";
import { logger } from "./log.ts";
import { executeRun, PipelineError, type PlanStep, type RunReport } from "./schedule/execute.ts";
import { acquireLock } from "./schedule/lock.ts";
import { pipelinePlan } from "./schedule/plan.ts";
import { withRunLock } from "./schedule/runLock.ts";
import { withTermination } from "./schedule/signals.ts";
import { DuckDBWarehouse } from "./warehouse/duckdb.ts";
import { renderNotebooks } from "./notebooks/render.ts";

const log = logger("site");

const CACHE_DIR = path.join(PROJECT_ROOT, "src", ".observablehq", "cache");
const STAMP = path.join(CACHE_DIR, "warehouse-state.txt");
/** Loaders whose output depends on something other than the warehouse: they run on every build. */
const ALWAYS_FRESH = ["runs.json"];
/** Framework's cache belongs to the source tree, not to a warehouse: builds of one checkout take turns. */
const BUILD_LOCK = path.join(PROJECT_ROOT, "src", ".observablehq", "build.lock");
const SITE_BUILD_WAIT_MS = 15 * 60_000;

/** What the loaders would read: the warehouse's step fingerprints and last run. */
async function warehouseState(file: string, name: string): Promise<string> {
  const warehouse = await DuckDBWarehouse.open(file, { readOnly: true });
  try {
    const rows = await warehouse.query("select step, fingerprint, run_id from meta.step_state order by step");
    return JSON.stringify({ file: name, rows });
  } finally {
    await warehouse.close();
  }
}

/** Framework reruns a loader only when its cached output is missing; outputs of another warehouse state go. */
export async function invalidateLoaderCache(state: string): Promise<boolean> {
  for (const name of ALWAYS_FRESH) await rm(path.join(CACHE_DIR, "data", name), { force: true });
  const previous = await readFile(STAMP, "utf8").catch(() => "");
  if (previous === state) return false;
  await rm(path.join(CACHE_DIR, "data"), { recursive: true, force: true });
  await mkdir(CACHE_DIR, { recursive: true });
  await writeFile(STAMP, state);
  return true;
}

function observableBuild(outputDir: string, warehouseFile: string, config: Config, signal: AbortSignal): Promise<void> {
  const bin = path.join(PROJECT_ROOT, "node_modules", "@observablehq", "framework", "dist", "bin", "observable.js");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, "build"], {
      cwd: PROJECT_ROOT,
      stdio: ["ignore", "inherit", "inherit"],
      // Loaders read the run's staged warehouse; the history stays where the configuration puts it.
      env: {
        ...process.env,
        SITE_OUTPUT_DIR: outputDir,
        WAREHOUSE_PATH: warehouseFile,
        RUN_HISTORY_PATH: config.schedule.historyPath,
        PIPELINE_LOCK_PATH: config.schedule.lockPath,
      },
      signal,
    });
    child.on("error", reject);
    child.on("exit", (code, exitSignal) =>
      code === 0 ? resolve() : reject(new Error(`observable build exited with ${exitSignal ?? `code ${code}`}`)),
    );
  });
}

/** Framework writes <html> without a language; each page gets the one of its section. */
export async function setHtmlLang(dir: string): Promise<number> {
  let count = 0;
  for (const entry of await readdir(dir, { recursive: true })) {
    const file = path.join(dir, entry);
    if (!file.endsWith(".html")) continue;
    const rel = path.relative(dir, file).split(path.sep).join("/");
    const lang = rel.startsWith("pages/pt/") ? "pt-BR" : "en";
    const html = await readFile(file, "utf8");
    await writeFile(file, html.replace(/<html(\s[^>]*)?>/, `<html lang="${lang}">`));
    count++;
  }
  return count;
}

/** The old site stays in place until the new one is complete; then one rename each way. */
async function swapIn(output: string, staged: string): Promise<void> {
  const previous = `${output}.previous`;
  await rm(previous, { recursive: true, force: true });
  if (existsSync(output)) await rename(output, previous);
  await rename(staged, output);
  await rm(previous, { recursive: true, force: true });
}

/** The site rebuild as a run step: it builds into <dist>.next and publishes only when the run succeeds. */
export function siteStep(): PlanStep {
  return {
    name: "site",
    kind: "site",
    dependsOn: [],
    retryable: false,
    async run(ctx) {
      const output = ctx.config.siteOutput;
      const staged = `${output}.next`;
      const buildLock = await acquireLock(BUILD_LOCK, {
        purpose: `site build of ${ctx.config.warehousePath}`,
        runId: ctx.runId,
        // Another build of this checkout takes a minute or two: wait for it rather than fail.
        waitMs: Math.max(ctx.config.schedule.lockWaitSeconds * 1000, SITE_BUILD_WAIT_MS),
        staleMs: ctx.config.schedule.lockStaleSeconds * 1000,
        signal: ctx.signal,
      });
      try {
        if (await invalidateLoaderCache(await warehouseState(ctx.warehouseFile, ctx.config.warehousePath))) {
          log.info("warehouse changed since the last site build: data loaders will run again");
        }
        await rm(staged, { recursive: true, force: true });
        const started = performance.now();
        await observableBuild(staged, ctx.warehouseFile, ctx.config, ctx.signal);
        if (ctx.config.siteNotebooks) {
          // Executed against the same staged warehouse as the pages, so their numbers agree.
          await renderNotebooks(path.join(staged, "notebooks"), { warehousePath: ctx.warehouseFile });
        }
        const pages = await setHtmlLang(staged);
        log.info(`site built into ${path.relative(PROJECT_ROOT, staged)} (${pages} pages) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
        return {
          rows: pages,
          publish: async () => {
            await swapIn(output, staged);
            log.info(`site published to ${path.relative(PROJECT_ROOT, output)}`);
          },
          discard: () => rm(staged, { recursive: true, force: true }),
        };
      } catch (error) {
        await rm(staged, { recursive: true, force: true });
        throw error;
      } finally {
        await buildLock.release();
      }
    },
  };
}

/** `npm run build`: the pipeline (skipping unchanged steps) and the site, as one run under the run lock. */
export async function buildSite(config: Config, options: { signal?: AbortSignal } = {}): Promise<RunReport> {
  return withTermination(options.signal, (signal) =>
    withRunLock(
      config,
      "build",
      async (lock, history) => {
        const plan = await pipelinePlan({ config, job: "build" }, siteStep);
        await lock.setRun(plan.runId);
        const report = await executeRun(plan, { history, signal });
        if (report.status === "failed" || report.status === "aborted") {
          throw new PipelineError(`Build ${report.runId} ${report.status}: ${report.error}`, report);
        }
        return report;
      },
      { signal },
    ),
  );
}

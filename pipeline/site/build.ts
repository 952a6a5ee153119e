// Building the site: drop data-loader outputs cached from another warehouse state, build into a staging
// directory from the run's warehouse, execute the notebooks against the same warehouse, and hand back how to
// swap it in (the run publishes it after the warehouse, only when the whole run succeeded).
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { PROJECT_ROOT, type Config } from "../config.ts";
import { hashOf } from "../fingerprint.ts";
import { logger } from "../log.ts";
import { listNotebooks } from "../notebooks/execute.ts";
import { renderNotebooks } from "../notebooks/render.ts";
import { slimPlot } from "./plotBundle.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";

const log = logger("site");

const CACHE_DIR = path.join(PROJECT_ROOT, "src", ".observablehq", "cache");
const STAMP = path.join(CACHE_DIR, "warehouse-state.txt");
/** Loaders whose output depends on something other than the warehouse: they run on every build. */
const ALWAYS_FRESH = ["runs.json"];
/** The last notebook renderings whose every notebook rendered, under the key of what they were made from. */
const NOTEBOOK_CACHE = path.join(CACHE_DIR, "notebooks");
/** The code notebooks import: a change there can change what they print. */
const NOTEBOOK_CODE = [path.join(PROJECT_ROOT, "pipeline"), path.join(PROJECT_ROOT, "src", "components")];
/** Framework's cache belongs to the source tree, not to a warehouse: builds of one checkout take turns. */
export const BUILD_LOCK = path.join(PROJECT_ROOT, "src", ".observablehq", "build.lock");
export const SITE_BUILD_WAIT_MS = 15 * 60_000;

/** What the loaders would read: the warehouse's step fingerprints and last run, and which warehouse it is. */
export async function warehouseState(warehouse: Warehouse, name: string): Promise<string> {
  const rows = await warehouse.query("select step, fingerprint, run_id from meta.step_state order by step");
  return JSON.stringify({ file: name, rows });
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

function observableBuild(outputDir: string, warehouseEnv: Record<string, string>, config: Config, signal: AbortSignal): Promise<void> {
  const bin = path.join(PROJECT_ROOT, "node_modules", "@observablehq", "framework", "dist", "bin", "observable.js");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, "build"], {
      cwd: PROJECT_ROOT,
      stdio: ["ignore", "inherit", "inherit"],
      // Loaders read the run's staged warehouse; the history stays where the configuration puts it.
      env: {
        ...process.env,
        OBSERVABLE_TELEMETRY_DISABLE: "true",
        SITE_OUTPUT_DIR: outputDir,
        ...warehouseEnv,
        RUN_HISTORY_PATH: config.schedule.historyPath,
        PIPELINE_LOCK_PATH: config.schedule.lockPath,
      },
      signal,
    });
    child.on("error", reject);
    child.on("exit", (code, exitSignal) => (code === 0 ? resolve() : reject(new Error(`observable build exited with ${exitSignal ?? `code ${code}`}`))));
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

/** What a notebook rendering depends on: the warehouse state, each notebook's text and the code they import. */
export async function notebooksKey(state: string, notebooks: readonly string[], codeDirs: readonly string[] = NOTEBOOK_CODE): Promise<string> {
  const parts: (string | Buffer)[] = [state];
  for (const file of notebooks) parts.push(file, await readFile(file, "utf8"));
  for (const dir of codeDirs) {
    const files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith(".ts")).sort();
    for (const file of files) parts.push(file, await readFile(path.join(dir, file)));
  }
  return hashOf(...parts);
}

/**
 * Notebooks execute only when what they read changed (notebooksKey); otherwise the last renderings are copied.
 * Only a build where every notebook rendered is kept: a failure or a missing Jupyter is tried again next time.
 */
async function renderNotebooksOnce(dir: string, build: SiteBuild): Promise<void> {
  const key = await notebooksKey(build.state, await listNotebooks());
  const cached = path.join(NOTEBOOK_CACHE, key);
  if (existsSync(path.join(cached, "index.html"))) {
    await cp(cached, dir, { recursive: true });
    log.info("notebooks, warehouse and the code they import unchanged since they were last executed: renderings reused");
    return;
  }
  const report = await renderNotebooks(dir, { warehouseEnv: build.warehouseEnv });
  if (report.status !== "rendered") return;
  await rm(NOTEBOOK_CACHE, { recursive: true, force: true });
  await mkdir(NOTEBOOK_CACHE, { recursive: true });
  await cp(dir, cached, { recursive: true });
}

/** The old site stays in place until the new one is complete; then one rename each way. */
async function swapIn(output: string, staged: string): Promise<void> {
  const previous = `${output}.previous`;
  await rm(previous, { recursive: true, force: true });
  if (existsSync(output)) await rename(output, previous);
  await rename(staged, output);
  await rm(previous, { recursive: true, force: true });
}

export interface SiteBuild {
  config: Config;
  signal: AbortSignal;
  /** What the loaders would read (warehouseState), to keep or drop their cached outputs. */
  state: string;
  /** Environment that points the loaders and notebooks at the run's warehouse. */
  warehouseEnv: Record<string, string>;
}

export interface BuiltSite {
  pages: number;
  publish(): Promise<void>;
  discard(): Promise<void>;
}

/** Builds the site into <dist>.next; the caller publishes it once the run succeeded, or discards it. */
export async function buildSite(build: SiteBuild): Promise<BuiltSite> {
  const { config } = build;
  const output = config.siteOutput;
  const staged = `${output}.next`;
  try {
    if (await invalidateLoaderCache(build.state)) {
      log.info("warehouse changed since the last site build: data loaders will run again");
    }
    await rm(staged, { recursive: true, force: true });
    const started = performance.now();
    await observableBuild(staged, build.warehouseEnv, config, build.signal);
    const { removed } = await slimPlot(staged);
    log.info(`Plot bundled with only the marks and d3 code the site uses (${removed.length} modules no page loads removed)`);
    if (config.siteNotebooks) {
      // Executed against the same warehouse as the pages, so their numbers agree.
      await renderNotebooksOnce(path.join(staged, "notebooks"), build);
    }
    const pages = await setHtmlLang(staged);
    log.info(`site built into ${path.relative(PROJECT_ROOT, staged)} (${pages} pages) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return {
      pages,
      publish: async () => {
        await swapIn(output, staged);
        log.info(`site published to ${path.relative(PROJECT_ROOT, output)}`);
      },
      discard: () => rm(staged, { recursive: true, force: true }),
    };
  } catch (error) {
    await rm(staged, { recursive: true, force: true });
    throw error;
  }
}

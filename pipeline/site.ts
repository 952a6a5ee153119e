// `npm run build`: refresh the warehouse (the pipeline skips what did not change), drop data-loader outputs
// cached from another warehouse state, build the site into a staging directory, and swap it in.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { PROJECT_ROOT, type Config } from "./config.ts";
import { logger } from "./log.ts";
import { runPipeline } from "./run.ts";
import { DuckDBWarehouse } from "./warehouse/duckdb.ts";

const log = logger("site");

const CACHE_DIR = path.join(PROJECT_ROOT, "src", ".observablehq", "cache");
const STAMP = path.join(CACHE_DIR, "warehouse-state.txt");

/** What the loaders would read: the warehouse's step fingerprints and last run. */
async function warehouseState(file: string): Promise<string> {
  const warehouse = await DuckDBWarehouse.open(file, { readOnly: true });
  try {
    const rows = await warehouse.query("select step, fingerprint, run_id from meta.step_state order by step");
    return JSON.stringify({ file, rows });
  } finally {
    await warehouse.close();
  }
}

/** Framework reruns a loader only when its cached output is missing; outputs of another warehouse state go. */
export async function invalidateLoaderCache(state: string): Promise<boolean> {
  const previous = await readFile(STAMP, "utf8").catch(() => "");
  if (previous === state) return false;
  await rm(path.join(CACHE_DIR, "data"), { recursive: true, force: true });
  await mkdir(CACHE_DIR, { recursive: true });
  await writeFile(STAMP, state);
  return true;
}

function observableBuild(outputDir: string, config: Config): Promise<void> {
  const bin = path.join(PROJECT_ROOT, "node_modules", "@observablehq", "framework", "dist", "bin", "observable.js");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, "build"], {
      cwd: PROJECT_ROOT,
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, SITE_OUTPUT_DIR: outputDir, WAREHOUSE_PATH: config.warehousePath },
    });
    child.on("error", reject);
    child.on("exit", (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`observable build exited with ${signal ?? `code ${code}`}`)),
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

export async function buildSite(config: Config): Promise<void> {
  await runPipeline({ config });
  if (await invalidateLoaderCache(await warehouseState(config.warehousePath))) {
    log.info("warehouse changed since the last site build: data loaders will run again");
  }
  const output = config.siteOutput;
  const staged = `${output}.next`;
  const previous = `${output}.previous`;
  await rm(staged, { recursive: true, force: true });
  const started = performance.now();
  await observableBuild(staged, config);
  const pages = await setHtmlLang(staged);
  // Swap: the old site stays in place until the new one is complete.
  await rm(previous, { recursive: true, force: true });
  if (existsSync(output)) await rename(output, previous);
  await rename(staged, output);
  await rm(previous, { recursive: true, force: true });
  log.info(`site built into ${path.relative(PROJECT_ROOT, output)} (${pages} pages) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

// What the notebook tests share: a warehouse built by the real pipeline from the seeded sample with a few dirty
// order rows planted in its CSV (so the data-quality numbers are not all zero), the site's data loaders run
// against it, and the key figures read back from a rendered notebook.
import { execFile } from "node:child_process";
import { appendFileSync, mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { loadConfig, PROJECT_ROOT } from "../../pipeline/config.ts";
import { ensureSample } from "../../pipeline/extract/sampleSource.ts";
import { runPipeline } from "../../pipeline/run/launch.ts";
import YAML from "yaml";
import { parseCsv, readCsvObjects } from "../support/csv.ts";

const run = promisify(execFile);

export const ORDERS = 3000;

/** Planted order rows: two the loader cannot read (these ids), two staging must set aside. */
export const PLANTED = { unreadable: ["eeeeeeeeeeeeeeeeeeeeeeeeeeeeee02", "eeeeeeeeeeeeeeeeeeeeeeeeeeeeee03"], setAside: 2 } as const;

export interface TestWarehouse {
  work: string;
  warehousePath: string;
  sampleDir: string;
  env: NodeJS.ProcessEnv;
}

function plantDirtyOrders(sampleDir: string): void {
  const file = path.join(sampleDir, "olist_orders_dataset.csv");
  const [, first] = parseCsv(readFileSync(file, "utf8"));
  const customer = first[1];
  appendFileSync(
    file,
    [
      first.join(","), // a duplicated order row: staging keeps the first copy
      `eeeeeeeeeeeeeeeeeeeeeeeeeeeeee01,${customer},lost,2017-05-05 10:00:00,,,,`, // unknown status: set aside
      `eeeeeeeeeeeeeeeeeeeeeeeeeeeeee02,${customer},delivered,2017-13-45 99:00:00,,,,`, // no such date: unreadable
      `eeeeeeeeeeeeeeeeeeeeeeeeeeeeee03,${customer},delivered`, // three columns of eight: unreadable
      "",
    ].join("\n"),
  );
}

/** A fresh warehouse in a temp dir, built by the pipeline from the sample plus the planted rows. */
export async function buildTestWarehouse(prefix = "notebooks-"): Promise<TestWarehouse> {
  const work = mkdtempSync(path.join(os.tmpdir(), prefix));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TZ: "UTC",
    SAMPLE_ORDERS: String(ORDERS),
    SAMPLE_SEED: "42",
    SAMPLE_DIR: path.join(work, "sample"),
    WAREHOUSE_PATH: path.join(work, "analytics.duckdb"),
    LOG_LEVEL: "warn",
  };
  const config = loadConfig(env);
  const sampleDir = await ensureSample(config);
  plantDirtyOrders(sampleDir);
  await runPipeline({ config });
  return { work, warehousePath: config.warehousePath, sampleDir, env };
}

/** The JSON a page reads: its data loader run as Framework runs it, against the test warehouse. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped JSON unless the caller names its type
export async function loaderOutput<T = any>(name: string, env: NodeJS.ProcessEnv): Promise<T> {
  const file = path.join(PROJECT_ROOT, "src", "data", `${name}.json.ts`);
  const { stdout } = await run(process.execPath, ["--import", "tsx", file], { cwd: PROJECT_ROOT, env, maxBuffer: 1 << 28 });
  return JSON.parse(stdout) as T;
}

export interface KeyFigure {
  value: string;
  text: string;
}

const unescape = (s: string) =>
  s
    .replace(/&#(\d+);/g, (_, code) => String.fromCharCode(Number(code)))
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"');

/** The key figures table of a rendered notebook (its HTML), by key: the raw value and the text shown. */
export function keyFiguresOf(html: string): Map<string, KeyFigure> {
  const figures = new Map<string, KeyFigure>();
  const tableStart = html.indexOf('class="key-figures"');
  if (tableStart < 0) return figures;
  const tableHtml = html.slice(tableStart, html.indexOf("</table>", tableStart));
  for (const m of tableHtml.matchAll(/<tr data-key="([^"]*)" data-value="([^"]*)"><th[^>]*>.*?<\/th><td[^>]*>(.*?)<\/td><\/tr>/g)) {
    figures.set(unescape(m[1]), { value: unescape(m[2]), text: unescape(m[3]) });
  }
  return figures;
}

/** Data rows of a CSV file (its records minus the header; a trailing newline makes no record). */
export function csvRecords(file: string): number {
  const records = parseCsv(readFileSync(file, "utf8"));
  return records.filter((r) => !(r.length === 1 && r[0] === "")).length - 1;
}

/**
 * Order rows staging must set aside, counted from the CSV by the documented rules (a missing id, a second copy
 * of an id, a missing purchase time, a status outside known_statuses), leaving out the rows the loader rejected.
 */
export function referenceOrdersSetAside(sampleDir: string, unreadable: readonly string[]): number {
  const known = new Set<string>(YAML.parse(readFileSync(path.join(PROJECT_ROOT, "models", "project.yml"), "utf8")).vars.known_statuses);
  const kept = new Set<string>();
  let setAside = 0;
  for (const o of readCsvObjects(path.join(sampleDir, "olist_orders_dataset.csv"))) {
    if (unreadable.includes(o.order_id)) continue;
    const usable = o.order_id && !kept.has(o.order_id) && o.order_purchase_timestamp && known.has(o.order_status.trim().toLowerCase());
    if (usable) kept.add(o.order_id);
    else setAside++;
  }
  return setAside;
}

// A warehouse built by the real pipeline on a small seeded sample in a temp dir, optionally with the raw CSVs
// edited first (dirt injected). Shared by the transform and model tests.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadConfig, type Config } from "../../pipeline/config.ts";
import { ensureSample } from "../../pipeline/extract/sampleSource.ts";
import { runPipeline, type RunReport } from "../../pipeline/run/launch.ts";
import { openAt, type Warehouse } from "../support/warehouse.ts";
import { parseCsv } from "../support/csv.ts";

export interface SampleWarehouse {
  work: string;
  config: Config;
  sampleDir: string;
  report?: RunReport;
  open(options?: { readOnly?: boolean }): Promise<Warehouse>;
  remove(): void;
}

export function sampleConfig(work: string, orders: number): Config {
  return loadConfig({
    ...process.env,
    SAMPLE_ORDERS: String(orders),
    SAMPLE_SEED: "42",
    SAMPLE_DIR: path.join(work, "sample"),
    WAREHOUSE_PATH: path.join(work, "analytics.duckdb"),
    SITE_OUTPUT: path.join(work, "dist"),
    BCB_MODE: "snapshot",
  });
}

/** Generates the sample, lets `edit` change its CSVs, and runs the pipeline when `run` is true (default). */
export async function sampleWarehouse(
  name: string,
  { orders = 2000, edit, run = true }: { orders?: number; edit?: (dir: string) => void; run?: boolean } = {},
): Promise<SampleWarehouse> {
  const work = mkdtempSync(path.join(os.tmpdir(), `olist-${name}-`));
  const config = sampleConfig(work, orders);
  const sampleDir = await ensureSample(config);
  edit?.(sampleDir);
  const report = run ? await runPipeline({ config }) : undefined;
  return {
    work,
    config,
    sampleDir,
    report,
    open: (options = {}) => openAt(config.warehousePath, options),
    remove: () => rmSync(work, { recursive: true, force: true }),
  };
}

/** The rows of a sample CSV as objects (header keys). */
export function csvRows(dir: string, file: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(readFileSync(path.join(dir, file), "utf8")).filter((r) => r.length > 1);
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ""])));
}

function csvLine(values: string[]): string {
  return values.map((v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(",");
}

/** Appends rows (objects keyed by the file's header) to a sample CSV. */
export function appendCsv(dir: string, file: string, rows: Record<string, string>[]): void {
  const header = parseCsv(readFileSync(path.join(dir, file), "utf8"))[0];
  const text = readFileSync(path.join(dir, file), "utf8");
  const lead = text.endsWith("\n") ? "" : "\n";
  appendFileSync(path.join(dir, file), lead + rows.map((r) => csvLine(header.map((h) => r[h] ?? ""))).join("\n") + "\n");
}

/** Rewrites a sample CSV with `change` applied to every row. */
export function rewriteCsv(dir: string, file: string, change: (row: Record<string, string>) => Record<string, string>): void {
  writeRows(dir, file, csvRows(dir, file).map(change));
}

/** Rewrites a sample CSV keeping the rows `keep` accepts. */
export function filterCsv(dir: string, file: string, keep: (row: Record<string, string>) => boolean): void {
  writeRows(dir, file, csvRows(dir, file).filter(keep));
}

function writeRows(dir: string, file: string, rows: Record<string, string>[]): void {
  const header = parseCsv(readFileSync(path.join(dir, file), "utf8"))[0];
  writeFileSync(path.join(dir, file), [csvLine(header), ...rows.map((r) => csvLine(header.map((h) => r[h] ?? "")))].join("\n") + "\n");
}

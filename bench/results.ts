// The figures of one `npm run bench` as one JSON file, bench/results.json: every sub-bench records its keys into a
// shared ledger (BENCH_RESULTS_LEDGER, one JSON line per figure), and bench/index.ts folds the ledger into the file,
// with every required key present: a number measured in this run, or null with the reason it was not measured.
import { appendFileSync, existsSync, readFileSync } from "node:fs";

/** The keys the issue names (seconds unless the name says otherwise). */
export const REQUIRED_KEYS = [
  "pipeline_100k_s",
  "baseline_read_csv_100k_s",
  "extract_rows_per_s_1m",
  "psql_copy_rows_per_s_1m",
  "models_tests_s",
  "dbt_duckdb_build_s",
  "extract_s",
  "tap_postgres_s",
  "e2e_10m_s",
  "e2e_10m_peak_mib",
  "incremental_day_1m_s",
] as const;

type Entry = { key: string; value: number } | { key: string; skipped: string } | { key: string; note: string };

export interface Results {
  generated_at: string;
  cores: number;
  /** Why a key is null: the figure was not measured in this run, never a guess in its place. */
  skipped: Record<string, string>;
  /** What a figure measured (sizes, rows), where the key alone does not say. */
  notes: Record<string, string>;
  [key: string]: number | null | string | Record<string, string>;
}

function write(entry: Entry): void {
  const ledger = process.env.BENCH_RESULTS_LEDGER;
  if (ledger) appendFileSync(ledger, `${JSON.stringify(entry)}\n`);
}

/** A figure measured in this run. A figure that is not a finite number is a bug in the bench, never written. */
export function record(key: string, value: number, note?: string): void {
  if (!Number.isFinite(value)) throw new Error(`bench figure ${key} is ${value}, not a measurement`);
  write({ key, value });
  if (note) write({ key, note });
}

/** A figure not measured in this run, and why. */
export function skip(key: string, reason: string): void {
  write({ key, skipped: reason });
}

/** A short size label: 100000 → "100k", 1000000 → "1m", 10000000 → "10m". */
export function sizeLabel(orders: number): string {
  if (orders % 1_000_000 === 0) return `${orders / 1_000_000}m`;
  if (orders % 1_000 === 0) return `${orders / 1_000}k`;
  return String(orders);
}

/** The ledger folded into results: the last word on a key wins; a required key nobody recorded is null, with why. */
export function fold(ledger: string, cores: number, now = new Date()): Results {
  const results: Results = { generated_at: now.toISOString(), cores, skipped: {}, notes: {} };
  const lines = existsSync(ledger) ? readFileSync(ledger, "utf8").split("\n").filter(Boolean) : [];
  for (const line of lines) {
    const entry = JSON.parse(line) as Entry;
    if ("value" in entry) {
      results[entry.key] = entry.value;
      delete results.skipped[entry.key];
    } else if ("skipped" in entry) {
      results[entry.key] = null;
      results.skipped[entry.key] = entry.skipped;
    } else {
      results.notes[entry.key] = entry.note;
    }
  }
  for (const key of REQUIRED_KEYS) {
    if (results[key] === undefined) {
      results[key] = null;
      results.skipped[key] = "no sub-bench recorded it in this run (a sub-bench failed or was not run)";
    }
  }
  return results;
}

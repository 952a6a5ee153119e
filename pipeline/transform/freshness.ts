// Source freshness (dbt's `freshness:` block): how many days the newest value of a column lags today,
// against warn_after_days and error_after_days. One result per source table that declares it.
import { daysBetween, todayInBrasilia } from "../extract/bcb/dates.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import type { SourceTable } from "./project.ts";
import type { TestResult } from "./testResults.ts";

export interface FreshnessVerdict {
  severity: "warn" | "error";
  status: "pass" | "fail";
  ageDays: number | null;
}

/** Judges an age against the thresholds; no data at all is as stale as it gets. */
export function judgeFreshness(ageDays: number | null, rule: NonNullable<SourceTable["freshness"]>): FreshnessVerdict {
  const errorAfter = rule.errorAfterDays;
  if (ageDays === null) return { severity: errorAfter === undefined ? "warn" : "error", status: "fail", ageDays };
  if (errorAfter !== undefined && ageDays > errorAfter) return { severity: "error", status: "fail", ageDays };
  if (ageDays > rule.warnAfterDays) return { severity: "warn", status: "fail", ageDays };
  return { severity: errorAfter === undefined ? "warn" : "error", status: "pass", ageDays };
}

/**
 * Checks one source table. `today` is an ISO date; by default today in Brasília, the calendar the sources
 * record their dates in.
 */
export async function checkFreshness(warehouse: Warehouse, table: SourceTable, today = todayInBrasilia()): Promise<TestResult> {
  const rule = table.freshness!;
  const name = `${table.source}.${table.name}`;
  const test = `freshness(warn_after_days=${rule.warnAfterDays}${rule.errorAfterDays === undefined ? "" : ` error_after_days=${rule.errorAfterDays}`})`;
  const started = performance.now();
  const base = { id: `${name}.${rule.column}.${test}`, model: name, column: rule.column, test };
  try {
    const rel = warehouse.relation(table.schema, table.name);
    const [{ latest }] = await warehouse.query<{ latest: string | null }>(`select max(${rule.column}) as latest from ${rel}`);
    const newest = latest === null ? null : String(latest).slice(0, 10);
    const verdict = judgeFreshness(newest === null ? null : daysBetween(newest, today), rule);
    const limit = verdict.severity === "error" && rule.errorAfterDays !== undefined ? rule.errorAfterDays : rule.warnAfterDays;
    return {
      ...base,
      severity: verdict.severity,
      status: verdict.status,
      failures: verdict.status === "fail" ? 1 : 0,
      example: { latest: newest, today, age_days: verdict.ageDays },
      message:
        verdict.status === "pass"
          ? ""
          : newest === null
            ? `${name}.${rule.column}: ${test} failed: the table has no rows; load it before building the models`
            : `${name}.${rule.column}: ${test} failed: newest value ${newest} is ${verdict.ageDays} days old on ${today} (limit ${limit}); refresh the source`,
      seconds: (performance.now() - started) / 1000,
    };
  } catch (error) {
    return {
      ...base,
      severity: rule.errorAfterDays === undefined ? "warn" : "error",
      status: "error",
      failures: 0,
      example: null,
      message: `${name}.${rule.column}: ${test} could not run: ${(error as Error).message}`,
      seconds: (performance.now() - started) / 1000,
    };
  }
}

// What a data test reports: one result per test, and the summary of a run of them (freshness checks report the
// same shape as SQL tests).
import type { Row } from "../warehouse/warehouse.ts";

export interface TestResult {
  id: string;
  model: string;
  column: string | null;
  test: string;
  severity: "error" | "warn";
  status: "pass" | "fail" | "error";
  failures: number;
  example: Row | null;
  message: string;
  seconds: number;
  /** Not rerun: the result of an earlier run whose test read the same relations, unchanged since (state.ts). */
  reusedFrom?: string;
}

export interface TestSummary {
  results: TestResult[];
  errors: number;
  warnings: number;
  failureMessages: string[];
  warningMessages: string[];
  /** Results taken over from an earlier run (reusedFrom) instead of rerun. */
  reused: number;
}

// What a finished run reports to its caller (the CLI prints it, runPipeline throws it inside PipelineError),
// derived from its history record.
import type { TestSummary } from "../transform/dataTests.ts";
import type { RunRecord, RunStatus, StepStatus, TestCounts } from "./history.ts";

export interface StepReport {
  step: string;
  status: Exclude<StepStatus, "pending" | "running">;
  seconds: number;
  rows?: number;
  warnings: string[];
  error?: string;
  attempts: number;
  detail?: unknown;
}

export interface RunReport {
  runId: string;
  job: string;
  status: Exclude<RunStatus, "queued" | "running">;
  steps: StepReport[];
  seconds: number;
  error?: string;
}

export class PipelineError extends Error {
  override name = "PipelineError";
  constructor(
    message: string,
    readonly report: RunReport,
  ) {
    super(message);
  }
}

/** Test results for the history: counts, and the tests that did not pass. */
export function testCounts(detail: unknown): TestCounts | null {
  const summary = detail as TestSummary | undefined;
  if (!summary || !Array.isArray(summary.results)) return null;
  const bad = summary.results.filter((r) => r.status !== "pass");
  return {
    total: summary.results.length,
    passed: summary.results.length - bad.length,
    failed: bad.filter((r) => r.severity === "error").length,
    warned: bad.filter((r) => r.severity !== "error").length,
    failures: bad.map((r) => ({ id: r.id, severity: r.severity, status: r.status, failures: r.failures, message: r.message })),
  };
}

export function reportOf(record: RunRecord, details: Map<string, unknown>): RunReport {
  return {
    runId: record.runId,
    job: record.job,
    status: record.status as RunReport["status"],
    seconds: record.seconds ?? 0,
    error: record.error ?? undefined,
    steps: record.steps.map((s) => ({
      step: s.step,
      status: (s.status === "pending" || s.status === "running" ? "aborted" : s.status) as StepReport["status"],
      seconds: s.seconds,
      rows: s.rows ?? undefined,
      warnings: s.warnings,
      error: s.error ?? undefined,
      attempts: s.attempts,
      detail: details.get(s.step),
    })),
  };
}

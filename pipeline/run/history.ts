// The run history: a JSON-lines file beside the warehouse, not inside it, because a failed run's staged warehouse
// is thrown away and its record must stay. Each line is a whole run record; the last line of a run id wins.
import { randomBytes } from "node:crypto";
import { appendFile, mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { holderAlive } from "./lock.ts";

export type RunStatus = "queued" | "running" | "success" | "skipped" | "failed" | "aborted" | "crashed" | "cancelled";
export type StepStatus = "pending" | "running" | "success" | "skipped" | "failed" | "upstream_failed" | "aborted";

export interface TestFailure {
  id: string;
  severity: string;
  status: string;
  failures: number;
  message: string;
}

export interface TestCounts {
  total: number;
  passed: number;
  failed: number;
  warned: number;
  /** The tests that did not pass (those that did are only counted). */
  failures: TestFailure[];
}

export interface StepRecord {
  step: string;
  status: StepStatus;
  attempts: number;
  /** Waits before each retry, in milliseconds. */
  delaysMs: number[];
  startedAt: string | null;
  finishedAt: string | null;
  seconds: number;
  rows: number | null;
  warnings: string[];
  error: string | null;
  /** Why a step did not run: inputs unchanged, done in the parent run, an upstream step failed. */
  note: string | null;
  tests: TestCounts | null;
}

export interface RunRecord {
  runId: string;
  /** A job name (daily_full_refresh, …), or run / build for the manual commands. */
  job: string;
  /** manual, schedule:<name>, sensor:<name>, retry:<run id>. */
  trigger: string;
  /** Sensor events this run answers (bcb-stale:433:2025-05-01, …); one run per key, ever. */
  runKeys: string[];
  parentRunId: string | null;
  status: RunStatus;
  pid: number;
  host: string;
  queuedAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  seconds: number | null;
  steps: StepRecord[];
  error: string | null;
  /** The failed run's staged warehouse, kept so that `retry` can resume from the failed step. */
  checkpoint: string | null;
  /** Identity of the live warehouse the run started from; a checkpoint is only valid on the same one. */
  baseState: string | null;
  options: { fullRefresh: boolean; select: string | null };
}

/** 20250101T060000-a1b2c3: sortable, and unique across processes. */
export function newRunId(now = new Date()): string {
  return `${now.toISOString().replace(/[-:]/g, "").replace(/\..*/, "")}-${randomBytes(3).toString("hex")}`;
}

export const FINISHED: readonly RunStatus[] = ["success", "skipped", "failed", "aborted", "crashed", "cancelled"];

export function newRunRecord(fields: Pick<RunRecord, "runId" | "job" | "trigger"> & Partial<RunRecord>): RunRecord {
  return {
    runKeys: [],
    parentRunId: null,
    status: "queued",
    pid: process.pid,
    host: os.hostname(),
    queuedAt: null,
    startedAt: null,
    finishedAt: null,
    seconds: null,
    steps: [],
    error: null,
    checkpoint: null,
    baseState: null,
    options: { fullRefresh: false, select: null },
    ...fields,
  };
}

export function pendingStep(step: string, note: string | null = null, status: StepStatus = "pending"): StepRecord {
  return { step, status, attempts: 0, delaysMs: [], startedAt: null, finishedAt: null, seconds: 0, rows: null, warnings: [], error: null, note, tests: null };
}

/** A queued or running record whose process is gone is cancelled or crashed, whatever its last line says. */
function settled(run: RunRecord, now: Date): RunRecord {
  if (FINISHED.includes(run.status)) return run;
  const owner = {
    pid: run.pid,
    host: run.host,
    startTicks: null,
    token: "",
    purpose: "",
    runId: run.runId,
    acquiredAt: "",
    heartbeatAt: run.startedAt ?? run.queuedAt ?? "",
  };
  // Other hosts cannot be checked; their records stay as written.
  if (run.host !== os.hostname() || holderAlive(owner, now, Infinity)) return run;
  const status: RunStatus = run.status === "queued" ? "cancelled" : "crashed";
  return {
    ...run,
    status,
    error: run.error ?? `process ${run.pid} ended without finishing the run (killed or crashed)`,
    steps: run.steps.map((s) => (s.status === "running" ? { ...s, status: "aborted", error: s.error ?? "process ended" } : s)),
  };
}

export class RunHistory {
  constructor(readonly file: string) {}

  async append(run: RunRecord): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    // One write per record with O_APPEND: concurrent writers interleave whole lines.
    await appendFile(this.file, `${JSON.stringify(run)}\n`);
  }

  /** Every run, oldest first, in its latest state. */
  async runs(now = new Date()): Promise<RunRecord[]> {
    return (await this.rawLatest()).map((r) => settled(r, now));
  }

  async run(runId: string): Promise<RunRecord | undefined> {
    return (await this.runs()).find((r) => r.runId === runId);
  }

  /** Run keys already answered by a run that is queued, running or finished (cancelled runs free theirs). */
  async usedRunKeys(): Promise<Map<string, string>> {
    const used = new Map<string, string>();
    for (const run of await this.runs()) {
      if (run.status === "cancelled") continue;
      for (const key of run.runKeys) used.set(key, run.runId);
    }
    return used;
  }

  /** Writes the settled state of dead queued/running runs, so that every reader agrees on it. */
  async reconcile(now = new Date()): Promise<RunRecord[]> {
    const raw = await this.rawLatest();
    const changed: RunRecord[] = [];
    for (const run of raw) {
      const s = settled(run, now);
      if (s.status !== run.status) {
        changed.push({ ...s, finishedAt: s.finishedAt ?? now.toISOString() });
      }
    }
    for (const run of changed) await this.append(run);
    return changed;
  }

  /** Keeps the last `keep` runs (and any unfinished one) once the file is much longer than that. */
  async compactIfLarge(keep: number, bytesPerRun = 16_384): Promise<boolean> {
    const size = await stat(this.file).then(
      (s) => s.size,
      () => 0,
    );
    if (size <= keep * bytesPerRun) return false;
    const runs = await this.rawLatest();
    const kept = runs.filter((r, i) => i >= runs.length - keep || !FINISHED.includes(r.status));
    const temp = `${this.file}.${process.pid}.tmp`;
    await writeFile(temp, kept.map((r) => `${JSON.stringify(r)}\n`).join(""));
    await rename(temp, this.file);
    return true;
  }

  private async rawLatest(): Promise<RunRecord[]> {
    const text = await readFile(this.file, "utf8").catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return "";
      throw error;
    });
    const byId = new Map<string, RunRecord>();
    for (const line of text.split("\n")) {
      if (!line.trim()) continue;
      try {
        const run = JSON.parse(line) as RunRecord;
        if (typeof run?.runId === "string") byId.set(run.runId, run);
      } catch {
        // A line being written right now, or damage: the other lines still count.
      }
    }
    return [...byId.values()].sort((a, b) => startOf(a).localeCompare(startOf(b)));
  }
}

const startOf = (r: RunRecord) => r.startedAt ?? r.queuedAt ?? r.finishedAt ?? "";

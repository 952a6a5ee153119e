// Every run, scheduled or typed, goes through here: take the run lock (waiting for a live owner, recovering a
// dead one and recording its run as crashed), run, release.
import type { Config } from "../config.ts";
import { RunHistory } from "./history.ts";
import { acquireLock, type HeldLock, type LockOwner } from "./lock.ts";

export interface RunLockOptions {
  signal?: AbortSignal;
  history?: RunHistory;
  /** Overrides PIPELINE_LOCK_WAIT_SECONDS. */
  waitMs?: number;
}

async function markCrashed(history: RunHistory, holder: LockOwner): Promise<void> {
  if (!holder.runId) return;
  const run = await history.run(holder.runId);
  // Finished records carry finishedAt; a crashed run only looks crashed (derived) until this writes it.
  if (!run || run.finishedAt) return;
  await history.append({
    ...run,
    status: "crashed",
    finishedAt: new Date().toISOString(),
    error: `process ${holder.pid} on ${holder.host} ended during the run (killed or crashed); its run lock was recovered`,
    steps: run.steps.map((s) => (s.status === "running" || s.status === "aborted" ? { ...s, status: "aborted", error: s.error ?? "process ended" } : s)),
  });
}

export async function withRunLock<T>(
  config: Config,
  purpose: string,
  work: (lock: HeldLock, history: RunHistory) => Promise<T>,
  options: RunLockOptions = {},
): Promise<T> {
  const history = options.history ?? new RunHistory(config.schedule.historyPath);
  const lock = await acquireLock(config.schedule.lockPath, {
    purpose,
    waitMs: options.waitMs ?? config.schedule.lockWaitSeconds * 1000,
    staleMs: config.schedule.lockStaleSeconds * 1000,
    signal: options.signal,
    onStale: (holder) => markCrashed(history, holder),
  });
  try {
    // Runs of processes that died without holding the lock (queued in a scheduler that was killed) settle too.
    await history.reconcile();
    return await work(lock, history);
  } finally {
    await lock.release();
  }
}

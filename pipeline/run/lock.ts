// The run lock: one file that scheduled runs and manual builds take before touching the warehouse or the site.
// A crashed owner (kill -9, power loss) is detected by its process being gone, or by a stale heartbeat when the
// owner runs on another host, and its lock is recovered.
import { randomBytes } from "node:crypto";
import { readFileSync, unlinkSync } from "node:fs";
import { link, mkdir, readFile, rename, unlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { logger, type Logger } from "../log.ts";
import { realSleep, type Sleep } from "./retry.ts";

export interface LockOwner {
  pid: number;
  host: string;
  /** Kernel start time of the process (Linux), so that a reused pid is not mistaken for the owner. */
  startTicks: string | null;
  /** Unique per acquisition: whoever removes the file checks it first. */
  token: string;
  /** What holds it: "build", "job daily_full_refresh", … */
  purpose: string;
  runId: string | null;
  acquiredAt: string;
  heartbeatAt: string;
}

export class LockBusyError extends Error {
  override name = "LockBusyError";
  constructor(
    message: string,
    readonly holder: LockOwner,
  ) {
    super(message);
  }
}

export interface LockOptions {
  purpose: string;
  runId?: string | null;
  /** How long to wait for a live owner; 0 fails at once. */
  waitMs: number;
  /** Heartbeat age after which an owner that cannot be checked (another host) counts as gone. */
  staleMs: number;
  pollMs?: number;
  heartbeatMs?: number;
  now?: () => Date;
  sleep?: Sleep;
  signal?: AbortSignal;
  log?: Logger;
  /** Called with the owner of a lock found stale, before it is removed (the history marks its run crashed). */
  onStale?: (holder: LockOwner) => Promise<void> | void;
}

export interface HeldLock {
  readonly file: string;
  readonly owner: LockOwner;
  /** Records the run now holding the lock (shown by `status` and used to mark it crashed if it dies). */
  setRun(runId: string): Promise<void>;
  release(): Promise<void>;
}

/** Field 22 of /proc/<pid>/stat; null where /proc is unavailable. */
export function processStartTicks(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null;
  } catch {
    return null;
  }
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Whether `holder` is still running: on this host, by its pid and start time; elsewhere, by its heartbeat. */
export function holderAlive(holder: LockOwner, now: Date, staleMs: number): boolean {
  if (holder.host === os.hostname()) {
    if (!pidExists(holder.pid)) return false;
    const ticks = processStartTicks(holder.pid);
    return ticks === null || holder.startTicks === null || ticks === holder.startTicks;
  }
  return now.getTime() - Date.parse(holder.heartbeatAt) <= staleMs;
}

export async function readLock(file: string): Promise<LockOwner | undefined> {
  const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as LockOwner;
  } catch {
    // Written with link(2) from a complete temp file, so a torn lock is damage, not a writer in progress.
    return {
      pid: -1,
      host: "",
      startTicks: null,
      token: "unreadable",
      purpose: "unreadable lock file",
      runId: null,
      acquiredAt: "",
      heartbeatAt: "1970-01-01T00:00:00Z",
    };
  }
}

const describeHolder = (h: LockOwner) => `${h.purpose}${h.runId ? ` (run ${h.runId})` : ""}, pid ${h.pid} on ${h.host || "?"}, since ${h.acquiredAt}`;

async function writeAtomically(file: string, owner: LockOwner, create: boolean): Promise<void> {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  await writeFile(temp, JSON.stringify(owner));
  try {
    // link fails when the file exists: creation and content appear in one step.
    if (create) await link(temp, file);
    else await rename(temp, file);
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

/** Removes a stale lock unless someone replaced it meanwhile; true when it is gone. */
async function removeStale(file: string, stale: LockOwner): Promise<boolean> {
  const aside = `${file}.stale-${process.pid}-${randomBytes(4).toString("hex")}`;
  try {
    await rename(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return true;
    throw error;
  }
  const moved = await readLock(aside);
  if (moved?.token !== stale.token) {
    // We moved a fresh lock taken between our read and our rename: put it back.
    await link(aside, file).catch(() => undefined);
    await unlink(aside).catch(() => undefined);
    return false;
  }
  await unlink(aside).catch(() => undefined);
  return true;
}

const held = new Map<string, string>();
let exitHook = false;

/** A process that exits normally (or by an uncaught error) never leaves its lock behind. */
function releaseOnExit(): void {
  if (exitHook) return;
  exitHook = true;
  process.on("exit", () => {
    for (const [file, token] of held) {
      try {
        if ((JSON.parse(readFileSync(file, "utf8")) as LockOwner).token === token) unlinkSync(file);
      } catch {
        // already gone
      }
    }
  });
}

export async function acquireLock(file: string, options: LockOptions): Promise<HeldLock> {
  const log = options.log ?? logger("lock");
  const now = options.now ?? (() => new Date());
  const sleep = options.sleep ?? realSleep;
  const pollMs = options.pollMs ?? 1000;
  await mkdir(path.dirname(file), { recursive: true });
  const started = now().getTime();
  const owner: LockOwner = {
    pid: process.pid,
    host: os.hostname(),
    startTicks: processStartTicks(process.pid),
    token: randomBytes(8).toString("hex"),
    purpose: options.purpose,
    runId: options.runId ?? null,
    acquiredAt: now().toISOString(),
    heartbeatAt: now().toISOString(),
  };
  let waitingFor: string | null = null;
  for (;;) {
    try {
      await writeAtomically(file, owner, true);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = await readLock(file);
    if (!holder) continue;
    if (!holderAlive(holder, now(), options.staleMs)) {
      log.warn(`recovering a stale run lock ${file}: its owner is gone (${describeHolder(holder)})`);
      await options.onStale?.(holder);
      await removeStale(file, holder);
      continue;
    }
    const waited = now().getTime() - started;
    if (waited >= options.waitMs) {
      throw new LockBusyError(
        `Another run holds ${file}: ${describeHolder(holder)}. Wait for it to finish (\`npm run pipeline -- status\`), ` +
          `or raise PIPELINE_LOCK_WAIT_SECONDS to queue behind it`,
        holder,
      );
    }
    if (waitingFor !== holder.token) {
      waitingFor = holder.token;
      log.info(`waiting for ${describeHolder(holder)} to finish (up to ${Math.round((options.waitMs - waited) / 1000)} s)`);
    }
    await sleep(Math.min(pollMs, options.waitMs - waited), options.signal);
  }
  held.set(file, owner.token);
  releaseOnExit();

  const heartbeat = setInterval(() => void beat(), options.heartbeatMs ?? 15_000);
  heartbeat.unref();
  let lost = false;
  async function beat(): Promise<void> {
    const current = await readLock(file).catch(() => undefined);
    if (current?.token !== owner.token) {
      if (!lost) log.error(`the run lock ${file} was taken over by someone else; this run no longer excludes others`);
      lost = true;
      return;
    }
    owner.heartbeatAt = now().toISOString();
    await writeAtomically(file, owner, false).catch(() => undefined);
  }

  return {
    file,
    owner,
    async setRun(runId) {
      owner.runId = runId;
      await beat();
    },
    async release() {
      clearInterval(heartbeat);
      held.delete(file);
      const current = await readLock(file).catch(() => undefined);
      if (current?.token === owner.token) await unlink(file).catch(() => undefined);
    },
  };
}

/** Who holds the lock now, and whether that owner is alive; undefined when it is free. */
export async function lockStatus(file: string, staleMs: number, now = new Date()): Promise<{ holder: LockOwner; alive: boolean } | undefined> {
  const holder = await readLock(file);
  if (!holder) return undefined;
  return { holder, alive: holderAlive(holder, now, staleMs) };
}

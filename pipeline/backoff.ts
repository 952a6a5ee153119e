// How long to wait before trying again, for everything that retries (run steps, the BCB client, alerts):
// exponential backoff with jitter, the server's Retry-After, and a sleep that an AbortSignal cuts short.

export interface Backoff {
  /** Wait after the first failure, before jitter; it doubles on every further failure. */
  baseMs: number;
  /** No wait is longer than this. */
  maxMs: number;
  /**
   * "full": a uniform wait between 0 and the exponential value (spreads out clients that failed together, as
   * the BCB client wants); a number j: the exponential value times a uniform factor in [1 − j, 1 + j] (with
   * j ≤ 1/3 every wait is longer than the one before it, until the cap, as run steps want).
   */
  jitter: "full" | number;
}

/** The wait after failed attempt `attempt` (1-based). */
export function backoffDelay(attempt: number, backoff: Backoff, random: () => number = Math.random): number {
  const exponential = backoff.baseMs * 2 ** Math.max(0, attempt - 1);
  const r = Math.min(1, Math.max(0, random()));
  if (backoff.jitter === "full") return Math.round(r * Math.min(backoff.maxMs, exponential));
  const factor = 1 - backoff.jitter + 2 * backoff.jitter * r;
  return Math.round(Math.min(backoff.maxMs, exponential * factor));
}

/** Retry-After as milliseconds from `nowMs`: either delta-seconds or an HTTP-date; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null | undefined, nowMs: number): number | undefined {
  if (header === null || header === undefined) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1_000;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/** "350 ms", "4 s", "1.5 s": for messages that tell the reader what happens next. */
export function formatDelay(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  const seconds = Math.round(ms / 100) / 10;
  return `${seconds} s`;
}

/** The run was told to stop (SIGTERM, SIGINT, or the scheduler shutting down). */
export class RunAbortedError extends Error {
  override name = "RunAbortedError";
}

export function abortReason(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  if (typeof reason === "string") return reason;
  return reason instanceof Error && reason.name !== "AbortError" ? reason.message : "aborted";
}

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** setTimeout as a promise that rejects with RunAbortedError as soon as `signal` aborts. */
export const realSleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new RunAbortedError(`run aborted (${abortReason(signal)})`));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new RunAbortedError(`run aborted (${abortReason(signal!)})`));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });

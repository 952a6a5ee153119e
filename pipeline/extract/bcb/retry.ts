// How long to wait before asking the BCB API again: exponential backoff with full jitter, or the server's Retry-After.

export interface Backoff {
  /** Ceiling of the first wait; it doubles on every attempt. */
  baseMs: number;
  /** No wait is longer than this. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { baseMs: 1_000, maxMs: 30_000 };

/**
 * Full jitter (a uniform wait between 0 and the exponential ceiling) spreads out clients that failed together,
 * which a fixed schedule would send back at the same instant. `attempt` is the 1-based attempt that just failed.
 */
export function backoffDelay(attempt: number, random: () => number, backoff: Backoff = DEFAULT_BACKOFF): number {
  const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(Math.min(1, Math.max(0, random())) * ceiling);
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

export function realSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

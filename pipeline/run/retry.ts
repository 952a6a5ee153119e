// Step retries: exponential backoff with proportional jitter, abortable waits, and errors that are never retried.
import type { Config } from "../config.ts";
import { abortReason, backoffDelay, realSleep, RunAbortedError, type Backoff, type Sleep } from "../backoff.ts";
import { describeError } from "../log.ts";

export { abortReason, realSleep, RunAbortedError, type Sleep };

export interface RetryPolicy extends Backoff {
  /** Attempts in all; 1 means no retry. */
  maxAttempts: number;
  jitter: number;
}

/**
 * Proportional rather than full jitter: with jitter ≤ 1/3 every wait is longer than the one before it (until the
 * cap), so a flapping source gets more room each time, while runs that failed together still spread out.
 */
export const DEFAULT_JITTER = 0.25;

export function retryPolicyFrom(config: Config, retryable = true): RetryPolicy {
  const s = config.schedule;
  return {
    maxAttempts: retryable ? s.stepMaxAttempts : 1,
    baseMs: s.retryBaseSeconds * 1000,
    maxMs: s.retryMaxSeconds * 1000,
    jitter: DEFAULT_JITTER,
  };
}

/** The wait after failed attempt `attempt` (1-based). */
export function retryDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  return backoffDelay(attempt, policy, random);
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new RunAbortedError(`run aborted (${abortReason(signal)})`);
}

/**
 * Errors that say the input itself is wrong (configuration, model files, a malformed snapshot, a source schema):
 * the same input fails the same way, so they are not retried. Matched by name along the cause chain, so that
 * this module need not import every extractor.
 */
const PERMANENT = new Set(["ConfigError", "ProjectError", "DagError", "SgsFormatError", "SourceSchemaError", "SampleOptionsError", "UnknownJobError"]);

export function isPermanent(error: unknown): boolean {
  for (let e = error; e instanceof Error; e = e.cause) if (PERMANENT.has(e.name)) return true;
  return false;
}

export interface RetryOptions {
  policy: RetryPolicy;
  sleep?: Sleep;
  random?: () => number;
  signal?: AbortSignal;
  /** Whether another attempt could help; default: anything but an abort or a permanent error. */
  retryable?: (error: unknown) => boolean;
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
}

export interface RetryResult<T> {
  value: T;
  attempts: number;
  /** The waits between attempts, in order. */
  delays: number[];
}

/** Thrown when the last attempt failed; carries how many attempts were made and the waits between them. */
export class RetriesExhaustedError extends Error {
  override name = "RetriesExhaustedError";
  constructor(
    readonly attempts: number,
    readonly delays: number[],
    readonly lastError: unknown,
  ) {
    super(attempts > 1 ? `${describeError(lastError)} (after ${attempts} attempts)` : describeError(lastError), { cause: lastError });
  }
}

export async function withRetries<T>(work: (attempt: number) => Promise<T>, options: RetryOptions): Promise<RetryResult<T>> {
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  const delays: number[] = [];
  for (let attempt = 1; ; attempt++) {
    throwIfAborted(options.signal);
    try {
      return { value: await work(attempt), attempts: attempt, delays };
    } catch (error) {
      const retryable = !(error instanceof RunAbortedError) && !options.signal?.aborted && (options.retryable?.(error) ?? !isPermanent(error));
      if (!retryable || attempt >= options.policy.maxAttempts) {
        if (error instanceof RunAbortedError || options.signal?.aborted) throw error;
        throw new RetriesExhaustedError(attempt, delays, error);
      }
      const delayMs = retryDelay(attempt, options.policy, random);
      delays.push(delayMs);
      options.onRetry?.({ attempt, delayMs, error });
      await sleep(delayMs, options.signal);
    }
  }
}

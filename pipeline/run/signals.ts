// SIGTERM and SIGINT as an AbortSignal while a run is in progress: the current step is interrupted, the run is
// recorded as aborted, its staged files are removed and the lock released, and only then does the process exit.
import { logger } from "../log.ts";

const log = logger("signal");

/** If cleanup hangs on a step that ignores the interrupt, the process still ends this long after the signal. */
const FORCED_EXIT_MS = 30_000;

const exitCode = (signal: NodeJS.Signals) => (signal === "SIGINT" ? 130 : 143);

/**
 * Runs `work` with an AbortSignal that SIGTERM/SIGINT abort. A caller that has its own signal (the scheduler
 * handles the process signals itself) passes it and no handler is installed.
 */
export async function withTermination<T>(given: AbortSignal | undefined, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  if (given) return work(given);
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      log.error(`${signal} again: exiting now; the next run removes what this one staged`);
      process.exit(exitCode(signal));
    }
    log.warn(`${signal} received: stopping the current step; the previous warehouse and site stay in place`);
    controller.abort(signal);
    process.exitCode = exitCode(signal);
    setTimeout(() => process.exit(exitCode(signal)), FORCED_EXIT_MS).unref();
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
  try {
    return await work(controller.signal);
  } finally {
    process.off("SIGTERM", onSignal);
    process.off("SIGINT", onSignal);
  }
}

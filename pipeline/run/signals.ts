// SIGTERM and SIGINT as an AbortSignal while a run is in progress: the current step is interrupted, the run is
// recorded as aborted, its staged files are removed and the lock released, and only then does the process exit.
import { logger } from "../log.ts";

const log = logger("signal");

/** If cleanup hangs on a step that ignores the interrupt, the process still ends this long after the signal. */
const FORCED_EXIT_MS = 30_000;

const exitCode = (signal: NodeJS.Signals) => (signal === "SIGINT" ? 130 : 143);

/**
 * A signal sent to the process group (Ctrl-C, `kill -- -pgid`) reaches npm too, and npm forwards it to its
 * script: one request arrives twice, milliseconds apart. A repeat this soon is that echo, not "stop now".
 */
export const SIGNAL_ECHO_MS = 1_000;

/**
 * Under `npm run`, the process must not outlive npm (killed with SIGKILL, or the `sh -c` of a `a && b` script
 * ended by a signal): when its parent goes, it stops as on SIGTERM. Elsewhere (nohup, a service manager) the
 * parent may legitimately go away, so it watches only when npm started it.
 */
export function stopWithParent(pollMs = 500): void {
  if (!process.env.npm_lifecycle_event) return;
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    log.warn(`parent process ${parent} ended: stopping as on SIGTERM`);
    process.kill(process.pid, "SIGTERM");
  }, pollMs).unref();
}

/**
 * Runs `work` with an AbortSignal that SIGTERM/SIGINT abort. A caller that has its own signal (the scheduler
 * handles the process signals itself) passes it and no handler is installed.
 */
export async function withTermination<T>(given: AbortSignal | undefined, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  if (given) return work(given);
  const controller = new AbortController();
  let firstAt = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      if (Date.now() - firstAt < SIGNAL_ECHO_MS) return;
      log.error(`${signal} again: exiting now; the next run removes what this one staged`);
      process.exit(exitCode(signal));
    }
    log.warn(`${signal} received: stopping the current step; the previous warehouse and site stay in place`);
    firstAt = Date.now();
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

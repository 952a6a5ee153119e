// Progress of a long copy on stderr: rows so far and rows per second, at most every few seconds, then a total.
import type { Logger } from "../../log.ts";

const count = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

export interface ProgressTotal {
  rows: number;
  seconds: number;
  rowsPerSecond: number;
}

export class Progress {
  private rows = 0;
  private readonly started = performance.now();
  private lastReport = this.started;

  constructor(
    private readonly log: Logger,
    private readonly label: string,
    private readonly everyMs = 2_000,
  ) {}

  add(rows: number): void {
    this.rows += rows;
    const now = performance.now();
    if (now - this.lastReport >= this.everyMs) {
      this.lastReport = now;
      const seconds = (now - this.started) / 1000;
      this.log.info(`${this.label}: ${count.format(this.rows)} rows, ${count.format(this.rows / seconds)} rows/s`);
    }
  }

  /** Logs and returns the total; `rows` overrides the running count when the exact figure is known later. */
  done(rows: number = this.rows, detail = ""): ProgressTotal {
    const seconds = (performance.now() - this.started) / 1000;
    const rowsPerSecond = seconds > 0 ? rows / seconds : rows;
    this.log.info(`${this.label}: ${count.format(rows)} rows in ${seconds.toFixed(1)} s (${count.format(rowsPerSecond)} rows/s)${detail}`);
    return { rows, seconds, rowsPerSecond };
  }
}

export function formatCount(n: number): string {
  return count.format(n);
}

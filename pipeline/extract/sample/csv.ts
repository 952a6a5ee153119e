// Writing one CSV file of the sample: rows are batched into large chunks, hashed as they go, and handed to a write
// stream whose backpressure the generator honours, so memory stays bounded whatever the sample's size.
import { createHash, type Hash } from "node:crypto";
import { createWriteStream, type WriteStream } from "node:fs";
import { once } from "node:events";

/** Rows gather into chunks of about this many UTF-16 units before being encoded and written. */
const CHUNK_CHARS = 1 << 17;
const STREAM_HIGH_WATER_MARK = 1 << 20;

/** RFC 4180 quoting, only when needed: a field with a comma, quote, CR or LF is quoted and its quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export interface CsvFileSummary {
  rows: number;
  sha256: string;
}

export class CsvFile {
  /** Data records written (the header is not counted; a quoted newline does not start a record). */
  rows = 0;
  private pending = "";
  private blocked = false;
  private readonly hash: Hash = createHash("sha256");
  private readonly stream: WriteStream;
  private failure: Error | undefined;

  /** `header` is written as is, so a caller can also copy a file verbatim through `raw`. */
  constructor(readonly path: string, header: string) {
    this.stream = createWriteStream(path, { highWaterMark: STREAM_HIGH_WATER_MARK });
    // Kept, not thrown: an 'error' with no listener would crash the process before the generator could report it.
    this.stream.on("error", (error) => (this.failure ??= error));
    this.pending = header;
  }

  /** One record, already formatted and ending in "\n". */
  row(line: string): void {
    this.pending += line;
    this.rows++;
    if (this.pending.length >= CHUNK_CHARS) this.flush();
  }

  /** Bytes that are not records (a copied file's body); counts `records` rows. */
  raw(text: string, records: number): void {
    this.pending += text;
    this.rows += records;
    this.flush();
  }

  /** True when the stream asked the writer to wait; then `await drain()` before writing more. */
  get full(): boolean {
    return this.blocked;
  }

  async drain(): Promise<void> {
    if (!this.blocked) return;
    await this.until("drain");
    this.blocked = false;
  }

  /** Waits only when the stream is full: cheap enough to call after every row. */
  ready(): Promise<void> | undefined {
    return this.blocked ? this.drain() : undefined;
  }

  async close(): Promise<CsvFileSummary> {
    this.flush();
    this.stream.end();
    await this.until("finish");
    return { rows: this.rows, sha256: this.hash.digest("hex") };
  }

  /** Closes the file descriptor after a failure; the partial file is left for the caller to remove. */
  destroy(): void {
    this.stream.destroy();
  }

  private async until(event: "drain" | "finish"): Promise<void> {
    this.throwIfFailed();
    try {
      await once(this.stream, event);
    } catch (error) {
      this.failure ??= error as Error;
      this.throwIfFailed();
    }
  }

  private throwIfFailed(): void {
    if (this.failure) {
      throw new Error(`Could not write sample file ${this.path}: ${this.failure.message}`, { cause: this.failure });
    }
  }

  private flush(): void {
    this.throwIfFailed();
    if (this.pending.length === 0) return;
    const chunk = Buffer.from(this.pending, "utf8");
    this.pending = "";
    this.hash.update(chunk);
    if (!this.stream.write(chunk)) this.blocked = true;
  }
}

const CENTS: string[] = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, "0"));

/** Cents as Olist writes money: `58.90`, `0.00`. */
export function money(cents: number): string {
  const rest = cents % 100;
  return `${(cents - rest) / 100}.${CENTS[rest]}`;
}

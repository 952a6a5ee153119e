// Writing one CSV file of the sample: fields are encoded straight into large byte chunks (no per-row strings to
// build, flatten and re-encode), hashed as they go, and handed to a write stream whose backpressure the generator
// honours, so memory stays bounded whatever the sample's size.
import { createHash, type Hash } from "node:crypto";
import { once } from "node:events";
import { createWriteStream, type WriteStream } from "node:fs";
import { DATE_BYTES, DATE_DAYS, SECONDS_PER_DAY } from "./calendar.ts";
import type { Ids } from "./ids.ts";

const CHUNK_BYTES = 1 << 18;
/** A chunk is handed over once it holds this much; a row never needs more than the rest. */
const FLUSH_AT = CHUNK_BYTES - (1 << 14);
/** Longest text field accepted, in UTF-16 units (a UTF-8 byte count is at most three times that). */
const MAX_TEXT = 4096;
const STREAM_HIGH_WATER_MARK = 1 << 20;

const COMMA = 0x2c;
const NEWLINE = 0x0a;
const DOT = 0x2e;
const HEX = Uint8Array.from("0123456789abcdef", (c) => c.charCodeAt(0));
const ZERO = 0x30;

/** RFC 4180 quoting, only when needed: a field with a comma, quote, CR or LF is quoted and its quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Cents as Olist writes money: `58.90`, `0.00`. */
export function money(cents: number): string {
  const rest = cents % 100;
  return `${(cents - rest) / 100}.${String(rest).padStart(2, "0")}`;
}

export interface CsvFileSummary {
  rows: number;
  sha256: string;
}

/**
 * One output file. Rows are written field by field (`id`, `text`, `int`, `money`, `timestamp`, separated by
 * `comma()`) and closed by `end()`; after a batch of rows, `await ready()` when it returns a promise.
 */
export class CsvFile {
  /** Data records written (the header is not counted; a quoted newline does not start a record). */
  rows = 0;
  private buf = Buffer.allocUnsafe(CHUNK_BYTES);
  private pos = 0;
  private rowStart = 0;
  private blocked = false;
  private failure: Error | undefined;
  private readonly hash: Hash = createHash("sha256");
  private readonly stream: WriteStream;

  constructor(
    readonly path: string,
    header: string,
  ) {
    this.stream = createWriteStream(path, { highWaterMark: STREAM_HIGH_WATER_MARK });
    // Kept, not thrown: an 'error' with no listener would crash the process before the generator could report it.
    this.stream.on("error", (error) => (this.failure ??= error));
    this.text(header).endLine(false);
  }

  /** Ends the current record; `repeat` writes it a second time, byte for byte (a duplicated row). */
  end(repeat = false): void {
    const start = this.rowStart;
    this.endLine(true);
    if (repeat) {
      this.pos += this.buf.copy(this.buf, this.pos, start, this.pos);
      this.rows++;
      this.rowStart = this.pos;
    }
    if (this.pos >= FLUSH_AT) this.flush();
  }

  comma(): this {
    this.buf[this.pos++] = COMMA;
    return this;
  }

  /** Text written as is (the caller quotes it when needed, see `field`). */
  text(value: string): this {
    const n = value.length;
    if (n > MAX_TEXT) throw new RangeError(`A CSV field of ${n} characters is longer than the ${MAX_TEXT} allowed`);
    const buf = this.buf;
    const start = this.pos;
    let pos = start;
    for (let i = 0; i < n; i++) {
      const c = value.charCodeAt(i);
      if (c >= 0x80) {
        this.pos = start + buf.write(value, start, "utf8");
        return this;
      }
      buf[pos++] = c;
    }
    this.pos = pos;
    return this;
  }

  /** Free text, quoted by RFC 4180 when it needs to be. */
  field(value: string): this {
    return this.text(csvField(value));
  }

  /** A non-negative integer. */
  int(value: number): this {
    if (value < 10) {
      this.buf[this.pos++] = ZERO + value;
      return this;
    }
    return this.text(String(value));
  }

  money(cents: number): this {
    const rest = cents % 100;
    this.int((cents - rest) / 100);
    const buf = this.buf;
    buf[this.pos++] = DOT;
    buf[this.pos++] = ZERO + Math.floor(rest / 10);
    buf[this.pos++] = ZERO + (rest % 10);
    return this;
  }

  /** The 32-hex id number `index` of an id family. */
  id(ids: Ids, index: number): this {
    ids.words(index, this.words);
    const buf = this.buf;
    let pos = this.pos;
    for (let w = 0; w < 4; w++) {
      const x = this.words[w];
      for (let shift = 28; shift >= 0; shift -= 4) buf[pos++] = HEX[(x >>> shift) & 15];
    }
    this.pos = pos;
    return this;
  }

  /** `yyyy-MM-dd HH:mm:ss` of a wall-clock second; NaN (a missing timestamp) writes nothing. */
  timestamp(seconds: number): this {
    if (Number.isNaN(seconds)) return this;
    const whole = Math.floor(seconds);
    const day = Math.min(Math.floor(whole / SECONDS_PER_DAY), DATE_DAYS - 1);
    const s = whole - day * SECONDS_PER_DAY;
    this.date(day);
    this.two(Math.floor(s / 3600))
      .colon()
      .two(Math.floor(s / 60) % 60)
      .colon()
      .two(s % 60);
    return this;
  }

  /** The day of a wall-clock second at `00:00:00`, as Olist writes dates. */
  midnight(seconds: number): this {
    this.date(Math.min(Math.floor(seconds / SECONDS_PER_DAY), DATE_DAYS - 1));
    return this.text("00:00:00");
  }

  /** Position of the next byte, to `copyFrom` later in the same record. */
  mark(): number {
    return this.pos - this.rowStart;
  }

  /** Copies the current record's bytes from `mark` to here into `target`; returns their length. */
  copyFrom(mark: number, target: Buffer): number {
    return this.buf.copy(target, 0, this.rowStart + mark, this.pos);
  }

  bytes(source: Buffer, length: number): this {
    this.pos += source.copy(this.buf, this.pos, 0, length);
    return this;
  }

  /** A copied file's body, counted as `records` rows. */
  raw(body: Buffer, records: number): void {
    this.flush();
    this.hash.update(body);
    this.push(body);
    this.rows += records;
  }

  /** A promise when the stream asked the writer to wait, else undefined: cheap enough to call after every order. */
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

  private readonly words = new Uint32Array(4);

  private endLine(counted: boolean): void {
    this.buf[this.pos++] = NEWLINE;
    if (counted) this.rows++;
    this.rowStart = this.pos;
  }

  private date(day: number): void {
    const buf = this.buf;
    let pos = this.pos;
    for (let i = day * 10, end = i + 10; i < end; i++) buf[pos++] = DATE_BYTES[i];
    buf[pos++] = 0x20;
    this.pos = pos;
  }

  private two(n: number): this {
    this.buf[this.pos++] = ZERO + Math.floor(n / 10);
    this.buf[this.pos++] = ZERO + (n % 10);
    return this;
  }

  private colon(): this {
    this.buf[this.pos++] = 0x3a;
    return this;
  }

  private async drain(): Promise<void> {
    await this.until("drain");
    this.blocked = false;
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

  /** Hands the filled part of the chunk to the stream and starts a new chunk (the stream keeps the old one). */
  private flush(): void {
    if (this.pos === 0) return;
    const chunk = this.buf.subarray(0, this.pos);
    this.hash.update(chunk);
    this.push(chunk);
    this.buf = Buffer.allocUnsafe(CHUNK_BYTES);
    this.pos = 0;
    this.rowStart = 0;
  }

  private push(chunk: Buffer): void {
    this.throwIfFailed();
    if (!this.stream.write(chunk)) this.blocked = true;
  }
}

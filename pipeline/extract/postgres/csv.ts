// Reads the Olist CSVs record by record with csv-parse (RFC 4180: byte-order mark, quoted or bare fields,
// quoted newlines, CRLF or LF, no final newline), decoding the bytes first: UTF-8 is checked strictly (an
// invalid byte is an EncodingError naming its line, so a file in another encoding is refused, not loaded as
// mojibake) unless another encoding was named. Each record keeps the physical line it starts on and its raw
// text, so a rejected row can be reported as the user sees it in an editor. A malformed record is returned with
// an error, never thrown.
//
// Line numbers are counted here from each record's raw text rather than taken from csv-parse's info.lines,
// which counts a quoted CRLF as two lines.
import { createReadStream } from "node:fs";
import { isUtf8 } from "node:buffer";
import { Readable } from "node:stream";
import { parse, type CsvError, type Options } from "csv-parse";

export interface CsvRecord {
  /** 1-based physical line on which the record starts (the header is line 1). */
  line: number;
  /** Field values; an empty field, quoted or not, is null (as DuckDB's read_csv reads it). */
  fields: (string | null)[];
  /** The record's text as in the file, without its line ending. */
  raw: string;
  /** Why the record is malformed, if it is. */
  error?: string;
}

/** The file is not valid in the encoding it is read with (UTF-8 by default). */
export class EncodingError extends Error {
  override name = "EncodingError";
  constructor(
    readonly file: string,
    readonly line: number,
    readonly byte: number,
  ) {
    super(`${file} is not valid UTF-8: byte 0x${byte.toString(16).toUpperCase().padStart(2, "0")} on line ${line}`);
  }
}

/** Encodings a file can be read with: utf8 (strict), or any label TextDecoder knows (latin1 reads as windows-1252). */
export function checkEncoding(label: string): string {
  try {
    return new TextDecoder(label).encoding;
  } catch {
    throw new Error(`Unknown encoding "${label}": use utf8 (the default) or latin1 (also windows-1252)`);
  }
}

/** The longest record read (characters): beyond it the record is rejected. */
export const MAX_RECORD_CHARS = 300 * 1024 * 1024;

const ERRORS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: "a quoted field is not closed before the end of the file",
  CSV_INVALID_CLOSING_QUOTE: "text after a closing quote",
  INVALID_OPENING_QUOTE: "a quote inside an unquoted field",
  CSV_MAX_RECORD_SIZE: "the record is longer than the reader's limit",
};

/** Newlines a raw record spans, its own line end included (csv-parse keeps only the \r of a closing CRLF). */
function linesIn(raw: string): number {
  let n = 0;
  for (let i = raw.indexOf("\n"); i !== -1; i = raw.indexOf("\n", i + 1)) n++;
  if (raw.endsWith("\r")) n++;
  return n;
}

function withoutLineEnd(raw: string): string {
  return raw.replace(/\r?\n?$/, "").replace(/\r$/, "");
}

/** Where the first invalid UTF-8 sequence starts in `bytes` (assumed to start on a character boundary), or -1. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const len = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (len === 0) return i;
    for (let k = 1; k < len; k++) if (i + k >= bytes.length || (bytes[i + k] & 0xc0) !== 0x80) return i;
    if (len > 1 && !isUtf8(bytes.subarray(i, i + len))) return i; // overlong or surrogate forms
    i += len;
  }
  return -1;
}

/** Bytes at the end of `bytes` that begin a character the next chunk completes. */
function incompleteTail(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const b = bytes[bytes.length - back];
    if ((b & 0xc0) === 0x80) continue; // continuation byte: look further back
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}

/** Decodes a file's chunks: strict UTF-8 (EncodingError on the first bad byte), or the named encoding. */
async function* decode(file: string, encoding: string, chunkBytes: number): AsyncGenerator<string> {
  const stream = createReadStream(file, { highWaterMark: chunkBytes });
  if (encoding !== "utf-8") {
    const decoder = new TextDecoder(encoding);
    for await (const chunk of stream) yield decoder.decode(chunk as Buffer, { stream: true });
    const last = decoder.decode();
    if (last) yield last;
    return;
  }
  let carry: Buffer = Buffer.alloc(0);
  let lines = 1;
  try {
    for await (const chunk of stream) {
      const bytes = carry.length > 0 ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
      const end = bytes.length - incompleteTail(bytes);
      const whole = bytes.subarray(0, end);
      if (!isUtf8(whole)) {
        const at = firstInvalidUtf8(whole);
        throw new EncodingError(file, lines + countNewlines(whole.subarray(0, at)), whole[at]);
      }
      lines += countNewlines(whole);
      carry = Buffer.from(bytes.subarray(end));
      yield whole.toString("utf8");
    }
    if (carry.length > 0) throw new EncodingError(file, lines, carry[0]);
  } finally {
    stream.destroy();
  }
}

function countNewlines(bytes: Uint8Array): number {
  let n = 0;
  for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) n++;
  return n;
}

/**
 * Reads a file's records in batches, never the whole file at once. Throws EncodingError when a UTF-8 file has
 * an invalid byte (pass `encoding` to read another encoding).
 */
export async function* readCsvRecords(file: string, options: { encoding?: string; chunkBytes?: number; batch?: number } = {}): AsyncGenerator<CsvRecord[]> {
  const encoding = checkEncoding(options.encoding ?? "utf8");
  let line = 1;
  // A skipped (malformed) record comes through on_skip, outside the stream: it travels with the next record.
  let skipped: CsvRecord[] = [];
  const options_: Options<CsvRecord[], unknown> = {
    bom: true,
    // No info: its lines count a quoted CRLF twice (see above), and it costs half the reading time.
    raw: true,
    relax_column_count: true,
    // A stray quote is data (as DuckDB and spreadsheets read it): an error there would lose the reader's place.
    relax_quotes: true,
    record_delimiter: ["\r\n", "\n"],
    skip_empty_lines: false,
    skip_records_with_error: true,
    on_record: (value: unknown) => {
      // With info and raw, csv-parse hands each record as { record, raw, info }.
      const { record, raw } = value as { record: string[]; raw: string };
      const out: CsvRecord[] = skipped;
      skipped = [];
      out.push({ line, fields: record.map((v) => (v === "" ? null : v)), raw: withoutLineEnd(raw) });
      line += linesIn(raw);
      return out;
    },
    on_skip: (error: CsvError | undefined, raw?: string) => {
      const text = (error as (CsvError & { raw?: string }) | undefined)?.raw ?? raw ?? "";
      const reason = (error && ERRORS[error.code]) ?? error?.message ?? "unreadable record";
      skipped.push({ line, fields: [], raw: withoutLineEnd(text), error: reason });
      line += linesIn(text);
      return undefined;
    },
    // A field as long as PostgreSQL's text holds comfortably (a runaway quote stops here, rejected).
    max_record_size: MAX_RECORD_CHARS,
  };
  const parser = parse(options_ as unknown as Options);
  const source = Readable.from(decode(file, encoding, options.chunkBytes ?? 1 << 20));
  source.on("error", (error) => parser.destroy(error));
  source.pipe(parser);
  const size = options.batch ?? 5000;
  let batch: CsvRecord[] = [];
  try {
    for await (const records of parser as AsyncIterable<CsvRecord[]>) {
      for (const r of records) batch.push(r);
      if (batch.length >= size) {
        yield batch;
        batch = [];
      }
    }
    batch.push(...skipped);
    if (batch.length > 0) yield batch;
  } finally {
    // A reader that stops early (the header only) closes the file.
    source.destroy();
    parser.destroy();
  }
}

/** Reads the whole file only to check that it decodes (EncodingError otherwise): no parsing, native speed. */
export async function checkDecodes(file: string, options: { encoding?: string } = {}): Promise<void> {
  for await (const text of decode(file, checkEncoding(options.encoding ?? "utf8"), 1 << 20)) void text;
}

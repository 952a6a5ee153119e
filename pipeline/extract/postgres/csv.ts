// A streaming RFC 4180 reader for the Olist CSVs as published: byte-order mark, quoted or bare fields, quoted
// newlines, CRLF or LF, no final newline. Each record keeps the physical line it starts on and its raw text, so
// a rejected row can be reported as the user sees it in an editor. A malformed record is returned, not thrown.
import { createReadStream } from "node:fs";

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

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  /** A quote inside a quoted field: the end of the field, or the first of a doubled quote. */
  QuoteInQuoted,
}

export class CsvParser {
  private state = State.FieldStart;
  private line = 1;
  private recordLine = 1;
  private fields: (string | null)[] = [];
  /** Text of the current field carried over from earlier chunks. */
  private field = "";
  /** Raw text of the current record carried over from earlier chunks. */
  private raw = "";
  private error: string | undefined;
  private started = false;

  /** Parses a chunk and appends the records it completes to `out`. */
  push(chunk: string, out: CsvRecord[]): void {
    if (!this.started) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    let segment = 0; // where the current field's pending text starts in this chunk
    let recordStart = 0;
    const n = chunk.length;
    for (let i = 0; i < n; i++) {
      const c = chunk.charCodeAt(i);
      switch (this.state) {
        case State.FieldStart:
          if (c === QUOTE) {
            this.state = State.Quoted;
            segment = i + 1;
          } else if (c === COMMA) {
            this.fields.push(null);
          } else if (c === LF) {
            this.fields.push(null);
            this.endRecord(chunk, recordStart, i, out);
            recordStart = i + 1;
          } else {
            this.state = State.Unquoted;
            segment = i;
          }
          break;
        case State.Unquoted:
          if (c === COMMA) {
            this.endField(this.field + chunk.slice(segment, i));
          } else if (c === LF) {
            this.endField(stripCr(this.field + chunk.slice(segment, i)));
            this.endRecord(chunk, recordStart, i, out);
            recordStart = i + 1;
          } else if (c === QUOTE) {
            this.error ??= "a quote inside an unquoted field";
          }
          break;
        case State.Quoted:
          if (c === QUOTE) {
            this.field += chunk.slice(segment, i);
            this.state = State.QuoteInQuoted;
          } else if (c === LF) {
            this.line++;
          }
          break;
        case State.QuoteInQuoted:
          if (c === QUOTE) {
            this.state = State.Quoted;
            segment = i; // the second quote of the pair starts the next piece of text
          } else if (c === COMMA) {
            this.endField(this.field);
          } else if (c === LF) {
            this.endField(this.field);
            this.endRecord(chunk, recordStart, i, out);
            recordStart = i + 1;
          } else if (c !== CR) {
            this.error ??= "text after a closing quote";
            this.state = State.Unquoted;
            segment = i;
          }
          break;
      }
    }
    if (this.state === State.Unquoted || this.state === State.Quoted) this.field += chunk.slice(segment);
    this.raw += chunk.slice(recordStart);
  }

  /** Flushes the last record of a file without a final newline. */
  end(out: CsvRecord[]): void {
    if (this.state === State.Quoted) {
      this.error ??= "a quoted field is not closed before the end of the file";
    }
    if (this.state === State.FieldStart && this.fields.length === 0 && this.raw === "") return;
    if (this.state === State.Unquoted) this.endField(stripCr(this.field));
    else this.endField(this.field);
    this.endRecord("", 0, 0, out);
  }

  private endField(value: string): void {
    this.fields.push(value === "" ? null : value);
    this.field = "";
    this.state = State.FieldStart;
  }

  private endRecord(chunk: string, start: number, end: number, out: CsvRecord[]): void {
    const raw = stripCr(this.raw + chunk.slice(start, end));
    // A blank line is not a record (a trailing empty line is common and carries no data).
    if (!(raw === "" && this.fields.length === 1 && this.fields[0] === null)) {
      const record: CsvRecord = { line: this.recordLine, fields: this.fields, raw };
      if (this.error !== undefined) record.error = this.error;
      out.push(record);
    }
    this.fields = [];
    this.raw = "";
    this.error = undefined;
    this.state = State.FieldStart;
    this.line++;
    this.recordLine = this.line;
  }
}

function stripCr(text: string): string {
  return text.charCodeAt(text.length - 1) === CR ? text.slice(0, -1) : text;
}

/** Reads a file's records in batches (one per chunk read), never the whole file at once. */
export async function* readCsvRecords(file: string, chunkBytes = 1 << 20): AsyncGenerator<CsvRecord[]> {
  const parser = new CsvParser();
  const stream = createReadStream(file, { encoding: "utf8", highWaterMark: chunkBytes });
  for await (const chunk of stream) {
    const batch: CsvRecord[] = [];
    parser.push(chunk as string, batch);
    if (batch.length > 0) yield batch;
  }
  const last: CsvRecord[] = [];
  parser.end(last);
  if (last.length > 0) yield last;
}

/** The first record of a file (its header), reading no more than needed. */
export async function readCsvHeader(file: string): Promise<CsvRecord | undefined> {
  const parser = new CsvParser();
  const stream = createReadStream(file, { encoding: "utf8", highWaterMark: 64 * 1024 });
  try {
    for await (const chunk of stream) {
      const batch: CsvRecord[] = [];
      parser.push(chunk as string, batch);
      if (batch.length > 0) return batch[0];
    }
    const last: CsvRecord[] = [];
    parser.end(last);
    return last[0];
  } finally {
    stream.destroy();
  }
}

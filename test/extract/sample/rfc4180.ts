// A small RFC 4180 reader written for the tests, independent of the generator's writer: a four-state machine over
// the characters, so quoted commas, quotes and line breaks are checked against the standard, not against ourselves.
import { readFileSync } from "node:fs";

/**
 * Records of a CSV text (a leading BOM is dropped; records end in LF or CRLF; the last may lack one). Scans with
 * charCodeAt and slices whole runs, so a 10 MB file parses in well under a second.
 */
export function parseCsv(text: string): string[][] {
  const QUOTE = 34;
  const COMMA = 44;
  const LF = 10;
  const CR = 13;
  const records: string[][] = [];
  let record: string[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  if (i >= n) return records;
  for (;;) {
    // One field starts at i.
    let value: string;
    if (text.charCodeAt(i) === QUOTE) {
      value = "";
      let from = i + 1;
      for (;;) {
        const close = text.indexOf('"', from);
        if (close < 0) throw new Error("The text ends inside a quoted field");
        value += text.slice(from, close);
        if (text.charCodeAt(close + 1) === QUOTE) {
          value += '"';
          from = close + 2;
        } else {
          i = close + 1;
          break;
        }
      }
    } else {
      let j = i;
      for (; j < n; j++) {
        const c = text.charCodeAt(j);
        if (c === COMMA || c === LF || (c === CR && text.charCodeAt(j + 1) === LF)) break;
        if (c === QUOTE) throw new Error(`Quote inside an unquoted field at offset ${j}`);
      }
      value = text.slice(i, j);
      i = j;
    }
    record.push(value);
    // After a field: a comma, a line end, or the end of the text.
    if (i >= n) {
      records.push(record);
      return records;
    }
    const c = text.charCodeAt(i);
    if (c === COMMA) {
      i++;
      continue;
    }
    if (c === CR && text.charCodeAt(i + 1) === LF) i += 2;
    else if (c === LF) i++;
    else throw new Error(`Character ${JSON.stringify(text[i])} after a closing quote at offset ${i}`);
    records.push(record);
    record = [];
    if (i >= n) return records;
  }
}

/** Header and records of a CSV file, as objects keyed by the header's names. */
export function readCsv(file: string): { header: string[]; rows: Record<string, string>[] } {
  const [header, ...records] = parseCsv(readFileSync(file, "utf8"));
  return {
    header,
    rows: records.map((r) => {
      if (r.length !== header.length) throw new Error(`${file}: a record has ${r.length} fields, not ${header.length}`);
      return Object.fromEntries(header.map((h, k) => [h, r[k]]));
    }),
  };
}

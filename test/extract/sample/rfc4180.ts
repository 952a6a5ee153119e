// A small RFC 4180 reader written for the tests, independent of the generator's writer: a four-state machine over
// the characters, so quoted commas, quotes and line breaks are checked against the standard, not against ourselves.
import { readFileSync } from "node:fs";

/** Records of a CSV text (a leading BOM is dropped; records end in LF or CRLF; the last may lack one). */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let state: "start" | "plain" | "quoted" | "quote" = "start";
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endField = () => {
    record.push(field);
    field = "";
    state = "start";
  };
  const endRecord = () => {
    endField();
    records.push(record);
    record = [];
  };
  for (; i < text.length; i++) {
    const c = text[i];
    switch (state) {
      case "start":
      case "plain":
        if (c === ",") endField();
        else if (c === "\n") endRecord();
        else if (c === "\r" && text[i + 1] === "\n") {
          endRecord();
          i++;
        } else if (c === '"' && state === "start") state = "quoted";
        else if (c === '"') throw new Error(`Quote inside an unquoted field at offset ${i}`);
        else {
          field += c;
          state = "plain";
        }
        break;
      case "quoted":
        if (c === '"') state = "quote";
        else field += c;
        break;
      case "quote":
        if (c === '"') {
          field += '"';
          state = "quoted";
        } else if (c === ",") endField();
        else if (c === "\n") endRecord();
        else if (c === "\r" && text[i + 1] === "\n") {
          endRecord();
          i++;
        } else throw new Error(`Character ${JSON.stringify(c)} after a closing quote at offset ${i}`);
        break;
    }
  }
  if (state === "quoted") throw new Error("The text ends inside a quoted field");
  if (field !== "" || record.length > 0 || state === "quote") endRecord();
  return records;
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

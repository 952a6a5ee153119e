import { describe, expect, it } from "vitest";
import { CsvParser, type CsvRecord } from "../../../pipeline/extract/postgres/csv.ts";

function parse(text: string, chunk = text.length || 1): CsvRecord[] {
  const parser = new CsvParser();
  const out: CsvRecord[] = [];
  for (let i = 0; i < text.length; i += chunk) parser.push(text.slice(i, i + chunk), out);
  parser.end(out);
  return out;
}

const SAMPLE = "\uFEFFid,note,score\r\n" + '"a1","Ótimo, ""muito"" bom\r\nrecomendo",5\r\n' + "a2,,4\n" + "\n" + 'a3,"",\n' + '"a4"x,bad,1\n' + 'a5,"sem fim';

describe("CsvParser", () => {
  it("reads quoted fields with commas, doubled quotes and newlines, and numbers records by their first line", () => {
    const records = parse(SAMPLE);
    expect(records.map((r) => [r.line, r.fields, r.error])).toEqual([
      [1, ["id", "note", "score"], undefined],
      [2, ["a1", 'Ótimo, "muito" bom\r\nrecomendo', "5"], undefined],
      [4, ["a2", null, "4"], undefined],
      [6, ["a3", null, null], undefined],
      [7, ["a4x", "bad", "1"], "text after a closing quote"],
      [8, ["a5", "sem fim"], "a quoted field is not closed before the end of the file"],
    ]);
    expect(records[1].raw).toBe('"a1","Ótimo, ""muito"" bom\r\nrecomendo",5');
  });

  it("gives the same records whatever the chunk boundaries", () => {
    const whole = parse(SAMPLE);
    for (const size of [1, 2, 3, 5, 7, 11]) expect(parse(SAMPLE, size), `chunks of ${size}`).toEqual(whole);
  });

  it("reads a last record without a final newline, and nothing from an empty file", () => {
    expect(parse("a,b\n1,2").map((r) => r.fields)).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
    expect(parse("a,b\n1,2\n").map((r) => r.fields)).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
    expect(parse("")).toEqual([]);
    expect(parse("\uFEFF")).toEqual([]);
  });
});

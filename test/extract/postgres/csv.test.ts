import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EncodingError, readCsvRecords, type CsvRecord } from "../../../pipeline/extract/postgres/csv.ts";

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function parse(content: string | Buffer, options: { chunkBytes?: number; encoding?: string } = {}): Promise<CsvRecord[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "csv-test-"));
  dirs.push(dir);
  const file = path.join(dir, "t.csv");
  await writeFile(file, content);
  const out: CsvRecord[] = [];
  for await (const batch of readCsvRecords(file, { ...options, batch: 2 })) out.push(...batch);
  return out;
}

const SAMPLE =
  "\uFEFFid,note,score\r\n" + '"a1","Ótimo, ""muito"" bom\r\nrecomendo",5\r\n' + "a2,,4\n" + "\n" + 'a3,"",\n' + '"a4"x,bad,1\n' + ",, ,\n" + 'a5,"sem fim';

describe("readCsvRecords (csv-parse)", () => {
  it("reads quoted fields with commas, doubled quotes and newlines, and numbers records by their first line", async () => {
    const records = await parse(SAMPLE);
    expect(records.map((r) => [r.line, r.fields, r.error])).toEqual([
      [1, ["id", "note", "score"], undefined],
      [2, ["a1", 'Ótimo, "muito" bom\r\nrecomendo', "5"], undefined],
      [4, ["a2", null, "4"], undefined],
      [5, [null], undefined], // a blank line: the importer skips and counts it
      [6, ["a3", null, null], undefined],
      [7, ['"a4"x', "bad", "1"], undefined], // a stray quote is data, as DuckDB reads it
      [8, [null, null, " ", null], undefined],
      [9, [], "a quoted field is not closed before the end of the file"],
    ]);
    expect(records[1].raw).toBe('"a1","Ótimo, ""muito"" bom\r\nrecomendo",5');
    expect(records[7].raw).toBe('a5,"sem fim');
  });

  it("gives the same records whatever the chunk boundaries, multi-byte characters split included", async () => {
    const whole = await parse(SAMPLE);
    for (const size of [1, 2, 3, 5, 7, 11]) expect(await parse(SAMPLE, { chunkBytes: size }), `chunks of ${size}`).toEqual(whole);
  });

  it("reads a last record without a final newline, and nothing from an empty file", async () => {
    expect((await parse("a,b\n1,2")).map((r) => r.fields)).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
    expect((await parse("a,b\n1,2\n")).map((r) => r.fields)).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
    expect(await parse("")).toEqual([]);
    expect(await parse("\uFEFF")).toEqual([]);
  });

  it("refuses invalid UTF-8 naming the line of the first bad byte, and reads Latin-1 when told", async () => {
    const latin1 = Buffer.from('a,b\n1,ok\n2,"duas\nlinhas"\n3,S\xe3o Jos\xe9\n', "latin1");
    for (const chunkBytes of [3, 1 << 20]) {
      const error = await parse(latin1, { chunkBytes }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EncodingError);
      expect(error).toMatchObject({ line: 5, byte: 0xe3 });
    }
    const records = await parse(latin1, { encoding: "latin1" });
    expect(records.at(-1)).toMatchObject({ line: 5, fields: ["3", "São José"] });
    // Windows-1252, what a spreadsheet writes as "latin1": 0x93/0x94 are curly quotes.
    expect((await parse(Buffer.from([0x61, 0x0a, 0x93, 0x78, 0x94, 0x0a]), { encoding: "latin1" }))[1].fields).toEqual(["\u201cx\u201d"]);
  });

  it("keeps a NUL byte and a 3 MB field as data (the importer decides about them)", async () => {
    const long = "x".repeat(3 * 1024 * 1024);
    const records = await parse(`a,b\n1,"nul\u0000here"\n2,"${long}"\n3,ok\n`);
    expect(records.map((r) => [r.line, r.fields[0], r.fields[1]?.length])).toEqual([
      [1, "a", 1],
      [2, "1", 8],
      [3, "2", long.length],
      [4, "3", 2],
    ]);
  });
});

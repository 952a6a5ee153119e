import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { dayOf, formatTimestamp, SECONDS_PER_DAY } from "../../../pipeline/extract/sample/calendar.ts";
import { CsvFile, csvField, money } from "../../../pipeline/extract/sample/csv.ts";
import { Ids } from "../../../pipeline/extract/sample/ids.ts";
import { Random } from "../../../pipeline/extract/sample/random.ts";
import { parseCsv } from "./rfc4180.ts";

const dir = mkdtempSync(path.join(os.tmpdir(), "sample-csv-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const at = (date: string, h: number, m: number, s: number) => dayOf(date) * SECONDS_PER_DAY + h * 3600 + m * 60 + s;

describe("CsvFile", () => {
  it("writes Olist's formats: bare ids, 2-decimal money, zone-less timestamps, empty NULLs", async () => {
    const file = path.join(dir, "formats.csv");
    const csv = new CsvFile(file, "id,n,price,at,missing,due");
    const ids = new Ids(1, "order");
    csv
      .id(ids, 0)
      .comma()
      .int(7)
      .comma()
      .money(5890)
      .comma()
      .timestamp(at("2017-11-24", 9, 5, 3))
      .comma()
      .timestamp(Number.NaN)
      .comma()
      .midnight(at("2018-02-28", 23, 59, 59))
      .end();
    csv
      .id(ids, 1)
      .comma()
      .int(12_345)
      .comma()
      .money(5)
      .comma()
      .timestamp(at("2016-09-04", 0, 0, 0))
      .comma()
      .comma()
      .midnight(at("2016-12-31", 0, 0, 1))
      .end();
    const summary = await csv.close();
    const text = readFileSync(file, "utf8");
    expect(text).toBe(
      "id,n,price,at,missing,due\n" +
        `${ids.text(0)},7,58.90,2017-11-24 09:05:03,,2018-02-28 00:00:00\n` +
        `${ids.text(1)},12345,0.05,2016-09-04 00:00:00,,2016-12-31 00:00:00\n`,
    );
    expect(summary).toEqual({ rows: 2, sha256: createHash("sha256").update(readFileSync(file)).digest("hex") });
  });

  it("quotes free text by RFC 4180 so commas, quotes and line breaks read back intact", async () => {
    const awkward = ["Chegou rápido, recomendo", 'Veio "genérico", não original', "Primeira linha\r\nsegunda linha", "Só LF\naqui", '""', "", "ação, é ô ü 😀"];
    const file = path.join(dir, "text.csv");
    const csv = new CsvFile(file, "k,text");
    awkward.forEach((t, k) => csv.int(k).comma().field(t).end());
    await csv.close();
    const [header, ...records] = parseCsv(readFileSync(file, "utf8"));
    expect(header).toEqual(["k", "text"]);
    expect(records).toEqual(awkward.map((t, k) => [String(k), t]));
    expect(csvField("plain")).toBe("plain");
    expect(csvField('a "b"')).toBe('"a ""b"""');
  });

  it("duplicates a record byte for byte when asked, counting both", async () => {
    const file = path.join(dir, "repeat.csv");
    const csv = new CsvFile(file, "a,b");
    csv.text("x").comma().int(1).end(true);
    csv.text("y").comma().int(2).end();
    expect((await csv.close()).rows).toBe(3);
    expect(readFileSync(file, "utf8")).toBe("a,b\nx,1\nx,1\ny,2\n");
  });

  it("streams many chunks under backpressure without losing or reordering rows", async () => {
    const file = path.join(dir, "big.csv");
    const csv = new CsvFile(file, "i,text");
    for (let i = 0; i < 200_000; i++) {
      csv
        .int(i)
        .comma()
        .field(i % 1000 === 0 ? "com, vírgula\ne quebra" : "texto simples")
        .end();
      const wait = csv.ready();
      if (wait) await wait;
    }
    expect((await csv.close()).rows).toBe(200_000);
    const records = parseCsv(readFileSync(file, "utf8"));
    expect(records.length).toBe(200_001);
    expect(records[1000 + 1]).toEqual(["1000", "com, vírgula\ne quebra"]);
    expect(records.every((r, k) => k === 0 || r[0] === String(k - 1))).toBe(true);
  });

  it("reports a file it cannot write, naming it", async () => {
    const csv = new CsvFile(path.join(dir, "no-such-dir", "x.csv"), "a");
    await expect(csv.close()).rejects.toThrow(/Could not write sample file .*no-such-dir.*x\.csv/);
  });

  it("writes the same timestamps as the Date-based formatter, over four years of random instants", async () => {
    const file = path.join(dir, "stamps.csv");
    const csv = new CsvFile(file, "t");
    const rng = new Random(5);
    const instants = Array.from({ length: 5000 }, () => rng.int(4 * 365 * SECONDS_PER_DAY));
    for (const t of instants) csv.timestamp(t).end();
    await csv.close();
    const lines = readFileSync(file, "utf8").trimEnd().split("\n").slice(1);
    expect(lines).toEqual(instants.map(formatTimestamp));
  });

  it("formats money from cents", () => {
    expect([0, 1, 10, 99, 100, 5890, 673_500].map(money)).toEqual(["0.00", "0.01", "0.10", "0.99", "1.00", "58.90", "6735.00"]);
  });
});

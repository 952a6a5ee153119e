import { describe, expect, it } from "vitest";
import { formatRows, parseLimit } from "../../pipeline/cli/show.ts";

const rows = [
  { state: "SP", month: "2018-01-01", revenue: 1234.5, note: 'say "hi", twice' },
  { state: "RJ", month: "2018-02-01", revenue: 7, note: null },
];
const columns = ["state", "month", "revenue", "note"];

describe("show's output formats", () => {
  it("json is an array of row objects with numbers as numbers and dates as yyyy-MM-dd", () => {
    const parsed = JSON.parse(formatRows(rows, columns, "json"));
    expect(parsed).toEqual(rows);
    expect(typeof parsed[0].revenue).toBe("number");
  });

  it("csv quotes fields with commas or quotes and leaves nulls empty", () => {
    expect(formatRows(rows, columns, "csv")).toBe('state,month,revenue,note\r\nSP,2018-01-01,1234.5,"say ""hi"", twice"\r\nRJ,2018-02-01,7,\r\n');
  });

  it("table aligns numbers right and text left", () => {
    const lines = formatRows(rows, columns, "table").trimEnd().split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[2]).toContain("| SP    | 2018-01-01 |  1234.5 |");
    expect(lines[3]).toContain("| RJ    | 2018-02-01 |       7 |");
  });

  it("an empty result is an empty json array", () => {
    expect(formatRows([], [], "json")).toBe("[]\n");
  });
});

describe("show --limit", () => {
  it("defaults to dbt's five rows and takes a positive whole number", () => {
    expect(parseLimit(undefined)).toBe(5);
    expect(parseLimit("250")).toBe(250);
  });

  it.each(["0", "-1", "2.5", "ten", ""])("refuses %j", (raw) => {
    expect(() => parseLimit(raw)).toThrow(/--limit must be a positive whole number/);
  });
});

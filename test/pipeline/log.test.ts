// The logger's two formats: the default text line, and LOG_FORMAT=json (one object a line with time, level,
// scope and message), both with passwords removed from connection URLs and key=value pairs.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { logger } from "../../pipeline/log.ts";

let written: string[];
const saved = { format: process.env.LOG_FORMAT, level: process.env.LOG_LEVEL };

beforeEach(() => {
  written = [];
  vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  process.env.LOG_LEVEL = "info";
});

afterEach(() => {
  vi.restoreAllMocks();
  for (const [name, value] of [
    ["LOG_FORMAT", saved.format],
    ["LOG_LEVEL", saved.level],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

const secretMessage = 'could not connect to postgres://olist:hunter2@db.internal:5432/olist (host=db password=s3cr3t "x")';

describe("logger", () => {
  it("writes text lines by default, redacted", () => {
    delete process.env.LOG_FORMAT;
    logger("extract").warn(secretMessage);
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(
      /^\d\d:\d\d:\d\d WARN \[extract\] could not connect to postgres:\/\/olist:\*\*\*@db\.internal:5432\/olist \(host=db password=\*\*\* "x"\)\n$/,
    );
  });

  it("writes one JSON object a line with LOG_FORMAT=json, redacted, and keeps the level threshold", () => {
    process.env.LOG_FORMAT = "json";
    const log = logger("extract");
    log.debug("not shown at info");
    log.warn(secretMessage);
    log.info("line one\nline two");
    expect(written).toHaveLength(2);
    for (const line of written) expect(line.endsWith("\n") && !line.slice(0, -1).includes("\n")).toBe(true);
    const [warn, info] = written.map((line) => JSON.parse(line) as Record<string, string>);
    expect(Object.keys(warn)).toEqual(["time", "level", "scope", "message"]);
    expect(warn).toMatchObject({ level: "warn", scope: "extract" });
    expect(Math.abs(Date.parse(warn.time) - Date.now())).toBeLessThan(60_000);
    expect(warn.message).toContain("postgres://olist:***@db.internal");
    expect(written.join("")).not.toMatch(/hunter2|s3cr3t/);
    expect(info).toMatchObject({ level: "info", message: "line one\nline two" });
  });
});

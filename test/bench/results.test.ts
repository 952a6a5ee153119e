// bench/results.json from the sub-benches' ledger: every required key is there, a measured number or null with
// the reason it was not measured; a figure that is not a number is refused rather than written.
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { fold, record, REQUIRED_KEYS, sizeLabel, skip } from "../../bench/results.ts";

const saved = process.env.BENCH_RESULTS_LEDGER;
afterEach(() => {
  if (saved === undefined) delete process.env.BENCH_RESULTS_LEDGER;
  else process.env.BENCH_RESULTS_LEDGER = saved;
});

describe("the bench's results", () => {
  it("hold every required key: what was recorded, else null with a reason", () => {
    const ledger = path.join(mkdtempSync(path.join(os.tmpdir(), "bench-results-")), "ledger.jsonl");
    process.env.BENCH_RESULTS_LEDGER = ledger;
    record("pipeline_100k_s", 4.5, "at 100000 orders");
    skip("tap_postgres_s", "pip failed");
    skip("extract_s", "not yet");
    record("extract_s", 1.25);
    const results = fold(ledger, 2, new Date("2026-01-02T03:04:05Z"));
    expect(readFileSync(ledger, "utf8").trim().split("\n")).toHaveLength(5);
    expect(results).toMatchObject({ generated_at: "2026-01-02T03:04:05.000Z", cores: 2, pipeline_100k_s: 4.5, extract_s: 1.25, tap_postgres_s: null });
    expect(results.skipped.tap_postgres_s).toBe("pip failed");
    expect(results.skipped.extract_s).toBeUndefined();
    expect(results.notes.pipeline_100k_s).toBe("at 100000 orders");
    for (const key of REQUIRED_KEYS) {
      expect(key in results, key).toBe(true);
      if (results[key] === null) expect(results.skipped[key], key).toMatch(/\w/);
    }
    expect(results.e2e_10m_s).toBeNull();
  });

  it("refuse a figure that is not a number", () => {
    expect(() => record("x_s", Number.NaN)).toThrow(/not a measurement/);
    expect(() => record("x_s", Number.POSITIVE_INFINITY)).toThrow(/not a measurement/);
  });

  it("name sizes the way the keys do", () => {
    expect([100_000, 1_000_000, 10_000_000, 5_000, 1234].map(sizeLabel)).toEqual(["100k", "1m", "10m", "5k", "1234"]);
  });
});

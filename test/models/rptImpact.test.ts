// marts.rpt_impact, the Economic impact report the pipeline's `report` step stores (pipeline/analysis/impactStep.ts):
// the page's loader, reading only that table, prints exactly the report computed from the marts (numbers to six
// significant digits, sections in order); without the table it fails saying which step writes it.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeImpactReport } from "../../pipeline/analysis/impactStep.ts";
import { impactReport } from "../../pipeline/analysis/impactReport.ts";
import { ROOT } from "../support/site.ts";
import { sampleWarehouse, type SampleWarehouse } from "../transform/sampleWarehouse.ts";

let sample: SampleWarehouse;

const loader = () =>
  promisify(execFile)(process.execPath, ["--import", "tsx", path.join(ROOT, "src/data/impact.json.ts")], {
    cwd: ROOT,
    env: { ...process.env, WAREHOUSE_PATH: sample.config.warehousePath, LOG_LEVEL: "warn" },
    maxBuffer: 1 << 26,
  });

beforeAll(async () => {
  sample = await sampleWarehouse("rpt-impact", { orders: 3000 });
}, 120_000);

afterAll(() => sample?.remove());

describe("marts.rpt_impact and the impact loader", () => {
  it("the loader fails with what to run when the report step has not written the table", async () => {
    const w = await sample.open();
    try {
      await w.exec("drop table if exists marts.rpt_impact");
    } finally {
      await w.close();
    }
    await expect(loader()).rejects.toMatchObject({ stderr: expect.stringMatching(/marts\.rpt_impact is missing: run `npm run pipeline -- run`/) });
  });

  it("holds one row per section, replaced on every write, and the loader prints the report as computed", async () => {
    const w = await sample.open();
    let expected: Record<string, unknown>;
    try {
      const sixDigits = (_: string, v: unknown) => (typeof v === "number" && !Number.isInteger(v) ? Number(v.toPrecision(6)) : v);
      expected = JSON.parse(JSON.stringify(await impactReport(w), sixDigits));
      expect(await writeImpactReport(w)).toEqual({ rows: 8 });
      expect(await writeImpactReport(w)).toEqual({ rows: 8 });
      const rows = await w.query(`select section_index, section from marts.rpt_impact order by section_index`);
      expect(rows.map((r) => [r.section_index, r.section])).toEqual(Object.keys(expected).map((k, i) => [i, k]));
    } finally {
      await w.close();
    }
    expect(expected.forecast).not.toBeNull();
    expect((expected.categories as unknown[]).length).toBeGreaterThan(10);
    const { stdout } = await loader();
    const printed = JSON.parse(stdout);
    expect(Object.keys(printed)).toEqual(Object.keys(expected));
    expect(printed).toEqual(expected);
  });
});

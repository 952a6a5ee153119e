// Row tests (not_null, accepted_values, accepted_range, expression) of one model share one scan: each still gets
// its own failure count and example row, the same as it gets run alone, and a test that can't run is the only
// one that errors.
import { describe, expect, it } from "vitest";
import { runDataTests } from "../../pipeline/transform/dataTests.ts";
import type { ModelFile, Project, TestSpec } from "../../pipeline/transform/project.ts";
import { openScratchWarehouse } from "../../pipeline/warehouse/open.ts";

const spec = (name: string, column: string | undefined, args: Record<string, unknown> = {}): TestSpec => ({ name, column, args, severity: "error" });

const TESTS: TestSpec[] = [
  spec("not_null", "price"),
  spec("accepted_values", "state", { values: ["SP", "RJ"] }),
  spec("accepted_range", "price", { min: 0, max: 100, where: "state = 'SP'" }),
  spec("expression", undefined, { expression: "price < 50" }),
  spec("not_null", "no_such_column"),
  spec("unique", "id"),
];

function projectWith(tests: TestSpec[]): Project {
  const model: ModelFile = { name: "m", folder: "marts", schema: "marts", sqlPath: "m.sql", sql: "", description: "", columns: [], tests, unitTests: [] };
  return { dir: "", name: "p", vars: {}, materialized: {}, models: [model], sources: [], macroFiles: [] };
}

const ROWS = `create table marts.m as select * from (values
  (1, 10.0, 'SP'), (2, null, 'SP'), (3, 120.0, 'SP'), (4, 120.0, 'MG'), (5, 60.0, 'RJ'), (5, -1.0, 'MG')) t(id, price, state)`;

async function compare(tests: TestSpec[]) {
  const w = await openScratchWarehouse();
  try {
    await w.exec(ROWS);
    const together = await runDataTests(w, projectWith(tests), { runId: "together", concurrency: 1 });
    const alone = [];
    for (const t of tests) alone.push(...(await runDataTests(w, projectWith([t]), { runId: "alone", concurrency: 1 })).results);
    const view = (r: { id: string; status: string; failures: number; example: unknown }) => ({
      id: r.id,
      status: r.status,
      failures: r.failures,
      example: r.example,
    });
    return { together: together.results, alone: alone.map(view), view };
  } finally {
    await w.close();
  }
}

describe("row tests in one scan", () => {
  it("give every test the count and example it gets alone", async () => {
    const { together, alone, view } = await compare(TESTS.filter((t) => t.column !== "no_such_column"));
    expect(together.map(view)).toEqual(alone);
    // Counted by hand from the rows above.
    expect(together.map((r) => [r.status, r.failures])).toEqual([
      ["fail", 1], // price null: id 2
      ["fail", 2], // state MG: ids 4 and 5
      ["fail", 1], // SP outside 0..100: id 3 (id 4 is MG)
      ["fail", 4], // not price < 50: ids 2 (null), 3, 4, 5 at 60
      ["fail", 1], // id 5 twice
    ]);
    expect(together[1].example).toMatchObject({ state: "MG" });
  });

  it("leave the error to the one test that can't run", async () => {
    const { together, alone, view } = await compare(TESTS);
    expect(together.map(view)).toEqual(alone);
    expect(together.map((r) => r.status)).toEqual(["fail", "fail", "fail", "fail", "error", "fail"]);
    expect(together[4].message).toMatch(/no_such_column/);
  });
});

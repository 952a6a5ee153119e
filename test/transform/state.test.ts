// A run rebuilds only what its inputs changed and reruns only the data tests whose inputs changed: after a change
// to one source row, the tables rebuilt are exactly those downstream of that source, every table then equals a
// full refresh row for row, and a test the change makes fail fails (a kept result never hides it).
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../pipeline/config.ts";
import { select } from "../../pipeline/transform/dag.ts";
import { runDataTests } from "../../pipeline/transform/dataTests.ts";
import { loadProject, type Project } from "../../pipeline/transform/project.ts";
import { Renderer } from "../../pipeline/transform/render.ts";
import { runModels, type ModelResult } from "../../pipeline/transform/runner.ts";
import type { Warehouse } from "../support/warehouse.ts";
import { sampleWarehouse, type SampleWarehouse } from "./sampleWarehouse.ts";

let sample: SampleWarehouse;
let w: Warehouse;
let project: Project;

const built = (results: ModelResult[]) => new Set(results.filter((r) => r.status === "success" && !r.upToDate && r.materialized !== "view").map((r) => r.name));

beforeAll(async () => {
  // The pipeline's own run builds every model and runs every test once, recording their states.
  sample = await sampleWarehouse("state", { orders: 1500 });
  project = await loadProject(path.join(PROJECT_ROOT, "models"));
  w = await sample.open();
});

afterAll(async () => {
  await w?.close();
  sample?.remove();
});

describe("a run after the last one", () => {
  it("rebuilds no table and reruns no test when nothing changed, with the same results", async () => {
    // A run's tests follow its models step under the same run id, as in `run`.
    const models = await runModels(w, project, { runId: "unchanged" });
    expect(built(models)).toEqual(new Set());
    expect(models.filter((m) => m.materialized !== "view").every((m) => m.upToDate)).toBe(true);
    const before = await runDataTests(w, project, { runId: "unchanged", rerun: true });
    expect(before.reused).toBe(0);
    await runModels(w, project, { runId: "again" });
    const after = await runDataTests(w, project, { runId: "again" });
    // Every SQL test keeps its result; the freshness checks (judged against today) always run.
    expect(after.reused).toBe(after.results.filter((r) => !r.test.startsWith("freshness")).length);
    expect(after.reused).toBeGreaterThan(300);
    const strip = (rs: typeof after.results) => rs.map(({ seconds: _s, reusedFrom: _r, ...r }) => r);
    expect(strip(after.results)).toEqual(strip(before.results));
    // Tests run alone (`test`, the quality check) vouch for no table: a table may have been changed by hand.
    expect((await runDataTests(w, project, { runId: "alone" })).reused).toBe(0);
  });

  it("rebuilds exactly the tables downstream of a changed source row, to what a full refresh gives", async () => {
    const [{ customer_id }] = await w.query<{ customer_id: string }>(`select min(customer_id) as customer_id from raw.customers`);
    await w.exec(`update raw.customers set customer_state = 'XX' where customer_id = '${customer_id}'`);
    const models = await runModels(w, project, { runId: "changed" });

    const renderer = new Renderer(project, w);
    const rendered = project.models.map((m) => renderer.render(m));
    const readers = rendered.filter((r) => r.sources.some((s) => s.source === "olist" && s.name === "customers")).map((r) => r.model.name);
    const downstream = select(
      rendered.map((r) => ({ name: r.model.name, refs: r.refs })),
      readers.map((n) => `${n}+`).join(","),
    );
    const tables = rendered.filter((r) => r.config.materialized !== "view").map((r) => r.model.name);
    expect(built(models)).toEqual(new Set(tables.filter((t) => downstream.has(t))));
    expect(built(models).size).toBeLessThan(tables.length);

    for (const t of tables) await w.exec(`create or replace table meta."copy_${t}" as select * from ${relationOf(t)}`);
    const full = await runModels(w, project, { runId: "full", fullRefresh: true });
    expect(built(full)).toEqual(new Set(tables));
    for (const t of tables) expect({ table: t, differing: await differing(`meta."copy_${t}"`, relationOf(t)) }).toEqual({ table: t, differing: 0 });
  });

  it("reruns the tests that read a changed relation, and a failure they now find is reported", async () => {
    const id = "base_customers.state.accepted_values(values=\"{{ var('states') }}\")";
    // The tests of the full refresh above: all run (the tests-only run before left no result to keep).
    expect((await runDataTests(w, project, { runId: "full" })).results.find((r) => r.id === id)).toMatchObject({ status: "fail", failures: 1 });
    const [{ customer_id }] = await w.query<{ customer_id: string }>(`select max(customer_id) as customer_id from raw.customers`);
    await w.exec(`update raw.customers set customer_state = 'YY' where customer_id = '${customer_id}'`);
    await runModels(w, project, { runId: "second change" });
    const summary = await runDataTests(w, project, { runId: "second change" });
    const state = summary.results.find((r) => r.id === id);
    expect(state).toMatchObject({ status: "fail", failures: 2 });
    expect(state!.reusedFrom).toBeUndefined();
    // Tests of what the change did not reach keep their results.
    const products = summary.results.filter((r) => r.model === "stg_products");
    expect(products.length).toBeGreaterThan(0);
    expect(products.every((r) => r.reusedFrom !== undefined)).toBe(true);
  });
});

/**
 * Rows of two relations that do not pair up: both sorted by every column, row n of one against row n of the
 * other, doubles equal to 1e-9 relative (summed by several threads, they differ in their last bits from one build
 * to the next), everything else exactly.
 */
async function differing(a: string, b: string): Promise<number> {
  const columns = (await w.query<{ name: string; type: string }>(`select column_name as name, column_type as type from (describe select * from ${b})`)).map(
    (c) => ({ name: `"${c.name}"`, float: /DOUBLE|FLOAT|REAL/i.test(c.type) }),
  );
  const order = [...columns.filter((c) => !c.float), ...columns.filter((c) => c.float)].map((c) => c.name).join(", ");
  const unequal = columns.map((c) =>
    c.float
      ? `(a.${c.name} is null) <> (b.${c.name} is null) or abs(a.${c.name} - b.${c.name}) > 1e-9 * greatest(1, abs(b.${c.name}))`
      : `a.${c.name} is distinct from b.${c.name}`,
  );
  const [{ n }] = await w.query<{ n: number }>(`
    with a as (select *, row_number() over (order by ${order}) as rn__ from ${a}),
         b as (select *, row_number() over (order by ${order}) as rn__ from ${b})
    select count(*) as n from a full join b on a.rn__ = b.rn__
    where a.rn__ is null or b.rn__ is null or ${unequal.join(" or ")}`);
  return Number(n);
}

function relationOf(name: string): string {
  const m = project.models.find((x) => x.name === name)!;
  return `${m.schema}."${name}"`;
}

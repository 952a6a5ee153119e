// The lineage graph: every source and model with its edges from ref()/source(), drawn left to right, with row
// counts, the last build and the last data-test results read from the warehouse's meta tables.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../pipeline/config.ts";
import { buildLineage, readLineage, type LineageGraph } from "../../pipeline/transform/lineage.ts";
import { loadProject } from "../../pipeline/transform/project.ts";
import { sampleWarehouse, type SampleWarehouse } from "./sampleWarehouse.ts";

const project = await loadProject(path.join(PROJECT_ROOT, "models"));
let sample: SampleWarehouse;
let graph: LineageGraph;

beforeAll(async () => {
  sample = await sampleWarehouse("lineage");
  const w = await sample.open({ readOnly: true });
  try {
    graph = await readLineage(w, project);
  } finally {
    await w.close();
  }
});

afterAll(() => sample?.remove());

describe("the lineage graph of a built warehouse", () => {
  it("has a node per source and model and an edge per ref() and source()", () => {
    expect(
      graph.nodes
        .filter((n) => n.kind === "model")
        .map((n) => n.name)
        .sort(),
    ).toEqual(project.models.map((m) => m.name).sort());
    expect(graph.nodes.filter((n) => n.kind === "source")).toHaveLength(project.sources.length);
    const ids = new Set(graph.nodes.map((n) => n.id));
    for (const e of graph.edges) expect(ids.has(e.from) && ids.has(e.to), `${e.from} → ${e.to}`).toBe(true);
    expect(graph.edges).toContainEqual({ from: "source:olist.orders", to: "model:base_orders" });
    expect(graph.edges).toContainEqual({ from: "model:fct_orders_with_economics", to: "model:fct_category_performance_economics" });
    for (const m of project.models) {
      const refs = [...m.sql.matchAll(/ref\('(\w+)'\)/g)].map((r) => `model:${r[1]}`);
      for (const from of refs) expect(graph.edges, `${from} → ${m.name}`).toContainEqual({ from, to: `model:${m.name}` });
    }
  });

  it("draws every edge left to right: a model sits deeper than everything it reads", () => {
    const depth = new Map(graph.nodes.map((n) => [n.id, n.depth]));
    for (const e of graph.edges) expect(depth.get(e.from)!, `${e.from} → ${e.to}`).toBeLessThan(depth.get(e.to)!);
    for (const n of graph.nodes.filter((x) => x.kind === "source")) expect(n.depth).toBe(0);
  });

  it("shows the rows of every relation as the warehouse counts them, and the last build", async () => {
    const w = await sample.open({ readOnly: true });
    try {
      for (const n of graph.nodes) {
        const rel = n.kind === "source" ? `raw.${n.name.split(".")[1]}` : `${project.models.find((m) => m.name === n.name)!.schema}.${n.name}`;
        const [{ rows }] = await w.query<{ rows: number }>(`select count(*) as rows from ${rel}`);
        expect(n.rows, n.name).toBe(rows);
      }
    } finally {
      await w.close();
    }
    const fct = graph.nodes.find((n) => n.name === "fct_orders_with_economics")!;
    expect(fct).toMatchObject({ layer: "mart", materialized: "incremental", status: "success" });
    expect(graph.nodes.find((n) => n.name === "base_orders")).toMatchObject({ layer: "base", materialized: "table" });
    expect(graph.nodes.find((n) => n.name === "stg_orders")).toMatchObject({ layer: "staging" });
    expect(graph.lastModelRun?.runId).toBe(sample.report!.runId);
    expect(graph.lastTestRun?.runId).toBe(sample.report!.runId);
  });

  it("counts each node's data tests of the last run, and lists the ones that did not pass", () => {
    const tests = sample.report!.steps.find((s) => s.step === "tests")!;
    const detail = tests.detail as { results: { status: string; severity: string }[] };
    const passed = graph.nodes.reduce((s, n) => s + n.tests.passed, 0);
    const warned = graph.nodes.reduce((s, n) => s + n.tests.warned, 0);
    expect(passed).toBe(detail.results.filter((r) => r.status === "pass").length);
    expect(warned).toBe(detail.results.filter((r) => r.status !== "pass" && r.severity === "warn").length);
    expect(graph.problems).toHaveLength(warned);
    for (const n of graph.nodes) expect(n.tests.passed + n.tests.warned + n.tests.failed, n.name).toBeLessThanOrEqual(n.tests.declared);
  });
});

describe("buildLineage", () => {
  const graphOf = (refs: Record<string, string[]>) =>
    project.models.map((m) => ({ name: m.name, refs: refs[m.name] ?? [], sources: [] as { source: string; name: string }[] }));

  it("takes each model's latest run and each test's latest result, errors first among problems", () => {
    const g = buildLineage(
      project,
      graphOf({}),
      [
        { run_id: "r1", model: "stg_orders", materialized: "view", status: "error", rows: null, seconds: 1, error: "x", finished_at: "2024-01-01T00:00:00" },
        { run_id: "r2", model: "stg_orders", materialized: "view", status: "success", rows: null, seconds: 2, error: null, finished_at: "2024-01-02T00:00:00" },
      ],
      [
        {
          run_id: "r1",
          test_id: "t1",
          model: "stg_orders",
          column_name: "order_id",
          test: "unique",
          severity: "error",
          status: "fail",
          message: "old",
          finished_at: "2024-01-01T00:00:00",
        },
        {
          run_id: "r2",
          test_id: "t1",
          model: "stg_orders",
          column_name: "order_id",
          test: "unique",
          severity: "error",
          status: "pass",
          message: "",
          finished_at: "2024-01-02T00:00:00",
        },
        {
          run_id: "r2",
          test_id: "t2",
          model: "base_orders",
          column_name: "order_id",
          test: "unique",
          severity: "warn",
          status: "fail",
          message: "dup",
          finished_at: "2024-01-02T00:00:00",
        },
        {
          run_id: "r2",
          test_id: "t3",
          model: "fct_orders_with_economics",
          column_name: null,
          test: "row_count",
          severity: "error",
          status: "fail",
          message: "empty",
          finished_at: "2024-01-02T00:00:00",
        },
      ],
      new Map([["model:stg_orders", 42]]),
    );
    expect(g.nodes.find((n) => n.name === "stg_orders")).toMatchObject({ status: "success", seconds: 2, rows: 42, tests: { passed: 1, failed: 0, warned: 0 } });
    expect(g.nodes.find((n) => n.name === "base_orders")!.tests).toMatchObject({ warned: 1 });
    expect(g.problems.map((p) => p.message)).toEqual(["empty", "dup"]);
    expect(g.lastModelRun).toEqual({ runId: "r2", finishedAt: "2024-01-02T00:00:00" });
  });
});

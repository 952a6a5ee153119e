// The lineage graph of the model project: sources and models as nodes, ref()/source() as edges, each node with
// its row count, its last build and the results of its data tests in the last test run (meta.model_runs,
// meta.test_results). The site's lineage page draws it.
import type { Row, Warehouse } from "../warehouse/warehouse.ts";
import type { Project } from "./project.ts";
import { Renderer } from "./render.ts";

export type Layer = "source" | "seed" | "base" | "staging" | "mart";

export interface TestCounts {
  declared: number;
  passed: number;
  failed: number;
  warned: number;
}

export interface LineageNode {
  /** "source:olist.orders" or "model:stg_orders". */
  id: string;
  kind: "source" | "model";
  name: string;
  layer: Layer;
  /** Longest path from a source: the column the page draws it in. */
  depth: number;
  materialized: string | null;
  description: string;
  rows: number | null;
  /** Last build of the model: success, error or skipped; null for sources and models never built. */
  status: string | null;
  seconds: number | null;
  builtAt: string | null;
  tests: TestCounts;
}

export interface LineageTest {
  node: string;
  column: string | null;
  test: string;
  severity: string;
  status: string;
  message: string;
}

export interface LineageGraph {
  nodes: LineageNode[];
  edges: { from: string; to: string }[];
  /** Tests of the last test run that did not pass, errors first. */
  problems: LineageTest[];
  lastModelRun: { runId: string; finishedAt: string } | null;
  lastTestRun: { runId: string; finishedAt: string } | null;
}

export interface ModelRefs {
  name: string;
  refs: string[];
  sources: { source: string; name: string }[];
}

const sourceId = (source: string, name: string) => `source:${source}.${name}`;
const modelId = (name: string) => `model:${name}`;

function latestBy<T extends Row>(rows: T[], key: (r: T) => string): Map<string, T> {
  const out = new Map<string, T>();
  for (const r of rows) {
    const k = key(r);
    const seen = out.get(k);
    if (!seen || String(r.finished_at) >= String(seen.finished_at)) out.set(k, r);
  }
  return out;
}

function latestRun(rows: Row[]): { runId: string; finishedAt: string } | null {
  const last = rows.reduce<Row | null>((a, r) => (!a || String(r.finished_at) > String(a.finished_at) ? r : a), null);
  return last ? { runId: String(last.run_id), finishedAt: String(last.finished_at) } : null;
}

/**
 * The graph from the project, the model runs and the test results (rows of meta.model_runs and
 * meta.test_results; any run) and row counts of relations the runs do not count (views, sources).
 */
export function buildLineage(
  project: Project,
  graph: ModelRefs[],
  modelRuns: Row[],
  testResults: Row[],
  counted: Map<string, number> = new Map(),
): LineageGraph {
  const nodes = new Map<string, LineageNode>();
  const empty = (): TestCounts => ({ declared: 0, passed: 0, failed: 0, warned: 0 });
  for (const s of project.sources) {
    const id = sourceId(s.source, s.name);
    const tests = empty();
    tests.declared = s.tests.length + (s.freshness ? 1 : 0);
    nodes.set(id, {
      id,
      kind: "source",
      name: `${s.source}.${s.name}`,
      layer: "source",
      depth: 0,
      materialized: null,
      description: s.description,
      rows: counted.get(id) ?? null,
      status: null,
      seconds: null,
      builtAt: null,
      tests,
    });
  }
  const runs = latestBy(modelRuns, (r) => String(r.model));
  for (const m of project.models) {
    const id = modelId(m.name);
    const run = runs.get(m.name);
    const tests = empty();
    tests.declared = m.tests.length;
    nodes.set(id, {
      id,
      kind: "model",
      name: m.name,
      layer: m.folder === "marts" ? "mart" : m.folder === "seeds" ? "seed" : m.name.startsWith("base_") ? "base" : "staging",
      depth: 0,
      materialized: run ? String(run.materialized) : null,
      description: m.description,
      rows: run?.rows !== null && run?.rows !== undefined ? Number(run.rows) : (counted.get(id) ?? null),
      status: run ? String(run.status) : null,
      seconds: run ? Number(run.seconds) : null,
      builtAt: run ? String(run.finished_at) : null,
      tests,
    });
  }
  const edges = graph.flatMap((m) => [
    ...m.sources.map((s) => ({ from: sourceId(s.source, s.name), to: modelId(m.name) })),
    ...m.refs.map((r) => ({ from: modelId(r), to: modelId(m.name) })),
  ]);
  // Depth by relaxation: the graph is acyclic (the runner refuses cycles), so this settles in ≤ |nodes| rounds.
  for (let changed = true, round = 0; changed && round <= nodes.size; round++) {
    changed = false;
    for (const e of edges) {
      const from = nodes.get(e.from);
      const to = nodes.get(e.to);
      if (from && to && to.depth < from.depth + 1) {
        to.depth = from.depth + 1;
        changed = true;
      }
    }
  }
  const latestTests = [...latestBy(testResults, (r) => String(r.test_id)).values()];
  const problems: LineageTest[] = [];
  for (const t of latestTests) {
    const model = String(t.model);
    const node = nodes.get(modelId(model)) ?? nodes.get(`source:${model}`);
    if (!node) continue;
    const status = String(t.status);
    if (status === "pass") node.tests.passed++;
    else if (t.severity === "warn") node.tests.warned++;
    else node.tests.failed++;
    if (status !== "pass") {
      problems.push({
        node: node.id,
        column: t.column_name === null ? null : String(t.column_name),
        test: String(t.test),
        severity: String(t.severity),
        status,
        message: String(t.message ?? ""),
      });
    }
  }
  problems.sort((a, b) => (a.severity === b.severity ? a.node.localeCompare(b.node) : a.severity === "error" ? -1 : 1));
  return {
    nodes: [...nodes.values()].sort((a, b) => a.depth - b.depth || a.name.localeCompare(b.name)),
    edges,
    problems,
    lastModelRun: latestRun(modelRuns),
    lastTestRun: latestRun(testResults),
  };
}

async function rowsIfExists(warehouse: Warehouse, table: "model_runs" | "test_results"): Promise<Row[]> {
  if (!(await warehouse.columns("meta", table))) return [];
  return warehouse.query(`select * from ${warehouse.relation("meta", table)}`);
}

/** Reads what the graph needs from a built warehouse; counts the rows of sources and views (runs count tables). */
export async function readLineage(warehouse: Warehouse, project: Project): Promise<LineageGraph> {
  const renderer = new Renderer(project, warehouse);
  const rendered = project.models.map((m) => renderer.render(m));
  const counted = new Map<string, number>();
  const relations = [
    ...project.sources.map((s) => ({ id: sourceId(s.source, s.name), schema: s.schema, name: s.name })),
    ...rendered.filter((r) => r.config.materialized === "view").map((r) => ({ id: modelId(r.model.name), schema: r.model.schema, name: r.model.name })),
  ];
  for (const rel of relations) {
    if (!(await warehouse.columns(rel.schema, rel.name))) continue;
    const [{ n }] = await warehouse.query<{ n: number }>(`select count(*) as n from ${warehouse.relation(rel.schema, rel.name)}`);
    counted.set(rel.id, Number(n));
  }
  return buildLineage(
    project,
    rendered.map((r) => ({ name: r.model.name, refs: r.refs, sources: r.sources })),
    await rowsIfExists(warehouse, "model_runs"),
    await rowsIfExists(warehouse, "test_results"),
    counted,
  );
}

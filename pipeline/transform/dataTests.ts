// Data tests declared in YAML beside the models (dbt's generic tests plus a few): each compiles to a query
// returning the offending rows. Results go to meta.test_results with the run id; a failure message names the
// model, the column and an example row.
import { logger } from "../log.ts";
import { sqlString, type Row, type Warehouse } from "../warehouse/warehouse.ts";
import { select } from "./dag.ts";
import { ProjectError, type Project, type TestSpec } from "./project.ts";
import { Renderer } from "./render.ts";
import { defaultConcurrency, withSessions } from "./sessions.ts";
import { checkFreshness } from "./freshness.ts";
import { locationFree, statefulModels } from "./runner.ts";
import { States, TEST_STATE_DDL } from "./state.ts";
import type { TestResult, TestSummary } from "./testResults.ts";

export type { TestResult, TestSummary } from "./testResults.ts";

const log = logger("tests");

export const TEST_RESULTS_DDL = `create table if not exists meta.test_results (
  run_id varchar,
  test_id varchar,
  model varchar,
  column_name varchar,
  test varchar,
  severity varchar,
  status varchar,
  failures bigint,
  example varchar,
  message varchar,
  seconds double,
  finished_at timestamp default current_timestamp
)`;

/** A values list from YAML, or from a template such as "{{ var('states') }}" so a rule stays defined once. */
function list(values: unknown, render: (sql: string) => string): string {
  let items = values;
  const template = typeof values === "string" ? /^\s*\{\{(.*)\}\}\s*$/s.exec(values) : null;
  if (template) items = JSON.parse(render(`{{ (${template[1]}) | dump }}`));
  if (!Array.isArray(items) || items.length === 0) {
    throw new ProjectError(`accepted_values needs a values list or a template giving one, got ${JSON.stringify(values)}`);
  }
  return `(${items.map((v) => (typeof v === "number" ? String(v) : sqlString(String(v)))).join(", ")})`;
}

function needColumn(spec: TestSpec, model: string): string {
  if (!spec.column) throw new ProjectError(`Test ${spec.name} on ${model} needs a column`);
  return spec.column;
}

/** Tests that judge each row on its own: a predicate true for an offending row, so several share one scan. */
const ROW_TESTS = new Set(["not_null", "accepted_values", "accepted_range", "expression"]);

/** For a row test, the condition (with its `where`) an offending row of `model` meets; undefined for other tests. */
export function rowPredicate(spec: TestSpec, model: string, render: (sql: string) => string): string | undefined {
  if (!ROW_TESTS.has(spec.name)) return undefined;
  const a = spec.args;
  const where = a.where ? `(${render(String(a.where))})` : "true";
  switch (spec.name) {
    case "not_null":
      return `${where} and ${needColumn(spec, model)} is null`;
    case "accepted_values": {
      const c = needColumn(spec, model);
      return `${where} and ${c} is not null and ${c} not in ${list(a.values, render)}`;
    }
    case "accepted_range": {
      const c = needColumn(spec, model);
      const conds = [a.min !== undefined ? `${c} < ${Number(a.min)}` : null, a.max !== undefined ? `${c} > ${Number(a.max)}` : null].filter(Boolean);
      return `${where} and (${conds.join(" or ")})`;
    }
    default: {
      const expression = render(String(a.expression ?? ""));
      if (!expression) throw new ProjectError(`expression test on ${model} needs an expression`);
      return `${where} and not coalesce((${expression}), false)`;
    }
  }
}

/** The query returning the rows that violate `spec` on relation `rel`. */
export function testQuery(spec: TestSpec, rel: string, model: string, render: (sql: string) => string): string {
  const a = spec.args;
  const where = a.where ? `(${render(String(a.where))})` : "true";
  const predicate = rowPredicate(spec, model, render);
  if (predicate !== undefined) return `select * from ${rel} where ${predicate}`;
  switch (spec.name) {
    case "unique": {
      const c = needColumn(spec, model);
      return `select ${c}, count(*) as occurrences from ${rel} where ${where} and ${c} is not null group by ${c} having count(*) > 1`;
    }
    case "unique_combination": {
      const cols = (a.columns as string[] | undefined) ?? [];
      if (cols.length === 0) throw new ProjectError(`unique_combination on ${model} needs columns`);
      return `select ${cols.join(", ")}, count(*) as occurrences from ${rel} where ${where} group by ${cols.join(", ")} having count(*) > 1`;
    }
    case "relationships": {
      const c = needColumn(spec, model);
      // dbt writes `to: ref('x')` without braces.
      const to = String(a.to ?? "");
      if (!to) throw new ProjectError(`relationships on ${model}.${c} needs to: ref('model') or source('a', 'b')`);
      const parent = render(to.includes("{{") ? to : `{{ ${to} }}`);
      const field = String(a.field ?? c);
      return `select child.* from ${rel} as child left join ${parent} as parent on child.${c} = parent.${field}
              where ${where} and child.${c} is not null and parent.${field} is null`;
    }
    case "row_count": {
      const conds = [a.min !== undefined ? `n < ${Number(a.min)}` : null, a.max !== undefined ? `n > ${Number(a.max)}` : null].filter(Boolean);
      return `select n from (select count(*) as n from ${rel} where ${where}) as counted where ${conds.join(" or ")}`;
    }
    case "sql": {
      // A singular test: the query returns the offending rows; __model__ stands for the tested relation.
      return render(String(a.query ?? "")).replace(/__model__/g, rel);
    }
    default:
      throw new ProjectError(`Unknown data test "${spec.name}" on ${model}`);
  }
}

/** How a test is named in ids and messages: `name:<name>` when YAML names it, else the test and its arguments. */
export function describe(spec: TestSpec): string {
  if (typeof spec.args.name === "string") return `${spec.name}:${spec.args.name}`;
  const args = Object.entries(spec.args)
    .filter(([k]) => k !== "description")
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(" ");
  return args ? `${spec.name}(${args})` : spec.name;
}

/** A test's result from its failure count and example row, or from the error that kept it from running. */
function resultOf(target: TestTarget, spec: TestSpec, seconds: number, outcome: { n: number; example: Row | null } | { error: Error }): TestResult {
  const id = `${target.name}.${spec.column ?? "*"}.${describe(spec)}`;
  const where = `${target.name}${spec.column ? `.${spec.column}` : ""}`;
  const common = { id, model: target.name, column: spec.column ?? null, test: describe(spec), severity: spec.severity, seconds };
  if ("error" in outcome) {
    return { ...common, status: "error", failures: 0, example: null, message: `${where}: ${describe(spec)} could not run: ${outcome.error.message}` };
  }
  const { n, example } = outcome;
  return {
    ...common,
    status: n > 0 ? "fail" : "pass",
    failures: n,
    example,
    message: n > 0 ? `${where}: ${describe(spec)} failed on ${n} row(s), e.g. ${JSON.stringify(example)}` : "",
  };
}

const idOf = (target: TestTarget, spec: TestSpec) => `${target.name}.${spec.column ?? "*"}.${describe(spec)}`;

/** Runs one test: one query counts the failing rows; only a failing test fetches an example row. */
async function runOne(warehouse: Warehouse, renderer: Renderer, target: TestTarget, spec: TestSpec): Promise<TestResult> {
  const started = performance.now();
  try {
    const sql = testQuery(spec, target.rel, target.name, (s) => renderer.renderSql(s, idOf(target, spec)));
    // The count first: it reads only the columns the test's logic needs (a passing test, the usual case, ends
    // there), where `select *` would carry every column of the tested relation through its scan and joins.
    const n = Number((await warehouse.query<{ n: number }>(`select count(*) as n from (${sql}) as failures`))[0].n);
    const example = n > 0 ? ((await warehouse.query(`select * from (${sql}) as failures limit 1`))[0] ?? null) : null;
    return resultOf(target, spec, (performance.now() - started) / 1000, { n, example });
  } catch (error) {
    return resultOf(target, spec, (performance.now() - started) / 1000, { error: error as Error });
  }
}

/**
 * The row tests of one relation in one scan: a failure count per test (sum(case when … then 1 else 0 end): both engines' SQL), then an
 * example row for those that failed. A staging view is computed once for all its row tests instead of once
 * each. When the shared scan fails, each test runs alone, so an error still names its own test. Each test's
 * seconds are its share of the scan.
 */
async function runRowTests(warehouse: Warehouse, renderer: Renderer, target: TestTarget, specs: TestSpec[]): Promise<TestResult[]> {
  const started = performance.now();
  let counts: number[];
  let predicates: string[];
  try {
    predicates = specs.map((spec) => rowPredicate(spec, target.name, (s) => renderer.renderSql(s, idOf(target, spec)))!);
    const row = (
      await warehouse.query(`select ${predicates.map((p, i) => `coalesce(sum(case when ${p} then 1 else 0 end), 0) as f${i}`).join(",\n")} from ${target.rel}`)
    )[0];
    counts = predicates.map((_, i) => Number(row[`f${i}`]));
  } catch (error) {
    // Each test alone then names its own error (or passes, when the shared query was what failed).
    log.debug(`${target.name}: the shared scan of ${specs.length} row tests failed, running them one by one: ${(error as Error).message}`);
    const results: TestResult[] = [];
    for (const spec of specs) results.push(await runOne(warehouse, renderer, target, spec));
    return results;
  }
  const results: TestResult[] = [];
  for (const [i, spec] of specs.entries()) {
    const example = counts[i] > 0 ? ((await warehouse.query(`select * from ${target.rel} where ${predicates[i]} limit 1`))[0] ?? null) : null;
    results.push(resultOf(target, spec, 0, { n: counts[i], example }));
  }
  const share = (performance.now() - started) / 1000 / specs.length;
  return results.map((r) => ({ ...r, seconds: share }));
}

interface TestTarget {
  name: string;
  rel: string;
  tests: TestSpec[];
  /** Set when the tested relation is a source table rather than a model. */
  source?: { source: string; name: string };
}

/**
 * The state of a test's inputs: its query (as written now, with its severity) and the identities of the relation
 * it tests and of every relation its query names; null when one is unknown (the test then runs).
 */
async function testState(warehouse: Warehouse, states: States, renderer: Renderer, target: TestTarget, spec: TestSpec): Promise<string | null> {
  const refs: string[] = target.source ? [] : [target.name];
  const sources = target.source ? [target.source] : [];
  let sql: string;
  try {
    sql = testQuery(spec, target.rel, target.name, (text) => {
      const rendered = renderer.renderSqlWithInputs(text, idOf(target, spec));
      refs.push(...rendered.refs);
      sources.push(...rendered.sources);
      return rendered.sql;
    });
  } catch {
    return null; // it cannot even be written: running it reports why
  }
  return states.of(locationFree(warehouse, sql), { refs: [...new Set(refs)], sources }, `test ${idOf(target, spec)} severity=${spec.severity}`);
}

/** An earlier result, still true: the same test read the same relations. */
function reusedResult(target: TestTarget, spec: TestSpec, before: Previous): TestResult {
  const example = before.example === null ? null : (JSON.parse(before.example) as Row);
  const common = { id: idOf(target, spec), model: target.name, column: spec.column ?? null, test: describe(spec), severity: spec.severity };
  return { ...common, status: before.status, failures: Number(before.failures), example, message: before.message, seconds: 0, reusedFrom: before.run_id };
}

/** The state each result was reached from, for the next run; a test that could not run keeps none. */
async function saveStates(warehouse: Warehouse, runId: string, results: TestResult[], stateOf: Map<number, string | null>): Promise<void> {
  const ids = results.map((r) => sqlString(r.id));
  if (ids.length === 0) return;
  const values = [...stateOf]
    .filter(([index, state]) => state !== null && results[index] && results[index].status !== "error")
    .map(([index, state]) => `(${sqlString(results[index].id)}, ${sqlString(state!)}, ${sqlString(runId)})`);
  await warehouse.exec(`delete from meta.test_state where test_id in (${ids.join(", ")})`);
  if (values.length) await warehouse.exec(`insert into meta.test_state values\n${values.join(",\n")}`);
}

interface Previous {
  test_id: string;
  state: string;
  run_id: string;
  status: TestResult["status"];
  failures: number;
  example: string | null;
  message: string;
}

/** The last result of every test that has a state, with that state. */
async function previousResults(warehouse: Warehouse): Promise<Map<string, Previous>> {
  const rows = await warehouse.query<Previous & Row>(`select s.test_id, s.state, s.run_id, r.status, r.failures, r.example, r.message
    from meta.test_state as s
    join meta.test_results as r on r.run_id = s.run_id and r.test_id = s.test_id`);
  return new Map(rows.map((r) => [r.test_id, r]));
}

export async function runDataTests(
  warehouse: Warehouse,
  project: Project,
  options: {
    runId: string;
    select?: string;
    /** ISO date freshness is judged on; default today in Brasília. */
    today?: string;
    /** Sessions the tests run on side by side; default as sessions.ts decides (two, or one once the data outgrows memory). */
    concurrency?: number;
    /** Run every test, even one whose inputs are unchanged since its last result (`--full-refresh`). */
    rerun?: boolean;
  },
): Promise<TestSummary> {
  await warehouse.exec(`${TEST_RESULTS_DDL};\n${TEST_STATE_DDL}`);
  const renderer = new Renderer(project, warehouse);
  const rendered = project.models.map((m) => renderer.render(m));
  const graph = rendered.map((r) => ({ name: r.model.name, refs: r.refs }));
  const chosen = select(graph, options.select);
  const targets = [
    ...project.models.filter((m) => chosen.has(m.name)).map((m) => ({ name: m.name, rel: warehouse.relation(m.schema, m.name), tests: m.tests })),
    ...(options.select
      ? []
      : project.sources.map((s) => ({
          name: `${s.source}.${s.name}`,
          rel: warehouse.relation(s.schema, s.name),
          tests: s.tests,
          source: { source: s.source, name: s.name },
        }))),
  ];
  // One job per test, except the row tests of a relation, which share one job (one scan).
  let declared = 0;
  const jobs = targets.flatMap((target) => {
    const numbered = target.tests.map((spec) => ({ spec, index: declared++ }));
    const rows = numbered.filter(({ spec }) => ROW_TESTS.has(spec.name));
    const others = numbered.filter(({ spec }) => !ROW_TESTS.has(spec.name)).map((t) => ({ target, tests: [t], shared: false }));
    return rows.length > 0 ? [{ target, tests: rows, shared: true }, ...others] : others;
  });
  // In a run whose models step vouched for the tables (state.ts), a test whose inputs are as they were at its
  // last result keeps that result; the others run.
  const states = await States.load(warehouse, project, statefulModels(warehouse, rendered), options.runId);
  const previous = states.vouched ? await previousResults(warehouse) : new Map<string, Previous>();
  const stateOf = new Map<number, string | null>();
  const results: TestResult[] = new Array(declared);
  const toRun: typeof jobs = [];
  for (const job of jobs) {
    for (const { spec, index } of job.tests) stateOf.set(index, states.vouched ? await testState(warehouse, states, renderer, job.target, spec) : null);
    const before = job.tests.map(({ spec, index }) => {
      const last = previous.get(idOf(job.target, spec));
      return last !== undefined && last.state === stateOf.get(index) ? last : undefined;
    });
    if (!options.rerun && before.every((last) => last !== undefined)) {
      job.tests.forEach(({ spec, index }, k) => (results[index] = reusedResult(job.target, spec, before[k]!)));
    } else toRun.push(job);
  }
  // Tests only read: they run side by side on a few sessions, each result kept in its declared order.
  await withSessions(warehouse, Math.max(1, Math.min(options.concurrency ?? (await defaultConcurrency(warehouse)), toRun.length)), async (sessions) => {
    let next = 0;
    await Promise.all(
      sessions.map(async (session) => {
        for (let i = next++; i < toRun.length; i = next++) {
          const { target, tests, shared } = toRun[i];
          const specs = tests.map((t) => t.spec);
          const done = shared ? await runRowTests(session, renderer, target, specs) : [await runOne(session, renderer, target, specs[0])];
          done.forEach((r, k) => (results[tests[k].index] = r));
        }
      }),
    );
  });
  if (!options.select) {
    for (const source of project.sources.filter((s) => s.freshness)) {
      results.push(await checkFreshness(warehouse, source, options.today));
    }
  }
  await saveStates(warehouse, options.runId, results, stateOf);
  if (results.length > 0) {
    const values = results.map(
      (r) =>
        `(${[options.runId, r.id, r.model, r.column, r.test, r.severity, r.status].map((v) => (v === null ? "null" : sqlString(v))).join(", ")}, ${r.failures}, ${
          r.example ? sqlString(JSON.stringify(r.example)) : "null"
        }, ${sqlString(r.message)}, ${r.seconds}, current_timestamp)`,
    );
    await warehouse.exec(`insert into meta.test_results values\n${values.join(",\n")}`);
  }
  const bad = results.filter((r) => r.status !== "pass");
  const errors = bad.filter((r) => r.severity === "error");
  const warnings = bad.filter((r) => r.severity === "warn");
  for (const r of bad) (r.severity === "error" ? log.error : log.warn)(r.message);
  const reused = results.filter((r) => r.reusedFrom !== undefined).length;
  const reusedText = reused ? ` (${reused} not rerun: what they read is unchanged since their last result)` : "";
  log.info(`${results.length - bad.length} of ${results.length} data tests passed, ${errors.length} failed, ${warnings.length} warned${reusedText}`);
  return {
    reused,
    results,
    errors: errors.length,
    warnings: warnings.length,
    failureMessages: errors.map((r) => r.message),
    warningMessages: warnings.map((r) => r.message),
  };
}

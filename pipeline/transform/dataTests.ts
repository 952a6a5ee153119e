// Data tests declared in YAML beside the models (dbt's generic tests plus a few): each compiles to a query
// returning the offending rows. Results go to meta.test_results with the run id; a failure message names the
// model, the column and an example row.
import { availableParallelism } from "node:os";
import { logger } from "../log.ts";
import { sqlString, type Warehouse } from "../warehouse/warehouse.ts";
import { select } from "./dag.ts";
import { ProjectError, type Project, type TestSpec } from "./project.ts";
import { Renderer } from "./render.ts";
import { checkFreshness } from "./freshness.ts";
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

/** The query returning the rows that violate `spec` on relation `rel`. */
export function testQuery(spec: TestSpec, rel: string, model: string, render: (sql: string) => string): string {
  const a = spec.args;
  const where = a.where ? `(${render(String(a.where))})` : "true";
  switch (spec.name) {
    case "not_null": {
      const c = needColumn(spec, model);
      return `select * from ${rel} where ${where} and ${c} is null`;
    }
    case "unique": {
      const c = needColumn(spec, model);
      return `select ${c}, count(*) as occurrences from ${rel} where ${where} and ${c} is not null group by ${c} having count(*) > 1`;
    }
    case "unique_combination": {
      const cols = (a.columns as string[] | undefined) ?? [];
      if (cols.length === 0) throw new ProjectError(`unique_combination on ${model} needs columns`);
      return `select ${cols.join(", ")}, count(*) as occurrences from ${rel} where ${where} group by ${cols.join(", ")} having count(*) > 1`;
    }
    case "accepted_values": {
      const c = needColumn(spec, model);
      return `select * from ${rel} where ${where} and ${c} is not null and ${c} not in ${list(a.values, render)}`;
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
    case "accepted_range": {
      const c = needColumn(spec, model);
      const conds = [a.min !== undefined ? `${c} < ${Number(a.min)}` : null, a.max !== undefined ? `${c} > ${Number(a.max)}` : null].filter(Boolean);
      return `select * from ${rel} where ${where} and (${conds.join(" or ")})`;
    }
    case "expression": {
      const expression = render(String(a.expression ?? ""));
      if (!expression) throw new ProjectError(`expression test on ${model} needs an expression`);
      return `select * from ${rel} where ${where} and not coalesce((${expression}), false)`;
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

/** Runs one test: one query says whether any row fails; only a failing test is counted. */
async function runOne(warehouse: Warehouse, renderer: Renderer, target: TestTarget, spec: TestSpec): Promise<TestResult> {
  const id = `${target.name}.${spec.column ?? "*"}.${describe(spec)}`;
  const started = performance.now();
  let result: TestResult;
  try {
    const sql = testQuery(spec, target.rel, target.name, (s) => renderer.renderSql(s, id));
    const example = (await warehouse.query(`select * from (${sql}) as failures limit 1`))[0] ?? null;
    const n = example ? Number((await warehouse.query<{ n: number }>(`select count(*) as n from (${sql}) as failures`))[0].n) : 0;
    const where = `${target.name}${spec.column ? `.${spec.column}` : ""}`;
    result = {
      id,
      model: target.name,
      column: spec.column ?? null,
      test: describe(spec),
      severity: spec.severity,
      status: n > 0 ? "fail" : "pass",
      failures: n,
      example,
      message: n > 0 ? `${where}: ${describe(spec)} failed on ${n} row(s), e.g. ${JSON.stringify(example)}` : "",
      seconds: (performance.now() - started) / 1000,
    };
  } catch (error) {
    result = {
      id,
      model: target.name,
      column: spec.column ?? null,
      test: describe(spec),
      severity: spec.severity,
      status: "error",
      failures: 0,
      example: null,
      message: `${target.name}${spec.column ? `.${spec.column}` : ""}: ${describe(spec)} could not run: ${(error as Error).message}`,
      seconds: (performance.now() - started) / 1000,
    };
  }
  return result;
}

/** Cores to spread the tests over: DuckDB already uses them all for one query, so two sessions are enough to hide its per-query overhead. */
/** Embedded: the cores (two at most, the file is shared). BigQuery: remote jobs that mostly wait, so more at once. */
function defaultConcurrency(warehouse: Warehouse): number {
  if (warehouse.engine === "bigquery") return 8;
  return Math.max(1, Math.min(2, availableParallelism()));
}

async function openSessions(warehouse: Warehouse, count: number): Promise<Warehouse[]> {
  const sessions = [warehouse];
  for (let i = 1; i < count; i++) sessions.push(await warehouse.connect());
  return sessions;
}

interface TestTarget {
  name: string;
  rel: string;
  tests: TestSpec[];
}

export async function runDataTests(
  warehouse: Warehouse,
  project: Project,
  options: {
    runId: string;
    select?: string;
    /** ISO date freshness is judged on; default today in Brasília. */
    today?: string;
    /** Sessions the tests run on side by side; default 2 (1 on one core). */
    concurrency?: number;
  },
): Promise<TestSummary> {
  await warehouse.exec(TEST_RESULTS_DDL);
  const renderer = new Renderer(project, warehouse);
  const graph = project.models.map((m) => ({ name: m.name, refs: renderer.render(m).refs }));
  const chosen = select(graph, options.select);
  const targets = [
    ...project.models.filter((m) => chosen.has(m.name)).map((m) => ({ name: m.name, rel: warehouse.relation(m.schema, m.name), tests: m.tests })),
    ...(options.select
      ? []
      : project.sources.map((s) => ({
          name: `${s.source}.${s.name}`,
          rel: warehouse.relation(s.schema, s.name),
          tests: s.tests,
        }))),
  ];
  const jobs = targets.flatMap((target) => target.tests.map((spec) => ({ target, spec })));
  // Tests only read: they run side by side on a few sessions, each result kept in its declared order.
  const results: TestResult[] = new Array(jobs.length);
  const sessions = await openSessions(warehouse, Math.min(options.concurrency ?? defaultConcurrency(warehouse), jobs.length));
  try {
    let next = 0;
    await Promise.all(
      sessions.map(async (session) => {
        for (let i = next++; i < jobs.length; i = next++) {
          results[i] = await runOne(session, renderer, jobs[i].target, jobs[i].spec);
        }
      }),
    );
  } finally {
    for (const session of sessions.slice(1)) await session.close();
  }
  if (!options.select) {
    for (const source of project.sources.filter((s) => s.freshness)) {
      results.push(await checkFreshness(warehouse, source, options.today));
    }
  }
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
  log.info(`${results.length - bad.length} of ${results.length} data tests passed, ${errors.length} failed, ${warnings.length} warned`);
  return {
    results,
    errors: errors.length,
    warnings: warnings.length,
    failureMessages: errors.map((r) => r.message),
    warningMessages: warnings.map((r) => r.message),
  };
}

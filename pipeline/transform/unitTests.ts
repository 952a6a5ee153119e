// Unit tests of the models' business logic, dbt's pattern: given rows for a model's inputs, the model's
// output must be exactly the expected rows. Runs in an in-memory DuckDB: the project is first built on
// empty raw tables so every input has its real column types; then, per test, the inputs become fixture
// tables of those types and the model's SQL runs against them.
import { OLIST_TABLES } from "../extract/olistSchema.ts";
import { logger } from "../log.ts";
import { openScratchWarehouse } from "../warehouse/open.ts";
import { BCB_OBSERVATIONS_DDL, BCB_STATUS_DDL, olistRawDdl } from "../extract/rawTables.ts";
import { sqlString, type Cell, type Column, type Row, type Warehouse } from "../warehouse/warehouse.ts";
import { select } from "./dag.ts";
import { ProjectError, type ModelFile, type Project, type UnitTestSpec } from "./project.ts";
import { Renderer } from "./render.ts";
import { compileProject, materialisation } from "./runner.ts";

const log = logger("unit-tests");

export interface UnitTestResult {
  model: string;
  name: string;
  status: "pass" | "fail" | "error";
  message: string;
  missing: Row[];
  unexpected: Row[];
  seconds: number;
}

type Input = { kind: "ref"; name: string } | { kind: "source"; source: string; name: string };

/** `ref('x')` or `source('a', 'b')` as written in YAML. */
export function parseInput(text: string): Input {
  const ref = /^\s*ref\(\s*['"]([\w.]+)['"]\s*\)\s*$/.exec(text);
  if (ref) return { kind: "ref", name: ref[1] };
  const source = /^\s*source\(\s*['"](\w+)['"]\s*,\s*['"](\w+)['"]\s*\)\s*$/.exec(text);
  if (source) return { kind: "source", source: source[1], name: source[2] };
  throw new ProjectError(`Unit test input "${text}" is neither ref('model') nor source('source', 'table')`);
}

const key = (i: Input) => (i.kind === "ref" ? `ref('${i.name}')` : `source('${i.source}', '${i.name}')`);
const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

function literal(value: unknown, where: string): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value === "string") return sqlString(value);
  throw new ProjectError(`${where}: ${JSON.stringify(value)} is not a scalar (use strings, numbers, booleans or null)`);
}

/** A SELECT of literal rows cast to the given columns' types; columns a row leaves out are null. */
export function rowsAsSelect(rows: Record<string, unknown>[], columns: Column[], where: string): string {
  const names = new Set(columns.map((c) => c.name));
  for (const row of rows) {
    const unknown = Object.keys(row).filter((k) => !names.has(k));
    if (unknown.length > 0) {
      throw new ProjectError(`${where}: column ${unknown.join(", ")} does not exist (columns: ${[...names].join(", ")})`);
    }
  }
  const select = (row: Record<string, unknown> | undefined) =>
    `select ${columns.map((c) => `cast(${literal(row?.[c.name], where)} as ${c.type}) as ${quote(c.name)}`).join(", ")}`;
  return rows.length === 0 ? `${select(undefined)} where false` : rows.map(select).join("\nunion all\n");
}

/** Equal cells: numbers within 1e-9 relative (the arithmetic is floating point), anything else exactly. */
export function sameCell(a: Cell, b: Cell): boolean {
  if (typeof a === "number" && typeof b === "number") return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Multiset difference both ways on the given columns. */
export function compareRows(expected: Row[], actual: Row[], columns: string[]): { missing: Row[]; unexpected: Row[] } {
  const left = [...actual];
  const missing: Row[] = [];
  for (const row of expected) {
    const i = left.findIndex((candidate) => columns.every((c) => sameCell(row[c], candidate[c])));
    if (i === -1) missing.push(row);
    else left.splice(i, 1);
  }
  return { missing, unexpected: left };
}

/** An in-memory warehouse holding every model built on empty raw tables: the column types of every input. */
async function schemaWarehouse(project: Project): Promise<Warehouse> {
  const warehouse = await openScratchWarehouse();
  for (const table of OLIST_TABLES) await warehouse.exec(olistRawDdl(warehouse, table));
  await warehouse.exec(`${BCB_OBSERVATIONS_DDL};\n${BCB_STATUS_DDL};\ncreate schema unit;`);
  for (const r of await compileProject(warehouse, project, true)) {
    for (const statement of materialisation(warehouse, r, false)) await warehouse.exec(statement);
  }
  return warehouse;
}

async function runOne(warehouse: Warehouse, project: Project, model: ModelFile, test: UnitTestSpec): Promise<Omit<UnitTestResult, "seconds">> {
  const where = `${model.name} unit test ${test.name}`;
  if (!test.expect || !Array.isArray(test.expect.rows)) throw new ProjectError(`${where}: needs expect: {rows: [...]}`);
  const scoped: Project = { ...project, vars: { ...project.vars, ...(test.overrides?.vars ?? {}) } };
  const renderer = new Renderer(scoped, warehouse);
  const used = renderer.render(model);
  const inputs: Input[] = [...used.refs.map((name): Input => ({ kind: "ref", name })), ...used.sources.map((s): Input => ({ kind: "source", ...s }))];
  const given = new Map((test.given ?? []).map((g) => [key(parseInput(g.input)), g.rows ?? []]));
  for (const input of given.keys()) {
    if (!inputs.some((i) => key(i) === input)) {
      throw new ProjectError(`${where}: gives rows for ${input}, which ${model.name} does not read (it reads ${inputs.map(key).join(", ")})`);
    }
  }
  const fixtures = new Map<string, string>();
  for (const [n, input] of inputs.entries()) {
    const real =
      input.kind === "ref"
        ? project.models.find((m) => m.name === input.name)!
        : project.sources.find((s) => s.source === input.source && s.name === input.name)!;
    const columns = await warehouse.columns(real.schema, real.name);
    if (!columns) throw new ProjectError(`${where}: ${key(input)} has no columns in the schema-only build`);
    const fixture = `unit.${quote(`input_${n}`)}`;
    await warehouse.exec(`create or replace table ${fixture} as\n${rowsAsSelect(given.get(key(input)) ?? [], columns, `${where}, ${key(input)}`)}`);
    fixtures.set(key(input), fixture);
  }
  const rendered = renderer.render(model, {
    resolveRef: (name) => fixtures.get(`ref('${name}')`),
    resolveSource: (source, name) => fixtures.get(`source('${source}', '${name}')`),
  });
  await warehouse.exec(`create or replace table unit.actual as\n${rendered.sql}`);
  const outputColumns = await outputOf(warehouse);
  const wanted = [...new Set(test.expect.rows.flatMap((r) => Object.keys(r)))];
  const chosen = wanted.map((name) => {
    const column = outputColumns.find((c) => c.name === name);
    if (!column) throw new ProjectError(`${where}: expects column ${name}, which the model does not output`);
    return column;
  });
  const list = chosen.map((c) => quote(c.name)).join(", ");
  const expected = await warehouse.query(`select ${list} from (${rowsAsSelect(test.expect.rows, chosen, `${where}, expect`)}) as expected`);
  const actual = await warehouse.query(`select ${list} from unit.actual`);
  const { missing, unexpected } = compareRows(expected, actual, wanted);
  const pass = missing.length === 0 && unexpected.length === 0;
  const show = (rows: Row[]) =>
    rows
      .slice(0, 3)
      .map((r) => JSON.stringify(r))
      .join("; ");
  return {
    model: model.name,
    name: test.name,
    status: pass ? "pass" : "fail",
    missing,
    unexpected,
    message: pass
      ? ""
      : `${where} failed: ${missing.length} expected row(s) missing${missing.length ? ` (${show(missing)})` : ""}, ` +
        `${unexpected.length} unexpected row(s)${unexpected.length ? ` (${show(unexpected)})` : ""}`,
  };
}

async function outputOf(warehouse: Warehouse): Promise<Column[]> {
  const rows = await warehouse.query<{ column_name: string; data_type: string }>(
    `select column_name, data_type from information_schema.columns
     where table_schema = 'unit' and table_name = 'actual' order by ordinal_position`,
  );
  return rows.map((r) => ({ name: r.column_name, type: r.data_type.toUpperCase() }));
}

/** Runs the unit tests of the selected models (dbt selector; default all). */
export async function runUnitTests(project: Project, options: { select?: string } = {}): Promise<UnitTestResult[]> {
  const warehouse = await schemaWarehouse(project);
  try {
    const renderer = new Renderer(project, warehouse);
    const graph = project.models.map((m) => ({ name: m.name, refs: renderer.render(m).refs }));
    const chosen = select(graph, options.select);
    const results: UnitTestResult[] = [];
    for (const model of project.models.filter((m) => chosen.has(m.name))) {
      for (const test of model.unitTests) {
        const started = performance.now();
        let result: Omit<UnitTestResult, "seconds">;
        try {
          result = await runOne(warehouse, project, model, test);
        } catch (error) {
          result = {
            model: model.name,
            name: test.name,
            status: "error",
            missing: [],
            unexpected: [],
            message: `${model.name} unit test ${test.name} could not run: ${(error as Error).message}`,
          };
        }
        results.push({ ...result, seconds: (performance.now() - started) / 1000 });
        if (result.status !== "pass") log.error(result.message);
      }
    }
    const passed = results.filter((r) => r.status === "pass").length;
    log.info(`${passed} of ${results.length} unit tests passed`);
    return results;
  } finally {
    await warehouse.close();
  }
}

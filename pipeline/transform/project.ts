// Reads the model project: models/project.yml (folders, vars), models/sources.yml, every *.sql model and the
// *.yml beside it (descriptions, columns, data tests), and every seed (models/seeds/*.csv, a reviewed table kept in
// the repository), which becomes a model whose SQL is its rows.
import { parse as parseCsv } from "csv-parse/sync";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import YAML from "yaml";
import type { Schema } from "../warehouse/warehouse.ts";

export type Materialization = "view" | "table" | "incremental" | "ephemeral";

/** A data test as declared in YAML; `name` is the generic test (unique, not_null, …). */
export interface TestSpec {
  name: string;
  /** Column the test applies to, absent for model-level tests. */
  column?: string;
  args: Record<string, unknown>;
  severity: "error" | "warn";
}

export interface ModelFile {
  name: string;
  /** Folder under models/; staging and marts are also the target schema, seeds build into staging. */
  folder: "staging" | "marts" | "seeds";
  schema: Schema;
  sqlPath: string;
  sql: string;
  description: string;
  columns: { name: string; description: string }[];
  tests: TestSpec[];
  /** Unit tests: given input rows per ref/source, expected output rows. */
  unitTests: UnitTestSpec[];
}

export interface UnitTestSpec {
  name: string;
  description?: string;
  /** Inputs as `ref('model')` or `source('name', 'table')`; inputs not given are empty. */
  given: { input: string; rows: Record<string, unknown>[] }[];
  /** The model's whole output, compared as a set of rows on the columns the expected rows name. */
  expect: { rows: Record<string, unknown>[] };
  /** Project vars replaced for this test only (dbt's `overrides: {vars: ...}`). */
  overrides?: { vars?: Record<string, unknown> };
}

export interface SourceTable {
  source: string;
  name: string;
  schema: Schema;
  description: string;
  tests: TestSpec[];
  freshness?: { column: string; warnAfterDays: number; errorAfterDays?: number };
}

export interface Project {
  dir: string;
  name: string;
  vars: Record<string, unknown>;
  materialized: Record<string, Materialization>;
  models: ModelFile[];
  sources: SourceTable[];
  macroFiles: string[];
}

export class ProjectError extends Error {
  override name = "ProjectError";
}

const FOLDERS = ["staging", "marts"] as const;

type RawTest = string | Record<string, Record<string, unknown> | undefined>;

/** One table of sources.yml, as written there. */
interface RawSourceTable {
  name: string;
  description?: string;
  tests?: RawTest[];
  columns?: { name: string; tests?: RawTest[] }[];
  freshness?: { column: string; warn_after_days: number; error_after_days?: number };
}

/** Normalises dbt-style test entries: `- unique` or `- accepted_values: {values: [...], severity: warn}`. */
export function parseTests(entries: RawTest[] | undefined, column?: string): TestSpec[] {
  return (entries ?? []).map((entry) => {
    if (typeof entry === "string") return { name: entry, column, args: {}, severity: "error" };
    const [name, rawArgs] = Object.entries(entry)[0] ?? [];
    if (!name) throw new ProjectError(`Empty test entry${column ? ` on column ${column}` : ""}`);
    const { severity, ...args } = (rawArgs ?? {}) as Record<string, unknown>;
    if (severity !== undefined && severity !== "error" && severity !== "warn") {
      throw new ProjectError(`Test ${name} has severity "${String(severity)}"; use error or warn`);
    }
    return { name, column, args, severity: (severity as "error" | "warn") ?? "error" };
  });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a YAML document is untyped until its reader picks fields
async function readYaml(file: string): Promise<Record<string, any> | undefined> {
  try {
    return YAML.parse(await readFile(file, "utf8")) ?? {};
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new ProjectError(`Cannot read ${file}: ${(error as Error).message}`);
  }
}

/** The description, columns and tests of a model or seed from the .yml beside it. */
async function readSpec(dir: string, folder: string, name: string) {
  const spec = (await readYaml(path.join(dir, folder, `${name}.yml`))) ?? {};
  const model = (spec.models ?? []).find((m: { name: string }) => m.name === name) ?? {};
  const columns = (model.columns ?? []) as { name: string; description?: string; tests?: RawTest[] }[];
  return {
    description: (model.description ?? "") as string,
    columns: columns.map((c) => ({ name: c.name, description: c.description ?? "" })),
    tests: [...parseTests(model.tests), ...columns.flatMap((c) => parseTests(c.tests, c.name))],
    unitTests: (model.unit_tests ?? []) as UnitTestSpec[],
  };
}

async function readModel(dir: string, folder: (typeof FOLDERS)[number], file: string): Promise<ModelFile> {
  const name = file.replace(/\.sql$/, "");
  const sqlPath = path.join(dir, folder, file);
  return { name, folder, schema: folder, sqlPath, sql: await readFile(sqlPath, "utf8"), ...(await readSpec(dir, folder, name)) };
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/**
 * A seed's rows as SQL both engines run: one `select 'v' as col, …` per row joined by `union all`, every value
 * text (an empty cell is null). A header that is no plain identifier, a ragged row or an empty file is an error.
 */
export function seedSql(name: string, csv: string): string {
  const records = parseCsv(csv, { bom: true, skip_empty_lines: true, relax_column_count: true }) as string[][];
  const [header, ...rows] = records;
  if (!header || rows.length === 0) throw new ProjectError(`Seed ${name} has no rows: a header line and at least one row`);
  const bad = header.find((c) => !IDENTIFIER.test(c));
  if (bad !== undefined) throw new ProjectError(`Seed ${name}: column "${bad}" is not a lower-case identifier (a-z, 0-9, _)`);
  const ragged = rows.findIndex((r) => r.length !== header.length);
  if (ragged >= 0) throw new ProjectError(`Seed ${name}: line ${ragged + 2} has ${rows[ragged].length} fields, the header ${header.length}`);
  const literal = (v: string) => (v === "" ? "null" : `'${v.replace(/'/g, "''")}'`);
  const selects = rows.map((r) => `select ${r.map((v, i) => `${literal(v)} as ${header[i]}`).join(", ")}`);
  return `-- seed ${name}: ${rows.length} rows of models/seeds/${name}.csv\n${selects.join("\nunion all\n")}\n`;
}

async function readSeeds(dir: string): Promise<ModelFile[]> {
  const files = (await readdir(path.join(dir, "seeds")).catch(() => [] as string[])).filter((f) => f.endsWith(".csv")).sort();
  const seeds: ModelFile[] = [];
  for (const file of files) {
    const name = file.replace(/\.csv$/, "");
    const sqlPath = path.join(dir, "seeds", file);
    seeds.push({
      name,
      folder: "seeds",
      schema: "staging",
      sqlPath,
      sql: seedSql(name, await readFile(sqlPath, "utf8")),
      ...(await readSpec(dir, "seeds", name)),
    });
  }
  return seeds;
}

export async function loadProject(dir: string): Promise<Project> {
  const spec = await readYaml(path.join(dir, "project.yml"));
  if (!spec) throw new ProjectError(`No project.yml in ${dir}`);
  const models: ModelFile[] = [];
  for (const folder of FOLDERS) {
    const files = (await readdir(path.join(dir, folder))).filter((f) => f.endsWith(".sql")).sort();
    for (const file of files) models.push(await readModel(dir, folder, file));
  }
  models.push(...(await readSeeds(dir)));
  const names = new Set<string>();
  for (const m of models) {
    if (names.has(m.name)) throw new ProjectError(`Two models are named ${m.name}`);
    names.add(m.name);
  }
  const sourcesSpec = (await readYaml(path.join(dir, "sources.yml"))) ?? {};
  const sources: SourceTable[] = (sourcesSpec.sources ?? []).flatMap((s: { name: string; schema?: Schema; tables: RawSourceTable[] }) =>
    s.tables.map((tb) => ({
      source: s.name,
      name: tb.name,
      schema: s.schema ?? "raw",
      description: tb.description ?? "",
      tests: [...parseTests(tb.tests), ...((tb.columns ?? []) as { name: string; tests?: RawTest[] }[]).flatMap((c) => parseTests(c.tests, c.name))],
      freshness: tb.freshness
        ? {
            column: tb.freshness.column,
            warnAfterDays: tb.freshness.warn_after_days,
            errorAfterDays: tb.freshness.error_after_days,
          }
        : undefined,
    })),
  );
  const macroDir = path.join(dir, "macros");
  const macroFiles = (await readdir(macroDir).catch(() => [] as string[]))
    .filter((f) => f.endsWith(".sql"))
    .sort()
    .map((f) => path.join(macroDir, f));
  return {
    dir,
    name: spec.name ?? "models",
    vars: spec.vars ?? {},
    // A seed is a table: its rows are built once per run, not re-read by every query.
    materialized: { seeds: "table", ...(spec.materialized ?? { staging: "view", marts: "table" }) },
    models,
    sources,
    macroFiles,
  };
}

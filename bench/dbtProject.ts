// The project's models as a dbt project, for the dbt-duckdb peer in bench/peers.ts: every model compiled by the
// project's own renderer (macros and var() expanded for DuckDB) with ref() and source() left for dbt to resolve,
// and every data test compiled by the runner's own testQuery into a singular test (the rows it returns fail it).
// Incremental models are tables here: the peer is measured on a full build, as the runner is.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, testQuery } from "../pipeline/transform/dataTests.ts";
import type { Project } from "../pipeline/transform/project.ts";
import { Renderer, type RenderOptions } from "../pipeline/transform/render.ts";
import type { Warehouse } from "../pipeline/warehouse/warehouse.ts";

export interface DbtProject {
  models: number;
  tests: number;
  /** Freshness checks have no singular-test form (dbt checks them with `dbt source freshness`). */
  leftOut: string[];
}

const ref = (name: string) => `{{ ref('${name}') }}`;
const source = (s: string, n: string) => `{{ source('${s}', '${n}') }}`;
const DBT_REFS: RenderOptions = { resolveRef: ref, resolveSource: source };

/** Writes dbt_project.yml, profiles.yml, models/, tests/ into `dir`, building into the DuckDB file `database`. */
export function writeDbtProject(dir: string, project: Project, warehouse: Warehouse, database: string, threads: number): DbtProject {
  const renderer = new Renderer(project, warehouse);
  mkdirSync(path.join(dir, "models"), { recursive: true });
  mkdirSync(path.join(dir, "tests"), { recursive: true });
  writeFileSync(
    path.join(dir, "dbt_project.yml"),
    `name: olist_peer\nversion: "1.0.0"\nconfig-version: 2\nprofile: olist_peer\nmodel-paths: ["models"]\ntest-paths: ["tests"]\n`,
  );
  writeFileSync(
    path.join(dir, "profiles.yml"),
    `olist_peer:\n  target: bench\n  outputs:\n    bench:\n      type: duckdb\n      path: ${JSON.stringify(database)}\n      threads: ${threads}\n`,
  );
  const groups = new Map<string, { schema: string; tables: string[] }>();
  for (const s of project.sources) {
    const group = groups.get(s.source) ?? { schema: s.schema, tables: [] };
    group.tables.push(s.name);
    groups.set(s.source, group);
  }
  const sourcesYml = [...groups]
    .map(([name, g]) => `  - name: ${name}\n    schema: ${g.schema}\n    tables:\n${g.tables.map((t) => `      - name: ${t}`).join("\n")}`)
    .join("\n");
  writeFileSync(path.join(dir, "models", "sources.yml"), `version: 2\nsources:\n${sourcesYml}\n`);

  for (const model of project.models) {
    const rendered = renderer.render(model, DBT_REFS);
    const materialized = rendered.config.materialized === "incremental" ? "table" : rendered.config.materialized;
    writeFileSync(path.join(dir, "models", `${model.name}.sql`), `{{ config(materialized='${materialized}') }}\n${rendered.sql}\n`);
  }

  let tests = 0;
  const targets = [
    ...project.models.map((m) => ({ name: m.name, rel: ref(m.name), tests: m.tests })),
    ...project.sources.map((s) => ({ name: `${s.source}.${s.name}`, rel: source(s.source, s.name), tests: s.tests })),
  ];
  for (const target of targets) {
    for (const spec of target.tests) {
      const id = `${target.name}.${spec.column ?? "*"}.${describe(spec)}`;
      const sql = testQuery(spec, target.rel, target.name, (s) => renderer.renderSql(s, id, DBT_REFS));
      const file = `t${String(++tests).padStart(3, "0")}_${id.replace(/[^A-Za-z0-9]+/g, "_").slice(0, 80)}.sql`;
      writeFileSync(path.join(dir, "tests", file), `{{ config(severity='${spec.severity}') }}\n${sql}\n`);
    }
  }
  const leftOut = project.sources.filter((s) => s.freshness).map((s) => `freshness of ${s.source}.${s.name}`);
  return { models: project.models.length, tests, leftOut };
}
